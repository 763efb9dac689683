"""Named, parameterised queries. Each carries a Chinese description, shown where its rows are cited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import duckdb

from assistant.db.run import Results, run_read_only


@dataclass(frozen=True)
class Query:
    name: str
    description: str
    sql: str

    def run(self, con: duckdb.DuckDBPyConnection, params: Sequence[Any] = (), row_cap: int = 100_000) -> Results:
        return run_read_only(con, self.sql, params, row_cap=row_cap, checked=False)


DOCUMENTS = Query("documents", "已导入的预算/决算文件", """
    SELECT d.doc_id, d.title, d.department, d.year, d.kind, d.source_name, d.n_tables, d.n_rows,
           d.validation_status,
           (SELECT count(*) FROM validations v WHERE v.doc_id = d.doc_id) AS n_checks,
           (SELECT count(*) FROM validations v WHERE v.doc_id = d.doc_id AND v.status = 'warning') AS n_warnings,
           d.ingested_at, d.sha256
    FROM documents d ORDER BY d.department, d.year, d.kind""")

WARNINGS = Query("warnings", "导入时核对未通过的勾稽关系", """
    SELECT check_name, expected, actual, detail, row_ids FROM validations
    WHERE doc_id = ? AND status = 'warning' ORDER BY check_name""")

TABLES = Query("tables", "文件中的表", """
    SELECT table_code, table_title, table_kind, unit, n_rows, is_empty, column_paths
    FROM doc_tables WHERE doc_id = ? ORDER BY seq""")

TABLE_ROWS = Query("table_rows", "表格原文（逐行）", """
    SELECT row_id, row_no, line_no, page, role, cells FROM source_rows
    WHERE doc_id = ? AND table_code = ? ORDER BY row_no""")

SOURCE_ROW = Query("source_row", "事实所在的原表行", """
    SELECT r.doc_id, d.title, r.table_code, t.table_title, r.row_no, r.line_no, r.page, r.cells
    FROM source_rows r JOIN documents d USING (doc_id) JOIN doc_tables t USING (doc_id, table_code)
    WHERE r.doc_id = ? AND r.row_id = ?""")
