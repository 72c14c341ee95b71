"""What the tests share: the binary and the server they run against (scripts/python-tests.sh
builds, starts and names them), and the repository's fixtures."""

import os
import random
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GENIUS = os.path.join(ROOT, "Tests", "Fixtures", "genius")


def required(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError("%s is not set: run the tests with scripts/python-tests.sh" % name)
    return value


def binary():
    """The `parley` binary under test (PARLEY_BINARY)."""
    return required("PARLEY_BINARY")


def server_url():
    """The URL of the `parley serve` under test (PARLEY_SERVER)."""
    return required("PARLEY_SERVER")


def genius_files(folder):
    """A GENIUS fixture folder's XML files by name, as the server's create request takes them."""
    path = os.path.join(GENIUS, folder)
    files = {}
    for name in sorted(os.listdir(path)):
        if name.endswith(".xml"):
            with open(os.path.join(path, name), encoding="utf-8") as file:
                files[name] = file.read()
    return files


def random_outcomes(summary, count, seed):
    """`count` outcomes drawn uniformly from a negotiation summary's issues."""
    generator = random.Random(seed)
    return [{issue["name"]: generator.choice(issue["options"]) for issue in summary["issues"]} for _ in range(count)]


def bridge_command(server, negotiation, token, negotiator, *params, events=True):
    """The bridge's command line and environment, as a user would run it:
    `python -m parley_negotiation.negmas_bridge ...` (with this folder on PYTHONPATH, for the
    test negotiators)."""
    command = [sys.executable, "-m", "parley_negotiation.negmas_bridge", "--server", server, "--negotiation", negotiation,
               "--token", token, "--negotiator", negotiator]
    for param in params:
        command += ["--param", param]
    if events:
        command.append("--events")
    environment = dict(os.environ)
    tests = os.path.dirname(os.path.abspath(__file__))
    environment["PYTHONPATH"] = tests + os.pathsep + environment.get("PYTHONPATH", "")
    return command, environment


def bridge(server, negotiation, token, negotiator, *params, events=True, timeout=300):
    """Runs the bridge to its end."""
    command, environment = bridge_command(server, negotiation, token, negotiator, *params, events=events)
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=environment, check=False)
