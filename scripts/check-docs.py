#!/usr/bin/env python3
"""Runs the shell commands of README.md and docs/*.md, so the docs cannot drift.

Usage: scripts/check-docs.py PARLEY_BINARY [--timeout SECONDS] [--show-output] [FILE.md ...]

Markers, in the markdown:

- A fenced block tagged ```sh is run. All the sh blocks of one file run in order in one bash
  session (`set -Eeuo pipefail`), so a walk-through can keep variables and a server across
  blocks; a block fails when a command in it fails.
- `<!-- check-docs: skip (reason) -->` on the line right before an sh fence skips that block;
  the reason is required and is printed. Use it only for what cannot run in CI: `swift test`,
  `swift build`, commands that need ../shared, benchmarks that take minutes.
- Blocks tagged ```json, ```yaml, ```text, ```swift, ... are shown, never run. An untagged
  block whose lines look like commands (`parley ...`, `swift ...`, `curl ...`, `scripts/...`)
  is an error: tag it ```sh to run it, or ```text if it is a synopsis or output.

Where blocks run: a fresh temporary directory per file, which looks like the repository root
(a symlink to each top-level entry, such as Tests and Scenarios), so relative paths in the docs
work and files the commands write land in the temporary directory (a command that writes
inside a linked folder, such as Tests/, writes into the repository: docs should not). HOME is a temporary
directory too. `parley` on PATH, `.build/debug/parley` and `.build/release/parley` are the
given binary; `swift run [-c release] parley ...` runs it; any other `swift` command fails.
Background jobs (`parley serve ... &`) are killed when the file's session ends.

Exits 1 if a block fails or a marker is wrong, printing the file, the block's first line
number, the block, the failing command and its output.
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SKIP = re.compile(r"^<!--\s*check-docs:\s*skip\s*(?:\((.*)\))?\s*-->\s*$")
FENCE = re.compile(r"^(```+|~~~+)\s*([\w+-]*)")
COMMAND = re.compile(r"^\s*(\$ )?(parley|swift|curl|python3|bash|sqlite3|scripts/|\./)[\w./-]*( |$)")
BLOCK_MARK = "@@check-docs block "
FAIL_MARK = "@@check-docs failed: "

# The `swift` of the sessions: `swift run [-c CONF] parley ARGS` runs the binary; nothing else runs.
SWIFT_SHIM = """#!/usr/bin/env bash
args=("$@")
if [ "${args[0]:-}" = run ]; then
  args=("${args[@]:1}")
  while [ "${args[0]:-}" = -c ] || [ "${args[0]:-}" = --configuration ]; do args=("${args[@]:2}"); done
  if [ "${args[0]:-}" = parley ]; then exec parley "${args[@]:1}"; fi
fi
echo "check-docs: 'swift $*' cannot run here; mark the block <!-- check-docs: skip (reason) -->" >&2
exit 127
"""

# Before the blocks: kill background jobs at the end, name the failing command.
PREAMBLE = f"""set -Eeuo pipefail
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
trap 'echo "{FAIL_MARK}$BASH_COMMAND (exit $?)" >&2' ERR
"""


class Block:
    def __init__(self, path, line, lang, text, skip):
        self.path, self.line, self.lang, self.text, self.skip = path, line, lang, text, skip

    def where(self):
        return f"{shown(self.path)}:{self.line}"


def shown(path):
    """A path as the messages show it: relative to the repository when inside it."""
    relative = os.path.relpath(path, ROOT)
    return path if relative.startswith("..") else relative


def parse(path):
    """The fenced blocks of a markdown file, and the marker errors found on the way."""
    blocks, errors = [], []
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        fence = FENCE.match(lines[i])
        marker = SKIP.match(lines[i].strip())
        if marker:
            following = FENCE.match(lines[i + 1]) if i + 1 < len(lines) else None
            if not following or following.group(2) != "sh":
                errors.append(f"{shown(path)}:{i + 1}: a check-docs marker must sit right before a ```sh fence")
            elif not (marker.group(1) or "").strip():
                errors.append(f"{shown(path)}:{i + 1}: a skip needs a reason: <!-- check-docs: skip (reason) -->")
        elif "check-docs" in lines[i] and lines[i].lstrip().startswith("<!--"):
            errors.append(f"{shown(path)}:{i + 1}: unknown check-docs marker: {lines[i].strip()}")
        if not fence:
            i += 1
            continue
        start, close = i, fence.group(1)
        i += 1
        body = []
        while i < len(lines) and not lines[i].startswith(close):
            body.append(lines[i])
            i += 1
        skip = SKIP.match(lines[start - 1].strip()) if start > 0 else None
        reason = (skip.group(1) or "").strip() or "(no reason given)" if skip else None
        blocks.append(Block(path, start + 1, fence.group(2), "\n".join(body), reason))
        i += 1
    for block in blocks:
        if block.lang == "" and any(COMMAND.match(line) for line in block.text.split("\n")):
            errors.append(f"{block.where()}: an untagged block with commands: tag it ```sh (run in CI) or ```text (a synopsis or output)")
    return blocks, errors


def prepare(workdir, binary):
    """A directory that looks like the repository root, a HOME, and PATH shims."""
    for name in os.listdir(ROOT):
        if not name.startswith("."):
            os.symlink(os.path.join(ROOT, name), os.path.join(workdir, name))
    for configuration in ("debug", "release"):
        os.makedirs(os.path.join(workdir, ".build", configuration))
        os.symlink(binary, os.path.join(workdir, ".build", configuration, "parley"))
    shims = tempfile.mkdtemp(prefix="check-docs-bin-")
    os.symlink(binary, os.path.join(shims, "parley"))
    with open(os.path.join(shims, "swift"), "w") as shim:
        shim.write(SWIFT_SHIM)
    os.chmod(os.path.join(shims, "swift"), 0o755)
    env = dict(os.environ, HOME=tempfile.mkdtemp(prefix="check-docs-home-"), PATH=shims + os.pathsep + os.environ["PATH"])
    return env, shims


def run_file(blocks, binary, timeout, show_output=False):
    """Runs one file's blocks in one bash session; returns (failed block or None, message)."""
    script = PREAMBLE
    for number, block in enumerate(blocks):
        syntax = subprocess.run(["bash", "-n"], input=block.text + "\n", capture_output=True, text=True)
        if syntax.returncode != 0:
            return block, "bash syntax error:\n" + syntax.stderr
        script += f"echo '{BLOCK_MARK}{number}' >&2\n{block.text}\n"
    workdir = tempfile.mkdtemp(prefix="check-docs-")
    env, shims = prepare(workdir, binary)
    # Output goes to files, not pipes: a job left in the background cannot hold the run open.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(["bash", "-c", script], cwd=workdir, env=env, stdout=out, stderr=err, start_new_session=True)
        try:
            process.wait(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            timed_out = True
        try:
            os.killpg(process.pid, signal.SIGKILL)  # anything a block left running
        except ProcessLookupError:
            pass
        process.wait()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    for directory in (workdir, shims, env["HOME"]):
        shutil.rmtree(directory, ignore_errors=True)
    if show_output:
        print(stdout, flush=True)
    if process.returncode == 0 and not timed_out:
        return None, ""
    reached = [int(line[len(BLOCK_MARK):]) for line in stderr.split("\n") if line.startswith(BLOCK_MARK)]
    block = blocks[reached[-1]] if reached else blocks[0]
    own_stderr = stderr.split(f"{BLOCK_MARK}{reached[-1]}\n", 1)[-1] if reached else stderr
    failed = [line[len(FAIL_MARK):] for line in own_stderr.split("\n") if line.startswith(FAIL_MARK)]
    output = "\n".join(line for line in own_stderr.split("\n") if not line.startswith(FAIL_MARK)).strip()
    message = f"timed out after {timeout} s" if timed_out else f"failed: {failed[0] if failed else f'exit {process.returncode}'}"
    return block, f"{message}\n--- stderr (this block) ---\n{output[-4000:]}\n--- stdout (last lines) ---\n{stdout[-1500:].strip()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary", help="the parley binary the docs' commands run")
    parser.add_argument("files", nargs="*", help="markdown files (default: README.md and docs/*.md)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds for one file's blocks (default 600)")
    parser.add_argument("--show-output", action="store_true", help="print what each file's blocks write to stdout")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"check-docs: {args.binary} is not an executable")
    files = args.files or [os.path.join(ROOT, "README.md")] + sorted(
        os.path.join(ROOT, "docs", name) for name in os.listdir(os.path.join(ROOT, "docs")) if name.endswith(".md")
    )
    ran, skipped, failures, errors = [], [], [], []
    for path in files:
        blocks, marker_errors = parse(os.path.abspath(path))
        errors += marker_errors
        runnable = [block for block in blocks if block.lang == "sh" and block.skip is None]
        skipped += [block for block in blocks if block.lang == "sh" and block.skip is not None]
        if not runnable:
            continue
        failed, message = run_file(runnable, binary, args.timeout, args.show_output)
        if failed is None:
            ran += runnable
            print(f"ok    {shown(path)}: {len(runnable)} block(s)", flush=True)
        else:
            ran += runnable[: runnable.index(failed)]
            failures.append((failed, message))
            print(f"FAIL  {failed.where()}", flush=True)
    print(f"\nran {len(ran)} block(s)" + "".join(f"\n  {block.where()}" for block in ran))
    print(f"skipped {len(skipped)} block(s):")
    for block in skipped:
        print(f"  {block.where()}: {block.skip}")
    for block, message in failures:
        print(f"\n=== {block.where()} (```sh block starting on that line)\n{block.text}\n--- {message}")
    for error in errors:
        print(f"error: {error}")
    if failures or errors:
        print(f"\ncheck-docs: {len(failures)} failed block(s), {len(errors)} marker error(s)")
        sys.exit(1)


if __name__ == "__main__":
    main()
