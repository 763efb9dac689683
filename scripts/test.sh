#!/usr/bin/env bash
# Fresh machine → installed with the test and sentence-transformers extras, Debian's chromium and a
# CJK font for the browser tests → the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
    SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo "sudo")
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
# torch pinned to the CPU build first (any other spec pulls a multi-GB CUDA build).
.venv/bin/pip install --quiet "torch==2.13.0"
.venv/bin/pip install --quiet -e ".[st,test]"
.venv/bin/python -m pytest "$@"
