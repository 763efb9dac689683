"""Ingest throughput per format and its cost split (parse, type+validate, embedding, DuckDB write).
Prints figures; asserts nothing.

    .venv/bin/python benchmarks/ingest.py [FILE ...]   # default: the sample in every format + the real PDFs
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.config import load_settings  # noqa: E402
from assistant.store import Store, bundled_sample  # noqa: E402
from ingest import load  # noqa: E402
from ingest.formats import PARSERS  # noqa: E402


def default_files() -> list[Path]:
    fixtures = ROOT / "tests" / "fixtures" / "docs"
    stem = "北京市政务服务中心_2026_部门预算"
    files = [bundled_sample()] + [fixtures / f"{stem}{suffix}" for suffix in (".csv", ".xls", ".xlsx", "_单表.xlsx", ".pdf")]
    real = ROOT.parent / "shared" / "real"
    return [f for f in files if f.exists()] + sorted(real.glob("*.pdf"))


class TimedVectors:
    """The real vector store, with the time spent embedding and storing passages counted."""

    def __init__(self, inner) -> None:
        self.inner, self.seconds = inner, 0.0

    def upsert(self, passages) -> None:
        started = time.perf_counter()
        self.inner.upsert(passages)
        self.seconds += time.perf_counter() - started

    def __getattr__(self, name):
        return getattr(self.inner, name)


def measure(path: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as data_dir:
        store = Store(load_settings(data_dir=Path(data_dir)))
        vectors = TimedVectors(store.vectors())
        started = time.perf_counter()
        PARSERS[path.suffix.lower()](path)
        parse = time.perf_counter() - started
        started = time.perf_counter()
        prepared = load.prepare(path)
        typed = time.perf_counter() - started - parse  # prepare() parses again: the rest is typing + checks
        started = time.perf_counter()
        with store.writer() as con:
            load.write_document(con, vectors, prepared)
        write = time.perf_counter() - started - vectors.seconds
        rows = len(prepared.facts["source_rows"])
        total = parse + typed + vectors.seconds + write
        return {"rows": rows, "parse": parse, "typed": max(typed, 0.0), "embed": vectors.seconds, "write": write,
                "total": total, "passages": len(prepared.passages)}


def main() -> None:
    files = [Path(arg) for arg in sys.argv[1:]] or default_files()
    print(f"{'file':<46} {'rows':>5} {'pass.':>5} {'parse s':>8} {'type s':>7} {'embed s':>8} {'write s':>8} "
          f"{'docs/s':>7} {'rows/s':>7}")
    for path in files:
        m = measure(path)
        print(f"{path.name[:46]:<46} {m['rows']:>5} {m['passages']:>5} {m['parse']:>8.3f} {m['typed']:>7.3f} "
              f"{m['embed']:>8.3f} {m['write']:>8.3f} {1 / m['total']:>7.2f} {m['rows'] / m['total']:>7.0f}")


if __name__ == "__main__":
    main()
