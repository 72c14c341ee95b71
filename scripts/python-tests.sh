#!/usr/bin/env bash
# The Python package's tests (python/tests): the CLI functions against the binary, the server
# client and the NegMAS bridge against a `parley serve` started here on a free loopback port.
#
# Usage: scripts/python-tests.sh [PARLEY_BINARY [TEST ...]]   (default .build/debug/parley, every test)
#
# NegMAS 0.16 and negmas-genius-agents come from the package registry into a virtual environment
# at $PARLEY_VENV (default /tmp/parley-venv), created once; the package is installed into it
# with `pip install ./python` on every run.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "${1:-.build/debug/parley}")
shift || true
PARLEY_VENV=${PARLEY_VENV:-/tmp/parley-venv}

if ! "$PARLEY_VENV/bin/python" -c "import negmas, negmas_genius_agents" 2>/dev/null; then
  python3 -m venv "$PARLEY_VENV" && "$PARLEY_VENV/bin/pip" install --quiet "negmas>=0.16,<0.17" negmas-genius-agents
fi
# With a setuptools in the venv that builds wheels by itself (70.1 or later), build without
# fetching one.
isolation=()
if "$PARLEY_VENV/bin/python" -c "import setuptools, sys; sys.exit(tuple(map(int, setuptools.__version__.split('.')[:2])) < (70, 1))" 2>/dev/null; then
  isolation=(--no-build-isolation)
fi
"$PARLEY_VENV/bin/pip" install --quiet --disable-pip-version-check "${isolation[@]}" ./python

work=$(mktemp -d)
"$binary" serve --port 0 --database "$work/tests.sqlite" > "$work/server.out" 2> "$work/server.log" &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
until grep -q 'serving on' "$work/server.out"; do
  kill -0 "$server"
  sleep 0.1
done
url=$(sed -n 's/^parley: serving on //p' "$work/server.out")

cd python/tests
PARLEY_BINARY="$binary" PARLEY_SERVER="$url" "$PARLEY_VENV/bin/python" -m unittest -v "$@"
