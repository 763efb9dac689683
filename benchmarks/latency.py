"""Answer latency without an LLM on the bundled sample: warm (in-process) p50/p95, and cold
(`budget-qa ask`, process start to answer). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/latency.py [--rounds 5] [--cold 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5, help="passes over the question set (warm)")
    parser.add_argument("--cold", type=int, default=5, help="cold `budget-qa ask` runs")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from assistant.config import load_settings
    from assistant.pipeline import Engine
    from assistant.store import Store, bundled_sample

    questions = [json.loads(line)["question"] for line in (ROOT / "evals" / "seed_public.jsonl").read_text("utf-8").splitlines()]
    with tempfile.TemporaryDirectory() as data_dir:
        settings = load_settings(data_dir=Path(data_dir))
        store = Store(settings)
        store.ingest([bundled_sample()])
        engine = Engine(settings, store)
        for question in questions:  # warm-up: every code path and lazy import once
            engine.ask(question)
        timings: list[float] = []
        for _ in range(args.rounds):
            for question in questions:
                started = time.perf_counter()
                engine.ask(question)
                timings.append((time.perf_counter() - started) * 1000)
        engine.close()
        print(f"warm: {len(timings)} answers, p50 {percentile(timings, 0.5):.1f} ms, "
              f"p95 {percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms, mean {statistics.mean(timings):.1f} ms")
        script = Path(sys.executable).with_name("budget-qa")
        env = {**os.environ, "BUDGET_QA_DATA_DIR": data_dir}
        cold = []
        for question in questions[: args.cold]:
            started = time.perf_counter()
            subprocess.run([str(script), "ask", question], env=env, capture_output=True, check=True)
            cold.append(time.perf_counter() - started)
        print(f"cold `budget-qa ask`: {len(cold)} runs, median {statistics.median(cold):.2f} s, max {max(cold):.2f} s")


if __name__ == "__main__":
    main()
