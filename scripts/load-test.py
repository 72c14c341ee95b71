#!/usr/bin/env python3
"""Load test on loopback: N concurrent negotiations (default 200), every party a remote
client on its own HTTP connection, bounded in time. Prints events/s, action latency
percentiles, errors and lost events, and exits non-zero if any error or lost event.

Usage: scripts/load-test.py [path/to/parley] [negotiations] [time limit in seconds]
                            [--replicas R [--database postgres://...]]

With --replicas, R `parley serve` processes share one PostgreSQL database (a temporary
cluster made with initdb and pg_ctl unless --database names one); negotiation i is created on
replica i mod R, and its two parties act on replicas i+1 and i+2 mod R, so that with R > 1
every answer crosses replicas.
"""
import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from load_players import SCENARIO, answer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PARSER = argparse.ArgumentParser()
PARSER.add_argument("binary", nargs="?", default=os.path.join(ROOT, ".build", "debug", "parley"))
PARSER.add_argument("count", nargs="?", type=int, default=200)
PARSER.add_argument("limit", nargs="?", type=float, default=300)
PARSER.add_argument("--replicas", type=int, default=0, help="server replicas on one PostgreSQL database (0: one server on SQLite)")
PARSER.add_argument("--database", help="the PostgreSQL URL for --replicas (default: a temporary cluster)")
ARGS = PARSER.parse_args()
BINARY, COUNT, LIMIT = ARGS.binary, ARGS.count, ARGS.limit


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


def negotiation(index, ports):
    try:
        port = ports[index % len(ports)]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        body = json.dumps({"scenarioText": SCENARIO, "roles": {"Buyer": "remote", "Seller": "remote"}, "answerTimeout": 120})
        connection.request("POST", "/api/negotiations", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        created = json.loads(response.read())
        if response.status != 201:
            raise RuntimeError(f"create: {response.status} {created}")
        tokens = {r["role"]: r["token"] for r in created["roles"]}
        threads = [
            threading.Thread(target=wrap, args=(play, ports[(index + 1 + k) % len(ports)], created["id"], tokens[r], r))
            for k, r in enumerate(("Buyer", "Seller"))
        ]
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


def temporary_cluster(folder):
    """A PostgreSQL 15 cluster in `folder` on a free port (as `postgres` when run as root);
    returns its URL and the command that stops it."""
    binaries = os.environ.get("PARLEY_POSTGRES_BIN", "/usr/lib/postgresql/15/bin")
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    if as_postgres:
        shutil.chown(folder, "postgres")
    data = os.path.join(folder, "data")
    subprocess.run(as_postgres + [f"{binaries}/initdb", "-D", data, "-U", "parley", "-A", "trust", "--no-sync"], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(as_postgres + [f"{binaries}/pg_ctl", "-D", data, "-l", os.path.join(folder, "log"), "-w", "-o",
                                  f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200", "start"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([f"{binaries}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "parley", "load"], check=True)
    return f"postgres://parley@127.0.0.1:{port}/load", as_postgres + [f"{binaries}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"]


def main():
    global END
    folder = tempfile.mkdtemp(prefix="parley-load-")
    stop_cluster = None
    if ARGS.replicas:
        database = ARGS.database
        if not database:
            database, stop_cluster = temporary_cluster(folder)
        databases = [database] * ARGS.replicas
    else:
        databases = [os.path.join(folder, "load.sqlite")]
    servers = []
    try:
        for database in databases:
            servers.append(subprocess.Popen([BINARY, "serve", "--port", "0", "--database", database], cwd=ROOT,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True))
        ports = [int(re.search(r":(\d+)\s*$", server.stdout.readline()).group(1)) for server in servers]
        END = time.time() + LIMIT
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=COUNT) as pool:
            list(pool.map(negotiation, range(COUNT), [ports] * COUNT))
        wall = time.perf_counter() - started
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)
        if stop_cluster:
            subprocess.run(stop_cluster, stdout=subprocess.DEVNULL)
    store = f"{len(servers)} replica{'s' if len(servers) > 1 else ''} on PostgreSQL" if ARGS.replicas else "one server on SQLite"
    print(f"store: {store}")
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
