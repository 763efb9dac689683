# Sourced by the set-up scripts: the checkout's .venv with the project installed (extras in $EXTRAS).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
if [ -n "${EXTRAS:-}" ]; then
    # torch pinned to the CPU build first (any other spec pulls a multi-GB CUDA build).
    .venv/bin/pip install --quiet "torch==2.13.0"
fi
.venv/bin/pip install --quiet -e ".${EXTRAS:+[$EXTRAS]}"
