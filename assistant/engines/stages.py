"""A 决算 table's stages set against each other: 年初预算数, 全年预算数 and 决算数 of the same rows,
side by side, compared, or as a completion rate (决算数 ÷ a budget stage), and subjects ranked by it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.db import queries
from assistant.engines import answers, dimensions, sql_engine
from assistant.engines.sql_engine import Context, Outcome
from assistant.engines.targets import Resolver, Target
from assistant.engines.text_answers import unknown_names
from assistant.types import Figure
from assistant.understand.vocabulary import Entity

if TYPE_CHECKING:
    from assistant.understand.reading import Understood

_YEAR = re.compile(r"20\d\d年")
_COMPLETION = re.compile(r"完成率|执行率|完成(了|的)?(年初|全年|调整)?预算|执行(了|的)?(年初|全年|调整)?预算|预算执行(情况|进度)")


def stage_question(u: "Understood") -> tuple[list[str], str] | None:
    """The two stages a question sets against each other, and how: 完成率/执行率 (决算数 ÷ a budget
    stage, by default the last one), side by side (预算数和决算数各多少) or compared (决算比预算少多少,
    全年预算比年初预算多多少). '' is each table's main figure (决算数)."""
    stages = [s if s != "决算数" else "" for s in u.intent.stages]
    if _COMPLETION.search(u.words):
        return ["", next((s for s in stages if s), "预算")], "completion"
    if len(stages) >= 2:
        return stages[:2], u.intent.operation
    if len(stages) == 1 and stages[0] and u.intent.operation == "compare":
        return ["", stages[0]], "compare"  # 三公经费比预算少多少: the main figure against the budget
    return None


def between_stages(u: "Understood", ctx: Context, entities: list[tuple[int, int, Entity]], pair: list[str],
                   operation: str) -> Outcome | None:
    """A 决算 table's stages set against each other (see ``stage_question``). The same rows give both
    figures."""
    resolver = ctx.resolver
    if operation == "completion" and u.intent.operation == "rank":
        return _completion_ranking(u, ctx, pair[1])
    staged = Context(ctx.question, ctx.intent, resolver, [t.code for t in resolver.tables if t.stages],
                     ctx.project_column)  # both figures from the table that publishes both
    named = bool(entities or u.measures or unknown_names(u, ""))  # 机关运行经费完成率: not the table's 合计
    entities = [(s, e, dimensions.as_subject(entity, resolver)) for s, e, entity in entities]  # 卫生健康支出: the 类
    targets = []
    try:
        for stage in pair:
            resolver.stage = stage
            found = answers.resolve_all(u, staged, entities)
            target = found[0] if found else None if named else _staged_table_total(resolver, pair)
            if target is None or target.amount is None or not _publishes(resolver, target.table_code, stage):
                return None  # the thing asked is not in a table that publishes both figures
            shown = resolver.stage_for(target.table_code) or _main_stage(resolver, target.table_code)
            target.label = f"{target.label}（{shown}）" if target.label.endswith("合计") else f"{target.label}{shown}"
            targets.append(target)
    finally:
        resolver.stage = ""
    if operation == "completion":
        if not targets[1].amount:
            return None
        outcome = sql_engine.share(targets, ctx)
        outcome.template = "completion"
    elif operation == "compare" and all(_YEAR.search(t.label) for t in targets):  # 今年比去年: against the earlier year
        outcome = sql_engine.changes(sorted(((_YEAR.findall(t.label)[-1], t) for t in targets), key=lambda pair: pair[0]))
    elif operation == "compare":
        outcome = sql_engine.compare(targets, ctx)
    else:
        outcome = sql_engine.each(targets, ctx)
    return answers.remember(outcome, u, ctx, targets[:1])


def _publishes(resolver: Resolver, table_code: str, stage: str) -> bool:
    """Does the table give this stage as a column of its own (not one figure read for every stage)?"""
    table = resolver.table(table_code)
    return table is not None and bool(table.stages) and (stage == "" or resolver.stage_in(table_code, stage) in table.stages)


def _main_stage(resolver: Resolver, table_code: str) -> str:
    """The name of the figure a plain question reads: the latest year's column, else 决算数."""
    table = resolver.table(table_code)
    if table is None or not table.stages or "决算数" in table.stages:
        return "决算数"
    return max(table.stages, key=lambda s: (re.findall(r"20\d\d", s), s))


def _staged_table_total(resolver: Resolver, pair: list[str]) -> Target | None:
    """Nothing named (全年预算比年初预算多多少): the 合计 of the first 支出 table publishing both stages —
    never a “三公” table's, which is a small part of the budget, not the whole asked about."""
    for table in resolver.tables:
        if not table.stages or not all(s == "" or resolver.stage_in(table.code, s) in table.stages for s in pair):
            continue
        if table.kind == "lines":
            return resolver.table_total(table, None, label=re.sub(r"(预算|决算)?表$", "", table.title))
    return None


def _completion_ranking(u: "Understood", ctx: Context, budget_stage: str) -> Outcome | None:
    """哪个科目完成率最低: 决算数 ÷ budget of each leaf subject of the table that publishes both."""
    resolver = ctx.resolver
    for table in resolver.tables_of("lines"):
        if not table.stages or "合计" not in table.measures:
            continue
        stage = resolver.stage_in(table.code, budget_stage)
        planned = {r[0]: r for r in resolver.run(queries.LINES_GROUPED, table=table.code, measure="合计", by="func",
                                                 stage=stage)}
        done = {r[0]: r for r in resolver.run(queries.LINES_GROUPED, table=table.code, measure="合计", by="func",
                                              stage="")}
        if stage not in table.stages or not planned:
            continue
        leaves = [c for c in done if c in planned and planned[c][2] and done[c][2] is not None
                  and not any(o != c and o.startswith(c) for o in done)]
        if not leaves:
            continue
        rates = sorted(leaves, key=lambda c: sql_engine.percent(done[c][2], planned[c][2]),
                       reverse=not u.intent.ascending)
        top = rates[: u.intent.top_n or 1]
        figures, lines, rows = [], [], []
        for code in top:
            actual, budget = done[code][2], planned[code][2]
            rate = sql_engine.percent(actual, budget)
            name = f"{code} {done[code][1]}"
            figures += [Figure(f"{name}决算数", actual, done[code][3]), Figure(f"{name}{stage}", budget, done[code][3]),
                        Figure(f"{name}完成率", rate, "%", f"{actual:f} ÷ {budget:f} × 100")]
            lines.append(ctx.render("completion_item", name=name, actual=sql_engine.money(actual, done[code][3]),
                                    stage=stage, budget=sql_engine.money(budget, done[code][3]), percent=f"{rate:f}%"))
            rows += list(done[code][4]) + list(planned[code][4])
        fields = {"order": "最低" if u.intent.ascending else "最高", "items": "；".join(lines), "stage": stage}
        return Outcome("completion_rank", "sql", fields, figures, rows)
    return None
