"""A client of the negotiation server (`parley serve`): create negotiations, play a role,
follow its events. The API is described in OpenAPI at `/openapi.json`; docs/server.md walks
through it."""

import json
import time
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from .websocket import WebSocket

__all__ = ["ServerError", "Server", "Role", "Negotiation"]


class ServerError(Exception):
    """An answer with an error status: `status` (401, 403, 404, 409, 413, 422, ...) and the
    server's one-line `message`."""

    def __init__(self, status, message, method=None, path=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.method = method
        self.path = path

    def __str__(self):
        return "%s (HTTP %s on %s %s)" % (self.message, self.status, self.method, self.path)


def _request(base, method, path, token=None, body=None, query=None, timeout=90):
    url = base.rstrip("/") + path
    if query:
        url += "?" + urlencode({key: value for key, value in query.items() if value is not None})
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        headers["Content-Type"] = "application/json"
    if token is not None:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode("utf-8")
            kind = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8", "replace")
        try:
            message = json.loads(text)["error"]["message"]
        except (ValueError, KeyError, TypeError):
            message = text.strip() or error.reason
        raise ServerError(error.code, message, method, path) from None
    except urllib.error.URLError as error:
        raise ServerError(0, "cannot reach %s: %s" % (base, error.reason), method, path) from None
    return json.loads(text) if "json" in kind else text


class Server:
    """A Parley server at `url` (e.g. "http://127.0.0.1:8080")."""

    def __init__(self, url, timeout=90):
        self.url = url.rstrip("/")
        self.timeout = timeout

    def get(self, path, token=None, **query):
        """A GET of `path`, parsed as JSON when it is."""
        return _request(self.url, "GET", path, token=token, query=query, timeout=self.timeout)

    def post(self, path, body, token=None):
        """A POST of `body` as JSON to `path`."""
        return _request(self.url, "POST", path, token=token, body=body, timeout=self.timeout)

    def openapi(self):
        """The OpenAPI document the server serves."""
        return self.get("/openapi.json")

    def scenarios(self):
        """The names of the bundled scenarios."""
        return self.get("/api/scenarios")["scenarios"]

    def scenario(self, name):
        """A bundled scenario's roles, protocol, default strategies and the built-in strategies."""
        return self.get("/api/scenarios/" + quote(name, safe=""))

    def create(self, scenario=None, scenario_text=None, genius_files=None, real_step=None, protocol=None, rounds=None,
               seed=None, roles=None, answer_timeout=None):
        """Creates a negotiation from exactly one of: `scenario` (a bundled name),
        `scenario_text` (Parley YAML or JSON text) or `genius_files` ({file name: XML text}: one
        domain and one profile per party). `roles` maps a party or the mediator to a built-in
        strategy or "remote". Returns a Negotiation holding every role's token."""
        body = {}
        if scenario is not None:
            body["scenario"] = scenario
        if scenario_text is not None:
            body["scenarioText"] = scenario_text
        if genius_files is not None:
            body["genius"] = {"files": dict(genius_files)}
            if real_step is not None:
                body["genius"]["realStep"] = real_step
        for key, value in (("protocol", protocol), ("rounds", rounds), ("seed", seed), ("roles", roles),
                           ("answerTimeout", answer_timeout)):
            if value is not None:
                body[key] = value
        return Negotiation(self, self.post("/api/negotiations", body))

    def role(self, negotiation, token):
        """The role a token grants in a negotiation (by id)."""
        return Role(self, negotiation, token)


class Negotiation:
    """A created negotiation: its id, scenario, protocol and the roles with their tokens."""

    def __init__(self, server, created):
        self.server = server
        self.created = created
        self.id = created["id"]
        self.scenario = created["scenario"]
        self.protocol = created["protocol"]
        self.tokens = {role["role"]: role["token"] for role in created["roles"]}

    def role(self, name):
        """The client of one role (a party, the mediator or "observer")."""
        if name not in self.tokens:
            raise KeyError("no role %r in this negotiation (roles: %s)" % (name, ", ".join(self.tokens)))
        return Role(self.server, self.id, self.tokens[name])

    @property
    def observer(self):
        """The observer's client: it sees every event and every party's result."""
        return self.role("observer")


class Role:
    """One role in one negotiation, as its token grants it: read the role's view, answer its
    questions, follow its events."""

    def __init__(self, server, negotiation, token):
        self.server = server if isinstance(server, Server) else Server(server)
        self.negotiation = negotiation
        self.token = token
        self._path = "/api/negotiations/" + quote(negotiation, safe="")
        self._role = None

    def _get(self, path="", **query):
        return self.server.get(self._path + path, token=self.token, **query)

    def summary(self):
        """The negotiation's public description: issues and options, parties, rounds, protocol,
        and this role."""
        return self._get()

    def profile(self, party=None):
        """A party's own profile (weights, values of each option, reservation value): a party
        reads only its own; `party` defaults to this role."""
        if party is None:
            if self._role is None:
                self._role = self.summary()["role"]["role"]
            party = self._role
        return self._get("/profiles/" + quote(party, safe=""))

    def state(self, wait=None):
        """The role's view now; with `wait` (seconds, at most 60) the server answers as soon
        as it is the role's turn or the negotiation has ended."""
        return self._get("/state", wait=wait)

    def events(self, cursor=0, wait=None):
        """The role's events from `cursor` on: {"events", "cursor" (the next to ask for),
        "finished"}; with `wait` a long poll."""
        return self._get("/events", cursor=cursor, wait=wait)

    def follow(self, cursor=0, wait=30):
        """Yields every event visible to the role from `cursor` on, in order, long-polling
        until the negotiation has ended and every event is read."""
        while True:
            page = self.events(cursor=cursor, wait=wait)
            for event in page["events"]:
                yield event
            cursor = page["cursor"]
            if page["finished"]:
                # An answer that says finished holds every event to the end.
                return

    def next_question(self, timeout=None, wait=30):
        """Waits until it is the role's turn and returns the question, or None once the
        negotiation has ended. `timeout` (seconds) bounds the whole wait: TimeoutError."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            state = self.state(wait=wait)
            if state["status"] == "finished":
                return None
            if state.get("question") is not None:
                return state["question"]
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError("no question for %s within %s seconds" % (state["role"], timeout))

    def act(self, action):
        """Answers the open question with an action, e.g. {"action": "offer", "outcome": {...}};
        returns its sequence number in the negotiation's log."""
        return self.server.post(self._path + "/actions", action, token=self.token)["accepted"]

    def offer(self, outcome):
        """Alternating offers: puts an outcome (issue name to option label) on the table."""
        return self.act({"action": "offer", "outcome": outcome})

    def accept(self):
        """Accepts the offer or text on the table."""
        return self.act({"action": "accept"})

    def end(self):
        """Alternating offers: ends the negotiation (a walk-away)."""
        return self.act({"action": "end"})

    def vote(self, approve):
        """Answers a vote, a ratification or an agenda question."""
        return self.act({"action": "vote", "approve": bool(approve)})

    def reject(self, objections, counter=None):
        """Indirect talks: rejects the mediator's text, objecting to issues by name, with an
        optional counter-proposal."""
        action = {"action": "reject", "objections": list(objections)}
        if counter is not None:
            action["counter"] = counter
        return self.act(action)

    def text(self, outcome):
        """Mediator: puts a text forward."""
        return self.act({"action": "text", "outcome": outcome})

    def utilities(self, outcomes):
        """The utility of each outcome (at most 64) to the parties this role may know."""
        return self.server.post(self._path + "/utilities", {"outcomes": list(outcomes)}, token=self.token)

    def stream(self, cursor=0, timeout=None):
        """The role's WebSocket stream: yields each message as a dict ({"type": "event",
        "event": ...}, {"type": "question", "question": ...}, {"type": "finished"}) until the
        server closes it. A refused stream (a bad token) raises ServerError with the status."""
        parts = urlsplit(self.server.url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        query = urlencode({"token": self.token, "cursor": cursor})
        url = urlunsplit((scheme, parts.netloc, parts.path + self._path + "/events/ws", query, ""))
        with WebSocket(url, timeout=timeout) as connection:
            for message in connection:
                yield json.loads(message)
            # The server refuses a stream by closing it with 4000 + the HTTP status (4401, 4404).
            if connection.close_code is not None and 4000 <= connection.close_code < 5000:
                raise ServerError(connection.close_code - 4000, connection.close_reason or "the stream was refused", "GET",
                                  self._path + "/events/ws")
