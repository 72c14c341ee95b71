"""The command-line functions against the built binary: the JSON they return, and the errors."""

import os
import stat
import subprocess
import sys
import tempfile
import unittest

import parley_negotiation as parley
from parley_negotiation.cli import _option_arguments

import support

CAMERA = os.path.join(support.GENIUS, "y2011-Camera")


class FindingTheBinary(unittest.TestCase):
    def test_the_environment_variable_names_it(self):
        self.assertEqual(parley.find_binary(), os.path.abspath(support.binary()))

    def test_an_explicit_binary_wins(self):
        with tempfile.TemporaryDirectory() as folder:
            copy = os.path.join(folder, "parley-copy")
            with open(support.binary(), "rb") as source, open(copy, "wb") as target:
                target.write(source.read())
            os.chmod(copy, os.stat(copy).st_mode | stat.S_IXUSR)
            self.assertEqual(parley.find_binary(copy), copy)
            self.assertEqual(parley.Parley(copy).analyze(CAMERA)["scenario"], parley.analyze(CAMERA)["scenario"])

    def test_a_missing_binary_is_an_error_naming_it(self):
        with self.assertRaises(parley.ParleyError) as raised:
            parley.find_binary("/nonexistent/parley")
        self.assertIn("/nonexistent/parley", raised.exception.message)
        self.assertEqual(raised.exception.exit_code, 127)

    def test_path_is_searched_without_the_variable(self):
        environment = dict(os.environ)
        environment.pop("PARLEY_BINARY")
        environment["PATH"] = os.path.dirname(os.path.abspath(support.binary())) + os.pathsep + environment.get("PATH", "")
        code = "import parley_negotiation as p; print(p.find_binary())"
        found = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True,
                               text=True, check=True).stdout.strip()
        self.assertEqual(os.path.realpath(found), os.path.realpath(support.binary()))
        environment["PATH"] = "/nonexistent"
        failed = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True)
        self.assertNotEqual(failed.returncode, 0)
        self.assertIn("no parley binary", failed.stderr)


class Options(unittest.TestCase):
    def test_keywords_become_options(self):
        self.assertEqual(
            _option_arguments({"frontier_rows": 5, "json": True, "report": None, "quiet": False, "negotiators": ["a", "b"]}),
            ["--frontier-rows", "5", "--json", "--negotiators", "a,b"])


class Analyze(unittest.TestCase):
    def test_camera_has_a_frontier_of_undominated_points(self):
        analysis = parley.analyze(CAMERA)
        frontier = analysis["frontier"]
        self.assertGreater(len(frontier), 1)
        points = [tuple(point["utilities"]) for point in frontier]
        for point in points:
            dominated = any(all(o >= p for o, p in zip(other, point)) and other != point for other in points)
            self.assertFalse(dominated, point)

    def test_a_scenario_given_as_a_dict_is_read(self):
        analysis = parley.analyze(SMALL)
        self.assertEqual(analysis["outcomes"], 6)


class Run(unittest.TestCase):
    def test_a_seed_replays_the_session(self):
        first = parley.run(CAMERA, negotiators=["boulware", "conceder"], rounds=60, seed=5)
        second = parley.run(CAMERA, negotiators=["boulware", "conceder"], rounds=60, seed=5)
        self.assertEqual(first, second)
        self.assertEqual(first["result"]["reason"], "agreement")

    def test_a_bad_option_is_a_usage_error(self):
        with self.assertRaises(parley.ParleyError) as raised:
            parley.run(CAMERA, negotiators=["no-such-strategy", "conceder"])
        self.assertIn("no-such-strategy", raised.exception.message)
        self.assertEqual(raised.exception.exit_code, 64)


class Errors(unittest.TestCase):
    def test_a_missing_scenario_is_exit_2_naming_it(self):
        with self.assertRaises(parley.ParleyError) as raised:
            parley.analyze("/nonexistent/scenario.yaml")
        self.assertEqual(raised.exception.exit_code, 2)
        self.assertIn("/nonexistent/scenario.yaml", raised.exception.message)
        self.assertNotIn("\n", raised.exception.message)

    def test_a_malformed_scenario_is_exit_2_naming_the_place(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
            file.write('{"name": "broken", "issues": [{"name": "a", "options": []}], "parties": []}')
        try:
            with self.assertRaises(parley.ParleyError) as raised:
                parley.analyze(file.name)
            self.assertEqual(raised.exception.exit_code, 2)
            self.assertIn(file.name, raised.exception.message)
        finally:
            os.unlink(file.name)

    def test_a_missing_table_is_exit_2(self):
        with self.assertRaises(parley.ParleyError) as raised:
            parley.forecast("/nonexistent/table.csv")
        self.assertEqual(raised.exception.exit_code, 2)


class Forecast(unittest.TestCase):
    def test_the_bundled_table_forecasts_every_issue_in_its_range(self):
        forecast = parley.forecast(model="median")
        self.assertGreater(len(forecast["issues"]), 0)
        for issue in forecast["issues"]:
            self.assertEqual(issue["model"], "median")
            low, high = issue["scale"]
            self.assertGreaterEqual(issue["forecast"], low)
            self.assertLessEqual(issue["forecast"], high)

    def test_the_expected_utility_model_records_its_rounds_and_replays(self):
        forecast = parley.forecast(model="eu", rounds=5)
        for issue in forecast["issues"]:
            self.assertLessEqual(len(issue["rounds"]), 6)
            self.assertEqual(issue["forecast"], issue["rounds"][-1]["forecast"])
        self.assertEqual(forecast, parley.forecast(model="eu", rounds=5))


class Evaluate(unittest.TestCase):
    """`parley evaluate` agrees with `parley run`; a binary without it gets a clear error."""

    def test_agrees_with_the_utilities_run_reports(self):
        # The scenario's own deadline: discounting over the deadline depends on it.
        trace = parley.run(CAMERA, negotiators=["boulware", "conceder"], seed=5)
        agreement = trace["result"]["agreement"]
        evaluated = parley.evaluate(CAMERA, [agreement, agreement], round=trace["result"]["rounds"])
        self.assertEqual(len(evaluated), 2)
        for line in evaluated:
            self.assertEqual(len(line["utilities"]), 2)
            for mine, reported in zip(line["utilities"], trace["result"]["utilities"]):
                self.assertAlmostEqual(mine, reported, places=9)
            for mine, reported in zip(line["discounted"], trace["result"]["discounted"]):
                self.assertAlmostEqual(mine, reported, places=9)

    def test_random_outcomes_get_the_servers_utilities(self):
        server = parley.Server(support.server_url())
        negotiation = server.create(genius_files=support.genius_files("y2011-Camera"), protocol="alternating-offers")
        observer = negotiation.observer
        summary = observer.summary()
        outcomes = support.random_outcomes(summary, 64, seed=3)
        served = observer.utilities(outcomes)["utilities"]
        evaluated = parley.evaluate(CAMERA, outcomes)
        self.assertEqual(len(evaluated), len(outcomes))
        for line, utilities in zip(evaluated, served):
            for mine, theirs in zip(line["utilities"], [utilities[party] for party in summary["parties"]]):
                self.assertAlmostEqual(mine, theirs, places=12)

    def test_a_bad_outcome_is_exit_2_naming_the_line(self):
        with self.assertRaises(parley.ParleyError) as raised:
            parley.evaluate(CAMERA, [{"Maker": "Canon"}])
        self.assertEqual(raised.exception.exit_code, 2)
        self.assertIn(":1:", raised.exception.message)

    def test_no_outcomes_run_nothing(self):
        self.assertEqual(parley.evaluate(CAMERA, []), [])

    def test_a_binary_without_evaluate_gets_an_error_naming_the_command(self):
        with tempfile.TemporaryDirectory() as folder:
            older = os.path.join(folder, "parley")
            with open(older, "w") as file:
                file.write("#!/bin/sh\n"
                           "if [ \"$1\" = --help ]; then printf 'SUBCOMMANDS:\\n  run    Run.\\n  analyze  Analyse.\\n'; exit 0; fi\n"
                           "echo \"Error: Unknown option '--outcomes'\" >&2; exit 64\n")
            os.chmod(older, 0o755)
            with self.assertRaises(parley.ParleyError) as raised:
                parley.Parley(older).evaluate(CAMERA, [{"Maker": "Canon"}])
            self.assertIn("no 'evaluate' command", raised.exception.message)
            self.assertEqual(raised.exception.exit_code, 64)
            self.assertFalse(parley.Parley(older).has_command("evaluate"))
            self.assertTrue(parley.Parley(older).has_command("analyze"))
        self.assertTrue(parley.Parley().has_command("evaluate"))


SMALL = {
    "parley": 1,
    "name": "small",
    "issues": [{"name": "price", "options": ["low", "mid", "high"]}, {"name": "delivery", "options": ["slow", "fast"]}],
    "parties": [
        {"name": "buyer", "weights": {"price": 0.7, "delivery": 0.3},
         "values": {"price": {"low": 1, "mid": 0.5, "high": 0}, "delivery": {"slow": 0, "fast": 1}}},
        {"name": "seller", "weights": {"price": 0.6, "delivery": 0.4},
         "values": {"price": {"low": 0, "mid": 0.5, "high": 1}, "delivery": {"slow": 1, "fast": 0}}},
    ],
}

if __name__ == "__main__":
    unittest.main()
