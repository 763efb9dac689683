"""A budget file → one document in DuckDB and its passages in the vector store, atomically.

Steps (``ingest_paths``): parse and check every file first — one bad file and
nothing is written; then per document one DuckDB transaction (a changed file
replaces its document whole; an unchanged one is a no-op). DuckDB is the
source of truth: passages are added to the vector store under new ids before
the transaction commits, and :func:`reconcile` then drops whatever the store
holds that DuckDB does not (an old version's passages, or the leftovers of a
crash), so the two never disagree for long and retrieval never serves a
passage DuckDB does not know.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import duckdb

from assistant.errors import IngestError, ParseError
from assistant.interfaces import Passage, VectorStore
from ingest.detect import detect_meta
from ingest.extract import extract
from ingest.facts import Facts
from ingest.model import ParsedDocument, RawTable
from ingest.passages import build_passages
from ingest.formats import PARSERS
from ingest.validate import Check, validate

Progress = Callable[[str], None]
# Bumped when typing or validation changes what a file yields: an unchanged file is then read again.
EXTRACTION_VERSION = "3"  # 3: “三公” items by stage
_TABLES_NEEDING_TOTAL = ("lines", "summary", "procurement")
# Order of deletion and insertion; documents last in, first out.
FACT_TABLES = ("doc_tables", "source_rows", "cells", "line_items", "summary_items", "projects", "indicators",
               "three_public", "procurement", "validations", "passages")


@dataclass
class Prepared:
    """A file parsed, typed and checked, ready to write."""

    doc: ParsedDocument
    doc_id: str
    facts: Facts
    checks: list[Check]
    passages: list[Passage]


@dataclass(frozen=True)
class IngestOutcome:
    source_name: str
    doc_id: str
    title: str
    status: str  # added | replaced | unchanged
    n_tables: int
    n_rows: int
    warnings: int


def document_id(department: str, year: int | None, kind: str) -> str:
    """Stable for a department's budget of a year: a revised file of it replaces it."""
    return hashlib.sha1(f"{department}|{year}|{kind}".encode("utf-8")).hexdigest()[:10]


def prepare(path: Path, department: str | None = None, year: int | None = None, kind: str | None = None) -> Prepared:
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        raise IngestError(file=path.name,
                          reason_zh=f"不支持的文件格式“{path.suffix or '无扩展名'}”，支持：{'、'.join(PARSERS)}。",
                          reason_en=f"unsupported file type '{path.suffix or 'none'}'; supported: {', '.join(PARSERS)}.")
    if not path.is_file():
        raise IngestError(file=str(path), reason_zh="文件不存在。", reason_en="no such file.")
    parsed = parser(path)
    _check_structure(path.name, parsed.tables)
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    meta = detect_meta(path.name, parsed.lines, parsed.tables, department, year, kind)
    doc = ParsedDocument(path.name, sha256, meta, parsed.tables, parsed.narrative)
    doc_id = document_id(meta.department, meta.year, meta.kind)
    facts, names = extract(doc, doc_id)
    checks = validate(facts, names)
    return Prepared(doc, doc_id, facts, checks, build_passages(facts, doc_id, sha256[:8]))


def _check_structure(name: str, tables: list[RawTable]) -> None:
    from ingest.extract import classify

    if not tables:
        raise IngestError(file=name,
                          reason_zh="没有找到任何预算表（例如“预算01表 收支总表”），这似乎不是部门预算或决算文件。",
                          reason_en="no budget table found (such as '预算01表 收支总表'); this does not look like a budget.")
    for table in tables:
        where = table.rows[-1].line_no if table.rows else table.heading_line
        page = table.rows[-1].page if table.rows else None
        if not [row for row in table.body_rows if row.role != "note"] and not table.says_empty:
            raise ParseError(file=name, line=where, page=page,
                             reason_zh=f"表“{table.code} {table.title}”没有数据行，文件可能被截断。",
                             reason_en=f"table '{table.code}' has no data rows; the file may be truncated.")
        if classify(table.title) in _TABLES_NEEDING_TOTAL and not table.says_empty \
                and not any(r.role == "total" for r in table.rows):
            raise ParseError(file=name, line=where, page=page,
                             reason_zh=f"表“{table.code} {table.title}”缺少合计行，文件可能被截断。",
                             reason_en=f"table '{table.code}' has no total row; the file may be truncated.")


def ingest_paths(con: duckdb.DuckDBPyConnection, vectors: VectorStore, paths: list[Path],
                 department: str | None = None, year: int | None = None, kind: str | None = None,
                 progress: Progress = lambda message: None) -> list[IngestOutcome]:
    prepared = []
    for path in paths:
        progress(f"解析 {path.name} …")
        prepared.append(prepare(path, department, year, kind))
    outcomes = []
    for item in prepared:
        outcomes.append(write_document(con, vectors, item, progress))
    reconcile(con, vectors)
    return outcomes


def write_document(con: duckdb.DuckDBPyConnection, vectors: VectorStore, item: Prepared,
                   progress: Progress = lambda message: None) -> IngestOutcome:
    doc, facts = item.doc, item.facts
    existing = con.execute("SELECT sha256, extraction_version FROM documents WHERE doc_id = ?",
                           [item.doc_id]).fetchone()
    warnings = sum(not check.ok for check in item.checks)
    same = existing is not None and existing[0] == doc.sha256 and existing[1] == EXTRACTION_VERSION
    outcome = IngestOutcome(doc.source_name, item.doc_id, doc.meta.title,
                            "unchanged" if same else "replaced" if existing else "added",
                            len(doc.tables), len(facts["source_rows"]), warnings)
    if outcome.status == "unchanged":
        progress(f"{doc.source_name} 未变化，跳过。")
        return outcome
    progress(f"向量化 {len(item.passages)} 段文本 …")
    vectors.upsert(item.passages)
    progress(f"写入 {len(facts['source_rows'])} 行 …")
    con.execute("BEGIN TRANSACTION")
    try:
        for table in reversed(FACT_TABLES):
            con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [item.doc_id])
        con.execute("DELETE FROM documents WHERE doc_id = ?", [item.doc_id])
        _insert(con, "documents", [_document_row(item, warnings)])
        facts.rows["validations"] = [check.as_row(item.doc_id) for check in item.checks]
        facts.rows["passages"] = [dict(passage_id=p.id, doc_id=p.doc_id, row_id=p.row_id, table_code=p.table_code,
                                       kind=p.kind, text=p.text, metadata=json.dumps(p.metadata, ensure_ascii=False))
                                  for p in item.passages]
        for table in FACT_TABLES:
            _insert(con, table, facts[table])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return outcome


def _document_row(item: Prepared, warnings: int) -> dict[str, object]:
    meta = item.doc.meta
    units = Counter(table.unit for table in item.doc.tables if table.unit)
    return dict(doc_id=item.doc_id, department=meta.department, year=meta.year, kind=meta.kind, title=meta.title,
                source_name=item.doc.source_name, sha256=item.doc.sha256,
                unit=units.most_common(1)[0][0] if units else None,
                ingested_at=datetime.now(timezone.utc).replace(tzinfo=None),
                validation_status="warnings" if warnings else "ok",
                n_tables=len(item.doc.tables), n_rows=len(item.facts["source_rows"]),
                extraction_version=EXTRACTION_VERSION)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, object]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    placeholders = ", ".join("?" for _ in columns)
    con.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",
                    [[row[column] for column in columns] for row in rows])


def reconcile(con: duckdb.DuckDBPyConnection, vectors: VectorStore) -> tuple[int, int]:
    """Make the vector store hold exactly DuckDB's passages: (added, removed)."""
    known = {row[0]: row for row in con.execute(
        "SELECT passage_id, doc_id, row_id, table_code, kind, text, metadata FROM passages").fetchall()}
    held = vectors.ids()
    stale = held - set(known)
    if stale:
        vectors.delete_ids(sorted(stale))
    missing = [Passage(*known[passage_id][:6], json.loads(known[passage_id][6]))
               for passage_id in sorted(set(known) - held)]
    if missing:
        vectors.upsert(missing)
    return len(missing), len(stale)
