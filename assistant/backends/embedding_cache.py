"""Passage vectors kept on disk by content: a passage embedded once — in any document, in any earlier
run — is never embedded again (the 名词解释 of one city's departments are word for word the same).

One SQLite file in the data dir, keyed by the embedder, its model and the text's hash; several
processes may share it (SQLite locks it for each write).
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Sequence

import numpy as np

from assistant.interfaces import Embedder

_CHUNK = 500  # keys per lookup (SQLite's parameter limit is well above)


class DiskCachedEmbedder:
    """An :class:`Embedder` that looks passages up on disk before asking the model it wraps."""

    def __init__(self, inner: Embedder, path: Path) -> None:
        self.inner = inner
        self.path = Path(path)

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def model(self) -> str:
        return str(getattr(self.inner, "model", ""))

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        keys = [self._key(text) for text in texts]
        with self._connect() as con:
            found = self._lookup(con, keys)
            missing = {key: text for text, key in zip(texts, keys) if key not in found}
            if missing:
                vectors = self.inner.embed_passages(list(missing.values()))
                rows = [(key, np.asarray(vector, dtype=np.float32).tobytes()) for key, vector in zip(missing, vectors)]
                con.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)
                found.update({key: blob for key, blob in rows})
        return [np.frombuffer(found[key], dtype=np.float32).tolist() for key in keys]

    def _key(self, text: str) -> str:
        return hashlib.sha1(f"{self.name}\x1f{self.model}\x1f{text}".encode("utf-8")).hexdigest()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=30)
        con.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        return con

    @staticmethod
    def _lookup(con: sqlite3.Connection, keys: list[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start:start + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            found.update(con.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk).fetchall())
        return found
