#!/usr/bin/env bash
# The whole suite on PostgreSQL and Redis; called by `make test` with DATABASE_URL and REDIS_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
export TRYGGHET_TESTING=true
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
bash scripts/services.sh
# Two workers by default, one per core of the machine CI runs on; TEST_WORKERS=0 runs the
# suite in this one process (for a debugger).
exec .venv/bin/pytest -n "${TEST_WORKERS:-2}" "$@"
