#!/usr/bin/env bash
# Fresh machine → installed with the test and sentence-transformers extras → the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
# torch pinned to the CPU build first (any other spec pulls a multi-GB CUDA build).
.venv/bin/pip install --quiet "torch==2.13.0"
.venv/bin/pip install --quiet -e ".[st,test]"
.venv/bin/python -m pytest "$@"
