"""Real stores in temp dirs: a DuckDB file and a Chroma folder built from the bundled sample."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings, load_settings
from assistant.pipeline import Engine
from assistant.store import SAMPLE_NAME, Store, bundled_sample


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return bundled_sample()


@pytest.fixture(scope="session")
def sample_lines(sample_path: Path) -> list[str]:
    return sample_path.read_text(encoding="utf-8").split("\n")


def make_settings(data_dir: Path) -> Settings:
    return load_settings(data_dir=data_dir, raise_errors=True)


def query(store: Store, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a read-only query on a real store."""
    with store.reader() as con:
        return con.execute(sql, params or []).fetchall()


def ingested(tmp_path_factory: pytest.TempPathFactory, label: str, *paths: Path) -> Store:
    """A store with real publications ingested for a module's tests (read from ../shared, never copied)."""
    for path in paths:
        assert path.is_file(), f"missing {path} (CI has ../shared beside the checkout)"
    store = Store(make_settings(tmp_path_factory.mktemp(label)))
    store.ingest(list(paths))
    return store


def engine_on(store: Store) -> Iterator[Engine]:
    """An engine over ``store`` for a module's tests, closed after them (``yield from engine_on(store)``)."""
    engine = Engine(store.settings, store)
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """One store with the sample ingested, shared by read-only tests."""
    store = Store(make_settings(tmp_path_factory.mktemp("sample-store")))
    store.ingest([bundled_sample()])
    return store


@pytest.fixture()
def fresh_store(tmp_path: Path) -> Store:
    return Store(make_settings(tmp_path / "data"))


@pytest.fixture()
def sample_copy(tmp_path: Path, sample_path: Path) -> Path:
    """A writable copy of the sample under its own name, for tests that change it."""
    target = tmp_path / "in" / SAMPLE_NAME
    target.parent.mkdir()
    shutil.copy(sample_path, target)
    return target
