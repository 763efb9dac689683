#!/usr/bin/env bash
# Fresh machine → installed → the staff chat open on the bundled sample budget. No network beyond
# PyPI, no API key. Pass flags through (bash scripts/start.sh --port 8600; --public for the FAQ bot).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -e .
export BUDGET_QA_DATA_DIR="${BUDGET_QA_DATA_DIR:-$PWD/.data}"
exec .venv/bin/budget-qa ui "$@"
