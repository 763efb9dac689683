"""From a named thing (an entity, a measure, a table) to the published rows holding its amount.

A :class:`Target` is what one phrase of a question refers to: one or more
published rows (its parts) in one table, with their amounts. Which table
answers is decided here, generally: the table the question names, else the
table that publishes the thing in a single row, else the one that has it
broken down. Where another table publishes a different figure for the same
thing (all funds vs 一般公共预算 only, all spending vs 基本支出 only), the
target carries it as an alternative, so the answer can show both.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from decimal import Decimal

import duckdb

from assistant.db import queries
from assistant.understand.vocabulary import Entity, fold

ZERO = Decimal(0)
PROJECT_FIELDS = {"total": "项目总额", "fiscal_funds": "财政资金", "other_funds": "其他资金"}


# A measure a table is all of, by its title (一般公共预算基本支出表 holds only 基本支出, and its
# 人员经费 and 公用经费), so that table's 合计 is that measure.
_SPENDING_TOTALS = ("支出总计", "本年支出合计", "支出合计")  # the 支出 side's total row of a 收支总表
_TITLE_MEASURES = {"基本支出": "基本支出", "人员经费": "基本支出", "公用经费": "基本支出", "项目支出": "项目支出"}

def title_measure(table: "TableMeta") -> str | None:
    """The measure a table is all of by its title (一般公共预算基本支出表: 基本支出), if any."""
    return next((m for m in ("基本支出", "项目支出") if m in table.title), None)


# The three items of the “三公”经费 and their parts (a table may print 会议费, 培训费, 机关运行经费 beside them).
_THREE_PUBLIC_ITEM = re.compile(r"出国|出境|公务用车|公务接待|车辆")


@dataclass(frozen=True)
class Part:
    label: str
    amount: Decimal | None
    unit: str
    row_id: int
    table_code: str
    group: str = ""  # what the part is grouped by when parts are merged (the other classification)


_TOTAL_LABEL = re.compile(r"(收入|支出)?(合计|总计)")


@dataclass
class Target:
    label: str
    table_code: str
    parts: list[Part]
    unit: str
    kind: str = "amount"  # amount | empty_table | missing
    measure: str = "合计"
    entity: Entity | None = None
    position: int = 0  # where the question names it
    end: int = 0
    also_cite: list[int] = field(default_factory=list)  # rows publishing the same figure elsewhere
    also_table: str | None = None
    alternatives: list[tuple[str, Decimal, list[int]]] = field(default_factory=list)  # (table, other figure, rows)
    children: list[tuple[str, Decimal]] = field(default_factory=list)  # non-blank columns under a subtotal
    grandchildren: dict[str, list[tuple[str, Decimal]]] = field(default_factory=dict)  # a child's own parts

    @property
    def amount(self) -> Decimal | None:
        values = [part.amount for part in self.parts if part.amount is not None]
        return sum(values, ZERO) if values else None

    @property
    def row_ids(self) -> list[int]:
        alternative_rows = [row for _table, _amount, rows in self.alternatives for row in rows]
        return [part.row_id for part in self.parts] + self.also_cite + alternative_rows


@dataclass(frozen=True)
class TableMeta:
    code: str
    title: str
    kind: str
    measures: tuple[str, ...]
    is_empty: bool
    unit: str | None
    has_econ: bool = False  # rows also split by economic classification (支出总表), not one row per subject
    schemes: frozenset[str] = frozenset()  # func | gov_econ | dept_econ columns present
    stages: tuple[str, ...] = ()  # 年初预算数, 全年预算数, 决算数 … when a 决算 table gives several


def subject_matches(scheme: str, code: str, row: tuple) -> bool:
    """Does a LINE_ROWS row belong to subject (scheme, code)? (函数 prefix for 类/款, class prefix for econ)."""
    func_code, gov_code, dept_code = row[2], row[4], row[6]
    if scheme == "func":
        return bool(func_code) and func_code.startswith(code)
    if scheme == "gov_econ":
        return gov_code == code
    return bool(dept_code) and (dept_code == code or dept_code.startswith(code) and len(code) == 3)


def subject_label(entity: Entity, rows: list[tuple]) -> str:
    """'津贴补贴（30102）'; a class code derived from longer codes (201, 310) is not shown: it is not printed."""
    column = {"func": 2, "gov_econ": 4, "dept_econ": 6}[entity.scheme]
    return f"{entity.name}（{entity.code}）" if any(row[column] == entity.code for row in rows) else entity.name


def stage_among(stage: str, available) -> str:
    """The stage to read where ``available`` stages are published: '' for the main figure (决算数); a
    budget asked where another budget stage is published (“三公” 预算数 for 年初预算) is that stage."""
    if stage in ("", "决算数"):
        return ""
    if not available or stage in available:
        return stage
    if stage == "预算" or stage in queries.BUDGET_STAGES:
        return next((s for s in queries.BUDGET_STAGES if s in available), stage)
    return stage


class Resolver:
    """Resolves entities and measures of one document to targets, with named SQL queries."""

    def __init__(self, con: duckdb.DuckDBPyConnection, doc_id: str) -> None:
        self.con, self.doc_id = con, doc_id
        rows = queries.TABLE_MEASURES.run(con, {"doc": doc_id}).rows
        meta = {row[0]: row for row in rows}
        self.tables = []
        self.decimals: dict[str, int] = {}
        for _doc, code, title, kind, empty, _paths, unit, decimals in queries.VOCAB_TABLES.run(con).rows:
            if _doc != doc_id:
                continue
            if decimals is not None:
                self.decimals[code] = decimals
            row = meta.get(code)
            schemes = frozenset(name for name, flag in zip(("func", "gov_econ", "dept_econ"), row[6:9]) if flag) \
                if row else frozenset()
            self.tables.append(TableMeta(code, title, kind, tuple(row[3] or ()) if row else (), bool(empty), unit,
                                         bool(row[5]) if row else False, schemes, tuple(row[4] or ()) if row else ()))
        self.sql: list[str] = []
        self.stage = ""  # '' = each table's main figure (决算数 in a 决算 table); or a stage asked for
        self.unit: str | None = None  # a unit of the department, where tables give each unit's block of rows

    # ------------------------------------------------------------ helpers

    def scaled(self, table_code: str, amount: Decimal | None) -> Decimal | None:
        """An amount with the decimals its table publishes (164,978,640.00 元, 9,715.698690 万元).
        The store keeps six decimals; the table's own scale loses none of them."""
        if amount is None or table_code not in self.decimals:
            return amount
        return amount.quantize(Decimal(1).scaleb(-self.decimals[table_code]))

    def stage_for(self, table_code: str | None) -> str:
        """The stage to read: '' for each table's main figure (决算数 in a 决算); a budget asked of a table
        that publishes another budget stage (“三公” 预算数 for 年初预算) is that table's budget stage."""
        return self.stage_in(table_code, self.stage)

    def stage_in(self, table_code: str | None, stage: str) -> str:
        table = self.table(table_code)
        return stage_among(stage, table.stages if table else ())

    def table(self, code: str | None) -> TableMeta | None:
        return next((t for t in self.tables if t.code == code), None)

    def tables_of(self, kind: str) -> list[TableMeta]:
        return [t for t in self.tables if t.kind == kind]

    def run(self, query: queries.Query, **params) -> list[tuple]:
        """Rows of a named query, amounts at their table's published scale."""
        params = {"doc": self.doc_id, **params}
        if "$stage" in query.sql:
            params.setdefault("stage", self.stage_for(params.get("table")))
        if re.search(r"\$unit\b", query.sql):
            params.setdefault("unit", self.unit)
        self.sql.append(query.shown(params))
        return [self._scaled_row(row, params.get("table")) for row in query.run(self.con, params).rows]

    def _scaled_row(self, row: tuple, table: str | None) -> tuple:
        code = table or next((value for value in row if isinstance(value, str) and value in self.decimals), None)
        if code is None:
            return row

        def scale(value):
            if isinstance(value, Decimal):
                return self.scaled(code, value)
            if isinstance(value, list):
                return [scale(item) for item in value]
            return value

        return tuple(scale(value) for value in row)

    @staticmethod
    def table_measure(table: TableMeta, measure: str) -> str | None:
        """The column of ``table`` that holds ``measure``: a 基本支出表's 合计 is all basic spending."""
        if measure in table.measures:
            return measure
        if measure in _TITLE_MEASURES and measure in table.title and "合计" in table.measures:
            return "合计"  # 一般公共预算项目支出情况表: its 合计 is the project spending
        if measure == "合计" and len(table.measures) == 1:
            return table.measures[0]  # a table's one amount column is its figure, whatever its head says
        return None

    # ------------------------------------------------------------ subjects

    def subject(self, entity: Entity, measure: str | None, scope: list[str]) -> Target | None:
        scheme, code = entity.key
        wanted = measure or "合计"
        candidates = self.run(queries.LINE_TABLES_WITH, scheme=scheme, code=code)
        usable = [(table, n) for table_code, n, _m in candidates
                  if (table := self.table(table_code)) and self.table_measure(table, wanted)]
        if not usable:
            return None
        table, in_scope = self._pick_table(usable, scheme, measure, scope)
        rows = self._rows(table, wanted, scheme, code)
        parts = [self._part(row, table.code, scheme, code) for row in rows]
        unit = parts[0].unit if parts else table.unit or ""
        label = subject_label(entity, rows)
        target = Target(label, table.code, parts, unit, measure=measure or "合计", entity=entity)
        if not in_scope:
            self._elsewhere(target, usable, scheme, code, wanted)
        return target

    def measures_apart(self, entity: Entity) -> list[str]:
        """The measures whose own tables alone publish ``entity`` (差旅费 in 一般公共预算基本支出情况表
        and in …项目支出情况表, no table of both): its whole is their sum."""
        scheme, code = entity.key
        tables = [self.table(c) for c, _n, _m in self.run(queries.LINE_TABLES_WITH, scheme=scheme, code=code)]
        titled = [next((m for m in ("基本支出", "项目支出") if m in t.title), None) for t in tables if t is not None]
        return ["基本支出", "项目支出"] if len(set(titled)) == 2 and None not in titled else []

    def _pick_table(self, usable: list[tuple[TableMeta, int]], scheme: str, measure: str | None,
                    scope: list[str]) -> tuple[TableMeta, bool]:
        in_scope = [t for t, _n in usable if t.code in scope]
        if in_scope:
            return in_scope[0], True
        titled = _TITLE_MEASURES.get(measure)  # 人员经费 of the 基本支出表, 项目支出 of the 项目支出表
        if titled:
            own = [t for t, _n in usable if titled in t.title]
            if own:
                return own[0], False
        whole = [(t, n) for t, n in usable if title_measure(t) is None] if measure is None else []
        usable = whole or usable  # the subject's whole: not the 基本支出总表's basic spending alone
        if scheme == "func":
            per_function = [t for t, _n in usable if not t.has_econ]
            if per_function:  # one row per function subject (一般公共预算支出表)
                return per_function[0], False
        return usable[0][0], False

    def _rows(self, table: TableMeta, measure: str, scheme: str, code: str) -> list[tuple]:
        """The subject's rows: its own published row where the table prints one (a 类/款 subtotal row),
        else its leaf rows (项 under it), never both."""
        column = self.table_measure(table, measure)
        rows = self.run(queries.LINE_ROWS, table=table.code, measure=column, scheme=scheme, code=code)
        index = {"func": 2, "gov_econ": 4, "dept_econ": 6}[scheme]
        own = [row for row in rows if row[index] == code]
        if own and len(own) < len(rows) and scheme != "gov_econ":
            return own
        codes = {row[index] for row in rows if row[index]}
        return [row for row in rows if not any(other != row[index] and other.startswith(row[index] or "~")
                                               for other in codes)]

    def _parts(self, table: TableMeta, measure: str, scheme: str, code: str) -> list[Part]:
        return [self._part(row, table.code, scheme, code) for row in self._rows(table, measure, scheme, code)]

    @staticmethod
    def _part(row: tuple, table_code: str, scheme: str, code: str) -> Part:
        """A part of a subject is named by the other classification it is split by."""
        row_id, _t, func_code, func_name, gov_code, gov_name, dept_code, dept_name, amount, unit, unit_name = row
        func = f"{func_code} {func_name or ''}".strip() if func_code else ""
        dept = f"{dept_code} {dept_name or ''}".strip() if dept_code else ""
        if scheme == "func":
            label, group = (dept or func), (dept or func)
            if dept and len(code) < 7:  # a 类/款: name the 项 too
                label = f"{dept}（{func}）"
        elif dept and dept_code != code:
            label, group = (f"{dept}（{func}）" if func else dept), dept
        else:
            gov = f"{gov_code} {gov_name or ''}".strip() if gov_code else ""
            label, group = (func or gov), (func or gov)
        if unit_name and not label:  # a table by 预算单位 without the other classification: each unit's row
            label = group = unit_name
        return Part(label, amount, unit, row_id, table_code, group)

    def _elsewhere(self, target: Target, usable: list[tuple[TableMeta, int]], scheme: str, code: str,
                   measure: str) -> None:
        """Other tables publishing this subject: the same figure (cite it) or another one (show it)."""
        for table, _n in usable:
            if table.code == target.table_code:
                continue
            parts = self._parts(table, measure, scheme, code)
            amount = sum((p.amount for p in parts if p.amount is not None), ZERO)
            if not parts:
                continue
            if amount == target.amount:
                if target.also_table is None and len(parts) == 1:
                    target.also_table, target.also_cite = table.code, [parts[0].row_id]
            else:
                target.alternatives.append((table.code, amount, [p.row_id for p in parts]))

    def intersect(self, first: Entity, second: Entity, measure: str | None, scope: list[str]) -> Target | None:
        """'2010399下的资本性支出': rows under both subjects, in a table that has both classifications."""
        wanted = measure or "合计"
        tables = [t for t in self.tables_of("lines") if first.scheme in t.schemes and second.scheme in t.schemes
                  and self.table_measure(t, wanted)]
        tables = [t for t in tables if t.code in scope] or tables
        for table in tables:
            column = self.table_measure(table, wanted)
            rows = self.run(queries.LINE_ROWS, table=table.code, measure=column, scheme=first.scheme, code=first.code)
            both = [row for row in rows if subject_matches(second.scheme, second.code, row)]
            if both:
                parts = [self._part(row, table.code, second.scheme, second.code) for row in both]
                label = f"{subject_label(first, both)}中的{subject_label(second, both)}"
                return Target(label, table.code, parts, parts[0].unit, measure=measure or "合计", entity=second)
        return None

    # ------------------------------------------------------------ other entities

    def summary(self, entity: Entity, scope: list[str], table_code: str | None = None) -> Target | None:
        summaries = [t.code for t in self.tables_of("summary")]
        preferred = [table_code] if table_code else [code for code in scope if code in summaries] or summaries
        for code in preferred:
            rows = self.run(queries.SUMMARY_ITEM, table=code, item=entity.name)
            if rows:
                row_id, table, _side, item, _raw, parent, amount, unit = rows[0]
                label = f"{parent}{item}" if entity.carried_over and parent else item  # 上年结转一般公共预算拨款
                return Target(label, table, [Part(label, amount, unit, row_id, table)], unit, entity=entity)
        return None

    def project(self, entity: Entity, column: str = "total") -> Target | None:
        projects = self.run(queries.PROJECTS)
        row = next((r for r in projects if r[0] == entity.key[0]), None)
        if row is None:
            return None
        label = entity.name if column == "total" else f"{entity.name}{PROJECT_FIELDS[column]}"
        amount = {"total": row[4], "fiscal_funds": row[7], "other_funds": row[8]}[column]
        target = Target(label, row[1], [Part(label, amount, row[5], row[0], row[1])], row[5], entity=entity)
        later_projects = {r[0] for r in projects if r[1] == row[1] and r[0] > row[0]}
        target.also_cite = self._form_amount_rows(row, amount, later_projects)
        return target

    def _form_amount_rows(self, project: tuple, amount: Decimal | None, later_projects: set[int]) -> list[int]:
        """A project read from a form: the row below its name that prints the amount ('年度资金总额 | 668.00'),
        cited beside the name row. Empty when the name row prints it (a grid)."""
        from ingest.normalize import parse_amount

        if amount is None:
            return []
        rows = self.run(queries.TABLE_ROWS_FROM, table=project[1], first=project[0])
        found = []
        for row_id, cells in rows:
            if row_id in later_projects:
                break
            for cell in cells:
                try:
                    value = parse_amount(cell)
                except ValueError:
                    continue
                if value is not None and value == amount:
                    found.append(row_id)
                    break
        return [] if not found or found[0] == project[0] else found[:1]

    def all_projects(self, column: str = "total") -> Target | None:
        rows = self.run(queries.PROJECTS)
        if not rows:
            return None
        index = {"total": 4, "fiscal_funds": 7, "other_funds": 8}[column]
        parts = [Part(r[3], r[index], r[5], r[0], r[1]) for r in rows]
        label = "全部项目" + ("" if column == "total" else PROJECT_FIELDS[column])
        return Target(label, rows[0][1], parts, rows[0][5])

    def three_public(self, entity: Entity) -> Target | None:
        rows = [r for r in self.three_public_rows(entity.key[0]) if r[2] == entity.key[1]]
        if not rows:
            return None
        row_id, table, item, amount, unit, _path = rows[0]
        label = "“三公”经费" if item == "合计" else item
        return Target(label, table, [Part(label, amount, unit, row_id, table)], unit, entity=entity)

    def three_public_rows(self, table_code: str) -> list[tuple]:
        return [r for r in self.run(queries.THREE_PUBLIC, stage=self.stage_for(table_code)) if r[1] == table_code]

    def three_public_items(self, table_code: str) -> list[tuple]:
        """A “三公” table's items (row_id, table, item, amount, unit), each once at the asked stage, parts of
        another item left to it: 公务用车购置费 sits under 公务用车购置及运行维护费. 机关运行经费, printed in
        the same table by many, is not one of the three."""
        return [row[:5] for row, _subs in self.three_public_tree(table_code)]

    def three_public_tree(self, table_code: str) -> list[tuple[tuple, list[tuple[str, Decimal]]]]:
        """Each item's row with its non-blank parts: (公务用车购置及运行维护费, [(公务用车运行维护费, 6.35)])."""
        rows = [r for r in self.three_public_rows(table_code) if _THREE_PUBLIC_ITEM.search(r[2])]  # not 会议费 beside them
        items = {row[2] for row in rows}
        parent = {row[2]: next((label for label in row[5].split("/") if label in items and label != row[2]), None)
                  for row in rows}
        return [(row, [(r[2], r[3]) for r in rows if parent[r[2]] == row[2] and r[3]])
                for row in rows if parent[row[2]] is None]

    def procurement(self, entity: Entity) -> Target | None:
        category = entity.key[1] if len(entity.key) > 1 else entity.name
        rows = self.run(queries.PROCUREMENT)
        found = [r for r in rows if r[2] == category]
        if len(found) > 1:  # a unit listed under 货物, 工程 and 服务 in turn: its rows added up
            under = {}
            heading = ""
            for row_id, _table, name, _total, _amount, _unit in rows:
                heading = name if re.sub(r"^[A-Z]-", "", name) in ("货物", "工程", "服务") else heading
                under[row_id] = heading
            parts = [Part(f"{name}（{under[row_id]}）" if under[row_id] else name, amount, unit, row_id, table)
                     for row_id, table, name, _total, amount, unit in found]
            return Target(found[0][2], found[0][1], parts, found[0][5], entity=entity)
        if found:
            row_id, table, name, _total, amount, unit = found[0]
            return Target(name, table, [Part(name, amount, unit, row_id, table)], unit, entity=entity)
        totals = [r for r in rows if r[3]]
        if not totals:
            return None
        row_id, table, _name, _total, _amount, unit = totals[0]
        return Target(f"{entity.name}类政府采购", table, [Part(entity.name, None, unit, row_id, table)], unit,
                      kind="missing", entity=entity)

    def table_total(self, table: TableMeta, measure: str | None = None, label: str | None = None) -> Target:
        """A table's 合计 row (the first amount column, or the one for ``measure``); empty tables say so."""
        from ingest.columns import measure_name

        rows = self.run(queries.TOTAL_ROW, table=table.code)
        if measure:  # the measure's own column, even when blank (政府性基金预算支出表 has no 基本支出)
            picked = [r for r in rows if measure_name(r[1]) == measure]
            alias = self.table_measure(table, measure)
            picked = picked or [r for r in rows if alias and measure_name(r[1]) == alias]
        else:
            picked = [r for r in rows if measure_name(r[1]) == "合计"] or [
                r for r in rows if measure_name(r[1]).endswith("支出")][:1] or rows[:1]  # 本年支出, not 年初结转
        picked = self._one_stage(picked)
        name = label or f"{table.title}{measure or '合计'}"
        parts = [Part(name, r[2], r[3] or table.unit or "", r[0], table.code) for r in picked]
        kind = "empty_table" if table.is_empty else "amount"
        return Target(name, table.code, parts, table.unit or "", kind=kind, measure=measure or "合计")

    def _one_stage(self, cells: list[tuple]) -> list[tuple]:
        """Of a total row's cells for one measure, the asked stage's (or 决算数, else the first)."""
        from ingest.columns import stage_of

        stages = {stage_of(c[1]) for c in cells}
        if len(stages) <= 1:
            return cells
        wanted = stage_among(self.stage, stages) or "决算数"
        return [c for c in cells if stage_of(c[1]) == wanted] or cells[:1]

    def column(self, entity: Entity, parent: str | None = None, row: Entity | None = None) -> Target | None:
        """A column of a table without subject rows (收入汇总表): its subtotal, with its non-blank children;
        with ``row`` (a unit's row of that table), that row's cell."""
        table_code = entity.key[0]
        rows = self.run(queries.COLUMN_CELLS, table=table_code)
        if row is not None:
            rows = [r for r in rows if r[0] == row.key[1]]
        else:  # the column's total: its cell in the 合计 row, where the table prints one
            rows = [r for r in rows if _TOTAL_LABEL.fullmatch(re.sub(r"\s", "", r[4] or ""))] or rows
        label = entity.name
        matching = [r for r in rows if label in r[1].split("/") and (parent is None or parent in r[1].split("/"))]
        if not matching:
            return None
        best = min(matching, key=lambda r: (not r[1].endswith(("小计", "合计")) and r[1] != label, len(r[1])))
        shown = "·".join(re.sub(r"^其中[：:]", "", label) for label in best[1].replace("/小计", "").split("/"))
        name = (f"{row.name}·" if row is not None else "") + shown
        target = Target(name, table_code, [Part(name, best[2], best[3], best[0], table_code)], best[3] or "",
                        entity=entity)
        target.children = [(r[1].split("/")[-1], r[2]) for r in matching
                           if r is not best and r[2] is not None and r[0] == best[0]]
        return target

    def parent_column(self, part: Target) -> Target | None:
        """The column a 其中 column is part of (2026年政府采购项目/小计 of …/其中：预留给中小企业的…), in the
        part's row."""
        if not part.parts or "/" not in part.label.replace("·", "/"):
            return None
        row_id = part.parts[0].row_id
        row = [r for r in self.run(queries.COLUMN_CELLS, table=part.table_code) if r[0] == row_id]
        path = next((r[1] for r in row if r[1].split("/")[-1] == part.entity.name), None)
        if path is None:
            return None
        parent = path.rsplit("/", 1)[0]
        cells = [r for r in row if r[1] == parent or r[1] == f"{parent}/小计"]
        if not cells:
            return None
        name = parent.replace("/", "·")
        return Target(name, part.table_code, [Part(name, cells[0][2], cells[0][3], row_id, part.table_code)],
                      cells[0][3] or "")

    def row(self, entity: Entity) -> Target | None:
        table_code, row_id = entity.key
        rows = [r for r in self.run(queries.TABLE_ROW_AMOUNTS, table=table_code) if r[0] == row_id]
        if not rows:
            return None
        _row, label, amount, unit = rows[0]
        return Target(label, table_code, [Part(label, amount, unit or "", row_id, table_code)], unit or "",
                      entity=entity)

    @staticmethod
    def stated(entity: Entity) -> Target:
        """An amount the text states (vocabulary 'stated'): its paragraph is the row cited."""
        row_id, amount, unit = entity.key
        return Target(entity.name, "", [Part(entity.name, Decimal(amount), unit, row_id, "")], unit, entity=entity)

    def table_rows(self, table: TableMeta) -> list[Part]:
        return [Part(label, amount, unit or table.unit or "", row_id, table.code)
                for row_id, label, amount, unit in self.run(queries.TABLE_ROW_AMOUNTS, table=table.code)]

    def unit_blocks(self) -> set[str]:
        """The units whose own blocks of rows an expenditure table gives (深圳's 支出总表 by 预算单位)."""
        return {row[0] for row in self.run(queries.UNIT_BLOCKS)}

    def unit_measure(self, measure: str, scope: list[str]) -> Target | None:
        """The unit's row heading its block in an expenditure table: its 支出总计, 基本支出, 项目支出 …"""
        from ingest.columns import measure_name

        lines = [t for t in self.tables_of("lines") if not t.is_empty and self.table_measure(t, measure)]
        lines.sort(key=lambda t: t.code not in scope)
        for table in lines:
            column = self.table_measure(table, measure)
            rows = [r for r in self.run(queries.UNIT_ROW, table=table.code, unit=self.unit)
                    if measure_name(r[1]) in (measure, column)]
            if rows:
                row_id, _path, amount, unit = rows[0]
                label = f"{self.unit}{measure if measure != '合计' else '支出合计'}"
                return Target(label, table.code, [Part(label, amount, unit, row_id, table.code)], unit,
                              measure=measure)
        return None

    def measure_total(self, measure: str, scope: list[str]) -> Target | None:
        """基本支出 / 项目支出 / 人员经费 / 公用经费 / 合计 of a whole expenditure table, or of the 收支总表
        named that prints it as a column of its 支出 side (上海's 财务收支预算总表: 人员经费 of all funds).
        An expenditure table's figure comes with the 收支总表's where that one differs (other funds); a unit's
        is its row in a table by 预算单位."""
        if self.unit is not None:
            return self.unit_measure(measure, scope)
        named = self._summary_measure(measure, [t for t in self.tables_of("summary") if t.code in scope])
        if named is not None:
            return named
        lines = [t for t in self.tables_of("lines") if not t.is_empty and self.table_measure(t, measure)]
        basic_first = measure in ("人员经费", "公用经费")
        lines.sort(key=lambda t: (t.code not in scope, basic_first and "基本支出" not in t.title))
        if not lines:
            return self._labelled_total(measure, scope)
        target = self.table_total(lines[0], measure, label=measure)
        whole = self._summary_measure(measure, self.tables_of("summary"))
        if target is not None and whole is not None and target.amount is not None and \
                whole.unit == target.unit and whole.amount != target.amount:
            target.alternatives.append((whole.table_code, whole.amount, whole.row_ids))
        return target

    def _summary_measure(self, measure: str, tables: list[TableMeta]) -> Target | None:
        """The measure's cell on the 支出总计 row of the first of ``tables`` printing it as a column."""
        for table in tables:
            for row_id, path, amount, unit, label in self.run(queries.COLUMN_CELLS, table=table.code):
                if path.endswith(f"/{measure}") and "支出" in path and fold(label) in _SPENDING_TOTALS and amount is not None:
                    return Target(measure, table.code, [Part(measure, amount, unit or "", row_id, table.code)],
                                  unit or "", measure=measure)
        return None

    def _labelled_total(self, measure: str, scope: list[str]) -> Target | None:
        """A measure printed as a row label rather than a column ('人员经费合计 | 1,936.31' in a 决算
        基本支出表): that cell."""
        tables = sorted(self.tables_of("lines"), key=lambda t: (t.code not in scope, "基本支出" not in t.title))
        for table in tables:
            for row_id, path, amount, unit, label in self.run(queries.COLUMN_CELLS, table=table.code):
                if label.replace(" ", "") in (measure, f"{measure}合计") and amount is not None:
                    return Target(measure, table.code, [Part(measure, amount, unit or "", row_id, table.code)],
                                  unit or "", measure=measure)
        return None
