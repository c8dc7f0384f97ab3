#!/usr/bin/env bash
# The whole suite on PostgreSQL and Redis; called by `make test` with DATABASE_URL and REDIS_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
export TRYGGHET_TESTING=true
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
bash scripts/services.sh
exec .venv/bin/pytest "$@"
