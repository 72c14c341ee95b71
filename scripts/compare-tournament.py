#!/usr/bin/env python3
"""Times one tournament in Parley and the same cells as a NegMAS loop, like for like, in one run.

    scripts/compare-tournament.py PARLEY_BINARY FOLDER... [--steps S]

The plan: every ordered pair of Boulware, Linear and Conceder on every folder (9 sessions per
folder, 27 on three), S rounds each (default 1000), one repetition. Like for like, as in
scripts/compare-sessions.py: NegMAS's BoulwareTBNegotiator (1 - t^4), LinearTBNegotiator
(1 - t) and ConcederTBNegotiator (1 - t^0.25) are Parley's `time:0.25`, `time:1` and `time:4`;
NegMAS reads each folder without discounting, its discrete evaluations divided by each issue's
largest as GENIUS and Parley do, a missing reservation value is 0.

What is timed:
- Parley: the whole `parley tournament run` process (start-up, reading the folders, every
  session, the analysis each stored row carries — frontier and Nash distances, welfare — and
  the SQLite writes), wall time, best of three runs on fresh databases.
- NegMAS: only the loop of `SAOMechanism.run()` over the same cells, with the domains loaded
  and every mechanism built before the clock starts; no analysis, nothing stored.
So the ratio is conservative for Parley. Run with a Python that has NegMAS and a release build
of Parley; without NegMAS it says so in one line and exits 0.
"""
import os, re, subprocess, sys, tempfile, time
from pathlib import Path

from negmas_genius import load_like_parley

STRATEGIES = [("time:0.25", "BoulwareTBNegotiator"), ("time:1", "LinearTBNegotiator"), ("time:4", "ConcederTBNegotiator")]


def parley(binary, folders, steps):
    best, report = None, None
    for _ in range(3):
        database = os.path.join(tempfile.mkdtemp(prefix="parley-compare-"), "t.sqlite")
        command = [binary, "tournament", "run", *map(str, folders), "--negotiators", ",".join(s for s, _ in STRATEGIES),
                   "--rounds", str(steps), "--repetitions", "1", "--database", database]
        start = time.perf_counter()
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
        report = out
    return best, int(re.search(r"Played (\d+) sessions", report).group(1))


def negmas_loop(folders, steps):
    from negmas.sao import SAOMechanism
    import negmas.sao.negotiators as negotiators

    mechanisms = []
    agreements = 0
    for folder in folders:
        scenario = load_like_parley(folder)
        for _, first in STRATEGIES:
            for _, second in STRATEGIES:
                mechanism = SAOMechanism(outcome_space=scenario.outcome_space, n_steps=steps)
                mechanism.add(getattr(negotiators, first)(name="a"), ufun=scenario.ufuns[0])
                mechanism.add(getattr(negotiators, second)(name="b"), ufun=scenario.ufuns[1])
                mechanisms.append(mechanism)
    start = time.perf_counter()
    for mechanism in mechanisms:
        state = mechanism.run()
        agreements += state.agreement is not None
    return time.perf_counter() - start, len(mechanisms), agreements


def main():
    args = sys.argv[1:]
    steps = 1000
    if "--steps" in args:
        i = args.index("--steps")
        steps = int(args[i + 1])
        del args[i:i + 2]
    if len(args) < 2:
        sys.exit(__doc__)
    try:
        import negmas
    except ImportError:
        print("compare-tournament: skipped: NegMAS is not installed in this Python")
        return
    binary, folders = args[0], [Path(f) for f in args[1:]]
    p_time, played = parley(binary, folders, steps)
    n_time, sessions, n_agreements = negmas_loop(folders, steps)
    print(f"NegMAS {negmas.__version__}; {sessions} sessions of {steps} rounds on {', '.join(f.name for f in folders)}")
    print("| tool | what is timed | sessions | seconds | ratio |")
    print("| --- | --- | ---: | ---: | ---: |")
    print(f"| Parley | whole `tournament run` process, best of 3 | {played} | {p_time:.3f} | 1x |")
    print(f"| NegMAS | `SAOMechanism.run()` loop only ({n_agreements} agreements) | {sessions} | {n_time:.2f} | |")
    print(f"ratio: {n_time / p_time:,.0f}x")


if __name__ == "__main__":
    main()
