"""What the store holds: documents, their tables, a table's published rows; picking one by name."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

import duckdb

from assistant.db import queries
from assistant.errors import AmbiguousDocument, NotFound
from assistant.types import table_ref
from ingest.normalize import compact


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    title: str
    department: str
    year: int | None
    kind: str
    source_name: str
    n_tables: int
    n_rows: int
    validation_status: str
    n_checks: int
    n_warnings: int
    ingested_at: Any
    sha256: str
    n_notes: int  # warnings of the reading itself: a guessed identity, a table not fully read


@dataclass(frozen=True)
class TableInfo:
    table_code: str
    table_title: str
    table_kind: str
    unit: str | None
    n_rows: int
    is_empty: bool
    column_paths: list[str]


@dataclass(frozen=True)
class PublishedRow:
    row_id: int
    row_no: int
    line_no: int
    page: int | None
    role: str
    cells: list[str]


def documents(con: duckdb.DuckDBPyConnection) -> list[DocumentInfo]:
    return [DocumentInfo(*row) for row in queries.DOCUMENTS.run(con).rows]


def pick_document(con: duckdb.DuckDBPyConnection, wanted: str | None) -> DocumentInfo:
    """By id, file name, title or department (a unique substring is enough); None works with one document."""
    docs = documents(con)
    if not docs:
        raise NotFound(what_zh="文件", what_en="document", name="（空库）", hint_zh="请先用 budget-qa ingest 导入。",
                       hint_en="Ingest one with budget-qa ingest first.")
    if wanted is None:
        if len(docs) == 1:
            return docs[0]
        raise AmbiguousDocument(choices="；".join(f"{d.doc_id} {d.title}" for d in docs))
    key = compact(wanted)
    exact = [d for d in docs if key in (d.doc_id, compact(d.source_name), compact(d.title))]
    matches = exact or [d for d in docs if key in compact(d.title) or key in compact(d.source_name)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise AmbiguousDocument(choices="；".join(f"{d.doc_id} {d.title}" for d in matches))
    raise NotFound(what_zh="文件", what_en="document", name=wanted,
                   hint_zh="可选：" + "；".join(f"{d.doc_id} {d.title}" for d in docs),
                   hint_en="Choices: " + "; ".join(f"{d.doc_id} {d.title}" for d in docs))


def tables(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[TableInfo]:
    return [TableInfo(*row) for row in queries.TABLES.run(con, [doc_id]).rows]


def pick_table(con: duckdb.DuckDBPyConnection, doc_id: str, wanted: str) -> TableInfo:
    """By code as printed (预算03表, 预算表12; spaces and case ignored) or title (支出总表)."""
    found = tables(con, doc_id)
    key = compact(wanted).lower()
    for table in found:
        if key in (compact(table.table_code).lower(), compact(table.table_title).lower(),
                   compact(table.table_code + table.table_title).lower()):
            return table
    partial = [t for t in found if key and key in compact(t.table_title).lower()]
    if len(partial) == 1:
        return partial[0]
    names = [table_ref(t.table_code, t.table_title) for t in found]
    close = difflib.get_close_matches(wanted, names + [t.table_title for t in found], n=3, cutoff=0.3)
    hint = f"您是不是要找：{'、'.join(close)}？" if close else "可选：" + "、".join(names)
    raise NotFound(what_zh="表", what_en="table", name=wanted, hint_zh=hint,
                   hint_en=(f"Did you mean: {', '.join(close)}?" if close else "Tables: " + ", ".join(names)))


def table_rows(con: duckdb.DuckDBPyConnection, doc_id: str, table_code: str) -> list[PublishedRow]:
    return [PublishedRow(*row) for row in queries.TABLE_ROWS.run(con, [doc_id, table_code]).rows]
