#!/usr/bin/env bash
# Fresh machine → installed with the test and sentence-transformers extras, Debian's chromium and a
# CJK font for the browser tests → the whole test suite.
set -euo pipefail
EXTRAS="st,test" source "$(dirname "$0")/venv.sh"
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
    SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo "sudo")
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
.venv/bin/python -m pytest "$@"
