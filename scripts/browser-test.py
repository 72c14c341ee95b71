#!/usr/bin/env python3
"""Plays the Iranian delegation in the Geneva talks on the server's web page, in headless
Chromium, against a built-in US negotiator through Oman, until the talks reach an outcome.

Needs: Debian's chromium and chromium-driver, and selenium (pip install selenium).
Usage: scripts/browser-test.py [path/to/parley] [screenshot.png]
Exits non-zero on any problem.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "parley")
SCREENSHOT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(tempfile.gettempdir(), "parley-play-iran.png")
DEADLINE = time.time() + 180


def fail(message):
    print(f"browser test FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    database = os.path.join(tempfile.mkdtemp(prefix="parley-browser-"), "test.sqlite")
    server = subprocess.Popen([BINARY, "serve", "--port", "0", "--database", database], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    driver = None
    try:
        line = server.stdout.readline()
        match = re.search(r":(\d+)\s*$", line)
        if not match:
            fail(f"the server did not say its port: {line!r}")
        base = f"http://127.0.0.1:{match.group(1)}"
        body = json.dumps({"scenario": "us-iran-geneva-2026", "seed": 5, "roles": {"Iran": "remote", "United States": "boulware", "Oman": "shuttle"}}).encode()
        request = urllib.request.Request(f"{base}/api/negotiations", data=body, headers={"Content-Type": "application/json"}, method="POST")
        created = json.load(urllib.request.urlopen(request, timeout=10))
        page = next(r["page"] for r in created["roles"] if r["role"] == "Iran")

        options = Options()
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,2000"]:
            options.add_argument(argument)
        for candidate in ["/usr/bin/chromium", "/usr/bin/chromium-browser"]:
            if os.path.exists(candidate):
                options.binary_location = candidate
        driver_path = next((p for p in ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"] if os.path.exists(p)), None)
        driver = webdriver.Chrome(service=Service(driver_path) if driver_path else Service(), options=options)
        driver.set_page_load_timeout(20)
        driver.get(base + page)

        # The brief is Iran's own profile, and never the US's.
        wait_for(driver, lambda: "Only you see this" in driver.find_element(By.ID, "brief").text, "the brief")
        brief = driver.find_element(By.ID, "brief").text
        if "0.32" not in brief:
            fail("the brief does not show Iran's weight for sanctions relief (0.32)")

        moves = 0
        rejected = False
        screenshot_taken = False
        while time.time() < DEADLINE:
            if driver.find_elements(By.ID, "outcome"):
                break
            buttons = {b.get_attribute("id"): b for b in driver.find_elements(By.CSS_SELECTOR, "#question button")}
            if not buttons:
                time.sleep(0.2)
                continue
            if not screenshot_taken and "reject" in buttons:
                driver.save_screenshot(SCREENSHOT)
                screenshot_taken = True
            if "yes" in buttons and "no" in buttons:
                buttons["no"].click()  # keep missiles and regional groups off the table
            elif "reject" in buttons and not rejected:
                # Object to sanctions relief and propose full lifting.
                box = driver.find_element(By.CSS_SELECTOR, ".objection[data-issue='sanctions relief']")
                box.click()
                select = driver.find_element(By.CSS_SELECTOR, "select[data-issue='sanctions relief']")
                select.find_element(By.XPATH, "option[text()='full lifting']").click()
                buttons["reject"].click()
                rejected = True
            elif "accept" in buttons:
                buttons["accept"].click()
            else:
                fail(f"unexpected controls: {sorted(buttons)}")
            moves += 1
            time.sleep(0.3)
            error = driver.find_element(By.ID, "error").text
            if error:
                fail(f"the page shows an error: {error}")
        else:
            fail("no outcome within the time limit")

        outcome = driver.find_element(By.ID, "outcome").text
        if not re.match(r"(agreement|deadline|breakdown|walk-away)", outcome):
            fail(f"unexpected outcome: {outcome}")
        if "<svg" not in driver.find_element(By.ID, "chart").get_attribute("innerHTML"):
            fail("no SVG utility chart")
        history = driver.find_element(By.ID, "history").text
        if "meets United States" in history:
            fail("Iran's page shows the mediator's private meeting with the United States")
        if "Iran" not in history or "Oman" not in history:
            fail("the history does not show the talks")
        driver.save_screenshot(SCREENSHOT.replace(".png", "-end.png"))
        print(f"browser test passed: {moves} moves, outcome: {outcome}; screenshots: {SCREENSHOT}")
        print("1 passed, 0 failed")
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            fail("the server did not stop on SIGTERM")
        if server.returncode not in (0, -15):
            fail(f"the server exited with {server.returncode} on SIGTERM")


def wait_for(driver, condition, what, seconds=20):
    end = time.time() + seconds
    while time.time() < end:
        try:
            if condition():
                return
        except Exception:
            pass
        time.sleep(0.2)
    fail(f"timed out waiting for {what}")


if __name__ == "__main__":
    main()
