#!/usr/bin/env python3
"""Plays the Iranian delegation in the Geneva talks on the server's web page, in headless
Chromium, against a built-in US negotiator through Oman, until the talks reach an outcome.
Checks that the page shows what the text on the table and the counter-proposal are worth to
Iran, the risk of a breakdown and the outcome at the top; that the observer's page draws the
utility space; and that the class pages create negotiations and list them.

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
        observer_page = next(r["page"] for r in created["roles"] if r["role"] == "observer")

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
        checked_worth = ""
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
                # The text on the table and the counter being built are worth something to Iran.
                wait_for(driver, lambda: number(driver.find_element(By.ID, "textUtility").text) is not None, "the utility of the text on the table")
                wait_for(driver, lambda: number(driver.find_element(By.ID, "counterUtility").text) is not None, "the utility of the counter")
                table_value = number(driver.find_element(By.ID, "textUtility").text)
                if number(driver.find_element(By.ID, "tableUtility").text) != table_value:
                    fail("the two displays of the text's utility differ")
                before = number(driver.find_element(By.ID, "counterUtility").text)
                if before != table_value:
                    fail(f"the counter starts from the text on the table, but is worth {before}, not {table_value}")
                risk = driver.find_element(By.ID, "risk")
                if not risk.is_displayed() or "%" not in risk.text:
                    fail(f"no breakdown risk while answering: {risk.text!r}")
                # Object to sanctions relief and propose full lifting: the counter is worth more.
                box = driver.find_element(By.CSS_SELECTOR, ".objection[data-issue='sanctions relief']")
                box.click()
                select = driver.find_element(By.CSS_SELECTOR, "select[data-issue='sanctions relief']")
                select.find_element(By.XPATH, "option[text()='full lifting']").click()
                wait_for(driver, lambda: (number(driver.find_element(By.ID, "counterUtility").text) or 0) > before, "the counter's utility to rise")
                counter_value = number(driver.find_element(By.ID, "counterUtility").text)
                checked_worth = f"text {table_value:.3f}, counter {before:.3f} -> {counter_value:.3f}, {risk.text}"
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
        if not rejected:
            fail("the test never saw a text to reject, so the utilities were not checked")
        if "worth" not in outcome or "reservation value" not in outcome:
            fail(f"the outcome does not say what it is worth to Iran: {outcome}")
        # The outcome is at the top of the page.
        if driver.find_element(By.ID, "resultPanel").location["y"] > driver.find_element(By.ID, "status").location["y"]:
            fail("the outcome is not at the top of the page")
        if "<svg" not in driver.find_element(By.ID, "chart").get_attribute("innerHTML"):
            fail("no SVG utility chart")
        history = driver.find_element(By.ID, "history").text
        if "meets United States" in history:
            fail("Iran's page shows the mediator's private meeting with the United States")
        if "Iran" not in history or "Oman" not in history:
            fail("the history does not show the talks")
        driver.save_screenshot(SCREENSHOT.replace(".png", "-end.png"))

        # The observer sees the utility space with everyone's offers and texts.
        driver.get("about:blank")
        driver.get(base + observer_page)
        wait_for(driver, lambda: "Utility space" in driver.find_element(By.ID, "chart").get_attribute("innerHTML"), "the observer's utility space")
        chart = driver.find_element(By.ID, "chart").get_attribute("innerHTML")
        for label in ["offers of United States", "offers of Iran", "texts of Oman"]:
            if label not in chart:
                fail(f"the observer's chart has no '{label}'")
        if driver.find_element(By.ID, "briefPanel").is_displayed() or driver.find_element(By.ID, "controls").is_displayed():
            fail("the observer's page shows a party's panels")
        wait_for(driver, lambda: driver.find_elements(By.ID, "outcomeUtilities"), "every party's utility of the outcome")
        everyone = driver.find_element(By.ID, "outcomeUtilities").text
        if "Iran" not in everyone or "United States" not in everyone:
            fail(f"the observer's outcome does not give every party's utility: {everyone}")
        driver.save_screenshot(SCREENSHOT.replace(".png", "-observer.png"))

        # The class pages: create two groups, then list them with the negotiation played above.
        driver.get(base + "/negotiations/new")
        wait_for(driver, lambda: driver.find_elements(By.CSS_SELECTOR, "#roles select"), "the scenario's roles")
        groups = driver.find_element(By.ID, "groups")
        groups.clear()
        groups.send_keys("2")
        driver.find_element(By.ID, "create").click()
        wait_for(driver, lambda: len(driver.find_elements(By.CSS_SELECTOR, "#links tbody tr")) >= 6, "the links of two groups")
        links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#links tbody a")]
        if not all("/play/" in link and "#token=" in link for link in links):
            fail(f"links without a token fragment: {links}")
        if driver.find_element(By.ID, "error").text:
            fail(f"the creation page shows an error: {driver.find_element(By.ID, 'error').text}")
        driver.save_screenshot(SCREENSHOT.replace(".png", "-create.png"))
        driver.get(base + "/negotiations")
        wait_for(driver, lambda: len(driver.find_elements(By.CSS_SELECTOR, "#list tbody tr")) >= 3, "three negotiations listed")
        wait_for(driver, lambda: "finished" in driver.find_element(By.CSS_SELECTOR, f"#list tbody tr[data-id='{created['id']}']").text, "the played negotiation's status")
        if "Group 1" not in driver.find_element(By.ID, "list").text:
            fail("the created groups are not listed")
        driver.save_screenshot(SCREENSHOT.replace(".png", "-list.png"))

        print(f"browser test passed: {moves} moves, outcome: {outcome}; {checked_worth}; screenshots: {SCREENSHOT}")
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


def number(text):
    """The number a utility display shows, or None."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


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
