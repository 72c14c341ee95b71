"""The WebSocket client against a scripted server on a loopback socket: the handshake, fragmented
and binary messages, ping, the close handshake, and a refused upgrade."""

import base64
import hashlib
import socket
import struct
import threading
import unittest

from parley_negotiation import WebSocket, WebSocketError

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def frame(opcode, payload, final=True):
    head = (0x80 if final else 0) | opcode
    if len(payload) < 126:
        return struct.pack("!BB", head, len(payload)) + payload
    return struct.pack("!BBH", head, 126, len(payload)) + payload


def read_client_frame(connection):
    def exactly(count):
        data = b""
        while len(data) < count:
            chunk = connection.recv(count - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    first, second = exactly(2)
    length = second & 0x7F
    if length == 126:
        (length,) = struct.unpack("!H", exactly(2))
    masked = bool(second & 0x80)
    mask = exactly(4) if masked else b"\0\0\0\0"
    payload = bytes(byte ^ mask[index % 4] for index, byte in enumerate(exactly(length)))
    return first & 0x0F, payload, masked


class ScriptedServer:
    """Accepts one connection, answers the upgrade (or refuses it), sends `frames`, then records
    what the client sends until it closes."""

    def __init__(self, frames, refuse=False):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.frames = frames
        self.refuse = refuse
        self.received = []
        self.request = b""
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        with self.listener:
            connection, _ = self.listener.accept()
        with connection:
            while b"\r\n\r\n" not in self.request:
                self.request += connection.recv(1024)
            if self.refuse:
                connection.sendall(b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n")
                return
            key = [line.split(b":", 1)[1].strip() for line in self.request.split(b"\r\n") if line.lower().startswith(b"sec-websocket-key")][0]
            accept = base64.b64encode(hashlib.sha1(key + GUID).digest())
            connection.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n" + b"".join(self.frames))
            try:
                while True:
                    opcode, payload, masked = read_client_frame(connection)
                    self.received.append((opcode, payload, masked))
                    if opcode == 0x8:
                        return
            except (EOFError, OSError):
                return


class WebSocketClient(unittest.TestCase):
    def test_messages_ping_and_close(self):
        long_text = "é" * 200
        server = ScriptedServer([
            frame(0x9, b"are you there"),
            frame(0x1, b'{"type": ', final=False),
            frame(0x0, b'"event"}'),
            frame(0x2, b"\x00\x01\x02"),
            frame(0x1, long_text.encode("utf-8")),
            frame(0x8, struct.pack("!H", 1000)),
        ])
        with WebSocket("ws://127.0.0.1:%d/stream?token=abc" % server.port, timeout=10) as connection:
            messages = list(connection)
        server.thread.join(10)
        self.assertEqual(messages, ['{"type": "event"}', b"\x00\x01\x02", long_text])
        self.assertIn(b"GET /stream?token=abc HTTP/1.1", server.request)
        # The ping answered with a pong of the same payload, then the close answered; all masked.
        self.assertEqual([(opcode, payload) for opcode, payload, _ in server.received], [(0xA, b"are you there"), (0x8, struct.pack("!H", 1000))])
        self.assertTrue(all(masked for _, _, masked in server.received))
        self.assertEqual(connection.close_code, 1000)

    def test_the_close_code_and_reason_are_kept(self):
        server = ScriptedServer([frame(0x8, struct.pack("!H", 4401) + "unknown token".encode())])
        with WebSocket("ws://127.0.0.1:%d/stream" % server.port, timeout=10) as connection:
            self.assertIsNone(connection.receive())
        server.thread.join(10)
        self.assertEqual((connection.close_code, connection.close_reason), (4401, "unknown token"))

    def test_a_refused_upgrade_is_an_error_with_the_status(self):
        server = ScriptedServer([], refuse=True)
        with self.assertRaises(WebSocketError) as raised:
            WebSocket("ws://127.0.0.1:%d/stream" % server.port, timeout=10)
        self.assertIn("401", str(raised.exception))

    def test_only_ws_urls(self):
        with self.assertRaises(WebSocketError):
            WebSocket("http://127.0.0.1:1/stream")


if __name__ == "__main__":
    unittest.main()
