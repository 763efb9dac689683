"""Untrusted SQL (typed by staff, or later written by a model) is checked on its parse tree."""

from __future__ import annotations

import re
from functools import lru_cache

import sqlglot
from sqlglot import exp

from assistant.errors import SQLRefused

# Table functions and statements that read or write outside the store.
_FORBIDDEN_FUNCTIONS = ("read_csv", "read_parquet", "read_json", "read_text", "read_blob", "glob",
                        "sniff_csv", "parquet_scan", "csv_scan", "query_table", "query")
_ALLOWED_ROOTS = (exp.Select, exp.Union, exp.Intersect, exp.Except)


def check_read_only(sql: str) -> None:
    """Accept exactly one SELECT (with CTEs/UNION) over the store's tables; refuse anything else."""
    try:
        statements = [s for s in sqlglot.parse(sql, read="duckdb") if s is not None]
    except sqlglot.errors.SqlglotError as exc:
        raise SQLRefused(reason_zh=f"无法解析 SQL：{str(exc).splitlines()[0]}",
                         reason_en=f"cannot parse the SQL: {str(exc).splitlines()[0]}") from None
    if len(statements) != 1:
        raise SQLRefused(reason_zh="一次只能执行一条语句。", reason_en="one statement at a time.")
    tree = statements[0]
    if not isinstance(tree, _ALLOWED_ROOTS):
        raise SQLRefused(reason_zh=f"不允许 {tree.key.upper()} 语句。", reason_en=f"{tree.key.upper()} is not allowed.")
    for node in tree.walk():
        if isinstance(node, (exp.Insert, exp.Update, exp.Delete, exp.Create, exp.Drop, exp.Alter,
                             exp.Command, exp.Copy, exp.Attach, exp.Pragma, exp.Set, exp.Into)):
            raise SQLRefused(reason_zh=f"查询中含有不允许的操作 {node.key.upper()}。",
                             reason_en=f"the query contains a forbidden {node.key.upper()}.")
        if isinstance(node, exp.Func):
            name = (node.sql_name() if not isinstance(node, exp.Anonymous) else node.name).lower()
            if name in _FORBIDDEN_FUNCTIONS or name.startswith("read_"):
                raise SQLRefused(reason_zh=f"不允许调用 {name}。", reason_en=f"calling {name} is not allowed.")
    _check_tables(tree)


def _check_tables(tree: exp.Expression) -> None:
    """Only the store's own tables (and the query's CTEs) may be read: no files, no catalogs."""
    ctes = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    for table in tree.find_all(exp.Table):
        name = table.name.lower()
        if table.args.get("db") or table.args.get("catalog") or name not in store_tables() | ctes:
            raise SQLRefused(reason_zh=f"未知的表 {table.sql()}；可查询的表：{', '.join(sorted(store_tables()))}。",
                             reason_en=f"unknown table {table.sql()}; tables: {', '.join(sorted(store_tables()))}.")


@lru_cache(maxsize=1)
def store_tables() -> frozenset[str]:
    from assistant.db.run import schema_sql  # late: run imports this module

    return frozenset(name.lower() for name in re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", schema_sql()))
