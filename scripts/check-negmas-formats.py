#!/usr/bin/env python3
"""Cross-checks Parley's GeniusWeb and NegMAS exports against NegMAS itself.

For every GENIUS fixture folder Parley imports, writes it with `parley convert --format
geniusweb|negmas|negmas-json`, loads the folder with NegMAS (`Scenario.from_geniusweb_folder`,
`Scenario.load`; `Scenario.from_yaml_files` for JSON, which `Scenario.load` does not look for), and compares NegMAS's utilities of random outcomes with `parley evaluate`'s,
to 1e-9, party by party in Parley's order. Exits non-zero on any mismatch, on a party order
NegMAS lists differently, or on a load failure the script does not expect.

Expected, and reported rather than failed: Parley refusing an export (it names party and
issue: hyper-rectangles, weights GeniusWeb would not accept), and NegMAS 0.16 failing to read
a GeniusWeb domain with number issues (its reader knows only `values`, not `range`).

Usage: check-negmas-formats.py [--parley .build/debug/parley] [--fixtures Tests/Fixtures/genius]
                               [--samples 40] [--seed 1]
"""

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile

from negmas.inout import Scenario

TOLERANCE = 1e-9
NOT_IMPORTABLE = {"data-fuzzyagent"}


def parley(binary, *arguments, stdin=None):
    return subprocess.run([binary, *arguments], input=stdin, capture_output=True, text=True)


def base_ufun(ufun):
    """The linear function under a discount, and the per-step factor (1 without one)."""
    if type(ufun).__name__ == "ExpDiscountedUFun":
        return ufun.ufun, ufun.discount if ufun.discount is not None else 1.0
    return ufun, 1.0


def check_folder(binary, folder, work, samples, rng, report):
    name = os.path.basename(folder)
    plain = os.path.join(work, name + ".json")
    converted = parley(binary, "convert", folder, "-o", plain)
    if converted.returncode != 0:
        report["skipped"].append(f"{name}: Parley does not import it ({converted.stderr.strip()})")
        return []
    with open(plain, encoding="utf-8") as handle:
        scenario = json.load(handle)
    issues = scenario["issues"]
    parties = [party["name"] for party in scenario["parties"]]

    outcomes = []
    for _ in range(samples):
        outcome = {}
        for issue in issues:
            if "options" in issue:
                outcome[issue["name"]] = rng.choice(issue["options"])
            else:
                low, high = issue["integer"]
                outcome[issue["name"]] = rng.randint(low, high)
        outcomes.append(outcome)
    lines = "".join(json.dumps(outcome) + "\n" for outcome in outcomes)
    evaluated = parley(binary, "evaluate", folder, "--outcomes", "-", "--round", "5", stdin=lines)
    if evaluated.returncode != 0:
        return [f"{name}: parley evaluate failed: {evaluated.stderr.strip()}"]
    expected = [json.loads(line) for line in evaluated.stdout.splitlines()]
    if len(expected) != len(outcomes):
        return [f"{name}: parley evaluate printed {len(expected)} lines for {len(outcomes)} outcomes"]

    failures = []
    for fmt in ("geniusweb", "negmas", "negmas-json"):
        target = os.path.join(work, f"{name}-{fmt}")
        written = parley(binary, "convert", folder, "--format", fmt, "-o", target)
        if written.returncode != 0:
            message = written.stderr.strip()
            if "party '" in message or "issue '" in message:
                report["refused"].append(f"{name} as {fmt}: {message}")
                continue
            failures.append(f"{name} as {fmt}: convert failed without naming party or issue: {message}")
            continue
        try:
            if fmt == "geniusweb":
                loaded = Scenario.from_geniusweb_folder(target)
            elif fmt == "negmas":
                loaded = Scenario.load(target)
            else:
                # Scenario.load looks for .yml/.yaml only; JSON folders load file by file.
                files = sorted(os.listdir(target))
                ufuns = [os.path.join(target, file) for file in files if file != "domain.json"]
                loaded = Scenario.from_yaml_files(os.path.join(target, "domain.json"), ufuns)
        except Exception as error:  # NegMAS raises what its readers raise
            domain = ""
            if fmt == "geniusweb":
                with open(os.path.join(target, "domain.json"), encoding="utf-8") as handle:
                    domain = handle.read()
            if '"range"' in domain:
                report["negmas-cannot-read"].append(f"{name} as geniusweb: {type(error).__name__}: {error}")
                continue
            failures.append(f"{name} as {fmt}: NegMAS cannot load it: {type(error).__name__}: {error}")
            continue
        if loaded is None:
            failures.append(f"{name} as {fmt}: NegMAS found no scenario")
            continue
        names = [ufun.name for ufun in loaded.ufuns]
        if names != parties:
            failures.append(f"{name} as {fmt}: NegMAS lists the parties {names}, Parley {parties}")
            continue
        issue_names = [issue.name for issue in loaded.outcome_space.issues]
        if issue_names != [issue["name"] for issue in issues]:
            failures.append(f"{name} as {fmt}: NegMAS reads the issues {issue_names}")
            continue
        report["checked"] += 1
        for outcome, values in zip(outcomes, expected):
            point = tuple(outcome[issue] for issue in issue_names)
            for party, ufun, utility, discounted in zip(parties, loaded.ufuns, values["utilities"], values.get("discounted", values["utilities"])):
                linear, factor = base_ufun(ufun)
                try:
                    found = float(linear(point))
                except Exception as error:  # a value NegMAS's function does not know
                    failures.append(f"{name} as {fmt}: NegMAS cannot evaluate {outcome} for {party}: {type(error).__name__}: {error}")
                    break
                if not math.isclose(found, utility, rel_tol=0, abs_tol=TOLERANCE):
                    failures.append(f"{name} as {fmt}: {party} values {outcome} at {found} in NegMAS, {utility} in Parley")
                    break
                # A discount over steps: step s stands for round s + 1, so round 5 is step 4.
                if fmt != "geniusweb" and not math.isclose(found * factor**4, discounted, rel_tol=0, abs_tol=TOLERANCE):
                    failures.append(f"{name} as {fmt}: {party} discounts {found} to {found * factor**4} in NegMAS, {discounted} in Parley")
                    break
                report["comparisons"] += 1
            else:
                continue
            break
        if fmt != "geniusweb":
            reserved = parley(binary, "convert", target, "-o", os.path.join(work, f"{name}-{fmt}-back.json"))
            if reserved.returncode != 0:
                failures.append(f"{name} as {fmt}: Parley cannot read its own export: {reserved.stderr.strip()}")
            else:
                with open(os.path.join(work, f"{name}-{fmt}-back.json"), encoding="utf-8") as handle:
                    back = json.load(handle)
                for party, ufun in zip(back["parties"], loaded.ufuns):
                    value = ufun.reserved_value if ufun.reserved_value is not None else 0.0
                    if not math.isclose(value, party.get("reservation", 0.0), rel_tol=0, abs_tol=TOLERANCE):
                        failures.append(f"{name} as {fmt}: {party['name']} reserves {value} in NegMAS, {party.get('reservation')} in Parley")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parley", default=".build/debug/parley")
    parser.add_argument("--fixtures", default="Tests/Fixtures/genius")
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    rng = random.Random(arguments.seed)
    report = {"checked": 0, "comparisons": 0, "refused": [], "negmas-cannot-read": [], "skipped": []}
    failures = []
    folders = sorted(name for name in os.listdir(arguments.fixtures) if name not in NOT_IMPORTABLE)
    with tempfile.TemporaryDirectory(prefix="parley-negmas-") as work:
        for name in folders:
            failures += check_folder(arguments.parley, os.path.join(arguments.fixtures, name), work, arguments.samples, rng, report)
    for key in ("refused", "negmas-cannot-read", "skipped"):
        for line in report[key]:
            print(f"{key}: {line}")
    print(
        f"check-negmas-formats: {len(folders)} folders, {report['checked']} exports loaded by NegMAS, "
        f"{report['comparisons']} utilities compared, {len(report['refused'])} exports refused by Parley, "
        f"{len(report['negmas-cannot-read'])} GeniusWeb exports with number issues NegMAS cannot read, {len(failures)} failures"
    )
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
