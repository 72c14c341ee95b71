"""The `parley` command line from Python: each function runs one command with `--json` and
returns its output parsed."""

import json
import os
import shutil
import subprocess
import tempfile

__all__ = ["ParleyError", "Parley", "find_binary", "analyze", "run", "evaluate", "forecast"]


class ParleyError(Exception):
    """A command that failed: `message` is the command's one-line error (without the
    `parley: ` prefix), `exit_code` its exit status (1: the task ran but failed; 2: an
    unreadable or malformed input; 64: bad arguments), `output` what it printed on standard
    output, parsed as JSON when it was JSON (`parley run --json` prints the trace of a session
    that failed), else None."""

    def __init__(self, message, exit_code, command=None, output=None):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.command = command
        self.output = output

    def __str__(self):
        return "%s (exit %s)" % (self.message, self.exit_code)


def find_binary(binary=None):
    """The path of the `parley` executable: `binary` when given, else the environment variable
    PARLEY_BINARY, else `parley` on PATH. Raises ParleyError when none is found."""
    candidate = binary or os.environ.get("PARLEY_BINARY")
    if candidate:
        path = os.fspath(candidate)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return os.path.abspath(path)
        found = shutil.which(path)
        if found:
            return found
        source = "the binary given" if binary else "PARLEY_BINARY"
        raise ParleyError("%s, %r, is not an executable file" % (source, path), 127)
    found = shutil.which("parley")
    if found:
        return found
    raise ParleyError(
        "no parley binary: pass binary=PATH, set PARLEY_BINARY, or put parley on PATH "
        "(swift build puts it in .build/debug/parley)",
        127,
    )


def _first_line(text):
    for line in text.splitlines():
        line = line.strip()
        if line:
            if line.startswith("parley: "):
                line = line[len("parley: "):]
            elif line.startswith("Error: "):
                line = line[len("Error: "):]
            return line
    return ""


def _option_arguments(options):
    """`name=value` keywords as command-line options: `frontier_rows=5` is `--frontier-rows 5`,
    True a flag, False and None nothing, a list or tuple its items joined by commas."""
    arguments = []
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            arguments.append(flag)
        elif isinstance(value, (list, tuple)):
            arguments += [flag, ",".join(str(item) for item in value)]
        else:
            arguments += [flag, os.fspath(value) if isinstance(value, os.PathLike) else str(value)]
    return arguments


class Parley:
    """One `parley` binary. `timeout` (seconds) bounds each command; None waits for it."""

    def __init__(self, binary=None, timeout=None):
        self.binary = find_binary(binary)
        self.timeout = timeout

    def command(self, *arguments):
        """Runs `parley ARGUMENTS...` and returns its standard output; raises ParleyError with
        the one-line error and the exit code when it fails."""
        command = [self.binary] + [os.fspath(argument) for argument in arguments]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=self.timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ParleyError("%s did not finish within %s seconds" % (" ".join(command[1:3]), self.timeout), 124, command)
        if done.returncode != 0:
            message = _first_line(done.stderr) or "exited with status %d" % done.returncode
            output = None
            if done.stdout.strip():
                try:
                    output = json.loads(done.stdout)
                except ValueError:
                    output = done.stdout
            raise ParleyError(message, done.returncode, command, output)
        return done.stdout

    def has_command(self, name):
        """Whether the binary has the subcommand `name` (as `parley --help` lists them)."""
        listing = self.command("--help")
        lines = listing.split("SUBCOMMANDS:", 1)[-1].splitlines()
        return any(line.split()[:1] == [name] for line in lines)

    def _json(self, *arguments):
        return json.loads(self.command(*arguments))

    def analyze(self, scenario=None, **options):
        """`parley analyze SCENARIO --json`, parsed: the frontier, the solutions and the
        figures. `scenario` is a path (Parley YAML/JSON or a GENIUS folder), a bundled name,
        a scenario as a dict (written to a temporary JSON file), or None for the default."""
        with _scenario_argument(scenario) as argument:
            return self._json("analyze", *argument, "--json", *_option_arguments(options))

    def run(self, scenario=None, **options):
        """`parley run SCENARIO --json`, parsed: the trace and the result. Options are the
        command's: `negotiators=["boulware", "conceder"]`, `rounds=100`, `seed=3`,
        `protocol="single-text"`, `mediator=...`, `time_limit=0.5`."""
        with _scenario_argument(scenario) as argument:
            return self._json("run", *argument, "--json", *_option_arguments(options))

    def evaluate(self, scenario, outcomes, **options):
        """`parley evaluate SCENARIO --outcomes FILE.jsonl`: one dict per outcome, in order,
        each with "utilities" in party order. An outcome is a dict from issue name to option
        label (or number, for integer issues)."""
        lines = [json.dumps(outcome) for outcome in outcomes]
        if not lines:
            return []
        with _scenario_argument(scenario) as argument, _temporary_file(".jsonl", "\n".join(lines) + "\n") as path:
            try:
                stdout = self.command("evaluate", *argument, "--outcomes", path, *_option_arguments(options))
            except ParleyError as error:
                if error.exit_code == 64 and not self.has_command("evaluate"):
                    raise ParleyError(
                        "this parley binary (%s) has no 'evaluate' command; build a Parley that has it" % self.binary,
                        error.exit_code, error.command) from None
                raise
        return [json.loads(line) for line in stdout.splitlines() if line.strip()]

    def forecast(self, table=None, **options):
        """`parley forecast TABLE --json`, parsed. Options: `model="median"`, `rounds=20`,
        `draws=100`, `seed=1`."""
        arguments = [os.fspath(table)] if table is not None else []
        return self._json("forecast", *arguments, "--json", *_option_arguments(options))


class _temporary_file:
    def __init__(self, suffix, text):
        self.suffix = suffix
        self.text = text

    def __enter__(self):
        handle, self.path = tempfile.mkstemp(prefix="parley-", suffix=self.suffix)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(self.text)
        return self.path

    def __exit__(self, *exception):
        os.unlink(self.path)
        return False


class _scenario_argument:
    """The scenario as command-line arguments: nothing for the default, the path or name, or a
    temporary JSON file holding a dict."""

    def __init__(self, scenario):
        self.scenario = scenario
        self.file = None

    def __enter__(self):
        if self.scenario is None:
            return []
        if isinstance(self.scenario, dict):
            self.file = _temporary_file(".json", json.dumps(self.scenario))
            return [self.file.__enter__()]
        return [os.fspath(self.scenario)]

    def __exit__(self, *exception):
        if self.file is not None:
            self.file.__exit__(*exception)
        return False


_default = None


def _parley():
    global _default
    if _default is None or _default.binary != find_binary():
        _default = Parley()
    return _default


def analyze(scenario=None, **options):
    """`Parley().analyze(...)` with the binary found by `find_binary()`."""
    return _parley().analyze(scenario, **options)


def run(scenario=None, **options):
    """`Parley().run(...)` with the binary found by `find_binary()`."""
    return _parley().run(scenario, **options)


def evaluate(scenario, outcomes, **options):
    """`Parley().evaluate(...)` with the binary found by `find_binary()`."""
    return _parley().evaluate(scenario, outcomes, **options)


def forecast(table=None, **options):
    """`Parley().forecast(...)` with the binary found by `find_binary()`."""
    return _parley().forecast(table, **options)
