#!/usr/bin/env python3
"""Plays Parley's ANAC agents and negmas-genius-agents' versions of the same agents against the
same opponents on the same GENIUS domains, and prints the two side by side.

    scripts/compare-agents.py PARLEY_BINARY FOLDER... [--agents a,b] [--seeds N] [--rounds R] [--markdown]

Seeds run from 1 to N (3 by default), rounds are 1000 by default; --markdown prints the table of
docs/negotiators.md.

Run it with a Python that has NegMAS 0.16 and negmas-genius-agents
(`python3 -m venv /tmp/negmas-venv && /tmp/negmas-venv/bin/pip install "negmas>=0.16,<0.17"
negmas-genius-agents`). Without them it says so in one line and exits 0.

Like for like:
- the same opponents: NegMAS's BoulwareTBNegotiator (1 - t^4) is Parley's `time:0.25`, its
  ConcederTBNegotiator (1 - t^0.25) is Parley's `time:4`;
- the same utilities: NegMAS reads the GENIUS folder without discounting, its discrete
  evaluations divided by each issue's largest as GENIUS (and Parley) do, a missing reservation
  value 0, no weight on the one-option DUMMY_ISSUE NegMAS adds for a gap in the issue indices;
  both sides' agreements are scored with these NegMAS utility functions;
- the same session: the agent is the first party with the first profile, the opponent second,
  R rounds (NegMAS `n_steps=R`), no time limit;
- seeds: Parley's `--seed S`; NegMAS's agents draw from Python's `random` (and NumPy), seeded
  with S before each session.
The distance to the Pareto frontier is the Euclidean distance in utility space from the
agreement to the nearest frontier outcome, averaged over agreements (no agreement has none).
"""
import json, math, random, subprocess, sys
from pathlib import Path

from negmas_genius import load_like_parley as load

# Parley name -> negmas-genius-agents class; the agents Parley has built so far are the default.
BUILT = ["agentk", "hardheaded", "gahboninho", "iamhaggler2011", "cuhkagent", "the-negotiator-reloaded", "omac", "atlas3"]
AGENTS = {
    "agentk": "AgentK",
    "hardheaded": "HardHeaded",
    "cuhkagent": "CUHKAgent",
    "atlas3": "Atlas3",
    "omac": "OMACAgent",
    "the-negotiator-reloaded": "TheNegotiatorReloaded",
    "gahboninho": "Gahboninho",
    "iamhaggler2011": "IAMhaggler2011",
}
OPPONENTS = {"boulware": ("time:0.25", "BoulwareTBNegotiator"), "conceder": ("time:4", "ConcederTBNegotiator")}


def frontier(scenario):
    """The Pareto-optimal utility pairs of the two profiles (outcomes enumerated)."""
    points = sorted({(float(scenario.ufuns[0](o)), float(scenario.ufuns[1](o)))
                     for o in scenario.outcome_space.enumerate_or_sample(max_cardinality=2_000_000)}, reverse=True)
    result, best_second = [], -math.inf
    for first, second in points:  # descending in the first utility
        if second > best_second:
            result.append((first, second))
            best_second = second
    return result


def distance(point, pareto):
    return min(math.dist(point, p) for p in pareto)


def parley_session(binary, folder, scenario, agent, opponent, rounds, seed):
    out = subprocess.run(
        [binary, "run", str(folder), "--protocol", "alternating-offers", "--negotiators", f"{agent},{opponent}",
         "--rounds", str(rounds), "--seed", str(seed), "--json"], check=True, capture_output=True, text=True).stdout
    result = json.loads(out)["result"]
    if result["reason"] != "agreement":
        return None
    chosen = result["agreement"]
    outcome = tuple(type_like(issue, chosen.get(issue.name)) for issue in scenario.outcome_space.issues)
    return tuple(float(u(outcome)) for u in scenario.ufuns)


def type_like(issue, text):
    """An option of the issue written as Parley prints it, as the issue's own value; the only
    option of an issue NegMAS added (it numbers a gap in a GENIUS domain's issue indices
    `DUMMY_ISSUE`), which Parley does not have."""
    values = list(issue.all)
    if text is None and len(values) == 1:
        return values[0]
    for value in values:
        if str(value) == str(text):
            return value
    raise ValueError(f"{text!r} is not an option of issue {issue.name}")


def negmas_session(scenario, agent_class, opponent_class, rounds, seed):
    import numpy
    from negmas.sao import SAOMechanism

    random.seed(seed)
    numpy.random.seed(seed)
    mechanism = SAOMechanism(outcome_space=scenario.outcome_space, n_steps=rounds)
    mechanism.add(agent_class(name="agent"), ufun=scenario.ufuns[0])
    mechanism.add(opponent_class(name="opponent"), ufun=scenario.ufuns[1])
    state = mechanism.run()
    if state.agreement is None:
        return None
    return tuple(float(u(state.agreement)) for u in scenario.ufuns)


def summary(results, pareto):
    deals = [r for r in results if r is not None]
    if not deals:
        return len(results), 0, None, None, None
    mean = lambda xs: sum(xs) / len(xs)
    return (len(results), len(deals), mean([d[0] for d in deals]), mean([d[1] for d in deals]),
            mean([distance(d, pareto) for d in deals]))


def cell(value, digits=3):
    return "—" if value is None else f"{value:.{digits}f}"


def main():
    args = sys.argv[1:]
    options = {"--agents": ",".join(BUILT), "--seeds": "3", "--rounds": "1000"}
    markdown = "--markdown" in args
    if markdown:
        args.remove("--markdown")
    for flag in options:
        if flag in args:
            i = args.index(flag)
            options[flag] = args[i + 1]
            del args[i:i + 2]
    if len(args) < 2:
        sys.exit(__doc__)
    try:
        import negmas
        import negmas_genius_agents
        from negmas.sao import negotiators as sao_negotiators
    except ImportError:
        print("compare-agents: skipped: NegMAS and negmas-genius-agents are not installed in this Python")
        return
    binary, folders = args[0], [Path(f) for f in args[1:]]
    agents = options["--agents"].split(",")
    seeds, rounds = int(options["--seeds"]), int(options["--rounds"])
    header = ["domain", "agent", "opponent", "agreements Parley", "agreements NegMAS", "agent u Parley",
              "agent u NegMAS", "opponent u Parley", "opponent u NegMAS", "Pareto distance Parley",
              "Pareto distance NegMAS"]
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + " --- |" * len(header))
    else:
        print("\t".join(header))
    for folder in folders:
        scenario = load(folder)
        pareto = frontier(scenario)
        for agent in agents:
            agent_class = getattr(negmas_genius_agents, AGENTS[agent])
            for opponent, (parley_opponent, negmas_opponent) in OPPONENTS.items():
                opponent_class = getattr(sao_negotiators, negmas_opponent)
                ours = [parley_session(binary, folder, scenario, agent, parley_opponent, rounds, s) for s in range(1, seeds + 1)]
                theirs = [negmas_session(scenario, agent_class, opponent_class, rounds, s) for s in range(1, seeds + 1)]
                a, b = summary(ours, pareto), summary(theirs, pareto)
                row = [folder.name, f"`{agent}`" if markdown else agent, opponent, f"{a[1]}/{a[0]}", f"{b[1]}/{b[0]}",
                       cell(a[2]), cell(b[2]), cell(a[3]), cell(b[3]), cell(a[4]), cell(b[4])]
                print(("| " + " | ".join(row) + " |") if markdown else "\t".join(row), flush=True)


if __name__ == "__main__":
    main()
