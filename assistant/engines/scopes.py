"""Where a question's figures are read: the fund it names (一般公共预算安排的…, 财政拨款里的…: which
tables), and the department's units (所属单位, 本级: a unit's row, or the department itself when the
document is that one unit's budget)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.db import queries
from assistant.engines import sql_engine
from assistant.engines.dimensions import FUNDS, as_subject, is_total
from assistant.engines.sql_engine import Context, Outcome
from assistant.engines.targets import Resolver, Target
from assistant.understand.vocabulary import Entity

if TYPE_CHECKING:
    from assistant.understand.reading import Understood

_FISCAL = "财政拨款"  # the three funds together
_TITLE_PREFIX = re.compile(r"^\d{4}年度?(预算单位|单位|部门)?")


def fund_as_scope(u: "Understood", ctx: Context, entities: list[tuple[int, int, Entity]]
                  ) -> list[tuple[int, int, Entity]]:
    """'一般公共预算安排的教育支出', '一般公共预算财政拨款的基本支出': the fund says which table to read
    the subject or measure from; it is not a figure of its own."""
    fund = next((f for f in FUNDS + (_FISCAL,) if f in u.words), None)
    if fund is None:
        return entities
    if fund == _FISCAL:
        return _fiscal_scope(u, ctx, entities)
    entities = [(s, e, as_subject(entity, ctx.resolver)) for s, e, entity in entities]
    tables = _fund_tables(ctx.resolver, fund)
    if not (u.measures or any(e.kind == "subject" for _s, _e, e in entities)):
        if tables and re.search(r"支出|花了|花在|用在|用了|开支", u.words):  # 政府性基金的钱花了多少: its table
            spent = Entity("table", ctx.resolver.doc_id, tables[0].title, (tables[0].code, tables[0].kind))
            return [(s, e, spent if entity.kind == "summary" and fund in entity.name and entity.key[1] == "收入"
                     else entity) for s, e, entity in entities]
        return entities
    tables = [t.code for t in tables if not t.is_empty]
    if not tables:
        return entities
    ctx.scope[:0] = [code for code in tables if code not in ctx.scope]
    resolver = ctx.resolver
    publishes = all(any(resolver.table_measure(resolver.table(code), m) for code in tables) for _p, m in u.measures)
    return [(s, e, entity) for s, e, entity in entities if fund not in entity.name
            or entity.kind not in ("summary", "column", "table")
            or entity.kind == "table" and not publishes]  # 政府性基金安排了基本支出吗: the table says it did not


def _fiscal_scope(u: "Understood", ctx: Context, entities: list[tuple[int, int, Entity]]
                  ) -> list[tuple[int, int, Entity]]:
    """'财政拨款里安排的教育支出': read from the 财政拨款收支总表, then the funds' expenditure tables (the
    words 财政拨款 were taken out of the names asked as they were read)."""
    if not u.fund_words:  # 财政拨款收支总表中的…: a table named, not a fund
        return entities
    resolver = ctx.resolver
    summaries = [t.code for t in resolver.tables_of("summary") if _FISCAL in t.title]
    lines = [t.code for t in _fund_tables(resolver, _FISCAL) if not t.is_empty]
    ctx.scope[:0] = [code for code in summaries + lines if code not in ctx.scope]
    return entities


def _fund_tables(resolver: Resolver, fund: str) -> list:
    """The expenditure tables of one fund, by title (2026年预算单位一般公共预算支出功能分类预算表). 财政拨款
    is the three funds together: its own tables, or the 一般公共预算 ones when the other two funds' tables
    are published empty (all the appropriation is then 一般公共预算)."""
    def of(name: str) -> list:
        return [t for t in resolver.tables_of("lines") if _TITLE_PREFIX.sub("", t.title).startswith(name)]
    if fund != _FISCAL:
        return of(fund)
    others = of("政府性基金") + of("国有资本经营")
    return of(_FISCAL) or (of("一般公共预算") if len(others) >= 2 and all(t.is_empty for t in others) else [])


def outside_unit(u: "Understood", targets: list[Target]) -> Outcome | None:
    """A unit of the department asked of, with something its row does not publish (its 基本支出, when
    only the 收入表 lists units): refused by name, never answered with the department's figure."""
    unit = unit_of(targets)
    if unit is None:
        return None
    others = [t.label for t in targets if t is not unit and t.table_code != unit.table_code]
    asked = [u.intent.measure] if u.intent.measure else [m for _p, m in u.measures]  # 它的基本支出和项目支出各是多少
    measures = [m for m in dict.fromkeys(asked) if m not in ("", "合计") and m not in unit.label]
    if not others and not measures:
        return None
    return Outcome("refuse_unit_scope", "refuse", {"unit": unit.entity.name, "what": "、".join(others or measures)})


def without_sole_own_unit(u: "Understood", ctx: Context, entities: list[tuple[int, int, Entity]]
                          ) -> list[tuple[int, int, Entity]]:
    """深圳市气象局（本级）的项目支出, where the 收入表 lists that one unit: the document is the budget of that
    unit, so the unit only names the department asked of."""
    if not any(entity.is_unit for _s, _e, entity in entities):
        return entities  # no unit named: nothing to read (this runs for every question)
    units = {(label, department) for _t, _r, label, _a, _u, department in
             ctx.resolver.run(queries.UNIT_ROWS, unit_name=queries.UNIT_NAME)}
    if len(units) != 1 or not sql_engine.own_row(*next(iter(units))):
        return entities
    kept = [(s, e, entity) for s, e, entity in entities if not entity.is_unit]
    return kept if kept or u.measures else entities


def unit_of(targets: list[Target]) -> Target | None:
    return next((t for t in targets if t.entity is not None and t.entity.is_unit), None)


def unit_total(targets: list[Target], over_units: bool) -> list[Target]:
    """A total named beside a unit, or asked of every unit, is each unit's own (老人院的收入预算, 各下属单位
    收入预算: their rows' 合计)."""
    unit = unit_of(targets)
    return targets if unit is None and not over_units else [t for t in targets if t is unit or not is_total(t)]


def unit_target(target: Target) -> bool:
    return is_total(target) or target.entity is not None and target.entity.is_unit
