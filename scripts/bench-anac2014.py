#!/usr/bin/env python3
"""Times the whole `parley analyze --json` process on many GENIUS folders and prints the
distribution: median, 95th percentile, worst, and the slowest folders.

    scripts/bench-anac2014.py PARLEY FOLDER... [--time-limit 30] [--json OUT]

Each folder runs once, one after the other (the search uses every core), timed from process
start to exit with `time.perf_counter`. A run counts as exact when the command exits 0 and
its JSON says `"exact": true`. Make the folders with scripts/make-anac2014.py.
"""
import argparse
import json
import math
import os
import subprocess
import time


def quantile(values, q):
    """Type-7 quantile (linear interpolation between order statistics)."""
    ordered = sorted(values)
    h = (len(ordered) - 1) * q
    low = math.floor(h)
    return ordered[low] + (h - low) * (ordered[min(low + 1, len(ordered) - 1)] - ordered[low])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("parley")
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--time-limit", type=float, default=30)
    parser.add_argument("--json", dest="out")
    args = parser.parse_args()
    rows = []
    for folder in args.folders:
        start = time.perf_counter()
        run = subprocess.run([args.parley, "analyze", folder, "--json", "--time-limit", str(args.time_limit)],
                             capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        row = {"folder": os.path.basename(os.path.normpath(folder)), "seconds": elapsed, "status": run.returncode}
        try:
            result = json.loads(run.stdout)
            row.update(exact=result.get("exact"), frontier=len(result.get("frontier", [])), nodes=result.get("nodes"),
                       gap=result.get("gap"))
        except json.JSONDecodeError:
            row.update(exact=None, error=run.stderr.strip()[-200:])
        rows.append(row)
        print(json.dumps(row), flush=True)
    times = [r["seconds"] for r in rows]
    exact = sum(1 for r in rows if r.get("exact") is True and r["status"] == 0)
    print(f"instances {len(rows)}  exact {exact}  median {quantile(times, 0.5):.2f} s  "
          f"p95 {quantile(times, 0.95):.2f} s  worst {max(times):.2f} s")
    for r in sorted(rows, key=lambda r: -r["seconds"])[:5]:
        print(f"  slowest: {r['folder']}  {r['seconds']:.2f} s  exact {r.get('exact')}  nodes {r.get('nodes')}  "
              f"frontier {r.get('frontier')}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
