"""The NegMAS bridge: real NegMAS negotiators (NegMAS 0.16 and negmas-genius-agents, from the
package registry) play roles on a running `parley serve`."""

import json
import os
import subprocess
import tempfile
import unittest

import parley_negotiation as parley
from parley_negotiation.negmas_bridge import utility_function

import support

MOVES = ("offer", "accept", "end")


def camera(server, roles, rounds):
    return server.create(genius_files=support.genius_files("y2011-Camera"), protocol="alternating-offers", rounds=rounds,
                         seed=1, roles=roles)


class Bridge(unittest.TestCase):
    def setUp(self):
        self.url = support.server_url()
        self.server = parley.Server(self.url)
        self.first, self.second = camera(self.server, {}, 10).observer.summary()["parties"]

    def play(self, negotiation, role, negotiator, *params):
        done = support.bridge(self.url, negotiation.id, negotiation.tokens[role], negotiator, *params)
        self.assertEqual(done.returncode, 0, done.stderr)
        lines = done.stdout.splitlines()
        self.assertEqual(len(lines), 1, done.stdout)
        return json.loads(lines[0])

    def check_consistent(self, negotiation, role, report):
        """The bridge saw the role's events, NegMAS and the server agree on the end, and every
        move the negotiator made is on the server."""
        me = negotiation.role(role)
        listed = me.events(cursor=0)
        self.assertTrue(listed["finished"])
        self.assertEqual(report["events"], listed["events"])
        result = me.state()["result"]
        self.assertEqual(report["reason"], result["reason"])
        self.assertEqual(report["agreement"], result.get("agreement"))
        self.assertEqual(report["negmas"]["agreement"], result.get("agreement"))
        own = [event for event in listed["events"] if event["actor"] == role and event["kind"] in MOVES]
        self.assertEqual(report["moves"], len(own))
        if result["reason"] == "agreement":
            self.assertAlmostEqual(report["negmas"]["utility"], result["utility"], places=9)
        return result

    def test_negmas_boulware_reaches_an_agreement_with_parleys_conceder_on_camera(self):
        negotiation = camera(self.server, {self.first: "conceder", self.second: "remote"}, rounds=60)
        report = self.play(negotiation, self.second, "negmas.sao.BoulwareTBNegotiator")
        result = self.check_consistent(negotiation, self.second, report)
        self.assertEqual(result["reason"], "agreement")
        self.assertTrue(report["negotiator"].endswith(".BoulwareTBNegotiator"), report["negotiator"])

    def test_hardheaded_plays_a_parley_negotiation_to_its_end(self):
        negotiation = camera(self.server, {self.first: "remote", self.second: "boulware"}, rounds=40)
        report = self.play(negotiation, self.first, "negmas_genius_agents.HardHeaded")
        result = self.check_consistent(negotiation, self.first, report)
        self.assertIn(result["reason"], ("agreement", "deadline", "walk-away"))
        self.assertGreater(report["moves"], 0)

    def test_the_negotiator_is_driven_as_negmas_drives_it(self):
        rounds = 30
        for position in (0, 1):
            parties = [self.first, self.second]
            mine = parties[position]
            roles = {party: ("remote" if party == mine else "conceder") for party in parties}
            negotiation = camera(self.server, roles, rounds=rounds)
            with tempfile.TemporaryDirectory() as folder:
                record = os.path.join(folder, "calls.jsonl")
                report = self.play(negotiation, mine, "probe_negotiators.RecordingBoulware", "record=" + record)
                with open(record, encoding="utf-8") as file:
                    calls = [json.loads(line) for line in file]
            self.check_consistent(negotiation, mine, report)
            names = [call["call"] for call in calls]
            self.assertEqual(names[0], "on_negotiation_start")
            self.assertEqual(names[-1], "on_negotiation_end")
            self.assertEqual(names.count("on_negotiation_start"), 1)
            self.assertEqual(names.count("on_negotiation_end"), 1)
            profile = negotiation.role(mine).profile()
            self.assertEqual(calls[0]["reserved_value"], profile["reservationValue"])
            acts = [call for call in calls if call["call"] == "__call__"]
            for call in acts:
                # NegMAS's relative time, from the round: (step + 1) / (n_steps + 1).
                self.assertEqual(call["n_steps"], rounds)
                self.assertAlmostEqual(call["relative_time"], (call["step"] + 1) / (rounds + 1), places=12)
            # One call per round, each round a step, and each move is the server's event of that round.
            own = [event for event in report["events"] if event["actor"] == mine and event["kind"] in MOVES]
            self.assertEqual(len(acts), len(own))
            for call, event in zip(acts, own):
                self.assertEqual(event["round"], call["step"] + 1)
                kind = {"REJECT_OFFER": "offer", "ACCEPT_OFFER": "accept", "END_NEGOTIATION": "end"}[call["response"]]
                self.assertEqual(event["kind"], kind)
                if kind == "offer":
                    issues = [issue["name"] for issue in negotiation.role(mine).summary()["issues"]]
                    self.assertEqual(event["outcome"], dict(zip(issues, call["outcome"])))
            starts = [call["step"] for call in calls if call["call"] == "on_round_start"]
            self.assertEqual(starts, list(range(len(starts))))

    def replay(self, folder, classes, rounds):
        """Every party remote, each a NegMAS negotiator through its own bridge: the offers, their
        rounds and the agreement must be those of the same negotiators in NegMAS's own
        SAOMechanism.run() on the same utility functions."""
        import negmas.sao
        from negmas.outcomes import make_issue, make_os
        from negmas.preferences import LinearAdditiveUtilityFunction
        from negmas.sao import SAOMechanism
        create = dict(genius_files=support.genius_files(folder), protocol="alternating-offers", rounds=rounds, seed=1)
        parties = self.server.create(**create).observer.summary()["parties"]
        self.assertEqual(len(parties), len(classes))
        negotiation = self.server.create(**create, roles={party: "remote" for party in parties})
        processes = []
        for role, negotiator in zip(parties, classes):
            command, environment = support.bridge_command(self.url, negotiation.id, negotiation.tokens[role], "negmas.sao." + negotiator)
            processes.append(subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        for role, process in zip(parties, processes):
            out, err = process.communicate(timeout=300)
            self.assertEqual(process.returncode, 0, err)
            self.check_consistent(negotiation, role, json.loads(out))

        summary = negotiation.observer.summary()
        space = make_os([make_issue(values=issue["options"], name=issue["name"]) for issue in summary["issues"]])
        mechanism = SAOMechanism(outcome_space=space, n_steps=rounds)
        for role, negotiator in zip(parties, classes):
            ufun = utility_function(summary, negotiation.role(role).profile(), space, LinearAdditiveUtilityFunction)
            mechanism.add(getattr(negmas.sao, negotiator)(name=role, id=role), preferences=ufun)
        state = mechanism.run()
        issues = [issue["name"] for issue in summary["issues"]]
        expected = [(step + 1, negotiator, dict(zip(issues, offer))) for step, negotiator, offer in mechanism.extended_trace]
        events = negotiation.observer.events(cursor=0)["events"]
        served = [(event["round"], event["actor"], event["outcome"]) for event in events if event["kind"] == "offer"]
        self.assertGreater(len(expected), 4)
        self.assertEqual(served, expected)
        result = negotiation.observer.state()["result"]
        self.assertIsNotNone(state.agreement)
        self.assertEqual(result["reason"], "agreement")
        self.assertEqual(result["agreement"], dict(zip(issues, state.agreement)))
        self.assertEqual(result["rounds"], state.step)

    def test_two_bridged_negmas_negotiators_replay_negmas_own_session(self):
        self.replay("y2011-Camera", ["BoulwareTBNegotiator", "ConcederTBNegotiator"], rounds=40)

    def test_three_bridged_negmas_negotiators_replay_negmas_own_session(self):
        self.replay("y2016-AgentLightSmartGrid", ["BoulwareTBNegotiator", "ConcederTBNegotiator", "LinearTBNegotiator"], rounds=30)

    def test_the_utility_function_is_the_roles_own(self):
        negotiation = camera(self.server, {}, rounds=10)
        from negmas.outcomes import make_issue, make_os
        from negmas.preferences import LinearAdditiveUtilityFunction
        for party in (self.first, self.second):
            me = negotiation.role(party)
            summary = me.summary()
            space = make_os([make_issue(values=issue["options"], name=issue["name"]) for issue in summary["issues"]])
            ufun = utility_function(summary, me.profile(), space, LinearAdditiveUtilityFunction)
            outcomes = support.random_outcomes(summary, 64, seed=len(party))
            served = me.utilities(outcomes)["utilities"]
            for outcome, utilities in zip(outcomes, served):
                values = tuple(outcome[issue["name"]] for issue in summary["issues"])
                self.assertAlmostEqual(float(ufun(values)), utilities[party], places=12)
            self.assertEqual(ufun.reserved_value, me.profile()["reservationValue"])


class BridgeErrors(unittest.TestCase):
    def setUp(self):
        self.url = support.server_url()
        self.server = parley.Server(self.url)
        self.negotiation = camera(self.server, {}, rounds=10)
        self.first, self.second = self.negotiation.observer.summary()["parties"]

    def fails(self, done, code, words):
        self.assertEqual(done.returncode, code, done.stdout + done.stderr)
        self.assertEqual(done.stdout, "")
        lines = done.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, done.stderr)
        self.assertIn(words, lines[0])

    def test_the_observer_is_not_a_party(self):
        done = support.bridge(self.url, self.negotiation.id, self.negotiation.tokens["observer"], "negmas.sao.BoulwareTBNegotiator")
        self.fails(done, 2, "plays a party")

    def test_an_unknown_class_is_named(self):
        done = support.bridge(self.url, self.negotiation.id, self.negotiation.tokens[self.first], "negmas.sao.NoSuchNegotiator")
        self.fails(done, 2, "NoSuchNegotiator")

    def test_a_bad_token_is_the_servers_401(self):
        done = support.bridge(self.url, self.negotiation.id, "not-a-token", "negmas.sao.BoulwareTBNegotiator")
        self.fails(done, 1, "HTTP 401")

    def test_a_failing_negotiator_walks_away_on_the_server(self):
        negotiation = camera(self.server, {self.first: "remote"}, rounds=10)
        done = support.bridge(self.url, negotiation.id, negotiation.tokens[self.first], "probe_negotiators.Failing")
        self.fails(done, 1, "always fails")
        result = negotiation.role(self.first).state(wait=10)["result"]
        self.assertEqual(result["reason"], "walk-away")
        self.assertEqual(result["by"], self.first)


if __name__ == "__main__":
    unittest.main()
