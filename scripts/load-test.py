#!/usr/bin/env python3
"""Load test on loopback: N concurrent negotiations (default 200), every party a remote
client on its own HTTP connection, bounded in time. Prints events/s, action latency
percentiles, errors and lost events, and exits non-zero if any error or lost event.

Usage: scripts/load-test.py [path/to/parley] [negotiations] [time limit in seconds]
"""
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from load_players import SCENARIO, answer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "parley")
COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else 200
LIMIT = float(sys.argv[3]) if len(sys.argv) > 3 else 300


lock = threading.Lock()
latencies = []
errors = []
lost = [0]
events_seen = [0]


class Client:
    def __init__(self, port, token, nid):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.token = token
        self.base = f"/api/negotiations/{nid}"

    def call(self, method, path, body=None):
        headers = {"Authorization": f"Bearer {self.token}"}
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        self.connection.request(method, self.base + path, body=data, headers=headers)
        response = self.connection.getresponse()
        payload = response.read()
        return response.status, json.loads(payload) if payload else None


def play(port, nid, token, role):
    client = Client(port, token, nid)
    received = []
    cursor = 0
    turn = 0
    while time.time() < END:
        status, state = client.call("GET", "/state?wait=20")
        if status != 200:
            raise RuntimeError(f"state: {status} {state}")
        # Read the new events from the cursor, as a streaming client would.
        status, page = client.call("GET", f"/events?cursor={cursor}")
        if status != 200:
            raise RuntimeError(f"events: {status}")
        received += page["events"]
        cursor = page["cursor"]
        if state["status"] == "finished":
            break
        question = state.get("question")
        if not question:
            continue
        turn += 1
        action = answer(role, question, turn)
        started = time.perf_counter()
        status, reply = client.call("POST", "/actions", action)
        elapsed = time.perf_counter() - started
        if status != 202:
            raise RuntimeError(f"action {action}: {status} {reply}")
        with lock:
            latencies.append(elapsed)
    else:
        raise RuntimeError("time limit reached")
    status, page = client.call("GET", "/events?cursor=0")
    expected = page["events"]
    with lock:
        events_seen[0] += len(received)
        lost[0] += len(expected) - len(received) + sum(1 for a, b in zip(received, expected) if a != b)
    steps = [e["step"] for e in expected]
    if steps != sorted(steps) or len(set(steps)) != len(steps):
        raise RuntimeError("events out of order")


def negotiation(port):
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        body = json.dumps({"scenarioText": SCENARIO, "roles": {"Buyer": "remote", "Seller": "remote"}, "answerTimeout": 120})
        connection.request("POST", "/api/negotiations", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        created = json.loads(response.read())
        if response.status != 201:
            raise RuntimeError(f"create: {response.status} {created}")
        tokens = {r["role"]: r["token"] for r in created["roles"]}
        threads = [threading.Thread(target=wrap, args=(play, port, created["id"], tokens[r], r)) for r in ("Buyer", "Seller")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    except Exception as error:  # noqa: BLE001
        with lock:
            errors.append(str(error))


def wrap(function, *arguments):
    try:
        function(*arguments)
    except Exception as error:  # noqa: BLE001
        with lock:
            errors.append(str(error))


def main():
    global END
    database = os.path.join(tempfile.mkdtemp(prefix="parley-load-"), "load.sqlite")
    server = subprocess.Popen([BINARY, "serve", "--port", "0", "--database", database], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        port = int(re.search(r":(\d+)\s*$", server.stdout.readline()).group(1))
        END = time.time() + LIMIT
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=COUNT) as pool:
            list(pool.map(negotiation, [port] * COUNT))
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=20)
    ordered = sorted(latencies)
    p = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")
    print(f"negotiations: {COUNT} concurrent, {len(ordered)} actions, {events_seen[0]} events delivered in {wall:.1f} s")
    print(f"events/s: {events_seen[0] / wall:.0f}   actions/s: {len(ordered) / wall:.0f}")
    print(f"action latency: p50 {p(0.50):.1f} ms, p99 {p(0.99):.1f} ms, max {p(1.0):.1f} ms")
    print(f"errors: {len(errors)}   lost events: {lost[0]}")
    for error in errors[:5]:
        print("  error:", error)
    sys.exit(1 if errors or lost[0] else 0)


END = 0.0
if __name__ == "__main__":
    main()
