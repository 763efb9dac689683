"""The HTTP API under load on the bundled sample: `budget-qa serve` started for real on 127.0.0.1
with 1 and with 2 workers, the 50 public questions sent by concurrent clients; prints latency
p50/p95 per request and throughput. Asserts nothing.

    .venv/bin/python benchmarks/api.py [--clients 8] [--rounds 4] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def start(data_dir: str, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, BUDGET_QA_API_REQUESTS_PER_MINUTE="100000")
    server = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port", str(port), "--workers",
                               str(workers), "--data-dir", data_dir], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return server, url
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def run(url: str, questions: list[str], clients: int) -> tuple[list[float], float]:
    def one(question: str) -> float:
        started = time.perf_counter()
        response = httpx.post(f"{url}/ask", json={"question": question}, timeout=60)
        response.raise_for_status()
        return time.perf_counter() - started

    for question in questions[:5]:  # warm: the first answers build per-document caches
        one(question)
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        times = list(pool.map(one, questions))
    return times, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=4, help="passes over the 50 questions")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    seed = (ROOT / "evals" / "seed_public.jsonl").read_text("utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in seed] * args.rounds
    with tempfile.TemporaryDirectory() as data_dir:
        subprocess.run([sys.executable, "-m", "assistant.cli", "docs", "--data-dir", data_dir], cwd=ROOT,
                       check=True, capture_output=True)  # the store, made once before any server
        for workers in args.workers:
            server, url = start(data_dir, workers)
            try:
                times, seconds = run(url, questions, args.clients)
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(30)
            print(f"workers={workers} clients={args.clients}: {len(times)} requests in {seconds:.1f} s = "
                  f"{len(times) / seconds:.1f} req/s; latency p50 {statistics.median(times) * 1000:.0f} ms, "
                  f"p95 {percentile(times, 0.95) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
