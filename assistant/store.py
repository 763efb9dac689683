"""The data dir: one DuckDB file (facts, provenance) and one Chroma folder (passages).

Front ends get a :class:`Store` from settings; with no store yet, the first
command that needs one ingests the bundled sample budget, so nothing else is
needed to start.

Readers never open the file writers write. DuckDB lets no process write a file that
another process holds open, even read-only, and the staff chat, the public bot and the
HTTP API hold theirs for as long as they run. So each write ends by publishing a copy,
``budget.read.duckdb``, replaced whole (a rename: open readers keep the copy they have);
readers open that copy and notice a new one by its file identity (:meth:`Store.version`).
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Iterator

import duckdb

from assistant.config import Settings
from assistant.db.run import connect, schema_outdated
from assistant.errors import StoreBusy
from assistant.interfaces import VectorStore

SAMPLE_NAME = "北京市政务服务中心_2026_部门预算.txt"


def bundled_sample() -> Path:
    """The sample budget shipped inside the package (a copy, never read from elsewhere)."""
    return Path(str(resources.files("assistant.data").joinpath("sample", SAMPLE_NAME)))


class Store:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._vectors: VectorStore | None = None

    @property
    def exists(self) -> bool:
        return self.settings.db_path.exists()

    def vectors(self) -> VectorStore:
        if self._vectors is None:
            from assistant.backends.chroma_store import ChromaStore
            from assistant.backends.embedders import make_embedder

            vectors = ChromaStore(self.settings.chroma_dir, make_embedder(self.settings))
            if not vectors.embedder_matches and self.exists:
                self._rebuild(vectors)
            self._vectors = vectors
        return self._vectors

    def _rebuild(self, vectors) -> None:
        """The configured embedder changed: re-embed every passage (DuckDB holds them all)."""
        from ingest.load import reconcile

        vectors.reset()
        con = connect(self.settings.db_path, read_only=True)
        try:
            reconcile(con, vectors)
        finally:
            con.close()

    @contextmanager
    def writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The one writable connection; once the work in it is done, the readers' copy is published."""
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        con = connect(self.settings.db_path, read_only=False)
        try:
            yield con
            con.execute("CHECKPOINT")  # everything in the file itself, none in the WAL: a copy is whole
            self._publish()  # still holding the write lock: no other writer changes the file meanwhile
        finally:
            con.close()

    def _publish(self) -> None:
        target = self.settings.read_path
        partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        shutil.copyfile(self.settings.db_path, partial)
        os.replace(partial, target)

    def snapshot(self, progress=lambda message: None) -> Path:
        """The readers' copy, made first if there is none or the store is newer (a store from an
        older version, or a writer that stopped before publishing)."""
        self.ensure_sample(progress)
        target, source = self.settings.read_path, self.settings.db_path
        if not target.exists() or target.stat().st_mtime_ns < source.stat().st_mtime_ns:
            try:
                con = connect(source, read_only=True)  # held while copying: no writer is half-way
            except StoreBusy:
                if target.exists():
                    return target  # a writer is at work: it publishes when done; read the copy there is
                raise
            try:
                self._publish()
            finally:
                con.close()
        return target

    def version(self) -> tuple[int, int] | None:
        """Which copy readers would open now; a change means documents were written since."""
        try:
            found = self.settings.read_path.stat()
        except FileNotFoundError:
            return None
        return found.st_ino, found.st_mtime_ns

    def reopened(self) -> Store:
        """This store as it is on disk now, for a reader that saw a new :meth:`version`: another
        process may have written passages that this process's Chroma index does not hold."""
        if self._vectors is not None:
            self._vectors.forget()
        return Store(self.settings)

    @contextmanager
    def reader(self, progress=lambda message: None) -> Iterator[duckdb.DuckDBPyConnection]:
        con = connect(self.snapshot(progress), read_only=True)
        try:
            yield con
        finally:
            con.close()

    def ingest(self, paths: list[Path], department: str | None = None, year: int | None = None,
               kind: str | None = None, progress=lambda message: None, replace: bool = False, as_one: bool = False,
               workers: int = 1, steps=lambda done, total: None):
        """Ingest files; ``workers`` > 1 parses several files in worker processes (callers whose main
        module is guarded only: the CLI, scripts); ``steps(done, total)`` drives a progress bar."""
        from ingest.load import ingest_paths

        with self.writer() as con:
            return ingest_paths(con, self.vectors(), paths, department, year, kind, progress, replace, as_one,
                                workers, steps)

    def ensure_sample(self, progress=lambda message: None) -> None:
        """First use: no store yet → ingest the bundled sample into it. A store from an older version
        gets its schema brought up to date (new columns; the documents in it stay)."""
        if self.exists:
            published = self.settings.read_path
            if schema_outdated(published if published.exists() else self.settings.db_path):  # a writer may hold the store
                with self.writer():
                    pass
            return
        progress(f"首次使用：正在导入内置示例预算 {SAMPLE_NAME} 到 {self.settings.data_dir} …")
        self.ingest([bundled_sample()], progress=progress)
