"""Questions over a dimension of the tables: the subjects under a subject (公共卫生下面包括哪些项),
what a subject is spent on, and a table's rows ranked, listed or counted (最多的三类, 政府采购买了哪些)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.db import queries
from assistant.engines import sql_engine
from assistant.engines.sql_engine import Context, Item, Outcome
from assistant.engines.targets import Resolver, Target
from assistant.understand.intent import MEASURES
from assistant.understand.vocabulary import Entity, fold

if TYPE_CHECKING:
    from assistant.understand.reading import Understood

TOTAL_ITEMS = ("本年支出合计", "支出总计", "本年收入合计", "收入总计")


FUNDS = ("一般公共预算", "政府性基金", "国有资本经营")


def as_subject(entity: Entity, resolver: Resolver) -> Entity:
    """A 收支总表 line (教育支出) as the function subject of the same name, which the fund's table splits."""
    if entity.kind != "summary" or any(f in entity.name for f in FUNDS):
        return entity
    return next(iter(same_name_subjects(resolver, entity)), entity)


def same_name_subjects(resolver: Resolver, entity: Entity) -> list[Entity]:
    rows = queries.VOCAB_SUBJECTS.run(resolver.con).rows
    return [Entity("subject", doc, name, (scheme, code)) for doc, scheme, code, name in rows
            if doc == entity.doc_id and fold(name) == fold(entity.name) and (scheme, code) != entity.key]


def is_total(target: Target) -> bool:
    """The document's income or spending total (no item of it)."""
    return target.entity is not None and target.entity.kind == "summary" and target.entity.name in TOTAL_ITEMS


_UNDER = re.compile(r"下面|下属|之下|下设|包括|包含|分为|由哪些|有哪些")


def over_dimension(u: "Understood", ctx: Context, targets: list[Target]) -> Outcome | None:
    under = u.intent.operation in ("list", "count") and _UNDER.search(u.words) or u.intent.operation == "rank"
    if (under or u.intent.operation == "list") and len(targets) == 1:
        children = _child_subjects(targets[0], ctx, u.intent.level) if under else []  # 公共卫生（款）下面包括哪些项
        children = children or _spent_on(targets[0], ctx)  # 其他支出（项）花在什么上: its economic subjects
        if not children and targets[0].entity is not None:  # 收支总表的“其他支出”花在哪: the 类 of that name
            subject = as_subject(targets[0].entity, ctx.resolver)
            children = _spent_on(replace(targets[0], entity=subject), ctx) if subject is not targets[0].entity else []
        if children:
            label = f"{targets[0].label}下的{_LEVEL_NAMES.get(u.intent.level, '')}科目"
            outcome = sql_engine.ranking(children, ctx, label) if u.intent.operation == "rank" else \
                sql_engine.listing(children, ctx, label, count_only=u.intent.operation == "count")
            outcome.rows = targets[0].row_ids + outcome.rows  # the parent's own row, cited too
            return outcome
    within = next((t for t in targets if len(t.parts) > 1), None)
    dimension = u.intent.dimension
    table_targets = [t for t in targets if t.entity is None]
    if table_targets and table_targets[0].kind == "empty_table":
        return sql_engine.empty(table_targets[0], ctx)
    named_table = [t for t in table_targets if t.label != t.measure]  # a table named, not a measure's total
    table = ctx.resolver.table(named_table[0].table_code) if named_table and len(targets) == 1 else None
    if table is not None and table.kind == "lines" and dimension is None:
        ctx.scope = [table.code] + ctx.scope  # 政府性基金预算用在了哪些方面: that table's subjects
        dimension = "func" if "func" in table.schemes or not table.schemes else \
            next(s for s in ("dept_econ", "gov_econ") if s in table.schemes)  # 机关运行经费表: 办公费, 印刷费 …
        targets = []
    if within is None and targets and targets[0].children and u.intent.operation in ("list", "count"):
        return None  # a figure with its breakdown answers it (lookup with children)
    if dimension is None and within is None:
        dimension = _table_dimension(u, ctx) or (_RANKED_BY.get(u.intent.level, "dept_econ")
                                                 if u.intent.operation == "rank" and not targets else None)
    if dimension is None and within is None and len(targets) == 1 and is_total(targets[0]):
        dimension = "income" if "收入" in targets[0].entity.name else "summary"  # 钱花在哪: the 支出 side by 类
    if dimension is None and within is None:
        if u.measures and (u.intent.operation == "rank" or not targets or all(t.measure in MEASURES for t in targets)):
            dimension = "dept_econ"  # 公用经费里哪一项最多, 公用经费包括哪些科目: its economic subjects
        else:
            return None
    if dimension == "indicator" or dimension == "project" and u.intent.operation in ("count", "rank") and \
            [t.entity.kind for t in targets if t.entity is not None] == ["project"]:
        return None  # 科学技术奖奖金项目最多评几项: a question of that project, not a count of the projects
    items, label = sql_engine.dimension_items(dimension or "", ctx, within)
    if not items and dimension == "dept_econ" and within is None and u.intent.dimension != "dept_econ":
        items, label = sql_engine.dimension_items("func", ctx, None)  # 项目支出最多的科目: by function (经济分类 asked: never)
    if not items:
        return None
    if u.intent.operation == "rank":
        return sql_engine.ranking(items, ctx, label)
    return sql_engine.listing(items, ctx, label, count_only=u.intent.operation == "count")


_LEVEL_NAMES = {"类": "类级", "款": "款级", "项": "项级"}
_RANKED_BY = {"类": "func", "项": "func"}  # 最多的三类, with no classification named: 支出功能分类's 类、款、项
_LEVEL_LENGTHS = {"func": {"款": 5, "项": 7}, "dept_econ": {"款": 5}}


def _child_subjects(target: Target, ctx: Context, level: str | None = None) -> list[Item]:
    """The 款 of a 类, or the 项 of a 款 (or of a 类, asked for 项级科目), as the target's table publishes
    them; the 款 of an economic class (302 商品和服务支出 → 30201 办公费 …)."""
    entity = target.entity
    if entity is None or entity.kind != "subject" or entity.scheme == "gov_econ" or len(entity.code) not in (3, 5):
        return []
    table = ctx.resolver.table(target.table_code)
    column = ctx.resolver.table_measure(table, target.measure or "合计") if table else None
    if column is None:
        return []
    length = _LEVEL_LENGTHS[entity.scheme].get(level or "", len(entity.code) + 2)
    at = {"func": 2, "dept_econ": 6}[entity.scheme]
    rows = ctx.resolver.run(queries.LINE_ROWS, table=table.code, measure=column, scheme=entity.scheme, code=entity.code)
    def at_length(n: int) -> list[Item]:
        return [Item(f"{r[at]} {r[at + 1]}", r[8], r[9], [r[0]], table.code) for r in rows
                if r[at] and r[at].startswith(entity.code) and len(r[at]) == n]
    items = at_length(length)
    if len(items) == 1 and level is None:  # 208 with one 款 (20805): its 项 are what it comprises
        items = at_length(length + 2) or items
    return items


def _spent_on(target: Target, ctx: Context) -> list[Item]:
    """A 功能分类 subject with no other subject under it (其他支出 229 → 22999 → 2299999) by what it buys:
    its rows of the table that splits spending by function and economic subject (支出总表), one item
    per economic subject."""
    entity = target.entity
    if entity is None or entity.kind != "subject" or entity.scheme != "func":
        return []
    for table in (t for t in ctx.resolver.tables if t.has_econ and "dept_econ" in t.schemes):
        column = ctx.resolver.table_measure(table, "合计")
        rows = ctx.resolver.run(queries.LINE_ROWS, table=table.code, measure=column, scheme="func", code=entity.code) \
            if column else []
        if rows and all(r[6] and r[3] == entity.name for r in rows):
            return [Item(f"{r[6]} {r[7]}", r[8], r[9], [r[0]], table.code) for r in rows]
    return []


def _table_dimension(u: "Understood", ctx: Context) -> str | None:
    """A named detail table without subject rows (购买服务明细表): its rows are the items."""
    for code in ctx.scope:
        table = ctx.resolver.table(code)
        if table is not None and table.kind in ("purchase_service", "generic") and not table.is_empty:
            return f"table:{code}"
        if table is not None and table.kind == "procurement":
            return "procurement"
        if table is not None and table.kind in ("performance", "project_list"):
            return "project"
    return None
