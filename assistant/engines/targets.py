"""From a named thing (an entity, a measure, a table) to the published rows holding its amount.

A :class:`Target` is what one phrase of a question refers to: one or more
published rows (its parts) in one table, with their amounts. Which table
answers is decided here, generally: the table the question names, else the
table that publishes the thing in a single row, else the one that has it
broken down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import duckdb

from assistant.db import queries
from assistant.understand.vocabulary import Entity

ZERO = Decimal(0)


@dataclass(frozen=True)
class Part:
    label: str
    amount: Decimal | None
    unit: str
    row_id: int
    table_code: str


@dataclass
class Target:
    label: str
    table_code: str
    parts: list[Part]
    unit: str
    kind: str = "amount"  # amount | empty_table
    measure: str = "合计"
    sql: str | None = None
    also_cite: list[int] = field(default_factory=list)  # rows publishing the same figure elsewhere
    also_table: str | None = None  # … and their table
    entity: Entity | None = None
    children: list[tuple[str, Decimal]] = field(default_factory=list)  # non-blank columns under a subtotal

    @property
    def amount(self) -> Decimal | None:
        values = [part.amount for part in self.parts if part.amount is not None]
        return sum(values, ZERO) if values else None

    @property
    def row_ids(self) -> list[int]:
        return [part.row_id for part in self.parts] + self.also_cite


@dataclass(frozen=True)
class TableMeta:
    code: str
    title: str
    kind: str
    measures: tuple[str, ...]
    is_empty: bool
    unit: str | None
    has_econ: bool = False  # rows also split by economic classification (支出总表), not one row per subject


class Resolver:
    """Resolves entities and measures of one document to targets, with named SQL queries."""

    def __init__(self, con: duckdb.DuckDBPyConnection, doc_id: str) -> None:
        self.con, self.doc_id = con, doc_id
        rows = queries.TABLE_MEASURES.run(con, {"doc": doc_id}).rows
        measures = {row[0]: tuple(row[3] or ()) for row in rows}
        has_econ = {row[0]: bool(row[4]) for row in rows}
        self.tables = [TableMeta(code, title, kind, measures.get(code, ()), bool(empty), unit, has_econ.get(code, False))
                       for _doc, code, title, kind, empty, _paths, unit in queries.VOCAB_TABLES.run(con).rows
                       if _doc == doc_id]
        self.sql: list[str] = []

    # ------------------------------------------------------------ helpers

    def table(self, code: str) -> TableMeta | None:
        return next((t for t in self.tables if t.code == code), None)

    def tables_of(self, kind: str) -> list[TableMeta]:
        return [t for t in self.tables if t.kind == kind]

    def _run(self, query: queries.Query, **params):
        params = {"doc": self.doc_id, **params}
        self.sql.append(query.shown(params))
        return query.run(self.con, params).rows

    @staticmethod
    def table_measure(table: TableMeta, measure: str) -> str | None:
        """The column of ``table`` that holds ``measure``: a 基本支出表's 合计 is all basic spending."""
        if measure in table.measures:
            return measure
        if measure == "基本支出" and "基本支出" in table.title and "合计" in table.measures:
            return "合计"
        return None

    # ------------------------------------------------------------ subjects

    def subject(self, entity: Entity, measure: str | None, scope: list[str]) -> Target | None:
        scheme, code = entity.key
        wanted = measure or "合计"
        candidates = self._run(queries.LINE_TABLES_WITH, scheme=scheme, code=code)
        usable = [(table, n) for table_code, n, _m in candidates
                  if (table := self.table(table_code)) and self.table_measure(table, wanted)]
        if not usable:
            return None
        in_scope = [(t, n) for t, n in usable if t.code in scope]
        if in_scope:
            table, _ = in_scope[0]
        elif measure == "基本支出" and (basic := [(t, n) for t, n in usable if "基本支出" in t.title]):
            table, _ = basic[0]
        elif scheme == "func" and (single := [(t, n) for t, n in usable if n == 1 and not t.has_econ]):
            table, _ = single[0]  # a table with one row per function subject answers it in one row
        else:
            table, _ = usable[0]
        column = self.table_measure(table, wanted)
        rows = self._run(queries.LINE_ROWS, table=table.code, measure=column, scheme=scheme, code=code)
        parts = [Part(self._breakdown_label(scheme, code, row), row[8], row[9], row[0], table.code) for row in rows]
        target = Target(f"{entity.name}（{code}）", table.code, parts, rows[0][9] if rows else table.unit or "",
                        measure=measure or "合计", entity=entity)
        if len(parts) > 1 and not in_scope:
            target.also_table, target.also_cite = self._same_total_elsewhere(target, scheme, code, wanted, usable)
        return target

    @staticmethod
    def _breakdown_label(scheme: str, code: str, row: tuple) -> str:
        """A part of a subject is named by the other classification it is split by."""
        _row_id, _t, func_code, func_name, gov_code, gov_name, dept_code, dept_name = row[:8]
        if scheme == "func":
            return f"{dept_code} {dept_name}" if dept_code else f"{func_code} {func_name}"
        if dept_code and dept_code != code:
            return f"{dept_code} {dept_name}（{func_code} {func_name}）" if func_code else f"{dept_code} {dept_name}"
        return f"{func_code} {func_name}" if func_code else f"{gov_code} {gov_name}"

    def _same_total_elsewhere(self, target: Target, scheme: str, code: str, measure: str,
                              usable: list[tuple[TableMeta, int]]) -> tuple[str | None, list[int]]:
        """Another table publishing the summed figure in one row (基本支出表's 30102 = the 03 rows' sum)."""
        for table, n in usable:
            if table.code == target.table_code or n != 1:
                continue
            column = self.table_measure(table, measure)
            rows = self._run(queries.LINE_ROWS, table=table.code, measure=column, scheme=scheme, code=code)
            if rows and rows[0][8] == target.amount:
                return table.code, [rows[0][0]]
        return None, []

    # ------------------------------------------------------------ other entities

    def summary(self, entity: Entity, scope: list[str]) -> Target | None:
        table_code, side = entity.key
        summaries = [t.code for t in self.tables_of("summary")]
        preferred = [code for code in scope if code in summaries] or summaries
        for code in preferred:
            rows = self._run(queries.SUMMARY_ITEM, table=code, item=entity.name)
            if rows:
                row_id, table, _side, item, _raw, _parent, amount, unit = rows[0]
                return Target(item, table, [Part(item, amount, unit, row_id, table)], unit, entity=entity)
        return None

    def project(self, entity: Entity) -> Target:
        row = next(r for r in self._run(queries.PROJECTS) if r[0] == entity.key[0])
        row_id, table, _code, name, total, unit, _goal = row
        return Target(name, table, [Part(name, total, unit, row_id, table)], unit, entity=entity)

    def three_public(self, entity: Entity) -> Target | None:
        rows = [r for r in self._run(queries.THREE_PUBLIC) if r[2] == entity.key[1]]
        if not rows:
            return None
        row_id, table, item, amount, unit = rows[0]
        label = "“三公”经费" if item == "合计" else item
        return Target(label, table, [Part(label, amount, unit, row_id, table)], unit, entity=entity)

    def procurement(self, entity: Entity) -> Target | None:
        category = entity.key[1] if len(entity.key) > 1 else entity.name
        rows = [r for r in self._run(queries.PROCUREMENT) if r[2] == category]
        if not rows:
            return None
        row_id, table, name, _total, amount, unit = rows[0]
        return Target(name, table, [Part(name, amount, unit, row_id, table)], unit, entity=entity)

    def table_total(self, table: TableMeta, measure: str | None = None, label: str | None = None) -> Target:
        """A table's 合计 row (the first amount column, or the one for ``measure``); empty tables say so."""
        rows = self._run(queries.TOTAL_ROW, table=table.code)
        from ingest.extract import measure_name

        wanted = self.table_measure(table, measure) if measure else None
        picked = [r for r in rows if wanted and measure_name(r[1]) == wanted] or rows[:1]
        parts = [Part(label or measure or table.title, r[2], r[3] or table.unit or "", r[0], table.code) for r in picked]
        kind = "empty_table" if table.is_empty else "amount"
        return Target(label or f"{table.title}{measure or '合计'}", table.code, parts, table.unit or "", kind=kind,
                      measure=measure or "合计")

    def column(self, entity: Entity) -> Target | None:
        """A column of a table without subject rows (收入汇总表): its subtotal, with its non-blank children."""
        table_code = entity.key[0]
        rows = self._run(queries.COLUMN_CELLS, table=table_code)
        label = entity.name
        matching = [r for r in rows if label in r[1].split("/")]
        if not matching:
            return None
        best = min(matching, key=lambda r: (not r[1].endswith(("小计", "合计")) and r[1] != label, len(r[1])))
        parts = [Part(label, best[2], best[3], best[0], table_code)]
        target = Target(label, table_code, parts, best[3] or "", entity=entity)
        children = [r for r in matching if r is not best and r[2] is not None and r[0] == best[0]]
        target.children = [(r[1].split("/")[-1], r[2]) for r in children]
        return target

    def measure_total(self, measure: str, scope: list[str]) -> Target | None:
        """基本支出 / 项目支出 / 人员经费 / 公用经费 / 合计 of a whole expenditure table."""
        lines = [t for t in self.tables_of("lines") if not t.is_empty]
        ordered = [t for t in lines if t.code in scope] + [t for t in lines if t.code not in scope]
        for table in ordered:
            if self.table_measure(table, measure):
                return self.table_total(table, measure, label=measure)
        return None
