"""Routing an understood question to the engine that answers it.

Order: a project's goal (retrieval) → a performance indicator (hybrid: the
vocabulary or retrieval finds the row, SQL reads it) → rankings, lists and
counts over a dimension → figures of the named things (lookup, sum, difference,
share) → nothing recognised: a clear "not in the published data".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.db import queries
from assistant.engines import sql_engine
from assistant.engines.sql_engine import Context, Outcome
from assistant.engines.targets import Resolver, Target
from assistant.types import Figure
from assistant.understand.vocabulary import Entity

if TYPE_CHECKING:
    from assistant.pipeline import Engine, Understood

_TOTAL_ITEMS = ("本年支出合计", "支出总计", "本年收入合计", "收入总计", "合计")


def answer_understood(engine: "Engine", u: "Understood", ctx: Context, entities: list[tuple[int, Entity]]) -> Outcome:
    from assistant.pipeline import figure_context

    projects = [e for _, e in entities if e.kind == "project"]
    indicators = [e for _, e in entities if e.kind == "indicator"]
    if u.intent.wants_goal and not indicators and (projects or u.intent.operation == "lookup"):
        outcome = goal(engine, u, ctx, projects)
        if outcome is not None:
            return outcome
    if indicators or (u.intent.wants_indicator and projects and _only_projects(entities)):
        outcome = indicator(engine, u, ctx, projects, indicators)
        if outcome is not None:
            return outcome
    targets = resolve_all(u, ctx, entities)
    operation = u.intent.operation
    if operation in ("rank", "list", "count") or (operation == "aggregate" and not targets and u.intent.dimension):
        outcome = over_dimension(u, ctx, targets)
        if outcome is not None:
            outcome.context = figure_context(targets, u.intent, ctx.scope, operation)
            return outcome
    if not targets:
        return Outcome("refuse_scope", "refuse")
    if operation in ("compare", "share") and len(targets) < 2:
        targets = _complete_pair(operation, targets, ctx)
    if operation == "share" and len(targets) >= 2:
        targets = _order_share(u, targets)
    handler = sql_engine.OPERATIONS.get(operation if len(targets) >= 2 or operation == "aggregate" else "lookup")
    if operation in ("compare", "share") and len(targets) < 2:
        handler = sql_engine.lookup
    outcome = handler(targets, ctx)
    outcome.context = figure_context(targets, u.intent, ctx.scope, operation)
    return outcome


def _only_projects(entities: list[tuple[int, Entity]]) -> bool:
    return all(e.kind in ("project", "table") for _, e in entities)


# ------------------------------------------------------------------ targets

def resolve_all(u: "Understood", ctx: Context, entities: list[tuple[int, Entity]]) -> list[Target]:
    """Targets in question order; tables only scope the others, measures become targets when needed."""
    resolver, measure = ctx.resolver, u.intent.measure
    seen: set[Entity] = set()
    placed: list[tuple[int, Target]] = []
    lines_scope = [c for c in ctx.scope if (t := resolver.table(c)) and t.kind == "lines"]
    summary_scope = [c for c in ctx.scope if (t := resolver.table(c)) and t.kind == "summary"]
    for position, entity in entities:
        if entity in seen or entity.kind in ("table", "indicator"):
            continue
        seen.add(entity)
        if entity.kind == "summary" and entity.name in _TOTAL_ITEMS and lines_scope and not summary_scope:
            target = resolver.table_total(resolver.table(lines_scope[0]), "合计", label="支出合计")
        else:
            target = resolve(entity, resolver, measure, ctx.scope)
        if target is not None:
            placed.append((position, target))
    non_measure = len(placed)
    explicit = [(pos, m) for pos, m in u.measures]
    wants_measure_targets = (u.intent.operation in ("compare", "share") and non_measure < 2) or non_measure == 0
    if wants_measure_targets and explicit:
        for position, measure_word in explicit:
            target = resolver.measure_total(measure_word, ctx.scope)
            if target is not None:
                placed.append((position, target))
    if not placed:
        tables = [e for _, e in entities if e.kind == "table"]
        if tables and not explicit:
            table = resolver.table(tables[-1].key[0])
            target = resolver.table_total(table, label=tables[-1].name.removesuffix("表"))
            target.children = _table_children(resolver, table) if table.kind in ("procurement",) else []
            if target.parts or table.is_empty:  # a table without a 合计 row (绩效目标表) has no one figure
                placed.append((0, target))
    placed.sort(key=lambda item: item[0])
    targets = _same_table_totals([target for _, target in placed], resolver)
    return _align_schemes(targets, resolver, measure, ctx.scope)


def _same_table_totals(targets: list[Target], resolver: Resolver) -> list[Target]:
    """'占支出合计' next to a figure from an expenditure table means that table's 合计 row."""
    lines = next((t.table_code for t in targets if (m := resolver.table(t.table_code)) and m.kind == "lines"), None)
    if lines is None:
        return targets
    return [resolver.table_total(resolver.table(lines), "合计", label="支出合计")
            if t.entity is not None and t.entity.kind == "summary" and t.entity.name in _TOTAL_ITEMS[:2] else t
            for t in targets]


def resolve(entity: Entity, resolver: Resolver, measure: str | None, scope: list[str]) -> Target | None:
    if entity.kind == "subject":
        return resolver.subject(entity, measure, scope)
    if entity.kind == "summary":
        return resolver.summary(entity, scope)
    if entity.kind == "project":
        return resolver.project(entity)
    if entity.kind == "three_public":
        target = resolver.three_public(entity)
        if target is not None and entity.key[1] == "合计":
            target.children = [(item, amount) for item, amount in _three_public_items(resolver) if amount is not None]
        return target
    if entity.kind == "procurement":
        return resolver.procurement(entity)
    if entity.kind == "column":
        return resolver.column(entity)
    return None


def _three_public_items(resolver: Resolver) -> list[tuple[str, Any]]:
    return [(item, amount) for _r, _t, item, amount, _u in resolver._run(queries.THREE_PUBLIC) if item != "合计"]


def _table_children(resolver: Resolver, table) -> list[tuple[str, Any]]:
    return [(category, amount) for _r, code, category, total, amount, _u in resolver._run(queries.PROCUREMENT)
            if code == table.code and not total and amount is not None]


def _align_schemes(targets: list[Target], resolver: Resolver, measure: str | None, scope: list[str]) -> list[Target]:
    """Two subjects compared should be read from the same table (住房公积金 vs 购房补贴 → both 功能科目)."""
    subjects = [t for t in targets if t.entity is not None and t.entity.kind == "subject"]
    if len(subjects) != 2 or subjects[0].table_code == subjects[1].table_code:
        return targets
    first, second = subjects
    for keep, other in ((first, second), (second, first)):
        alternatives = [e for e in resolver_alternatives(resolver, other.entity) if e.scheme == keep.entity.scheme]
        for alternative in alternatives:
            replacement = resolver.subject(alternative, measure, scope)
            if replacement is not None and replacement.table_code == keep.table_code:
                return [replacement if t is other else t for t in targets]
    return targets


def resolver_alternatives(resolver: Resolver, entity: Entity) -> list[Entity]:
    from assistant.understand.vocabulary import fold

    rows = queries.VOCAB_SUBJECTS.run(resolver.con).rows
    return [Entity("subject", doc, name, (scheme, code)) for doc, scheme, code, name in rows
            if doc == entity.doc_id and fold(name) == fold(entity.name) and (scheme, code) != entity.key]


def _complete_pair(operation: str, targets: list[Target], ctx: Context) -> list[Target]:
    """A share of one thing is a share of its table's total."""
    if operation != "share" or not targets:
        return targets
    target = targets[0]
    table = ctx.resolver.table(target.table_code)
    if table is None:
        return targets
    if table.kind == "summary" and target.entity is not None:
        side = target.entity.key[1]
        item = "本年支出合计" if side == "支出" else "本年收入合计"
        whole = ctx.resolver.summary(Entity("summary", target.entity.doc_id, item, (table.code, side)), ctx.scope)
    else:
        whole = ctx.resolver.table_total(table, target.measure if target.measure != "合计" else None,
                                         label=f"{table.title}{'' if target.measure == '合计' else target.measure}合计")
    return targets + [whole] if whole is not None else targets


def _order_share(u: "Understood", targets: list[Target]) -> list[Target]:
    """Part first: the one whose rows lie inside the other's, else the one named before 占."""
    a, b = targets[0], targets[1]
    rows_a, rows_b = set(a.row_ids), set(b.row_ids)
    if rows_a and rows_b and rows_a < rows_b:
        return [a, b]
    if rows_a and rows_b and rows_b < rows_a:
        return [b, a]
    if a.amount is not None and b.amount is not None and a.amount > b.amount and "占" not in u.folded:
        return [b, a]
    return [a, b]


# ------------------------------------------------------------------ dimensions

def over_dimension(u: "Understood", ctx: Context, targets: list[Target]) -> Outcome | None:
    within = next((t for t in targets if len(t.parts) > 1), None)
    dimension = u.intent.dimension
    if within is None and targets and dimension is None:
        table_targets = [t for t in targets if t.entity is None]
        if table_targets and table_targets[0].kind == "empty_table":
            return sql_engine.empty(table_targets[0], ctx)
        if u.intent.operation in ("list", "count") and targets[0].children:
            return None  # a figure with its breakdown answers it (lookup with children)
        if u.intent.operation == "list":
            return None
    if dimension is None and within is None:
        dimension = "dept_econ" if u.intent.operation == "rank" else None
    if dimension is None and within is None:
        return None
    if dimension == "indicator":
        return None
    items, label = sql_engine.dimension_items(dimension or "", ctx, within)
    if not items:
        return None
    if u.intent.operation == "rank":
        return sql_engine.ranking(items, ctx, label)
    return sql_engine.listing(items, ctx, label, count_only=u.intent.operation == "count")


# ------------------------------------------------------------------ text: goals and indicators

def goal(engine: "Engine", u: "Understood", ctx: Context, projects: list[Entity]) -> Outcome | None:
    resolver = ctx.resolver
    rows = resolver._run(queries.PROJECTS)
    if projects:
        row = next((r for r in rows if r[0] == projects[0].key[0]), None)
    else:
        found = engine.retrieval().search(u.doc.doc_id, u.question, kinds=["goal", "narrative"], k=1)
        if not found:
            return None
        if found[0].kind == "narrative":
            return Outcome("narrative", "retrieval", {"text": found[0].text}, [], [found[0].row_id])
        row = next((r for r in rows if r[0] == found[0].row_id), None)
    if row is None or not row[6]:
        return None
    row_id, table, _code, name, total, unit, goal_text = row
    figures = [Figure(f"{name}项目总额", total, unit)] if total is not None else []
    return Outcome("goal", "retrieval", {"project": name, "total": sql_engine.money(total, unit), "goal": goal_text},
                   figures, [row_id], {"entities": projects, "measure": None, "scope": [], "operation": "lookup"})


def indicator(engine: "Engine", u: "Understood", ctx: Context, projects: list[Entity],
              indicators: list[Entity]) -> Outcome | None:
    rows = ctx.resolver._run(queries.INDICATORS)
    by_row = {r[0]: r for r in rows}
    project_names = {p.name for p in projects}
    picked = [by_row[e.key[0]] for e in indicators if e.key[0] in by_row]
    if project_names:
        picked = [r for r in picked if r[2] in project_names] or picked
    if not picked:
        project = next(iter(project_names), None)
        found = engine.retrieval().search(u.doc.doc_id, u.question, kinds=["indicator"], k=3, project=project)
        picked = [by_row[f.row_id] for f in found[:1] if f.row_id in by_row]
    if not picked:
        return None
    row_id, _table, project, level1, level2, name, operator, value, unit = picked[0]
    target = value if operator == "定性" else f"{operator or ''}{value or ''}{unit or ''}"
    figures = []
    from decimal import Decimal, InvalidOperation

    try:
        figures.append(Figure(name, Decimal(value), unit or "", None))
    except (InvalidOperation, TypeError):
        pass
    levels = "/".join(level for level in (level1, level2) if level)
    return Outcome("indicator", "hybrid", {"project": project, "name": name, "levels": levels, "target": target},
                   figures, [row_id], {"entities": projects, "measure": None, "scope": [], "operation": "lookup"})
