"""A small WebSocket client (RFC 6455) over the standard library's sockets: enough to read the
server's event stream. Text and binary messages, fragmentation, ping and close; client frames
are masked as the RFC requires."""

import base64
import hashlib
import os
import socket
import ssl
import struct
from urllib.parse import urlsplit

__all__ = ["WebSocket", "WebSocketError"]

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
# A message from the server is an event of a few kilobytes; refuse anything absurd.
_MESSAGE_LIMIT = 16 * 1024 * 1024


class WebSocketError(Exception):
    """The handshake was refused or the connection broke the protocol."""


class WebSocket:
    """A client connection. `receive()` returns the next message (str for text, bytes for
    binary) or None once the server has closed the connection."""

    def __init__(self, url, timeout=None, headers=None):
        parts = urlsplit(url)
        if parts.scheme not in ("ws", "wss"):
            raise WebSocketError("not a ws:// or wss:// URL: %s" % url)
        port = parts.port or (443 if parts.scheme == "wss" else 80)
        raw = socket.create_connection((parts.hostname, port), timeout=timeout)
        if parts.scheme == "wss":
            raw = ssl.create_default_context().wrap_socket(raw, server_hostname=parts.hostname)
        self._socket = raw
        self._buffer = b""
        self.closed = False
        # The server's close code and reason, once it has closed (None: no code given).
        self.close_code = None
        self.close_reason = ""
        key = base64.b64encode(os.urandom(16)).decode()
        target = (parts.path or "/") + ("?" + parts.query if parts.query else "")
        host = parts.hostname if parts.port is None else "%s:%d" % (parts.hostname, parts.port)
        lines = [
            "GET %s HTTP/1.1" % target,
            "Host: %s" % host,
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Key: %s" % key,
            "Sec-WebSocket-Version: 13",
        ] + ["%s: %s" % item for item in (headers or {}).items()]
        try:
            self._socket.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
            head = self._read_until(b"\r\n\r\n", limit=65536).decode("iso-8859-1")
        except (OSError, WebSocketError):
            self._socket.close()
            raise
        status_line, *header_lines = head.split("\r\n")
        fields = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        if " 101 " not in status_line + " ":
            self._socket.close()
            raise WebSocketError("the server refused the WebSocket upgrade: %s" % status_line)
        expected = base64.b64encode(hashlib.sha1(key.encode() + _GUID).digest()).decode()
        if fields.get("sec-websocket-accept") != expected:
            self._socket.close()
            raise WebSocketError("the server's Sec-WebSocket-Accept does not match the key")

    def _read_until(self, marker, limit):
        while marker not in self._buffer:
            if len(self._buffer) > limit:
                raise WebSocketError("the handshake answer is too long")
            chunk = self._socket.recv(4096)
            if not chunk:
                raise WebSocketError("the connection closed during the handshake")
            self._buffer += chunk
        head, _, self._buffer = self._buffer.partition(marker)
        return head

    def _read_exactly(self, count):
        while len(self._buffer) < count:
            chunk = self._socket.recv(max(4096, count - len(self._buffer)))
            if not chunk:
                raise WebSocketError("the connection closed in the middle of a frame")
            self._buffer += chunk
        data, self._buffer = self._buffer[:count], self._buffer[count:]
        return data

    def _read_frame(self):
        first, second = self._read_exactly(2)
        final, opcode = bool(first & 0x80), first & 0x0F
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", self._read_exactly(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", self._read_exactly(8))
        if length > _MESSAGE_LIMIT:
            raise WebSocketError("a frame of %d bytes is over the limit" % length)
        mask = self._read_exactly(4) if second & 0x80 else None
        payload = self._read_exactly(length)
        if mask:
            payload = bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))
        return final, opcode, payload

    def _send_frame(self, opcode, payload):
        mask = os.urandom(4)
        length = len(payload)
        if length < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
        elif length < 65536:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
        masked = bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))
        self._socket.sendall(header + mask + masked)

    def send(self, message):
        """Sends a text (str) or binary (bytes) message."""
        if isinstance(message, str):
            self._send_frame(0x1, message.encode("utf-8"))
        else:
            self._send_frame(0x2, bytes(message))

    def receive(self):
        """The next message, or None when the server closed the connection (the close is
        answered, as the RFC asks)."""
        if self.closed:
            return None
        parts, kind = [], None
        while True:
            final, opcode, payload = self._read_frame()
            if opcode == 0x8:
                if len(payload) >= 2:
                    (self.close_code,) = struct.unpack("!H", payload[:2])
                    self.close_reason = payload[2:].decode("utf-8", "replace")
                if not self.closed:
                    try:
                        self._send_frame(0x8, payload[:2])
                    except OSError:
                        pass
                self.closed = True
                self._socket.close()
                return None
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            if opcode in (0x1, 0x2):
                kind, parts = opcode, [payload]
            elif opcode == 0x0 and kind is not None:
                parts.append(payload)
            else:
                raise WebSocketError("unexpected frame opcode %d" % opcode)
            if sum(len(part) for part in parts) > _MESSAGE_LIMIT:
                raise WebSocketError("a message is over the limit")
            if final:
                data = b"".join(parts)
                return data.decode("utf-8") if kind == 0x1 else data

    def close(self):
        """Sends a normal close and waits (briefly) for the server's answer."""
        if self.closed:
            return
        try:
            self._send_frame(0x8, struct.pack("!H", 1000))
            self._socket.settimeout(5)
            while True:
                _, opcode, _ = self._read_frame()
                if opcode == 0x8:
                    break
        except (OSError, WebSocketError):
            pass
        self.closed = True
        self._socket.close()

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.close()
        return False

    def __iter__(self):
        while True:
            message = self.receive()
            if message is None:
                return
            yield message
