"""The Chroma vector store: passages by id, cosine search, filtered by document and kind.

The collection records which embedder built it (a registered Chroma embedding
function with a config), so it reopens in a new process with the same model and
never falls back to Chroma's default ONNX model, which it would download.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import chromadb
import chromadb.config
import chromadb.errors
import numpy as np
from chromadb import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function
from langchain_core.embeddings import Embeddings as LangChainEmbeddingsBase

from assistant.backends.embedders import get_embedder
from assistant.errors import ConfigError
from assistant.interfaces import Embedder, Hit, Passage

COLLECTION = "budget_passages"


def _configuration() -> dict[str, Any]:
    # A fresh dict each time: Chroma adds the embedding function to the one it is given.
    return {"hnsw": {"space": "cosine"}}



def _embedder_config(embedder: Embedder) -> dict[str, str]:
    # ``model`` is not part of the Embedder protocol; both of our backends have it.
    return {"embedder": embedder.name, "model": str(getattr(embedder, "model", ""))}


@register_embedding_function
class BudgetEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma's view of our Embedder; its config names the backend so a reopen rebuilds it."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return [np.asarray(v, dtype=np.float32) for v in self.embedder.embed_passages(list(input))]

    def embed_query(self, input: Documents) -> Embeddings:
        # e5 embeds queries with a different prefix than passages; Chroma calls this on query().
        return [np.asarray(self.embedder.embed_query(text), dtype=np.float32) for text in input]

    @staticmethod
    def name() -> str:
        return "budget_qa"

    def get_config(self) -> dict[str, Any]:
        return _embedder_config(self.embedder)

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> BudgetEmbeddingFunction:
        return BudgetEmbeddingFunction(get_embedder(config["embedder"], config.get("model", "")))

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"


class LangChainEmbeddings(LangChainEmbeddingsBase):
    """LangChain's view of our Embedder."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_passages(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text)


def _where(doc_ids: Sequence[str] | None, kinds: Sequence[str] | None) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if doc_ids is not None:
        clauses.append({"doc_id": {"$in": list(doc_ids)}})
    if kinds is not None:
        clauses.append({"kind": {"$in": list(kinds)}})
    if len(clauses) > 1:
        return {"$and": clauses}
    return clauses[0] if clauses else None


def _is_empty(values: Sequence[str] | None) -> bool:
    """An empty filter (as opposed to None) matches nothing."""
    return values is not None and len(values) == 0


def _metadata(passage: Passage) -> dict[str, str | int]:
    # The provenance fields win over a same-named key in Passage.metadata.
    core = {"doc_id": passage.doc_id, "row_id": passage.row_id,
            "table_code": passage.table_code, "kind": passage.kind}
    return {**passage.metadata, **core}


class ChromaStore:
    """A VectorStore on a persistent Chroma collection at ``path``."""

    def __init__(self, path: Path, embedder: Embedder, collection: str = COLLECTION) -> None:
        self.path = Path(path)
        self.embedder = embedder
        self.collection_name = collection
        self._ef = BudgetEmbeddingFunction(embedder)
        self.path.mkdir(parents=True, exist_ok=True)
        self._client = chromadb.PersistentClient(
            path=str(self.path), settings=chromadb.config.Settings(anonymized_telemetry=False))
        self._collection = self._open()

    def forget(self) -> None:
        """Drop this process's Chroma system for the path (Chroma keeps one per path, with its index in
        memory), so that the next ChromaStore on it reads what other processes wrote. This object is
        not used again."""
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient._identifier_to_system.pop(str(self.path), None)  # no public way in chromadb 1.x
        SharedSystemClient._identifier_to_refcount.pop(str(self.path), None)

    def _open(self) -> Any:
        try:
            return self._client.get_or_create_collection(
                self.collection_name, configuration=_configuration(), embedding_function=self._ef)
        except ValueError:
            # Built by another embedding function (Chroma compares only the names): open it
            # without one, so nothing is embedded with the wrong model; embedder_matches is False.
            return self._client.get_collection(self.collection_name, embedding_function=None)

    @property
    def embedder_matches(self) -> bool:
        """True if the collection was built with the configured embedder (name and model)."""
        stored = (self._collection.configuration_json or {}).get("embedding_function") or {}
        return stored.get("name") == self._ef.name() and stored.get("config") == self._ef.get_config()

    def _check_embedder(self) -> None:
        if not self.embedder_matches:
            stored = (self._collection.configuration_json or {}).get("embedding_function") or {}
            built_with = (stored.get("config") or {}).get("embedder") or stored.get("name") or "?"
            raise ConfigError(key="embedder", reason=(
                f"向量库 {self.path} 由 {built_with} 建立，与当前的 {self.embedder.name} 不符，"
                f"请重新导入以重建向量库 (the vector store was built with {built_with}; "
                f"re-ingest to rebuild it)"))

    def reset(self) -> None:
        """Drop the collection and create it empty with the configured embedder."""
        try:
            self._client.delete_collection(self.collection_name)
        except (ValueError, chromadb.errors.NotFoundError):
            pass  # nothing to drop
        self._collection = self._open()

    def count(self) -> int:
        return self._collection.count()

    def upsert(self, passages: Sequence[Passage]) -> None:
        self._check_embedder()
        # Chroma refuses duplicate ids within one call; the last passage with an id wins.
        unique = list({p.id: p for p in passages}.values())
        step = self._client.get_max_batch_size()
        for start in range(0, len(unique), step):
            batch = unique[start:start + step]
            vectors = self.embedder.embed_passages([p.embed_text or p.text for p in batch])
            self._collection.upsert(ids=[p.id for p in batch], documents=[p.text for p in batch],
                                    embeddings=[np.asarray(v, dtype=np.float32) for v in vectors],
                                    metadatas=[_metadata(p) for p in batch])

    def delete_docs(self, doc_ids: Sequence[str]) -> None:
        if doc_ids:
            self._collection.delete(where={"doc_id": {"$in": list(doc_ids)}})

    def delete_ids(self, ids: Sequence[str]) -> None:
        step = self._client.get_max_batch_size()
        for start in range(0, len(ids), step):
            self._collection.delete(ids=list(ids[start:start + step]))

    def ids(self) -> set[str]:
        found: set[str] = set()
        page = 1000
        while True:
            got = self._collection.get(include=[], limit=page, offset=len(found))["ids"]
            found.update(got)
            if len(got) < page:
                return found

    def search(self, query: str, k: int = 5, doc_ids: Sequence[str] | None = None,
               kinds: Sequence[str] | None = None) -> list[Hit]:
        self._check_embedder()
        if k <= 0 or _is_empty(doc_ids) or _is_empty(kinds) or self._collection.count() == 0:
            return []
        result = self._collection.query(query_texts=[query], n_results=k, where=_where(doc_ids, kinds),
                                        include=["documents", "metadatas", "distances"])
        return [Hit(id=id_, score=1.0 - float(distance), text=text or "", metadata=dict(meta or {}))
                for id_, text, meta, distance in zip(result["ids"][0], result["documents"][0],
                                                     result["metadatas"][0], result["distances"][0])]

    def as_langchain_vectorstore(self) -> Any:
        """A ``langchain_chroma.Chroma`` on the same client and collection."""
        from langchain_chroma import Chroma

        self._check_embedder()
        return Chroma(client=self._client, collection_name=self.collection_name,
                      embedding_function=LangChainEmbeddings(self.embedder),
                      collection_configuration=_configuration())  # type: ignore[arg-type]
