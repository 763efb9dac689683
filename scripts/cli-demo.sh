#!/usr/bin/env bash
# The command line on the bundled sample: ingest it, show its tables, answer sample questions.
set -euo pipefail
source "$(dirname "$0")/venv.sh"
export BUDGET_QA_DATA_DIR="${BUDGET_QA_DATA_DIR:-$PWD/.data}"
.venv/bin/budget-qa ingest "assistant/data/sample/北京市政务服务中心_2026_部门预算.txt"
.venv/bin/budget-qa docs
.venv/bin/budget-qa tables
.venv/bin/budget-qa show 预算03表
.venv/bin/budget-qa ask "办公设备买了多少钱"
.venv/bin/budget-qa ask "津贴补贴是多少"
.venv/bin/budget-qa ask "支出总表中，基本支出占支出合计的比例是多少？"
.venv/bin/budget-qa ask "信息系统运维类项目对信息系统可用性的要求是多少？"
