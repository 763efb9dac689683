"""Routing an understood question to the engine that answers it.

Order: refusals the data implies (execution figures asked of a budget) → a
决算's stages set against each other (stages.py) → a definition or a
project's goal (retrieval) → a performance indicator (hybrid: the vocabulary or
retrieval finds the row, SQL reads it) → rankings, lists and counts over a
dimension → figures of the named things (lookup, each, sum, difference, share)
→ an indicator found by retrieval alone, if it clearly matches → "not in the
published data".
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from assistant.db import queries
from assistant.engines import sql_engine, statements
from assistant.engines.sql_engine import Context, Outcome
from assistant.engines.dimensions import TOTAL_ITEMS, as_subject, over_dimension, same_name_subjects
from assistant.engines.scopes import (fund_as_scope, outside_unit, unit_of, unit_target, unit_total,
                                      without_sole_own_unit)
from assistant.engines.targets import Resolver, Target, title_measure
from assistant.engines.text_answers import (counted, definition, goal, indicator, indicator_levels, list_indicators,
                                            carried_names, stage_statement, stated_answer, stated_change, stated_figure,
                                            stated_reason,
                                            unknown_names)
from assistant.understand.coverage import leftover, rules
from assistant.understand.intent import SUM_WORDS
from assistant.understand.operands import subject_within
from assistant.understand.plan import asked_type, period
from assistant.understand.vocabulary import Entity, fold

if TYPE_CHECKING:
    from assistant.engines.reader import Reader
    from assistant.understand.reading import Understood

_SUM_WORDS = re.compile(r"合计|" + SUM_WORDS)


_YEAR_STAGE = re.compile(r"20\d\d|上年")
_WHOLE_BUDGET = re.compile(r"(本?部门|本?单位|整体|全部|总体?)?(预算|决算)(总额|总数|总量|规模|总计|整体)?")


def _stated_on_year_before(engine: "Reader", u: "Understood", ctx: Context,
                           entities: list[tuple[int, int, Entity]]) -> Outcome | None:
    """A change on the year before that no table gives, from the sentence of the text stating it."""
    words = [u.text[m.start:m.end] for m in u.mentions] + unknown_names(u, "") + carried_names(u) \
        or leftover(u.text, []) or [w for w in statements.TOTALS if w in u.text] \
        or (list(statements.TOTALS) if "预算" in u.text else [])  # 收入跟2025年比; 今年预算比去年
    if words and all(_WHOLE_BUDGET.fullmatch(w) for w in words):
        words = list(statements.TOTALS)  # 部门预算比2025年增加了多少: the budget's totals
    stated = None if asked_type(u.words) == "文字" else statements.stated_change(
        engine.con, u.doc.doc_id, words, resolve_all(u, ctx, fund_as_scope(u, ctx, entities)),
        lambda name: _total(engine, u, ctx, name))
    outcome = stated or stated_change(engine, u)
    if outcome is not None and "entities" not in outcome.context:  # '…减了多少？减了百分之几': the same change
        outcome.context |= {"entities": [e for _s, _e, e in entities if e.kind != "table"], "operation": "compare",
                            "measure": u.intent.measure, "scope": ctx.scope, "dimension": None}
    return outcome


def answer_understood(engine: "Reader", u: "Understood", ctx: Context, entities: list[tuple[int, int, Entity]]) -> Outcome:
    if u.intent.execution and u.doc.kind == "预算":
        return Outcome("refuse_execution", "refuse", {"doc": u.doc.title})
    entities = without_sole_own_unit(u, ctx, entities)  # 深圳市民政局（本级）的…: the department itself
    if any(ctx.resolver.stage_in(t.code, u.intent.stage) in t.stages for t in ctx.resolver.tables):
        ctx.resolver.stage = u.intent.stage  # 全年预算数 of a 决算 table, if one publishes it
    from assistant.engines.stages import between_stages, stage_question  # stages.py builds on this module

    if u.unpublished_year and not u.intent.stages:
        reason = stated_reason(engine, u) if _REASONS.search(u.words) else None  # 为什么比上年增加了
        return reason or _stated_on_year_before(engine, u, ctx, entities) or Outcome(
            "refuse_year_unpublished", "refuse", {"doc": u.doc.title, "year": u.unpublished_year})
    unnamed = unknown_names(u, "") if not u.intent.wants_definition else []
    computed = u.intent.operation in ("aggregate", "compare", "share") and len(entities) >= 2  # A和B加起来，本年支出一共
    if unnamed and _FIGURE_ASKED.search(u.words) and not computed:  # 机关运行经费, 委托业务费涉及的财拨资金: no table
        outcome = stated_figure(engine, u, unnamed)  # names it; the text may state it
        if outcome is not None:
            return outcome
    asked = stage_question(u)
    if asked is not None and _REASONS.search(u.words) and not _FIGURE_ASKED.search(u.words):
        reason = stated_reason(engine, u)  # 比去年翻了一倍多，主要是什么原因: the reason, not the change again
        if reason is not None:
            return reason
    if asked is not None:
        outcome = between_stages(u, ctx, entities, *asked) if any(t.stages for t in ctx.resolver.tables) else None
        if outcome is None and u.intent.operation != "rank":  # no table gives both figures: only the text can
            outcome = stage_statement(engine, u)
        if outcome is None and any(_YEAR_STAGE.search(stage) for stage in asked[0]):
            outcome = _stated_on_year_before(engine, u, ctx, entities)  # 比上年: the text states the change
        return outcome or Outcome("refuse_no_stages", "refuse", {"doc": u.doc.title})
    projects = [e for _, _, e in entities if e.kind == "project"]
    indicators = [e for _, _, e in entities if e.kind == "indicator"]
    operation = u.intent.operation
    by_period = _per_period_indicators(engine, u, projects) if period(u.words) else []
    if by_period:  # 政务云每个月的云服务费最多多少: the project's indicator stated per month (单月云服务成本)
        outcome = indicator(engine, u, ctx, projects, by_period)
        if outcome is not None:
            return outcome
    if _ASSETS_COUNTED.search(u.words):  # 有多少辆车, 设备多少台: assets the text counts, never a table's amount
        outcome = counted(engine, u)
        if outcome is not None:
            return outcome
    if u.intent.wants_definition:  # 下属单位有几家: counted in the text that lists them
        outcome = (counted(engine, u) if asked_type(u.words) == "计数" else None) or definition(engine, u)
        if outcome is not None:
            return outcome
    if u.intent.wants_goal and (not indicators or projects and not _VALUE_ASKED.search(u.words)) \
            and (projects or operation == "lookup"):  # 项目的绩效目标里X是怎么安排的: the goal, not X's indicator
        outcome = goal(engine, u, ctx, projects)
        if outcome is not None:
            return outcome
    if projects and not (_AMOUNT_ASKED.search(u.words) or u.intent.wants_indicator) and _in_goal(u, ctx, projects[0]):
        holding = _indicators_holding(engine, u, projects[0]) if _VALUE_ASKED.search(u.words) else []
        outcome = indicator(engine, u, ctx, projects, holding) if holding else None  # 预计汇聚多少办件数据: 办件数据汇聚量
        outcome = outcome or goal(engine, u, ctx, projects)  # 运维项目里网络运维是怎么驻场的: words of its goal text
        if outcome is not None:
            return outcome
    levels = indicator_levels(u.words)  # 信息系统运维类项目的成本指标是怎么定的: all of that level
    if operation in ("list", "count") and (u.intent.dimension == "indicator" or levels) \
            or levels and projects and operation == "lookup" and not any(e.name in u.words for e in indicators):
        outcome = list_indicators(u, ctx, projects)
        if outcome is not None:
            return outcome
        if levels and projects:  # 政务云服务的满意度指标: the project sets none of that level
            return Outcome("refuse_no_indicator", "refuse", {"doc": u.doc.title})
    comparing_projects = operation in ("compare", "share") and len(projects) >= 2
    if not comparing_projects and (indicators and (u.intent.wants_indicator or operation == "lookup")
                                   or u.intent.wants_indicator and projects and _only(entities, "project", "table")):
        outcome = indicator(engine, u, ctx, projects, indicators)
        if outcome is not None:
            return outcome
    if _REASONS.search(u.words) or _WHY_OR_WHAT_FOR.search(u.words) and not _FIGURE_ASKED.search(u.words) \
            and operation != "list":  # a reason or use asked, not a figure (用在哪些地方 is the published breakdown: a list)
        return stated_reason(engine, u) or Outcome(  # what it was asked of stays for the next part (它占…)
            "refuse_no_reason", "refuse", {"doc": u.doc.title},
            context={"entities": [e for _s, _e, e in entities if e.kind != "table"], "measure": u.intent.measure,
                     "scope": ctx.scope, "operation": "lookup", "dimension": None})
    if "指标" in u.words and not indicators and not _AMOUNT_ASKED.search(u.words):
        return Outcome("refuse_no_indicator", "refuse", {"doc": u.doc.title})  # an indicator asked: not an amount
    entities = fund_as_scope(u, ctx, entities)
    over_units = u.intent.dimension == "unit"  # 哪个单位的项目支出最多: a table by 预算单位 answers by its blocks
    targets = unit_total(resolve_all(u, ctx, entities), over_units=over_units)
    targets = _within_unit(u, ctx, entities, targets)
    outside = outside_unit(u, targets)
    if outside is not None:
        return outside
    if (u.excluded or u.excluded_measures) and operation not in ("rank", "list", "count"):
        return _leaving_out(u, ctx, targets, entities)
    if ctx.resolver.stage and targets:
        if not all(_stage_published(ctx.resolver, t) for t in targets):
            return Outcome("refuse_no_stages", "refuse", {"doc": u.doc.title})  # 基本支出年初预算: not published
        for target in targets:
            target.label += ctx.resolver.stage_for(target.table_code)  # “三公”经费预算数, 2024年预算数
    by_block = over_units and bool(ctx.resolver.unit_blocks()) and all(t.entity is None for t in targets)
    if over_units and targets and not all(unit_target(t) for t in targets) and not by_block:
        # 哪个单位的三公经费最高: the units' rows give their income alone
        return Outcome("refuse_units_scope", "refuse", {"what": "、".join(t.label for t in targets)})
    if by_block and targets and operation == "lookup":
        operation = "list"  # 各下属单位的基本支出分别是多少: each unit's row
    unread = not targets and not u.intent.dimension and any(e.kind not in ("table", "column") for _s, _e, e in entities)
    if unread and operation in ("rank", "list"):  # 机关运行经费的明细里最多的三项: not the document's subjects
        return Outcome("refuse_scope", "refuse")
    unit = unit_of(targets)
    if unit is not None and operation in ("rank", "list", "count") and not over_units and not by_block \
            and ctx.resolver.unit is None:  # 广州市地震局安排了哪些项目: its group of the projects, if printed so
        grouped = u.intent.dimension == "project" and any(r[9] == unit.entity.name for r in ctx.resolver.run(queries.PROJECTS))
        if not grouped:  # the lists are the department's, not by unit
            return Outcome("refuse_unit_scope", "refuse", {"unit": unit.entity.name, "what": _DIMENSION_WORDS.get(
                u.intent.dimension or "", "明细")})
        ctx.resolver.unit, targets = unit.entity.name, [t for t in targets if t is not unit]
    if operation in ("rank", "list", "count") or (operation in ("aggregate", "lookup") and not targets and u.intent.dimension):
        outcome = over_dimension(u, ctx, targets)
        stated = counted(engine, u, held_only=True) if operation == "count" else None
        if stated is not None and not (outcome and _same_count(outcome, stated)):
            return stated  # 编报了多少个项目的绩效目标: the text's own count, where the tables list only some
        if outcome is not None:
            return remember(outcome, u, ctx, targets)
    if not targets:
        outcome = indicator(engine, u, ctx, projects, [], guarded=True)
        if outcome is None and _FIGURE_ASKED.search(u.words) and not u.intent.wants_definition:
            outcome = stated_answer(engine, u)  # a figure asked: a paragraph stating one about all it names
        elif outcome is None:
            outcome = definition(engine, u, needed=2)
        return outcome or Outcome("refuse_scope", "refuse")
    if operation == "share" and "占" in u.words and not any(t.position < u.words.index("占") for t in targets):
        part = _previous_part(u, ctx, targets)  # 'A是多少，占B的百分比': A from the ask before
        if part is None:
            return Outcome("refuse_no_part", "refuse", {"whole": targets[0].label})  # 'A占B': nothing found of A
        targets = [part] + targets
    if operation == "share" and len(targets) >= 3 and _EACH_SHARE.search(u.words):
        whole = [t for t in targets if t.position > u.words.find("占")] or targets[-1:]
        parts = [t for t in targets if t is not whole[-1]]  # A和B各占C的百分之多少: A ÷ C and B ÷ C
        return remember(sql_engine.shares(parts, whole[-1], ctx), u, ctx, targets)
    if operation in ("compare", "share") and len(targets) < 2:
        targets = _complete_pair(operation, targets, ctx)
    elif operation == "share" and len(targets) >= 2:
        targets = _order_share(u, targets)
    if operation in ("rank", "list", "count"):
        operation = "lookup"  # no dimension to go over: the named figures themselves
    if len(targets) >= 2 and operation == "lookup":
        operation = "aggregate" if _SUM_WORDS.search(u.words) else "each"
    if operation == "aggregate" and len(targets) > 1:  # a whole is never added to its own parts (三类支出合计多少,
        targets = [t for t in targets if not _is_whole(t)] or targets  # 工资构成：基本工资、津贴补贴这几块加起来)
        targets = [t for t in targets if not any(_subject_under(o, t) for o in targets)] or targets
    if len(targets) < 2 and operation in ("compare", "share"):
        operation = "lookup"
    return remember(sql_engine.OPERATIONS[operation](targets, ctx), u, ctx, targets)


_COUNTED = re.compile(r"(\d+)\s*[个项家名人所处类]")
_REASONS = re.compile(r"(原因|理由|因素|缘故)(主要)?(有|是)?(哪些|哪几|什么)|(什么|啥|哪些)(原因|理由|因素|缘故)|为什么|为啥")  # 增加的主要原因有哪些，各涉及多少钱
_DIMENSION_WORDS = {"project": "项目", "func": "功能分类科目", "dept_econ": "经济分类科目", "indicator": "绩效指标"}
_EACH_SHARE = re.compile(r"(各|分别|各自)(占|在)")
_ASSETS_COUNTED = re.compile(r"(多少|几)(辆|台|套)")
_WHY_OR_WHAT_FOR = re.compile(r"用(于|来|在|作)(了)?[\u4e00-\u9fff]{0,3}?什么|干什么用|做什么用|什么用途|用途是|原因|为什么|是什么钱|什么钱|干什么的")
_AMOUNT_ASKED = re.compile(r"多少钱|金额|资金|预算(数|是多少|多少)|安排了?多少|花了?多少|(万元|元)")
_VALUE_ASKED = re.compile(r"多少|几|指标|目标值|要求|标准|达到|不低于|不超过")
_FIGURE_ASKED = re.compile(r"多少|几|金额|数额|预算数|安排了|是否|有没有")
_INSIDE = re.compile(r"(的)?(总数|总额|合计|总计|总)?(的)?(中|里|当中|之中|内|里面)")


def _is_whole(target: Target) -> bool:
    """A side's or a table's total (支出合计, 收入总计, 一般公共预算支出表合计)."""
    name = target.entity.name if target.entity is not None else target.label
    kind = target.entity.kind if target.entity is not None else "table"
    return kind in ("summary", "table") and (name in TOTAL_ITEMS or bool(re.search(r"(合计|总计)$", name)))


def _subject_under(part: Target, whole: Target) -> bool:
    return part.entity is not None and whole.entity is not None and subject_within(part.entity, whole.entity)


def read_targets(u: "Understood", ctx: Context, entities: list[tuple[int, int, Entity]]) -> list[Target]:
    """The figures a document gives for what the question names, read as one document's question is
    (across documents, each document in turn): the department's own unit row no thing asked, a fund the
    table to read."""
    return resolve_all(u, ctx, fund_as_scope(u, ctx, without_sole_own_unit(u, ctx, entities)))


def _same_count(listed: Outcome, stated: Outcome) -> bool:
    """Whether the text's sentence gives the count the listing of the table does."""
    count = next((f.value for f in listed.figures if f.formula == "计数"), None)
    return count is not None and any(Decimal(n) == count for n in _COUNTED.findall(stated.fields.get("text", "")))


def _leaving_out(u: "Understood", ctx: Context, targets: list[Target],
                 entities: list[tuple[int, int, Entity]]) -> Outcome:
    """One figure less the things the question leaves out of it ('收入总计多少，不算上年结转的',
    '基本支出不包括人员经费')."""
    parts = resolve_all(u, ctx, u.excluded) if u.excluded else []
    for measure in u.excluded_measures:  # the same things, at the measure left out
        parts += resolve_all(replace(u, intent=replace(u.intent, measure=measure), measures=[(0, measure)]), ctx,
                             entities)
    names = [e.name for _s, _e, e in u.excluded] + u.excluded_measures
    if len(targets) != 1 or not parts:
        return Outcome("refuse_exclusion", "refuse", {"whole": "、".join(t.label for t in targets) or "所问的数",
                                                      "parts": "、".join(names)})
    return remember(sql_engine.leaving_out(targets[0], parts, ctx), u, ctx, targets)


def _stage_published(resolver: Resolver, target: Target) -> bool:
    table = resolver.table(target.table_code)
    return table is not None and resolver.stage_for(target.table_code) in table.stages


def remember(outcome: Outcome, u: "Understood", ctx: Context, targets: list[Target]) -> Outcome:
    """What a follow-up question may refer to: the entities, measure, scope and dimension just answered."""
    entities = [t.entity for t in targets if t.entity is not None]
    for target in targets:  # a table's 合计 is remembered as the table
        table = ctx.resolver.table(target.table_code)
        if target.entity is None and target.label != target.measure and table is not None:
            entities.append(Entity("table", ctx.resolver.doc_id, table.title, (table.code, table.kind)))
    outcome.context = {"entities": entities, "measure": u.intent.measure,
                       "scope": ctx.scope, "operation": u.intent.operation, "dimension": u.intent.dimension,
                       "level": u.intent.level,
                       "measure_only": [t.measure for t in targets if t.entity is None and t.label == t.measure],
                       "project_column": ctx.project_column}
    stated = [e.key[0] for e in entities if e.kind == "stated"]
    if stated and len(stated) == len(entities):
        outcome.route = "retrieval"  # figures the text states: read from its paragraphs
    if len(stated) == 1:
        outcome.context["passage"] = stated[0]  # '政府采购预算多少？其中服务类多少？': the next part reads its paragraph
    return outcome


def _in_goal(u: "Understood", ctx: Context, project: Entity) -> bool:
    """A question about a project whose words no name explains, each of them as such in the project's goal text."""
    words = u.ask.uncovered if u.ask else []
    text = next((fold(r[6] or "") for r in ctx.resolver.run(queries.PROJECTS) if r[0] == project.key[0]), "")
    return bool(words and text) and all(w in text for w in words)


def _indicators_of(engine: "Reader", project: Entity) -> list[Entity]:
    return [e for e in engine.vocabulary.entities
            if e.kind == "indicator" and e.doc_id == project.doc_id and e.key[1] == project.name]


def _per_period_indicators(engine: "Reader", u: "Understood", projects: list[Entity]) -> list[Entity]:
    """The one indicator of the project named whose name states a period (单月, 每…, 人均) and shares a word
    with the question besides the project's name: what a figure per period asked of that project is (each
    of two or three, asked 各 or 分别)."""
    if len(projects) != 1:
        return []
    spans = [(m.start, m.end) for m in u.mentions if projects[0] in m.entities]
    spans += [found.span() for found in re.finditer(rules()["periods"], u.text)]
    pieces = {word[i:i + 2] for word in leftover(u.text, spans) for i in range(len(word) - 1)}
    found = [e for e in _indicators_of(engine, projects[0]) if re.search(rules()["period_stated"], fold(e.name))
             and any(piece in fold(e.name) for piece in pieces)]
    names = {e.name for e in found}
    return found if len(names) == 1 or 2 <= len(names) <= 3 and re.search(r"各|分别", u.words) else []


def _indicators_holding(engine: "Reader", u: "Understood", project: Entity) -> list[Entity]:
    """The one indicator of ``project`` whose name holds every word no name explained, in any order
    (汇聚 of 办件数据汇聚量): what a value asked in those words is."""
    words = u.ask.uncovered if u.ask else []
    found = [e for e in _indicators_of(engine, project) if words and all(w in fold(e.name) for w in words)]
    held = {e: sum(m.text in fold(e.name) for m in u.mentions) for e in found}  # and 办件数据, found as a name
    found = [e for e in found if held[e] == max(held.values())]
    return found if len({e.name for e in found}) == 1 else []


def _only(entities: list[tuple[int, int, Entity]], *kinds: str) -> bool:
    return all(e.kind in kinds for _, _, e in entities)


# ------------------------------------------------------------------ targets

def resolve_all(u: "Understood", ctx: Context, entities: list[tuple[int, int, Entity]]) -> list[Target]:
    """Targets in question order; tables scope the others (or are the target when nothing else is
    named); measures become targets when nothing else is, or to complete a comparison."""
    resolver, measure = ctx.resolver, u.intent.measure
    seen: set[Entity] = set()
    placed: list[Target] = []
    summary_scope = [c for c in ctx.scope if (t := resolver.table(c)) and t.kind == "summary"]
    ends = {end for _s, end, e in entities if e.kind in ("subject", "project", "three_public", "procurement")
            or e.kind == "table" and e.key[1] not in ("summary", "income")}  # 财政拨款“三公”经费预算总额: its own
    for start, end, entity in entities:
        if entity in seen or entity.kind in ("table", "indicator"):
            continue
        if entity.kind == "summary" and ("合计" in entity.name or entity.name in TOTAL_ITEMS) and start in ends and \
                u.intent.operation not in ("compare", "share"):
            continue  # 普法宣传支出合计, 委托业务费预算总额: the item's own total, not the department's beside it
        seen.add(entity)
        if entity.kind == "summary" and len(set(summary_scope)) > 1 and u.intent.operation in ("compare", "share"):
            for code in dict.fromkeys(summary_scope):  # 收支总表和财政拨款收支总表的收入总计
                target = resolver.summary(entity, ctx.scope, code)
                if target is not None:
                    target.label = f"{resolver.table(code).title}{target.label}"
                    target.position, target.end = start + summary_scope.index(code), end
                    placed.append(target)
            continue
        split = _each_measure(entity, u, ctx) if measure is None else []
        for target in split or [resolve(entity, resolver, measure, ctx)]:
            if target is not None:
                target.position, target.end = start, end
                placed.append(target)
    placed = _intersections(placed, u, ctx)
    measure_targets = []
    if u.measures and placed and all(_is_whole(t) for t in placed) and u.intent.operation not in ("share", "compare"):
        placed = []  # 全部支出里，基本支出和项目支出分别是多少: the measures of that whole
    if (u.intent.operation in ("compare", "share") and len(placed) < 2) or not placed:
        for position, measure_word in u.measures:
            target = resolver.measure_total(measure_word, ctx.scope)
            if target is not None:
                target.position = target.end = position
                measure_targets.append(target)
    tables = [(start, end, e) for start, end, e in entities if e.kind == "table"  # '支出总表中…' only scopes
              and (e.key[1] == "performance" or not ((placed or measure_targets) and u.words[start:end].endswith("表")))]
    comparing = u.intent.operation in ("compare", "share")
    if tables and (not placed or comparing and len(placed) + len(measure_targets) < 2):
        table_targets = _table_targets(tables, resolver, u, len(placed) + (len(measure_targets) if comparing else 0))
        if len(measure_targets) >= 2 and not comparing:
            table_targets = []  # 基本支出表里人员经费和公用经费分别是多少: the measures, read in that table
        elif table_targets and not comparing:
            measure_targets = []  # 政府性基金安排了基本支出吗: the measure qualifies the table
        placed += table_targets
    placed += measure_targets
    placed.sort(key=lambda target: target.position)
    carried = [e for e in (u.previous or {}).get("entities") or [] if e.kind == "row"]  # 其中…: the unit before
    placed = _same_table_totals(_cells(placed, resolver, carried), resolver)
    return _align_schemes(placed, resolver, measure, ctx)


def _within_unit(u: "Understood", ctx: Context, entities: list[tuple[int, int, Entity]],
                 targets: list[Target]) -> list[Target]:
    """A unit named with what an expenditure table by 预算单位 gives for it (局本级的委托业务费, 它的项目支出):
    the things asked, read in that unit's block of rows."""
    unit = unit_of(targets)
    if unit is None or unit.entity.name not in ctx.resolver.unit_blocks():
        return targets
    rest = [item for item in entities if item[2] != unit.entity]
    if not (rest or u.measures):
        return targets  # the unit's own total: its row of the 收入表
    ctx.resolver.unit = unit.entity.name
    within = resolve_all(u, ctx, rest)
    for target in within:
        if not target.label.startswith(unit.entity.name):
            target.label = f"{unit.entity.name}{target.label}"
    return within or targets


def _cells(targets: list[Target], resolver: Resolver, carried: list[Entity]) -> list[Target]:
    """A unit's row and a column of the same table named together (广州市老人院的事业收入), or the column
    asked of the unit just answered (其中事业收入呢): their cell."""
    rows = [t for t in targets if t.entity is not None and t.entity.kind == "row"]
    for column in [t for t in targets if t.entity is not None and t.entity.kind == "column"]:
        row = next((r for r in rows if r.table_code == column.table_code), None)
        before = next((e for e in carried if e.key[0] == column.table_code), None) if row is None else None
        cell = resolver.column(column.entity, row=row.entity if row else before) if row or before else None
        if cell is None:
            continue
        cell.entity = row.entity if row else before
        cell.position = min(row.position, column.position) if row else column.position
        cell.end = max(row.end, column.end) if row else column.end
        targets = [cell if t is (row or column) else t for t in targets if row is None or t is not column]
        if row:
            rows.remove(row)
    return targets


def _total(engine: "Reader", u: "Understood", ctx: Context, name: str) -> Target | None:
    """The document's total of that name (收入总计), as its tables publish it."""
    entity = next((e for e in engine.vocabulary.named(name, u.doc.doc_id) if e.kind == "summary" and e.name == name),
                  None)
    return resolve(entity, ctx.resolver, None, ctx) if entity is not None else None


def resolve(entity: Entity, resolver: Resolver, measure: str | None, ctx: Context) -> Target | None:
    scope = ctx.scope
    if entity.kind == "summary" and entity.name in TOTAL_ITEMS[:2]:
        lines_scope = [c for c in scope if (t := resolver.table(c)) and t.kind == "lines"]
        summary_scope = [c for c in scope if (t := resolver.table(c)) and t.kind == "summary"]
        if lines_scope and not summary_scope:
            return resolver.table_total(resolver.table(lines_scope[0]), "合计", label="支出合计")
    if entity.kind == "subject":
        return resolver.subject(entity, measure, scope)
    if entity.kind == "summary":
        return resolver.summary(entity, scope)
    if entity.kind == "project":
        return resolver.project(entity, ctx.project_column)
    if entity.kind == "three_public":
        target = resolver.three_public(entity)
        if target is not None and entity.key[1] == "合计":
            tree = resolver.three_public_tree(entity.key[0])
            target.children = [(row[2], row[3]) for row, _subs in tree if row[3]]
            target.grandchildren = {row[2]: subs for row, subs in tree if row[3] and subs}
        return target
    if entity.kind == "procurement":
        return resolver.procurement(entity)
    if entity.kind == "column":
        return resolver.column(entity)
    if entity.kind == "row":
        return resolver.row(entity)
    if entity.kind == "stated":
        return resolver.stated(entity)
    return None


def _each_measure(entity: Entity, u: "Understood", ctx: Context) -> list[Target]:
    """事业运行的人员经费和公用经费各多少: a subject's cell in each measure column asked, if its
    table publishes them all; a subject published only in a 基本支出表 and a 项目支出表, in each."""
    asked = list(dict.fromkeys(m for _, m in u.measures))
    if entity.kind == "subject" and not asked:
        asked = ctx.resolver.measures_apart(entity)  # 差旅费 of a 基本支出表 and a 项目支出表, no table of both
    if entity.kind != "subject" or len(asked) < 2:
        return []
    split = [ctx.resolver.subject(entity, measure, ctx.scope) for measure in asked]
    if any(t is None or t.measure != measure for t, measure in zip(split, asked)):
        return []
    for target in split:
        target.label += target.measure
    return split


def _table_targets(tables: list[tuple[int, int, Entity]], resolver: Resolver, u: "Understood",
                   already: int) -> list[Target]:
    """A table named alone is its 合计 (or, in a comparison, each named table's 合计)."""
    wanted = 2 - already if u.intent.operation in ("compare", "share") else 1
    chosen = tables[-wanted:] if wanted > 0 else []
    targets = []
    for start, end, entity in chosen:
        table = resolver.table(entity.key[0])
        if table is None:
            continue
        if table.kind in ("performance", "project_list"):
            target = resolver.all_projects(u.intent.project_column)
        elif table.kind == "three_public" and u.intent.operation not in ("list", "count"):  # its 合计 line
            total = Entity("three_public", resolver.doc_id, "“三公”经费", (table.code, "合计"))
            target = resolver.three_public(total) or resolver.table_total(table, None)
        else:
            comparing = u.intent.operation in ("compare", "share")  # 人员经费占…基本支出: that table's 合计
            target = resolver.table_total(table, None if comparing else u.intent.measure)
            if table.kind == "procurement":
                children = _procurement_children(resolver, table)
                target.children = [(category, amount) for category, amount, _row in children]
                target.also_cite += [row for _c, _a, row in children]  # each part's row, as it is named
        if target is not None and (target.parts or table.is_empty):
            target.position, target.end = start, end
            targets.append(target)
    return targets


def _procurement_children(resolver: Resolver, table) -> list[tuple[str, Any, int]]:
    """The table's rows; where it groups them under the three kinds of procurement (货物类, 工程类, 服务类),
    those groups only."""
    rows = [(category, amount, row_id) for row_id, code, category, total, amount, _u in resolver.run(queries.PROCUREMENT)
            if code == table.code and not total and amount is not None]
    kinds = [row for row in rows if re.fullmatch(r"(货物|工程|服务)类?", row[0])]
    return kinds if len(kinds) >= 2 else rows


def _intersections(targets: list[Target], u: "Understood", ctx: Context) -> list[Target]:
    """'2010350下面的工资福利支出': two subjects of different classifications, not compared → their overlap."""
    subjects = [t for t in targets if t.entity is not None and t.entity.kind == "subject"]
    named = [t for t in targets if t.entity is not None and as_subject(t.entity, ctx.resolver).kind == "subject"]
    if len(named) >= 3:  # a 收支总表 line (其他支出) is its function subject here
        return _overlaps_each(targets, named, u, ctx)
    if len(subjects) != 2 or u.intent.operation in ("compare", "share") or subjects[0].entity.scheme == subjects[1].entity.scheme:
        return targets
    first, second = subjects
    if first.entity.scheme != "func" and second.entity.scheme == "func":
        first, second = second, first
    overlap = ctx.resolver.intersect(first.entity, second.entity, u.intent.measure, ctx.scope)
    if overlap is None:
        return targets
    overlap.position, overlap.end = min(first.position, second.position), max(first.end, second.end)
    return [t for t in targets if t not in subjects] + [overlap]


def _overlaps_each(targets: list[Target], subjects: list[Target], u: "Understood", ctx: Context) -> list[Target]:
    """'委托业务费在2010399和2299999里分别安排了多少（哪个多）': one subject of one classification and several
    of the other → its overlap with each of them."""
    entity = {id(t): as_subject(t.entity, ctx.resolver) for t in subjects}
    schemes = {e.scheme for e in entity.values()}
    lone = [t for t in subjects if sum(entity[id(o)].scheme == entity[id(t)].scheme for o in subjects) == 1]
    if len(schemes) != 2 or len(lone) != 1:
        return targets
    overlaps = []
    for other in (t for t in subjects if t is not lone[0]):
        pair = (entity[id(lone[0])], entity[id(other)])
        pair = pair if pair[0].scheme == "func" else pair[::-1]
        overlap = ctx.resolver.intersect(pair[0], pair[1], u.intent.measure, ctx.scope)
        if overlap is None:
            return targets
        overlap.position, overlap.end = other.position, other.end
        overlaps.append(overlap)
    return [t for t in targets if t not in subjects] + overlaps


def _same_table_totals(targets: list[Target], resolver: Resolver) -> list[Target]:
    """'占支出合计' next to a figure from an expenditure table means that table's 合计 row; not the 合计 of
    a table of one measure (一般公共预算基本支出表: its 合计 is the 基本支出, not all spending)."""
    lines = next((t.table_code for t in targets if (m := resolver.table(t.table_code)) and m.kind == "lines"
                  and not title_measure(m)), None)
    if lines is None:
        return targets
    replaced = []
    for target in targets:
        if target.entity is not None and target.entity.kind == "summary" and target.entity.name in TOTAL_ITEMS[:2]:
            total = resolver.table_total(resolver.table(lines), "合计", label="支出合计")
            total.position, total.end = target.position, target.end
            replaced.append(total)
        else:
            replaced.append(target)
    return replaced


def _align_schemes(targets: list[Target], resolver: Resolver, measure: str | None, ctx: Context) -> list[Target]:
    """Two subjects compared should be read from the same table (住房公积金 vs 购房补贴 → both 功能科目)."""
    subjects = [t for t in targets if t.entity is not None and t.entity.kind == "subject"]
    if len(subjects) != 2 or subjects[0].table_code == subjects[1].table_code:
        return targets
    for keep, other in ((subjects[0], subjects[1]), (subjects[1], subjects[0])):
        for alternative in same_name_subjects(resolver, other.entity):
            if alternative.scheme != keep.entity.scheme:
                continue
            replacement = resolver.subject(alternative, measure, ctx.scope)
            if replacement is not None and replacement.table_code == keep.table_code:
                replacement.position, replacement.end = other.position, other.end
                return [replacement if t is other else t for t in targets]
    return targets



def _previous_part(u: "Understood", ctx: Context, wholes: list[Target]) -> Target | None:
    """The last thing the previous ask named, other than the whole now named: the part of '占B'."""
    named = {t.entity for t in wholes}
    earlier = [e for e in (u.previous or {}).get("entities") or [] if e not in named and e.doc_id == ctx.resolver.doc_id]
    part = resolve(earlier[-1], ctx.resolver, None, ctx) if earlier else None
    if part is not None:
        part.position = part.end = -1
    return part if part is not None and part.amount is not None else None


def _complete_pair(operation: str, targets: list[Target], ctx: Context) -> list[Target]:
    """A share of one thing is a share of the total it belongs to."""
    if operation != "share" or not targets:
        return targets
    target = targets[0]
    table = ctx.resolver.table(target.table_code)
    if table is None:
        return targets
    if target.entity is not None and target.entity.kind == "project":
        if ctx.project_column != "total":
            whole = ctx.resolver.project(target.entity, "total")
        else:
            whole = ctx.resolver.all_projects()
    elif table.kind == "summary" and target.entity is not None:
        side = target.entity.key[1]
        in_year = _is_enumerated_item(ctx, target)  # 上年结转结余 belongs to 收入总计, not to 本年收入合计
        item = ("本年支出合计" if in_year else "支出总计") if side == "支出" else ("本年收入合计" if in_year else "收入总计")
        whole = ctx.resolver.summary(Entity("summary", target.entity.doc_id, item, (table.code, side)), ctx.scope,
                                     table.code)
    elif table.kind == "three_public":
        whole = ctx.resolver.three_public(Entity("three_public", ctx.resolver.doc_id, "合计", (table.code, "合计")))
    elif target.entity is not None and target.entity.kind == "column":  # 其中：预留给中小企业的…: of its parent column
        whole = ctx.resolver.parent_column(target)
    elif target.entity is None:  # 项目支出占合计: a measure of a table over that table's 合计
        whole = ctx.resolver.table_total(table, None, label=f"{table.title}合计")
    else:
        measure = None if target.measure == "合计" else target.measure
        whole = ctx.resolver.table_total(table, measure, label=f"{table.title.removesuffix('表')}{measure or ''}合计")
    return targets + [whole] if whole is not None and whole.parts else targets


def _is_enumerated_item(ctx: Context, target: Target) -> bool:
    from ingest.normalize import is_enumerated

    rows = ctx.resolver.run(queries.SUMMARY_ITEM, table=target.table_code, item=target.entity.name)
    return bool(rows) and is_enumerated(rows[0][4])


def _order_share(u: "Understood", targets: list[Target]) -> list[Target]:
    """Part first: the one whose rows lie inside the other's; else the one not marked as a container
    ('A里/中 B占', '在A中占'); else the one named just before 占."""
    a, b = targets[0], targets[1]
    rows_a, rows_b = set(a.row_ids), set(b.row_ids)
    if rows_a and rows_b and rows_a != rows_b:
        if rows_a < rows_b:
            return [a, b]
        if rows_b < rows_a:
            return [b, a]
    text = u.words
    at = text.find("占")
    before = [t for t in (a, b) if t.position < at] if at >= 0 else []
    if len(before) == 1:  # 'A占B': A is the part, however A is worded (绩效目标表里列出的项目总额占项目支出)
        return [before[0], b if before[0] is a else a]
    for container, part in ((a, b), (b, a)):
        end = container.end or (text.find(container.label) + len(container.label) if container.label in text else 0)
        after = text[end: end + 6] if end else ""
        if _INSIDE.match(after) and (end <= at or at < 0):
            return [part, container]
    if at >= 0:
        if len(before) == 2 and a.amount is not None and b.amount is not None and a.amount != b.amount:
            return sorted(before, key=lambda t: t.amount)  # '服务类的政府采购占采购总额': the part is the smaller
        if len(before) == 2:
            return sorted(before, key=lambda t: -t.position)
    if a.amount is not None and b.amount is not None and a.amount > b.amount:
        return [b, a]
    return [a, b]
