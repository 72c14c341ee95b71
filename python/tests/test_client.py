"""The server client against a running `parley serve`: create, play a role, follow events by
cursor and over WebSocket, and the errors."""

import unittest

import parley_negotiation as parley

import support


def camera(server, roles, rounds=40, seed=1):
    return server.create(genius_files=support.genius_files("y2011-Camera"), protocol="alternating-offers", rounds=rounds,
                         seed=seed, roles=roles)


class Reading(unittest.TestCase):
    def setUp(self):
        self.server = parley.Server(support.server_url())

    def test_the_openapi_document_describes_the_api(self):
        document = self.server.openapi()
        self.assertEqual(document["openapi"], "3.1.0")
        self.assertIn("/api/negotiations/{id}/events", document["paths"])

    def test_bundled_scenarios_are_listed(self):
        self.assertIn("us-iran-geneva-2026", self.server.scenarios())
        self.assertIn("Iran", self.server.scenario("us-iran-geneva-2026")["parties"])


class Playing(unittest.TestCase):
    def setUp(self):
        self.server = parley.Server(support.server_url())
        summary = camera(self.server, {}).observer.summary()
        self.first, self.second = summary["parties"]

    def test_a_role_offers_its_best_then_accepts_and_the_result_is_its_utility(self):
        negotiation = camera(self.server, {self.first: "remote", self.second: "conceder"})
        me = negotiation.role(self.first)
        profile = me.profile()
        question = me.next_question(timeout=60)
        self.assertEqual(question["kind"], "act")
        self.assertEqual(question["round"], 1)
        self.assertIsNone(question.get("text"))
        me.offer(profile["best"])
        # Keep asking for the best until the conceder offers something worth 0.75, then accept.
        accepted = None
        while True:
            question = me.next_question(timeout=60)
            if question is None:
                break
            offered = question["text"]
            worth = me.utilities([offered])["utilities"][0][self.first]
            if worth >= 0.75:
                me.accept()
                accepted = (offered, worth)
            else:
                me.offer(profile["best"])
        result = me.state()["result"]
        self.assertEqual(result["reason"], "agreement")
        if accepted is None:
            # The conceder accepted the best outcome before offering anything worth 0.75.
            self.assertEqual(result["agreement"], profile["best"])
            accepted = (profile["best"], profile["bestUtility"])
        self.assertEqual(result["agreement"], accepted[0])
        self.assertAlmostEqual(result["utility"], accepted[1], places=12)
        self.assertGreaterEqual(result["utility"], 0.75)

    def test_followed_and_streamed_events_equal_the_event_list(self):
        negotiation = camera(self.server, {self.first: "boulware", self.second: "conceder"}, rounds=30)
        observer = negotiation.observer
        followed = list(observer.follow(cursor=0, wait=10))
        listed = observer.events(cursor=0)
        self.assertTrue(listed["finished"])
        self.assertEqual(followed, listed["events"])
        self.assertEqual([event["cursor"] for event in followed], list(range(len(followed))))
        streamed = [message for message in observer.stream(cursor=0, timeout=30)]
        self.assertEqual(streamed[-1], {"type": "finished"})
        self.assertEqual([message["event"] for message in streamed[:-1]], followed)
        # Resuming from a cursor gives the rest.
        resumed = [message["event"] for message in observer.stream(cursor=5, timeout=30) if message["type"] == "event"]
        self.assertEqual(resumed, followed[5:])
        self.assertEqual(list(observer.follow(cursor=5)), followed[5:])

    def test_the_stream_asks_the_question_of_a_remote_role(self):
        negotiation = camera(self.server, {self.first: "remote", self.second: "conceder"})
        me = negotiation.role(self.first)
        stream = me.stream(cursor=0, timeout=30)
        for message in stream:
            if message["type"] == "question":
                self.assertEqual(message["question"]["kind"], "act")
                self.assertEqual(message["question"]["round"], 1)
                break
        stream.close()
        me.end()
        self.assertEqual(me.state(wait=10)["result"]["reason"], "walk-away")


class Errors(unittest.TestCase):
    def setUp(self):
        self.server = parley.Server(support.server_url())
        self.negotiation = camera(self.server, {})
        self.first, self.second = self.negotiation.observer.summary()["parties"]

    def status(self, call):
        with self.assertRaises(parley.ServerError) as raised:
            call()
        self.assertTrue(raised.exception.message)
        self.assertNotIn("\n", raised.exception.message)
        return raised.exception.status

    def test_an_unknown_token_is_401(self):
        self.assertEqual(self.status(lambda: self.server.role(self.negotiation.id, "not-a-token").state()), 401)

    def test_another_partys_profile_is_403(self):
        me = self.negotiation.role(self.first)
        self.assertEqual(self.status(lambda: me.profile(self.second)), 403)

    def test_acting_for_a_built_in_role_is_409(self):
        self.assertEqual(self.status(lambda: self.negotiation.role(self.first).accept()), 409)

    def test_an_invalid_outcome_is_422_naming_the_issue(self):
        negotiation = camera(self.server, {self.first: "remote"})
        me = negotiation.role(self.first)
        me.next_question(timeout=60)
        with self.assertRaises(parley.ServerError) as raised:
            me.offer({"no such issue": "x"})
        self.assertEqual(raised.exception.status, 422)
        self.assertIn("no such issue", raised.exception.message)
        me.end()

    def test_a_stream_with_an_unknown_token_is_refused_with_401(self):
        self.assertEqual(self.status(lambda: list(self.server.role(self.negotiation.id, "not-a-token").stream(timeout=30))), 401)

    def test_an_unreachable_server_is_status_0(self):
        self.assertEqual(self.status(lambda: parley.Server("http://127.0.0.1:9").scenarios()), 0)

    def test_a_bad_creation_is_422(self):
        self.assertEqual(self.status(lambda: self.server.create(scenario="no-such-scenario")), 422)


if __name__ == "__main__":
    unittest.main()
