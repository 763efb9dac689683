"""One store behind the long-running front ends (the Streamlit apps, the HTTP API).

The CLI opens an engine per command; a server keeps one open and serves many users from
threads. :class:`Assistant` is that engine and its store behind one lock: questions,
what the store holds, and the changes a staff user may make (ingest, remove). Whoever
writes the store — this process, another app, the CLI — the next call sees it: the
engine is rebuilt on the new readers' copy (assistant/store.py).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from assistant import catalog
from assistant.config import Settings
from assistant.db import queries
from assistant.store import Store
from assistant.types import Answer

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Validation:
    """A document's validation report: every identity checked, the failures named, the reading's warnings."""

    checks: list[tuple[str, str, object, object, str]]  # name, status, expected, actual, detail
    warnings: list[tuple[str, str | None, int | None, str]]  # scope, table, page, message


class Assistant:
    """Thread-safe: one DuckDB connection serves every caller in turn (an answer takes milliseconds)."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self.store = store or Store(settings)
        self._lock = threading.RLock()
        self._engine = None
        self._version: tuple[int, int] | None = None  # the readers' copy the engine reads
        self._generation = 0

    def _live(self):
        """The engine over the store as it is now: rebuilt when any process has written since."""
        if self._engine is not None and self.store.version() != self._version:
            self.close()
            self.store = self.store.reopened()
            self._generation += 1
        if self._engine is None:
            from assistant.pipeline import Engine

            self.store.snapshot()
            self._version = self.store.version()  # read first: a copy published meanwhile means a rebuild, never a miss
            self._engine = Engine(self.settings, self.store)
        return self._engine

    @property
    def generation(self) -> int:
        """Bumped whenever the store changed since the last call: front ends drop what they cached."""
        with self._lock:
            self._live()
            return self._generation

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.close()
                self._engine = None

    # ------------------------------------------------------------ questions

    def ask(self, question: str, history: list[Answer] | None = None, docs: list[str] | None = None) -> Answer:
        with self._lock:
            return self._live().ask(question, history, docs)

    # ------------------------------------------------------------ what the store holds

    def documents(self) -> list[catalog.DocumentInfo]:
        with self._lock:
            return catalog.documents(self._live().con)

    def document(self, doc_id: str) -> catalog.DocumentInfo:
        with self._lock:
            return catalog.pick_document(self._live().con, doc_id)

    def tables(self, doc_id: str) -> list[catalog.TableInfo]:
        with self._lock:
            return catalog.tables(self._live().con, self.document(doc_id).doc_id)

    def table(self, doc_id: str, table: str) -> tuple[catalog.TableInfo, list[catalog.PublishedRow]]:
        """A table by code or title, with its rows as published."""
        with self._lock:
            con = self._live().con
            doc_id = catalog.pick_document(con, doc_id).doc_id  # a title or file name works as in the CLI
            info = catalog.pick_table(con, doc_id, table)
            return info, catalog.table_rows(con, doc_id, info.table_code)

    def validation(self, doc_id: str) -> Validation:
        with self._lock:
            con = self._live().con
            checks = queries.CHECKS.run(con, [doc_id]).rows
            return Validation(checks, queries.DOC_WARNINGS.run(con, [doc_id]).rows)

    def rows(self, query: queries.Query, params: list) -> list[tuple]:
        """A named query's rows (assistant/db/queries.py), for the modules built on this one."""
        with self._lock:
            return query.run(self._live().con, params).rows

    # ------------------------------------------------------------ changes (staff only)

    def check(self, paths: list[Path], as_one: bool = False):
        """What ingesting the files would give, writing nothing: one report per publication."""
        from ingest.check import check_publications

        return list(check_publications(paths, as_one))

    def ingest(self, paths: list[Path], progress: Progress = lambda message: None, as_one: bool = False,
               replace: bool = False):
        """Ingest files (a bad file changes nothing); the engine then knows the new documents."""
        with self._lock:
            return self.store.ingest(paths, progress=progress, as_one=as_one, replace=replace)

    def remove(self, doc_id: str) -> bool:
        from ingest.load import remove_document

        with self._lock, self.store.writer() as con:
            return remove_document(con, self.store.vectors(), doc_id)
