#!/usr/bin/env bash
# Fuzzes Parley's readers with libFuzzer for a bounded time: the GENIUS XML importer, the
# YAML/JSON scenario reader and the stakeholder-table reader (CSV and YAML).
#
#   scripts/fuzz.sh [SECONDS per harness, default 60]
#
# Each harness starts from its seed corpus in Fuzz/Corpus (copied, so the repository's stays
# as it is) and fails on a crash, on an input that takes over 10 s, or on one that needs over
# 4 GiB. A failing input is left in .build/fuzz/ARTIFACT; make it a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
export PARLEY_FUZZ=1
swift build --package-path Fuzz --sanitize fuzzer >/dev/null
bin=$(swift build --package-path Fuzz --sanitize fuzzer --show-bin-path)
work=.build/fuzz
mkdir -p "$work"
status=0
for harness in genius scenario table; do
  corpus="$work/corpus-$harness"
  rm -rf "$corpus"
  cp -R "Fuzz/Corpus/$harness" "$corpus"
  log="$work/$harness.log"
  if "$bin/fuzz-$harness" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
      -artifact_prefix="$work/" -print_final_stats=1 >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz-$harness: $runs inputs in ${seconds} s, no crash, hang or memory blow-up"
  else
    echo "fuzz-$harness: FAILED (see $log; the input is in $work/)"
    grep -E "ERROR|Fatal error|Crash|timeout|out-of-memory" "$log" | head -5 || true
    status=1
  fi
done
exit $status
