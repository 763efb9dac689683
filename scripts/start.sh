#!/usr/bin/env bash
# Fresh machine → installed → the staff chat open on the bundled sample budget. No network beyond
# PyPI, no API key. Pass flags through (bash scripts/start.sh --port 8600; --public for the FAQ bot).
set -euo pipefail
source "$(dirname "$0")/venv.sh"
export BUDGET_QA_DATA_DIR="${BUDGET_QA_DATA_DIR:-$PWD/.data}"
exec .venv/bin/budget-qa ui "$@"
