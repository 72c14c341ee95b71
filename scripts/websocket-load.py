#!/usr/bin/env python3
"""WebSocket load test on loopback: N concurrent negotiations (default 10,000), each with a
remote Buyer against a built-in conceding Seller; each remote party follows its events and
questions over its own WebSocket and answers over a pool of 200 keep-alive HTTP connections
(a process may hold 20,000 descriptors here, so 10,000 negotiations leave room for one remote
party each). Everything is asyncio on one thread (standard library only), so the client is as
light as it can be and the server is what is measured.

Prints: negotiations, actions, events delivered, events/s, action latency (POST to 202)
p50/p99/max, the turn latency (a question's arrival after the other party's answer was
accepted) p50/p99, the server's peak threads and resident memory, errors and lost events
(events a role saw on its stream compared with its /events list at the end, in order).
Exits non-zero on any error or lost event.

Usage: scripts/websocket-load.py [path/to/parley] [negotiations] [time limit in seconds]
"""
import asyncio
import base64
import json
import os
import re
import resource
import struct
import subprocess
import sys
import tempfile
import time

from load_players import SCENARIO, answer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "release", "parley")
COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
LIMIT = float(sys.argv[3]) if len(sys.argv) > 3 else 900


latencies = []
turns = []
errors = []
lost = [0]
delivered = [0]
pool = None  # keep-alive HTTP connections shared by every player


class HTTP:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, port):
        self.port = port
        self.reader = self.writer = None

    async def call(self, method, path, token=None, body=None):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        data = json.dumps(body).encode() if body is not None else b""
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(data)}\r\n"
        if token:
            head += f"Authorization: Bearer {token}\r\n"
        if body is not None:
            head += "Content-Type: application/json\r\n"
        self.writer.write(head.encode() + b"\r\n" + data)
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        payload = await self.reader.readexactly(length) if length else b""
        return status, json.loads(payload) if payload else None

    def close(self):
        if self.writer:
            self.writer.close()


class WebSocket:
    """A minimal RFC 6455 client: text frames in, a close out."""

    async def open(self, port, path):
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", port)
        key = base64.b64encode(os.urandom(16)).decode()
        self.writer.write(
            (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        status = await self.reader.readline()
        if b" 101 " not in status:
            raise RuntimeError(f"upgrade refused: {status!r}")
        while (await self.reader.readline()) not in (b"\r\n", b""):
            pass

    async def receive(self):
        """The next text message; None at a close."""
        message = b""
        while True:
            first, second = await self.reader.readexactly(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack("!H", await self.reader.readexactly(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", await self.reader.readexactly(8))[0]
            payload = await self.reader.readexactly(length)
            opcode = first & 0x0F
            if opcode == 8:
                self.send_close()
                return None
            if opcode in (1, 0):
                message += payload
                if first & 0x80:
                    return message.decode()
            elif opcode == 9:  # ping: answer with a pong
                self.send(10, payload)

    def send(self, opcode, payload):
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.writer.write(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked)

    def send_close(self):
        self.send(8, struct.pack("!H", 1000))

    def close(self):
        self.writer.close()


async def play(port, nid, token, role, opened, go):
    socket = WebSocket()
    try:
        await socket.open(port, f"/api/negotiations/{nid}/events/ws?token={token}&cursor=0")
    finally:
        opened.release()
    await go.wait()  # every stream is open before anyone answers: all negotiations are live at once
    received = []
    turn = 0
    last_accepted = 0.0
    try:
        while True:
            text = await socket.receive()
            if text is None:
                break
            message = json.loads(text)
            if message["type"] == "event":
                received.append(message["event"])
            elif message["type"] == "question":
                if turn > 0:
                    turns.append(time.perf_counter() - last_accepted)
                turn += 1
                http = await pool.get()
                try:
                    started = time.perf_counter()
                    status, reply = await http.call("POST", f"/api/negotiations/{nid}/actions", token, answer(role, message["question"], turn))
                    now = time.perf_counter()
                finally:
                    pool.put_nowait(http)
                if status != 202:
                    raise RuntimeError(f"action: {status} {reply}")
                latencies.append(now - started)
                last_accepted = now
            elif message["type"] == "finished":
                pass
        http = await pool.get()
        try:
            status, page = await http.call("GET", f"/api/negotiations/{nid}/events?cursor=0", token)
        finally:
            pool.put_nowait(http)
        expected = page["events"]
        delivered[0] += len(received)
        lost[0] += abs(len(expected) - len(received)) + sum(1 for a, b in zip(received, expected) if a != b)
    finally:
        socket.close()


async def create(port, creations):
    async with creations:
        http = HTTP(port)
        body = {"scenarioText": SCENARIO, "roles": {"Buyer": "remote", "Seller": "conceder"}, "answerTimeout": LIMIT}
        status, created = await http.call("POST", "/api/negotiations", body=body)
        http.close()
        if status != 201:
            raise RuntimeError(f"create: {status} {created}")
        return created["id"], {r["role"]: r["token"] for r in created["roles"]}


async def guarded(coroutine):
    try:
        await coroutine
    except Exception as error:  # noqa: BLE001
        errors.append(f"{type(error).__name__}: {error}")


def server_usage(pid):
    with open(f"/proc/{pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    return int(fields["Threads"]), int(fields["VmRSS"].split()[0]) / 1024


async def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    database = os.path.join(tempfile.mkdtemp(prefix="parley-ws-load-"), "load.sqlite")
    server = subprocess.Popen(
        ["bash", "-c", f'ulimit -n {hard}; exec "$0" serve --port 0 --database "$1" --log-level warning', BINARY, database],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    peak = [0, 0.0]

    async def watch():
        while True:
            threads, rss = server_usage(server.pid)
            peak[0], peak[1] = max(peak[0], threads), max(peak[1], rss)
            await asyncio.sleep(0.5)

    try:
        port = int(re.search(r":(\d+)\s*$", server.stdout.readline()).group(1))
        watcher = asyncio.create_task(watch())
        creations = asyncio.Semaphore(64)
        created = await asyncio.gather(*(create(port, creations) for _ in range(COUNT)))
        opened, go = asyncio.Semaphore(0), asyncio.Event()
        global pool
        pool = asyncio.Queue()
        for _ in range(200):
            pool.put_nowait(HTTP(port))
        plays = [asyncio.create_task(guarded(play(port, nid, tokens["Buyer"], "Buyer", opened, go))) for nid, tokens in created]
        for _ in plays:
            await opened.acquire()
        started = time.perf_counter()
        go.set()
        await asyncio.wait_for(asyncio.gather(*plays), LIMIT)
        wall = time.perf_counter() - started
        watcher.cancel()
    finally:
        server.terminate()
        server.wait(timeout=60)
    ordered, waits = sorted(latencies), sorted(turns)
    pick = lambda values, q: values[min(len(values) - 1, int(q * len(values)))] * 1000 if values else float("nan")
    print(f"negotiations: {COUNT} concurrent over WebSocket, {len(ordered)} actions, {delivered[0]} events delivered in {wall:.1f} s")
    print(f"events/s: {delivered[0] / wall:.0f}   actions/s: {len(ordered) / wall:.0f}")
    print(f"action latency (POST to 202): p50 {pick(ordered, 0.5):.1f} ms, p99 {pick(ordered, 0.99):.1f} ms, max {pick(ordered, 1.0):.1f} ms")
    print(f"turn latency (an answer accepted to the next question, the built-in Seller's move between): p50 {pick(waits, 0.5):.1f} ms, p99 {pick(waits, 0.99):.1f} ms")
    print(f"server: peak {peak[0]} threads, peak {peak[1]:.0f} MB resident")
    print(f"errors: {len(errors)}   lost events: {lost[0]}")
    for error in errors[:5]:
        print("  error:", error)
    sys.exit(1 if errors or lost[0] else 0)


if __name__ == "__main__":
    asyncio.run(main())
