"""What the engines need of the engine that calls them, so that they never import the pipeline."""

from __future__ import annotations

from typing import Any, Protocol

import duckdb

from assistant import catalog
from assistant.understand.vocabulary import Entity, Mention, Vocabulary


class Reader(Protocol):
    """The store as the answer engine holds it: a read-only connection, the documents, their
    vocabulary, hybrid retrieval, and the choice of one entity for a span that names several."""

    con: duckdb.DuckDBPyConnection
    docs: list[catalog.DocumentInfo]
    vocabulary: Vocabulary

    def retrieval(self) -> Any: ...

    def choose(self, mention: Mention, u: Any, others: set[Entity]) -> Entity | None: ...

    def names(self, u: Any) -> list[tuple[int, int, Entity]]: ...
