"""The one module that talks to DuckDB: connections, the schema, and read-only queries."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Mapping, Sequence

import duckdb

from assistant.db.guard import check_read_only
from assistant.errors import NotFound, SQLFailed, StoreBusy

SCHEMA_VERSION = "4"  # 2: doc_tables.decimals, line_items.stage/main_stage, documents.extraction_version;
#                       3: three_public.stage/main_stage; 4: doc_warnings, source_rows.source_file/section


def schema_sql() -> str:
    return resources.files("assistant.db").joinpath("schema.sql").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Results:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool


def connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open the store; a writable connection also creates the schema."""
    if read_only and not path.exists():
        raise NotFound(what_zh="数据库", what_en="store", name=str(path),
                       hint_zh="请先用 budget-qa ingest 导入文件，或检查 --data-dir。",
                       hint_en="Ingest a file with budget-qa ingest first, or check --data-dir.")
    try:
        # A reader never touches files other than the store (no read_csv('/etc/…') through `sql`).
        config = {"enable_external_access": False} if read_only else {}
        con = duckdb.connect(str(path), read_only=read_only, config=config)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreBusy(path=str(path)) from None
        raise
    if not read_only:
        con.execute(schema_sql())
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
    return con


def schema_outdated(path: Path) -> bool:
    """A store written by an older version: open it for writing once, which adds the new columns."""
    con = connect(path, read_only=True)  # the readers' own configuration: DuckDB refuses a second one
    try:
        found = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except duckdb.Error:
        return True
    finally:
        con.close()
    return found is None or found[0] != SCHEMA_VERSION


def run_read_only(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] | Mapping[str, Any] = (),
                  row_cap: int = 1000, timeout_s: float = 5.0, checked: bool = True) -> Results:
    """Run one query with a time limit and a row cap. Untrusted SQL (``checked``) must pass the guard."""
    if checked:
        check_read_only(sql)
    timer = threading.Timer(timeout_s, con.interrupt)
    timer.start()
    try:
        cursor = con.execute(sql, dict(params) if isinstance(params, Mapping) else list(params))
        columns = [column[0] for column in cursor.description or []]
        rows = cursor.fetchmany(row_cap + 1)
    except duckdb.InterruptException:
        raise SQLFailed(reason=f"超过 {timeout_s:g} 秒的时间限制 / over the {timeout_s:g} s time limit") from None
    except duckdb.Error as exc:
        raise SQLFailed(reason=str(exc).splitlines()[0]) from None
    finally:
        timer.cancel()
    return Results(columns=columns, rows=rows[:row_cap], truncated=len(rows) > row_cap)
