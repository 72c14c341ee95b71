"""Parley from Python.

- `analyze`, `run`, `evaluate`, `forecast`: the `parley` command line's JSON, parsed (the binary
  is found by `find_binary`: the one given, else PARLEY_BINARY, else PATH); errors raise
  `ParleyError` with the command's one-line message and exit code.
- `Server`, `Negotiation`, `Role`: a client of `parley serve` (create negotiations, play a
  role, follow events by cursor or over WebSocket); errors raise `ServerError`.
- `parley_negotiation.negmas_bridge`: a NegMAS negotiator playing a role on the server (needs
  the `negmas` package).
"""

from .cli import Parley, ParleyError, analyze, evaluate, find_binary, forecast, run
from .client import Negotiation, Role, Server, ServerError
from .websocket import WebSocket, WebSocketError

__version__ = "0.1.0"

__all__ = [
    "Parley", "ParleyError", "analyze", "evaluate", "find_binary", "forecast", "run",
    "Negotiation", "Role", "Server", "ServerError", "WebSocket", "WebSocketError",
]
