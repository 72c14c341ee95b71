#!/usr/bin/env python3
"""Times 1000-round Boulware-vs-Conceder sessions in Parley and in NegMAS, like for like, in one run.

    scripts/compare-sessions.py PARLEY_BINARY FOLDER... [--sessions N] [--steps S]

Run it with a Python that has NegMAS (`python3 -m venv /tmp/negmas-venv &&
/tmp/negmas-venv/bin/pip install negmas`), and a release build of Parley
(`swift build -c release --product parley`). Without NegMAS it says so in one line and exits 0.

Like for like:
- the same curves: NegMAS's BoulwareTBNegotiator concedes along 1 - t^4 and its
  ConcederTBNegotiator along 1 - t^0.25, which are Parley's `time:0.25` and `time:4`;
- the same utilities: NegMAS reads the GENIUS folder without discounting, and its discrete
  evaluations are divided by each issue's largest as GENIUS (and Parley) do; a missing
  reservation value is 0;
- the same work: Parley's figure is `parley bench-session --json`'s medianSeconds (sessions run
  in-process, each timed alone); NegMAS's is the median of `SAOMechanism.run()` alone, the
  mechanism and negotiators built before the clock starts.
The two tools' clocks differ (Parley's relative time reaches 1 in the last round, NegMAS's
(step+1)/(n+1) never does), so the round of agreement may differ by a little; the table shows
both, with the agreement's utilities.
"""
import json, statistics, subprocess, sys, time
from pathlib import Path

from negmas_genius import load_like_parley


def parley(binary, folder, sessions, steps):
    out = subprocess.run(
        [binary, "bench-session", str(folder), "--negotiators", "time:0.25,time:4", "--rounds", str(steps),
         "--repeat", str(sessions), "--json"], check=True, capture_output=True, text=True).stdout
    row = json.loads(out)
    return row["medianSeconds"], row["rounds"], row["result"], row["utilities"]


def negmas_sessions(folder, sessions, steps):
    from negmas.sao import SAOMechanism
    from negmas.sao.negotiators import BoulwareTBNegotiator, ConcederTBNegotiator

    scenario = load_like_parley(folder)
    times, state = [], None
    for _ in range(sessions):
        mechanism = SAOMechanism(outcome_space=scenario.outcome_space, n_steps=steps)
        mechanism.add(BoulwareTBNegotiator(name="boulware"), ufun=scenario.ufuns[0])
        mechanism.add(ConcederTBNegotiator(name="conceder"), ufun=scenario.ufuns[1])
        start = time.perf_counter()
        state = mechanism.run()
        times.append(time.perf_counter() - start)
    agreement = state.agreement
    utilities = [float(u(agreement)) for u in scenario.ufuns] if agreement is not None else None
    return statistics.median(times), state.step, "agreement" if agreement is not None else "no agreement", utilities


def main():
    args = sys.argv[1:]
    sessions, steps = 10, 1000
    for flag in ("--sessions", "--steps"):
        if flag in args:
            i = args.index(flag)
            value = int(args[i + 1])
            del args[i:i + 2]
            sessions, steps = (value, steps) if flag == "--sessions" else (sessions, value)
    if len(args) < 2:
        sys.exit(__doc__)
    try:
        import negmas
    except ImportError:
        print("compare-sessions: skipped: NegMAS is not installed in this Python")
        return
    binary, folders = args[0], [Path(f) for f in args[1:]]
    print(f"NegMAS {negmas.__version__}; {sessions} sessions of {steps} rounds each; medians")
    print("| scenario | Parley per session | rounds | result | NegMAS run() | steps | result | ratio |")
    print("| --- | ---: | ---: | --- | ---: | ---: | --- | ---: |")
    ratios = []
    for folder in folders:
        p_time, p_rounds, p_result, p_utils = parley(binary, folder, sessions, steps)
        n_time, n_steps, n_result, n_utils = negmas_sessions(folder, sessions, steps)
        ratio = n_time / p_time
        ratios.append(ratio)
        fmt = lambda u: "" if not u else " (" + ", ".join(f"{x:.3f}" for x in u) + ")"
        print(f"| {folder.name} | {p_time * 1e3:.3f} ms | {p_rounds} | {p_result}{fmt(p_utils)} | "
              f"{n_time * 1e3:.1f} ms | {n_steps} | {n_result}{fmt(n_utils)} | {ratio:,.0f}x |")
    print(f"ratio: median {statistics.median(ratios):,.0f}x, lowest {min(ratios):,.0f}x over {len(ratios)} scenarios")


if __name__ == "__main__":
    main()
