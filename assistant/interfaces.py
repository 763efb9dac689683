"""The narrow interfaces of the parts that swap: embedder and vector store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, Sequence, runtime_checkable


@dataclass(frozen=True)
class Passage:
    """A piece of document text put into retrieval, pointing at its provenance row.

    ``kind`` is one of: ``indicator`` (a performance indicator row), ``goal``
    (a project's goal paragraph), ``narrative`` (document prose). ``embed_text``
    is what its vector is computed from, when not the whole text (the head of a
    long paragraph: its topic, at a fraction of the cost).
    """

    id: str
    doc_id: str
    row_id: int
    table_code: str
    kind: str
    text: str
    metadata: dict[str, str | int] = field(default_factory=dict)
    embed_text: str = ""


@dataclass(frozen=True)
class Hit:
    """One retrieval result (llm's ``Entry``: id, score, content, metadata)."""

    id: str
    score: float
    text: str
    metadata: dict[str, str | int]


@runtime_checkable
class Embedder(Protocol):
    """Turns text into vectors. Queries and passages may be embedded differently (e5 prefixes)."""

    name: str

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


@runtime_checkable
class VectorStore(Protocol):
    """Holds passages by id; search returns the nearest ones, optionally filtered by document."""

    def upsert(self, passages: Sequence[Passage]) -> None: ...

    def delete_docs(self, doc_ids: Sequence[str]) -> None: ...

    def delete_ids(self, ids: Sequence[str]) -> None: ...

    def ids(self) -> set[str]: ...

    def search(self, query: str, k: int = 5, doc_ids: Sequence[str] | None = None,
               kinds: Sequence[str] | None = None) -> list[Hit]: ...

    def as_langchain_vectorstore(self) -> Any:
        """The same store as a LangChain ``VectorStore`` (its retriever serves the answer engine)."""
        ...

    def forget(self) -> None:
        """Let go of what this process cached of the store, so that a new one sees other processes' writes."""
        ...
