#!/usr/bin/env bash
# Runs the whole suite. pytest's exit code 5 ("no tests collected") is a failure here.
set -uo pipefail
cd "$(dirname "$0")/.."
export PYTHONHASHSEED=0
[ -f .test-env ] && source .test-env   # written by scripts/system-deps.sh (PostgreSQL URL, ...)
mkdir -p test-artifacts
.venv/bin/python -m pytest "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
    echo "pytest collected no tests: failing the run" >&2
    exit 1
fi
exit "$rc"
