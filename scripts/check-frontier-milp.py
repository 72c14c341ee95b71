#!/usr/bin/env python3
"""Checks Parley's exact frontiers of GENIUS hyper-rectangle domains against an independent
solver: the same epsilon-constraint sequence, each step a mixed-integer program solved by
HiGHS (scipy.optimize.milp), built straight from the GENIUS XML.

    python3 -m venv /tmp/milp && /tmp/milp/bin/pip install scipy
    /tmp/milp/bin/python scripts/check-frontier-milp.py .build/release/parley FOLDER...

For each folder it prints the number of frontier points each side found and the points on
which they differ (none, when they agree). Box weights must be integers, as in ANAC 2014.
"""

import glob
import json
import os
import re
import subprocess
import sys
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


def read_profile(path):
    text = open(path).read()
    scale = float(re.search(r'maxutility="([^"]+)"', text).group(1))
    boxes = []
    for attributes, body in re.findall(r"<hyperRectangle([^>]*)>(.*?)</hyperRectangle>", text, re.S):
        weight = float(re.search(r'utility="([^"]+)"', attributes).group(1))
        if weight != int(weight):
            sys.exit(f"{path}: box weight {weight} is not an integer")
        bounds = [
            (int(index) - 1, int(low), int(high))
            for _, index, low, high in re.findall(r'<(INCLUDES|EXCLUDES) index="(\d+)" min="(-?\d+)" max="(-?\d+)"', body)
        ]
        boxes.append((int(weight), bounds, "<EXCLUDES" in body))
    return scale, boxes


def read_issues(folder):
    domain = [f for f in glob.glob(os.path.join(folder, "*.xml")) if "<issue" in open(f).read() and "hyperRectangle" not in open(f).read()]
    text = open(domain[0]).read()
    return [(int(low), int(high)) for low, high in re.findall(r'<issue[^>]*lowerbound="(-?\d+)"[^>]*upperbound="(-?\d+)"', text)]


class Model:
    """Binary x per issue option, one indicator per box; party sums are integers."""

    def __init__(self, issues, profiles):
        self.columns = 0
        self.x = []
        for low, high in issues:
            self.x.append({value: self.new() for value in range(low, high + 1)})
        self.rows, self.lower, self.upper = [], [], []
        self.sums = []
        for _, boxes in profiles:
            terms = {}
            for weight, bounds, exclusive in boxes:
                y = self.new()
                terms[y] = terms.get(y, 0) + weight
                if exclusive:
                    # Pays when outside on some issue: y ≤ Σ x outside.
                    row = {y: 1}
                    for issue, low, high in bounds:
                        for value, column in self.x[issue].items():
                            if not low <= value <= high:
                                row[column] = row.get(column, 0) - 1
                    self.add(row, -np.inf, 0)
                else:
                    for issue, low, high in bounds:
                        row = {y: 1}
                        for value, column in self.x[issue].items():
                            if low <= value <= high:
                                row[column] = -1
                        self.add(row, -np.inf, 0)
            self.sums.append(terms)
        for options in self.x:
            self.add({column: 1 for column in options.values()}, 1, 1)

    def new(self):
        self.columns += 1
        return self.columns - 1

    def add(self, row, low, high):
        self.rows.append(row)
        self.lower.append(low)
        self.upper.append(high)

    def maximise(self, party, holding=None):
        """Max of party's sum with the other party's sum at least holding[1]; (value, x)."""
        matrix = np.zeros((len(self.rows) + (1 if holding else 0), self.columns))
        for index, row in enumerate(self.rows):
            for column, value in row.items():
                matrix[index, column] = value
        lower, upper = list(self.lower), list(self.upper)
        if holding:
            for column, weight in self.sums[holding[0]].items():
                matrix[-1, column] = weight
            lower.append(holding[1])
            upper.append(np.inf)
        cost = np.zeros(self.columns)
        for column, weight in self.sums[party].items():
            cost[column] = -weight
        result = milp(cost, constraints=LinearConstraint(matrix, lower, upper), bounds=Bounds(0, 1), integrality=np.ones(self.columns))
        if result.status != 0:
            return None
        return round(-result.fun), result.x

    def value(self, party, x):
        return round(sum(weight * x[column] for column, weight in self.sums[party].items()))


def frontier(folder):
    issues = read_issues(folder)
    profiles = [read_profile(path) for path in sorted(glob.glob(os.path.join(folder, "profile-*.xml")))]
    model = Model(issues, profiles)
    caps = [int(np.ceil(scale - 1e-9)) for scale, _ in profiles]
    points, level = [], None
    while True:
        first = model.maximise(0, (1, level) if level is not None else None)
        if first is None:
            break
        reached = min(first[0], caps[0])
        second = model.maximise(1, (0, reached))
        if second is None:
            break
        value = second[0]
        points.append((reached / profiles[0][0], min(value, caps[1]) / profiles[1][0]))
        if value >= caps[1]:
            break
        level = value + 1
    return [(min(1, a), min(1, b)) for a, b in points]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    parley, folders = sys.argv[1], sys.argv[2:]
    for folder in folders:
        started = time.time()
        reference = frontier(folder)
        elapsed = time.time() - started
        output = subprocess.run([parley, "analyze", folder, "--json", "--time-limit", "600"], capture_output=True, text=True)
        if output.returncode != 0:
            print(f"{os.path.basename(folder.rstrip('/'))}: parley analyze failed: {output.stderr.strip()}")
            continue
        computed = [tuple(point["utilities"]) for point in json.loads(output.stdout)["frontier"]]
        close = lambda a, b: all(abs(x - y) <= 1e-9 for x, y in zip(a, b))
        missing = [p for p in reference if not any(close(p, q) for q in computed)]
        extra = [q for q in computed if not any(close(p, q) for p in reference)]
        verdict = "agree" if not missing and not extra else f"DIFFER: missing {missing}, extra {extra}"
        print(f"{os.path.basename(folder.rstrip('/'))}: HiGHS {len(reference)} points in {elapsed:.1f} s, Parley {len(computed)}: {verdict}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
