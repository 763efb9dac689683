#!/usr/bin/env bash
# Fresh machine → installed → the bundled sample budget ingested and shown. No network beyond PyPI, no API key.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -e .
export BUDGET_QA_DATA_DIR="${BUDGET_QA_DATA_DIR:-$PWD/.data}"
.venv/bin/budget-qa ingest "assistant/data/sample/北京市政务服务中心_2026_部门预算.txt"
.venv/bin/budget-qa docs
.venv/bin/budget-qa tables
.venv/bin/budget-qa show 预算03表
