"""NegMAS negotiators for the bridge tests: a time-based negotiator that writes down what NegMAS
shows it at every call (to check the bridge drives it as SAOMechanism does), and one that
fails."""

import json

from negmas.sao import BoulwareTBNegotiator, SAONegotiator


class RecordingBoulware(BoulwareTBNegotiator):
    """NegMAS's Boulware, writing one JSON line per callback to the file `record`."""

    def __init__(self, record, **kwargs):
        super().__init__(**kwargs)
        self._record = record
        with open(self._record, "w", encoding="utf-8"):
            pass

    def _write(self, call, state, **extra):
        line = {"call": call, "step": state.step, "relative_time": state.relative_time, "n_steps": self.nmi.n_steps,
                "running": state.running, "offer": list(state.current_offer) if state.current_offer else None, **extra}
        with open(self._record, "a", encoding="utf-8") as file:
            file.write(json.dumps(line) + "\n")

    def on_negotiation_start(self, state):
        super().on_negotiation_start(state)
        self._write("on_negotiation_start", state, reserved_value=self.ufun.reserved_value)

    def on_round_start(self, state):
        super().on_round_start(state)
        self._write("on_round_start", state)

    def __call__(self, state, dest=None):
        response = super().__call__(state, dest)
        self._write("__call__", state, dest=dest, response=response.response.name,
                    outcome=list(response.outcome) if response.outcome else None,
                    utility=float(self.ufun(response.outcome)) if response.outcome else None)
        return response

    def on_negotiation_end(self, state):
        super().on_negotiation_end(state)
        self._write("on_negotiation_end", state, agreement=list(state.agreement) if state.agreement else None)


class Failing(SAONegotiator):
    """Fails at its first proposal."""

    def propose(self, state, dest=None):
        raise RuntimeError("this negotiator always fails")
