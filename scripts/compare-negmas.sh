#!/usr/bin/env bash
# Times Parley and NegMAS side by side, in one run, on the same GENIUS folders, and prints
# the ratios.
#
#   scripts/compare-negmas.sh [FOLDER...]
#
# Default folders: y2010-Travel, y2016-parsCat and the synthetic scale scenarios of
# Tests/Fixtures. NegMAS's side needs ../shared/bench/negmas_reference.py beside the
# repository (or PARLEY_SHARED); without it the script says so in one line and exits 0.
# Environment:
#   NEGMAS_VENV   virtualenv with negmas (created and pip-installed when missing; default /tmp/negmas-venv)
#   RUNS          Parley runs per measurement, medians reported (default 7)
#   SCRATCH       SwiftPM scratch path for the release build (default .build)
#   OUT           where to keep the raw JSON of both tools (default /tmp/parley-vs-negmas)
#   NEGMAS_LIMIT  largest space NegMAS analyses (default 2000000, negmas_reference.py's own limit;
#                 synthetic-7x10 needs 10000000: about a minute and several GB in NegMAS)
#   STATIC        1 (default) links Swift's runtime statically, as a release binary would ship;
#                 it only changes `parley analyze`'s process start, not the analysis
#
# NegMAS is timed by ../shared/bench/negmas_reference.py (its own perf_counter timers around
# pareto_frontier, nash_points + kalai_points), one child process per folder so that its peak
# memory is its own; Parley by `parley bench --json` (in-process, after a warm-up run). Loading
# the files is timed by neither. `parley analyze` is also timed end to end as a command
# (process start, XML parsing, analysis, JSON output).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SHARED="${PARLEY_SHARED:-$ROOT/../shared}"
VENV="${NEGMAS_VENV:-/tmp/negmas-venv}"
RUNS="${RUNS:-7}"
SCRATCH="${SCRATCH:-.build}"
NEGMAS_LIMIT="${NEGMAS_LIMIT:-2000000}"
STATIC="${STATIC:-1}"
OUT="${OUT:-/tmp/parley-vs-negmas}"
mkdir -p "$OUT"

if [ ! -f "$SHARED/bench/negmas_reference.py" ]; then
  echo "compare-negmas: skipped: $SHARED/bench/negmas_reference.py not found (set PARLEY_SHARED)"
  exit 0
fi

if [ "$#" -gt 0 ]; then
  FOLDERS=("$@")
else
  FOLDERS=(
    "$ROOT/Tests/Fixtures/genius/y2010-Travel"
    "$ROOT/Tests/Fixtures/genius/y2016-parsCat"
    "$ROOT/Tests/Fixtures/synthetic/synthetic-4x10"
    "$ROOT/Tests/Fixtures/synthetic/synthetic-5x10"
    "$ROOT/Tests/Fixtures/synthetic/synthetic-6x10"
    "$ROOT/Tests/Fixtures/synthetic/synthetic-7x10"
  )
fi

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import negmas" 2>/dev/null; then
  echo "compare-negmas: installing negmas into $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet negmas
fi

echo "compare-negmas: building parley (release)" >&2
BUILD_FLAGS=(-c release --scratch-path "$SCRATCH" --product parley)
[ "$STATIC" = 1 ] && BUILD_FLAGS+=(--static-swift-stdlib)
(cd "$ROOT" && swift build "${BUILD_FLAGS[@]}" >&2)
PARLEY="$ROOT/$SCRATCH/release/parley"

echo "compare-negmas: NegMAS $("$VENV/bin/python" -c 'import negmas; print(negmas.__version__)')" >&2
: > "$OUT/negmas.jsonl"
for folder in "${FOLDERS[@]}"; do
  echo "compare-negmas: NegMAS on $(basename "$folder")" >&2
  # One child per folder; ru_maxrss of the finished child is its peak resident set (KiB).
  "$VENV/bin/python" - "$SHARED/bench/negmas_reference.py" "$folder" "$NEGMAS_LIMIT" >> "$OUT/negmas.jsonl" <<'PY'
import json, resource, subprocess, sys
script, folder, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
# The reference script as it is, with its size limit set from NEGMAS_LIMIT.
child = ("import importlib.util, sys; spec = importlib.util.spec_from_file_location('negmas_reference', sys.argv[1]); "
         "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); m.LIMIT = int(sys.argv[2]); "
         "sys.argv = [sys.argv[1]] + sys.argv[3:]; m.main()")
run = subprocess.run([sys.executable, "-c", child, script, str(limit), folder, "--negotiations", "0"],
                     capture_output=True, text=True)
rows = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
row = rows[-1] if rows else {"scenario": folder.rstrip("/").split("/")[-1], "error": run.stderr.strip()[-300:]}
row["peak_rss_bytes"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps(row))
PY
done

echo "compare-negmas: Parley" >&2
"$PARLEY" bench --json --runs "$RUNS" "${FOLDERS[@]}" > "$OUT/parley.jsonl"

# `parley analyze` as a user runs it: the whole command, median of RUNS.
: > "$OUT/analyze.jsonl"
for folder in "${FOLDERS[@]}"; do
  python3 - "$PARLEY" "$folder" "$RUNS" >> "$OUT/analyze.jsonl" <<'PY'
import json, statistics, subprocess, sys, time
parley, folder, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = []
for _ in range(runs + 1):
    start = time.perf_counter()
    subprocess.run([parley, "analyze", folder, "--json"], check=True, stdout=subprocess.DEVNULL)
    times.append(time.perf_counter() - start)
print(json.dumps({"folder": folder, "analyze_command_s": statistics.median(times[1:])}))
PY
done

python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
load = lambda name: [json.loads(l) for l in open(f"{out}/{name}") if l.strip()]
negmas = {r["scenario"]: r for r in load("negmas.jsonl")}
parley = load("parley.jsonl")
command = {r["folder"].rstrip("/").split("/")[-1]: r["analyze_command_s"] for r in load("analyze.jsonl")}

def ms(s): return "—" if s is None else (f"{s * 1e3:.2f} ms" if s < 1 else f"{s:.2f} s")
def mb(b): return "—" if b is None else f"{b / 1048576:.0f} MB"
def ratio(a, b): return "—" if a is None or not b else f"{a / b:,.0f}x"

head = ["scenario", "outcomes", "parties", "NegMAS frontier+Nash+Kalai", "Parley frontier+solutions", "ratio",
        "NegMAS frontier", "Parley analysis", "ratio", "parley analyze command", "ratio",
        "NegMAS peak", "Parley peak"]
rows = []
for p in parley:
    n = negmas.get(p["scenario"], {})
    pareto = n.get("pareto_s")
    nk = pareto + n["nash_kalai_s"] if pareto is not None and "nash_kalai_s" in n else None
    cmd = command.get(p["scenario"])
    rows.append([p["scenario"], f"{int(p['outcomes'])}", str(p["parties"]), ms(nk), ms(p["frontier_solutions_s"]),
                 ratio(nk, p["frontier_solutions_s"]), ms(pareto), ms(p["analysis_s"]), ratio(pareto, p["analysis_s"]),
                 ms(cmd), ratio(pareto, cmd), mb(n.get("peak_rss_bytes")), mb(p["peak_rss_bytes"])])
    if "skipped_analysis" in n: rows[-1][3] = "skipped (" + n["skipped_analysis"] + ")"
    if "error" in n: rows[-1][3] = "error: " + n["error"][:40]
width = [max(len(str(r[i])) for r in [head] + rows) for i in range(len(head))]
print("  ".join(h.ljust(w) for h, w in zip(head, width)))
print("  ".join("-" * w for w in width))
for r in rows: print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, width))))
print()
print("NegMAS frontier+Nash+Kalai: pareto_frontier + nash_points + kalai_points. Parley frontier+solutions: frontier, "
      "Nash, Kalai-Smorodinsky, max welfare, egalitarian. Parley analysis: all of that plus the ZOPA count, which "
      "evaluates every outcome for every party; its ratio is against NegMAS's frontier alone. parley analyze command: "
      "the whole process (start, GENIUS XML parsing, analysis, JSON output), ratio against NegMAS's frontier alone.")
print("NegMAS peak: the peak resident set of its child process, loading included. Parley peak: "
      "the bench process's peak resident set during the scenario (growth over the loaded scenario in the JSON).")
print("Raw JSON in " + out + ".")
PY
