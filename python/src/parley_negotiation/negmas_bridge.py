"""A NegMAS negotiator playing a role on a Parley server.

    python -m parley_negotiation.negmas_bridge --server URL --negotiation ID --token TOKEN \\
        --negotiator negmas.sao.BoulwareTBNegotiator [--param key=value ...]

The negotiator runs inside a real `negmas.sao.SAOMechanism` (NegMAS 0.16), built from what the
server shows the role: the issues and their options (each a categorical issue of option
labels), the deadline in rounds (`n_steps`), and the role's own profile as a
`LinearAdditiveUtilityFunction` with the profile's reservation value. Every other party is a
stand-in negotiator in the same mechanism whose moves are the moves that party makes on the
server. So the negotiator is called exactly as NegMAS calls it: `join` with its NMI,
`on_negotiation_start`, `on_round_start`, `__call__(state, dest)` (which runs its `respond` and
`propose`), the `on_partner_*` callbacks, `on_round_end` and `on_negotiation_end`; and its
`relative_time` is NegMAS's, (step + 1) / (n_steps + 1), where a step is a round: in both
Parley and NegMAS's default SAO (`one_offer_per_step=False`) every party acts once per round, in
party order.

Each move the negotiator makes is sent to the server when it is the role's turn; the server's
question must be for the same round (the mechanism's step + 1), else the bridge stops with an
error. When the server ends the negotiation without a move of another party (a breakdown), the
mechanism ends as timed out, as NegMAS ends a negotiation by its `pend` probability.

It prints one JSON line: the server's result for the role, what NegMAS recorded (agreement,
steps, broken, timedout) and how many events the role saw (the events themselves with
`--events`). Exit status 0 when the negotiation ran to its end, 1 when it failed (the
negotiator raised, the server refused a move), 2 on bad arguments or a negotiation the bridge
cannot play (another protocol, a profile that is not linear-additive), each with one line on
standard error.
"""

import argparse
import importlib
import json
import sys

from .client import Role, ServerError

__all__ = ["BridgeError", "play", "main"]

# How long one long poll waits (the server's maximum is 60 s).
_POLL_SECONDS = 30
# Party moves that answer an alternating-offers question.
_MOVES = ("offer", "accept", "end")


class BridgeError(Exception):
    """The negotiation cannot be played, or was played wrongly: `exit_code` 1 or 2."""

    def __init__(self, message, exit_code=1):
        super().__init__(message)
        self.exit_code = exit_code


def _negmas():
    try:
        import negmas  # noqa: F401
        from negmas.outcomes import make_issue, make_os
        from negmas.preferences import LinearAdditiveUtilityFunction
        from negmas.sao import ResponseType, SAOMechanism, SAONegotiator, SAOResponse
    except ImportError as error:
        raise BridgeError("the bridge needs NegMAS 0.16: pip install 'negmas>=0.16,<0.17' (%s)" % error, 2)
    return make_issue, make_os, LinearAdditiveUtilityFunction, ResponseType, SAOMechanism, SAONegotiator, SAOResponse


def load_class(dotted):
    """The class named `package.module.Class` (or `package.Class`, when the package exports it)."""
    module_name, _, class_name = dotted.rpartition(".")
    if not module_name:
        raise BridgeError("--negotiator must be a dotted class name such as negmas.sao.BoulwareTBNegotiator, not %r" % dotted, 2)
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise BridgeError("cannot import %s for --negotiator %s: %s" % (module_name, dotted, error), 2)
    negotiator = getattr(module, class_name, None)
    if not isinstance(negotiator, type):
        raise BridgeError("%s has no class %s (--negotiator %s)" % (module_name, class_name, dotted), 2)
    return negotiator


def parse_params(pairs):
    """`key=value` strings as keyword arguments: a value that is JSON (a number, true, false,
    null, a list, an object) is parsed, anything else is a string."""
    params = {}
    for pair in pairs or []:
        key, separator, text = pair.partition("=")
        if not separator or not key.isidentifier():
            raise BridgeError("--param takes key=value with a Python name as key, not %r" % pair, 2)
        try:
            params[key] = json.loads(text)
        except ValueError:
            params[key] = text
    return params


class _Link:
    """The role's connection to the server: its events (read once, in order, by cursor), the
    moves of the other parties, and the move of the local negotiator waiting to be sent."""

    def __init__(self, role, name, issues):
        self.role = role
        self.name = name
        self.issues = issues
        self.cursor = 0
        self.events = []
        self.finished = False
        self.moves = []  # (actor, kind, outcome) of other parties, in order, not yet consumed
        # The negotiator's move not yet sent: (kind, outcome or None, the mechanism's step).
        self.pending = None
        self.sent = []

    def read(self, wait):
        page = self.role.events(cursor=self.cursor, wait=wait)
        for event in page["events"]:
            if event["cursor"] != len(self.events):
                raise BridgeError("the server's events jumped from cursor %d to %d" % (len(self.events), event["cursor"]))
            self.events.append(event)
            if event["actor"] != self.name and event["kind"] in _MOVES:
                self.moves.append((event["actor"], event["kind"], event.get("outcome")))
        self.cursor = page["cursor"]
        self.finished = page["finished"]
        return page

    def next_move(self, actor):
        """The next move of `actor` on the server, or None when the negotiation ended first."""
        while True:
            for index, move in enumerate(self.moves):
                if move[0] == actor:
                    del self.moves[index]
                    return move
            if self.finished:
                # An answer that says finished holds every event to the end.
                return None
            self.read(_POLL_SECONDS)

    def outcome_labels(self, outcome):
        return {issue: str(value) for issue, value in zip(self.issues, outcome)}

    def drain(self):
        """Reads the role's events to the end of the negotiation."""
        while not self.finished:
            self.read(_POLL_SECONDS)

    def flush(self):
        """Sends the negotiator's move, if one waits, when the server asks for it: the server's
        question must be the role's `act` question of the round of the move (step + 1)."""
        if self.pending is None:
            return
        move, self.pending = self.pending, None
        kind, outcome, step = move
        while True:
            state = self.role.state(wait=_POLL_SECONDS)
            if state["status"] == "finished":
                return
            if state.get("question") is not None:
                break
        question = state["question"]
        if question["kind"] != "act":
            raise BridgeError("the server asks %s a %r question; the bridge plays alternating offers only" % (self.name, question["kind"]), 2)
        if question.get("fixed"):
            raise BridgeError("the server fixes issues in this session (%s); the bridge plays negotiations without an agenda"
                              % ", ".join(sorted(question["fixed"])), 2)
        if question.get("round") != step + 1:
            raise BridgeError("the server asks for round %s while NegMAS is at step %d (round %d)" % (question.get("round"), step, step + 1))
        action = {"action": kind}
        if kind == "offer":
            action["outcome"] = self.outcome_labels(outcome)
        try:
            self.role.act(action)
        except ServerError as error:
            raise BridgeError("the server refused %s's %s in round %d: %s" % (self.name, kind, step + 1, error.message))
        self.sent.append(action)


def _proxy_class(SAONegotiator, SAOResponse, ResponseType):
    class ServerParty(SAONegotiator):
        """Another party of the negotiation, in the local mechanism: its moves are the moves
        that party makes on the server."""

        def __init__(self, link, party, local_id, **kwargs):
            super().__init__(name=party, id=party, **kwargs)
            self._link = link
            self._party = party
            self._local_id = local_id

        def on_partner_proposal(self, state, partner_id, offer):
            if partner_id == self._local_id:
                self._link.pending = ("offer", offer, state.step)

        def on_partner_response(self, state, partner_id, outcome, response):
            if partner_id != self._local_id:
                return
            if response == ResponseType.ACCEPT_OFFER:
                self._link.pending = ("accept", None, state.step)
            elif response == ResponseType.END_NEGOTIATION:
                self._link.pending = ("end", None, state.step)

        def propose(self, state, dest=None):
            return None

        def __call__(self, state, dest=None):
            self._link.flush()
            move = self._link.next_move(self._party)
            if move is None:
                # The server ended the negotiation before this party moved: a breakdown or a
                # failure. No response ends the mechanism as timed out.
                return None
            _, kind, outcome = move
            if kind == "offer":
                values = tuple(outcome[issue] for issue in self._link.issues)
                return SAOResponse(ResponseType.REJECT_OFFER, values)
            if kind == "accept":
                return SAOResponse(ResponseType.ACCEPT_OFFER, state.current_offer)
            return SAOResponse(ResponseType.END_NEGOTIATION, None)

    return ServerParty


def utility_function(summary, profile, outcome_space, LinearAdditiveUtilityFunction):
    """The role's utility as a NegMAS linear-additive function over `outcome_space`."""
    if profile.get("weights") is None or profile.get("values") is None:
        raise BridgeError("%s's profile is not linear-additive; the bridge builds NegMAS utility functions from weights and values"
                          % profile["party"], 2)
    values, weights = {}, {}
    for issue in summary["issues"]:
        name = issue["name"]
        table = profile["values"][name]
        if len(table) != len(issue["options"]):
            raise BridgeError("the profile gives %d values for the %d options of %r" % (len(table), len(issue["options"]), name))
        values[name] = dict(zip(issue["options"], table))
        weights[name] = profile["weights"][name]
    return LinearAdditiveUtilityFunction(values=values, weights=weights, outcome_space=outcome_space,
                                         reserved_value=profile["reservationValue"], name=profile["party"])


def play(server, negotiation, token, negotiator_class, params=None, include_events=False):
    """Plays the token's role with a NegMAS negotiator of `negotiator_class` (built with
    `params` as keyword arguments) until the negotiation ends; returns the result as a dict."""
    make_issue, make_os, LinearAdditiveUtilityFunction, ResponseType, SAOMechanism, SAONegotiator, SAOResponse = _negmas()
    role = Role(server, negotiation, token)
    summary = role.summary()
    me = summary["role"]
    if me["kind"] != "party":
        raise BridgeError("the token grants %s, the %s; the bridge plays a party" % (me["role"], me["kind"]), 2)
    if summary["protocol"] != "alternating-offers":
        raise BridgeError("the negotiation uses %s; the bridge plays alternating offers" % summary["protocol"], 2)
    name = me["role"]
    profile = role.profile(name)
    issues = [issue["name"] for issue in summary["issues"]]
    outcome_space = make_os([make_issue(values=list(issue["options"]), name=issue["name"]) for issue in summary["issues"]],
                            name=summary["scenario"])
    ufun = utility_function(summary, profile, outcome_space, LinearAdditiveUtilityFunction)
    kwargs = dict(params or {})
    kwargs.setdefault("name", name)
    try:
        negotiator = negotiator_class(**kwargs)
    except Exception as error:
        raise BridgeError("cannot create %s(%s): %s" % (negotiator_class.__name__, ", ".join(sorted(kwargs)), error), 2)
    link = _Link(role, name, issues)
    ServerParty = _proxy_class(SAONegotiator, SAOResponse, ResponseType)
    mechanism = SAOMechanism(outcome_space=outcome_space, n_steps=summary["rounds"], name=summary["id"])
    for party in summary["parties"]:
        if party == name:
            added = mechanism.add(negotiator, preferences=ufun, role=name)
        else:
            added = mechanism.add(ServerParty(link, party, negotiator.id), role=party)
        if not added:
            raise BridgeError("NegMAS refused to add %s to the mechanism" % party, 2)
    first = summary["parties"][0] == name
    try:
        while not (mechanism.state.started and not mechanism.state.running):
            if first and not mechanism.state.timedout:
                # The negotiator opens each round: make sure the server still runs and asks it.
                state = role.state(wait=_POLL_SECONDS)
                while state["status"] == "running":
                    state = role.state(wait=_POLL_SECONDS)
                if state["status"] == "finished":
                    # Ended before the round (a breakdown): NegMAS ends it as timed out.
                    mechanism.state.timedout = True
            mechanism.step()
    except BridgeError:
        raise
    except Exception:
        # The negotiator failed: the role walks away on the server, so the negotiation ends.
        if role.state()["status"] == "your-turn":
            link.pending = ("end", None, mechanism.state.step)
            link.flush()
        raise
    # The last move of the negotiator (an acceptance that made the agreement, an offer in the
    # last round, an end) still has to reach the server; a negotiator that refused to offer
    # ended the mechanism with no move: on the server it ends the negotiation.
    if link.pending is None and mechanism.state.broken and role.state()["status"] == "your-turn":
        link.pending = ("end", None, mechanism.state.step - 1)
    link.flush()
    link.drain()
    final = role.state()
    result = final.get("result") or {}
    agreement = mechanism.state.agreement
    report = {
        "negotiation": summary["id"],
        "role": name,
        "negotiator": "%s.%s" % (negotiator_class.__module__, negotiator_class.__name__),
        "reason": result.get("reason"),
        "agreement": result.get("agreement"),
        "rounds": result.get("rounds"),
        "utility": result.get("utility"),
        "negmas": {
            "agreement": link.outcome_labels(agreement) if agreement is not None else None,
            "steps": mechanism.state.step,
            "broken": bool(mechanism.state.broken),
            "timedout": bool(mechanism.state.timedout),
            "utility": float(ufun(agreement)) if agreement is not None else float(ufun.reserved_value),
        },
        "moves": len(link.sent),
        "events": link.events if include_events else len(link.events),
    }
    return report


def main(arguments=None):
    parser = argparse.ArgumentParser(
        prog="python -m parley_negotiation.negmas_bridge",
        description="Play a role of an alternating-offers negotiation on a Parley server with a NegMAS SAO negotiator.")
    parser.add_argument("--server", required=True, help="The server's URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--negotiation", required=True, help="The negotiation's id")
    parser.add_argument("--token", required=True, help="The role's token (from the creation response)")
    parser.add_argument("--negotiator", required=True, help="A NegMAS SAO negotiator class, e.g. negmas.sao.BoulwareTBNegotiator")
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                        help="A keyword argument of the negotiator's constructor (JSON values are parsed); repeatable")
    parser.add_argument("--events", action="store_true", help="Print every event the role saw, not only their number")
    options = parser.parse_args(arguments)
    try:
        negotiator_class = load_class(options.negotiator)
        params = parse_params(options.param)
        report = play(options.server, options.negotiation, options.token, negotiator_class, params, options.events)
    except BridgeError as error:
        print("negmas_bridge: %s" % error, file=sys.stderr)
        return error.exit_code
    except ServerError as error:
        print("negmas_bridge: %s" % error, file=sys.stderr)
        return 1
    except Exception as error:  # the negotiator's own failure
        print("negmas_bridge: %s: %s" % (type(error).__name__, str(error).splitlines()[0] if str(error) else ""), file=sys.stderr)
        return 1
    print(json.dumps(report, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
