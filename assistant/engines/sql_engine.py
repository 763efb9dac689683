"""Exact answers over DuckDB: lookups, sums, differences, shares, rankings, lists and counts.

Each operation takes the understood question and the resolved targets and
returns an :class:`Outcome`: the template to render, its fields, the figures
(published values, or computations with their formula) and the rows to cite.
Arithmetic is Decimal; a share is rounded half-up to 2 decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable

from assistant.db import queries
from assistant.engines.targets import Part, Resolver, Target
from assistant.types import Figure, Outcome, table_ref
from assistant.verify import split_codes
from ingest.catalogue import standard_names

HUNDRED = Decimal(100)


def money(value: Decimal | None, unit: str | None = "") -> str:
    """A figure as published: thousands separators, all its decimals (9,715.698690万元); no unit where the
    table prints none (a project form without a 单位 line)."""
    if value is None:
        return "（空白）"
    return f"{value:,f}{unit or ''}"


def percent(numerator: Decimal, denominator: Decimal) -> Decimal:
    return (numerator / denominator * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def published(target: Target) -> list[Figure]:
    if len(target.parts) == 1:
        part = target.parts[0]
        return [Figure(target.label, part.amount, part.unit)] if part.amount is not None else []
    return [Figure(part.label, part.amount, part.unit) for part in target.parts if part.amount is not None]


# ------------------------------------------------------------------ operations

def lookup(targets: list[Target], ctx: "Context") -> Outcome:
    target = targets[0]
    if target.kind in ("empty_table", "missing") or target.amount is None:
        return empty(target, ctx)
    figures = published(target)
    fields = {"label": target.label, "amount": money(target.amount, target.unit), "measure": _measure_words(target),
              "none": "，即没有安排" if target.amount == 0 else ""}  # 公务用车购置费 0.00: nothing arranged
    if len(target.parts) > 1:
        total = Figure(f"{target.label}合计", target.amount, target.unit, " + ".join(f"{p.amount:f}" for p in target.parts
                                                                                      if p.amount is not None))
        table = ctx.resolver.table(target.table_code)
        fields.update(parts="；".join(f"{p.label} {money(p.amount, p.unit)}" for p in target.parts),
                      formula=f"{total.formula} = {target.amount:f}",
                      table=table_ref(target.table_code, table.title if table else ""),
                      split_by=_split_by(target))
        template = "lookup_parts"
        if target.also_cite:
            elsewhere = ctx.resolver.table(target.also_table or "")
            fields["also"] = table_ref(elsewhere.code, elsewhere.title) if elsewhere else ""
            template = "lookup_parts_also"
        outcome = Outcome(template, "sql", fields, figures + [total], target.row_ids)
        _merged_parts(outcome, target)
    else:
        if target.children:
            fields["children"] = "；".join(_child_text(target, name, value) for name, value in target.children)
            figures += [Figure(name, value, target.unit) for name, value in target.children]
            figures += [Figure(name, value, target.unit) for subs in target.grandchildren.values() for name, value in subs]
        outcome = Outcome("lookup_children" if target.children else "lookup", "sql", fields, figures, target.row_ids)
    if target.alternatives:
        _add_alternatives(outcome, target, ctx)
    return convert(outcome, target.amount, target.unit, ctx)


def _merged_parts(outcome: Outcome, target: Target) -> None:
    """Parts of one subject under several others (31007 under two function subjects), added up: what
    '都买了什么，各多少钱' asks, beside the rows as published."""
    merged = _grouped_parts(target)
    if len(merged) == len(target.parts):
        return
    names = list(dict.fromkeys(part.group or part.label for part in target.parts))  # the subjects, unqualified
    outcome.figures += [Figure(name, i.amount, i.unit, " + ".join(f"{a:f}" for a in i.amounts))
                        for name, i in zip(names, merged) if i.amounts]
    items = "；".join(f"{name} {money(i.amount, i.unit)}" + (f"（{' + '.join(f'{a:f}' for a in i.amounts)}）"
                                                          if i.amounts else "") for name, i in zip(names, merged))
    outcome.fields["notes"] = render_text("merged_parts", items=items)
    outcome.template += "+notes"


def _child_text(target: Target, name: str, value: Decimal) -> str:
    """'公务用车购置及运行维护费 6.35万元（其中公务用车运行维护费 6.35万元）'."""
    subs = target.grandchildren.get(name)
    inner = render_text("child_parts", parts="、".join(f"{n} {money(v, target.unit)}" for n, v in subs)) if subs else ""
    return f"{name} {money(value, target.unit)}{inner}"


def render_text(key: str, **fields: Any) -> str:
    """A wording from prompts/answers.yaml (compose imports this module, hence the late import)."""
    from assistant.compose import render

    return render(key, **fields)


def _add_alternatives(outcome: Outcome, target: Target, ctx: "Context") -> None:
    """Another table publishes another figure for the same thing: say so, with the difference."""
    notes = []
    for table_code, amount, rows in target.alternatives:
        outcome.rows += [row for row in rows if row not in outcome.rows]  # the other table's row, cited too
        table = ctx.resolver.table(table_code)
        scope = _coverage(table.title if table else "")
        diff = amount - target.amount
        outcome.figures.append(Figure(f"{target.label}（{table_code}）", amount, target.unit))
        if diff:
            outcome.figures.append(Figure(f"{table_code}与{target.table_code}之差", abs(diff), target.unit,
                                          f"{max(amount, target.amount):f} − {min(amount, target.amount):f}"))
        notes.append(ctx.render("alternative", table=table_ref(table_code, table.title if table else ""),
                                scope=scope, amount=money(amount, target.unit), diff=money(abs(diff), target.unit),
                                more="多" if diff > 0 else "少"))
    outcome.fields["notes"] = "".join(notes)
    outcome.template += "+notes"


def _coverage(title: str) -> str:
    if "基本支出" in title:
        return "仅基本支出"
    if "一般公共预算" in title:
        return "仅一般公共预算"
    if "财政拨款" in title:
        return "仅财政拨款"
    if "支出总表" in title or "收支总表" in title:
        return "含全部资金来源"
    return "口径不同"


def each(targets: list[Target], ctx: "Context") -> Outcome:
    """Several things asked at once ('财政资金和其他资金各多少'): each with its figure."""
    figures = [f for t in targets for f in published(t)]
    said = []
    for t in targets:
        if t.amount is None:
            said.append(f"{t.label}（空白，无金额）")
            continue
        converted = _in_asked_unit(t.label, t.amount, t.unit, ctx)  # 分别是多少万元, of a table in 元
        figures += converted
        if len(t.parts) > 1:  # a thing published over several rows: their sum, shown as computed
            figures.append(Figure(t.label, t.amount, t.unit, " + ".join(f"{p.amount:f}" for p in t.parts
                                                                         if p.amount is not None)))
        said.append(f"{t.label} {money(t.amount, t.unit)}" + (f"（折合 {_shown(converted)}）" if converted else ""))
    return Outcome("each", "sql", {"items": "；".join(said)}, figures, [r for t in targets for r in t.row_ids])


def _in_asked_unit(label: str, value: Decimal, unit: str, ctx: "Context", decimals: int | None = None) -> list[Figure]:
    """The figure in the unit asked for: exact (a power-of-ten shift) and, when that runs past cents,
    rounded too; or to the ``decimals`` asked. Nothing when no other unit was asked."""
    wanted = ctx.intent.unit
    if not wanted or wanted == unit or (unit, wanted) not in _UNIT_FACTORS:
        return []
    factor = _UNIT_FACTORS[(unit, wanted)]
    formula = f"{value:f} × {factor:f}" if factor >= 1 else f"{value:f} ÷ {Decimal(1) / factor:f}"
    named = f"{label}（换算为{wanted}" if label else f"换算为{wanted}"
    if decimals is not None:
        kept = (value * factor).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        return [Figure(named + ("）" if label else ""), kept, wanted, formula + f"，保留{decimals}位小数")]
    exact = Figure(named + ("）" if label else ""), (value * factor).normalize(), wanted, formula)
    if exact.value == exact.value.quantize(_CENT):
        return [exact]
    rounded = exact.value.quantize(_CENT, rounding=ROUND_HALF_UP)
    return [exact, Figure(named + ("，约数）" if label else "（约数）"), rounded, wanted,
                          f"{exact.value:f}，四舍五入保留两位小数")]


def _shown(figures: list[Figure]) -> str:
    """'1,627.8547万元，约 1,627.85万元': the exact conversion, and the rounded one when there is one."""
    return "，约 ".join(f"{f.value:,f}{f.unit}" for f in figures)


def empty(target: Target, ctx: "Context") -> Outcome:
    table = ctx.resolver.table(target.table_code)
    title = table_ref(target.table_code, table.title if table else "")
    template = {"empty_table": "empty_table", "missing": "missing_item"}.get(target.kind, "empty_item")
    if template == "empty_item" and target.entity is not None and target.entity.kind == "project":
        # a project is listed to be funded: a blank beside its name is a cell not read (a form's amount on
        # another line, a column the row leaves out), never 'nothing arranged'
        return Outcome("refuse_unread_amount", "refuse", {"label": target.label, "table": title})
    measure = target.measure if target.kind == "empty_table" and target.measure != "合计" else ""
    if template == "empty_table" and table is not None and target.label.startswith(table.title):
        template = "empty_table_whole"  # the table itself asked about: no need to name its 合计
    rows = target.row_ids or ([p.row_id for p in ctx.resolver.table_rows(table)][:1] if table else [])  # no 合计 row
    outcome = Outcome(template, "sql", {"label": target.label + measure, "table": title}, [], rows)
    if template == "empty_item":
        _also_empty_table(outcome, target, ctx)
    return outcome


def _also_empty_table(outcome: Outcome, target: Target, ctx: "Context") -> None:
    """A fund blank in the 收支总表 (国有资本经营预算财政拨款) whose own table is published empty: say so."""
    key = re.sub(r"^[一二三四五六七八九十\d]+[、.．]|(预算)?(财政拨款)?(资金)?(收入|支出)?$", "", target.label)
    if len(key) < 3:
        return
    resolver = ctx.resolver
    for table in resolver.tables:
        if table.is_empty and key in table.title and table.code != target.table_code:
            rows = resolver.table_total(table).row_ids
            outcome.fields["notes"] = ctx.render("also_empty_table", table=table_ref(table.code, table.title))
            outcome.template += "+notes"
            outcome.rows += rows
            return


def aggregate(targets: list[Target], ctx: "Context") -> Outcome:
    if len(targets) == 1:  # one thing over several rows: its total with the parts
        return lookup(targets, ctx)
    values = [t for t in targets if t.amount is not None]
    total = sum((t.amount for t in values), Decimal(0))
    unit = targets[0].unit
    formula = " + ".join(f"{t.amount:f}" for t in values)
    figure = Figure("合计", total, unit, formula)
    fields = {"labels": "、".join(t.label for t in targets), "amount": money(total, unit),
              "parts": "；".join(f"{t.label} {money(t.amount, t.unit)}" for t in targets),
              "formula": f"{formula} = {total:f}"}
    figures = [f for t in targets for f in published(t)] + [figure]
    outcome = Outcome("aggregate", "sql", fields, figures, [r for t in targets for r in t.row_ids])
    return convert(outcome, total, unit, ctx)


_RATE_ASKED = re.compile(r"百分之|%|率|幅度|百分点|增幅|降幅|涨幅|减幅|增速")


def compare(targets: list[Target], ctx: "Context") -> Outcome:
    a, b = targets[0], targets[1]
    if a.amount is None or b.amount is None:
        return empty(a if a.amount is None else b, ctx)
    larger, smaller = (a, b) if a.amount >= b.amount else (b, a)
    diff = larger.amount - smaller.amount
    formula = f"{larger.amount:f} − {smaller.amount:f}"
    figures = published(a) + published(b) + [Figure(f"{larger.label}比{smaller.label}多", diff, a.unit, formula)]
    fields = {"a": a.label, "a_amount": money(a.amount, a.unit), "b": b.label, "b_amount": money(b.amount, b.unit),
              "larger": larger.label, "smaller": smaller.label, "diff": money(diff, a.unit),
              "formula": f"{formula} = {diff:f}"}
    template = "compare_equal" if diff == 0 else "compare"
    if _RATE_ASKED.search(ctx.question) and b.amount:  # 比…多百分之多少: in % of the one compared with
        rate = percent(a.amount - b.amount, b.amount)
        figures.append(Figure(f"{a.label}比{b.label}的增减率", rate, "%", f"({a.amount:f} − {b.amount:f}) ÷ {b.amount:f} × 100"))
        fields |= {"rate": f"{'高' if rate >= 0 else '低'} {abs(rate):f}%",
                   "formula": fields["formula"] + f"；({a.amount:f} − {b.amount:f}) ÷ {b.amount:f} × 100 = {rate:f}%"}
        template = "compare_rate"
    if "倍" in ctx.question and b.amount:  # A是B的几倍: A ÷ B, in the order the question names them
        ratio = (a.amount / b.amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        figures.append(Figure(f"{a.label}是{b.label}的倍数", ratio, "倍", f"{a.amount:f} ÷ {b.amount:f}"))
        fields |= {"ratio": f"{ratio:f}", "formula": f"{a.amount:f} ÷ {b.amount:f} = {ratio:f}"}
        template = "compare_ratio"
    return convert(Outcome(template, "sql", fields, figures, a.row_ids + b.row_ids), diff, a.unit, ctx)  # 多多少元


_MEASURE_PARTS = {"合计": ("基本支出", "项目支出"), "基本支出": ("人员经费", "公用经费")}
_CARRIED = re.compile(r"结转|结余")
_SIDE_TOTAL = re.compile(r"(合计|总计)$")


def contains(whole: Target, part: Target) -> bool:
    """Whether ``part`` is a part of ``whole`` as the tables define them: a measure within a measure of the
    same thing (人员经费 of 基本支出), a subject under its code's parent, a “三公” item of its 合计, a row of
    the table whose 合计 the whole is, a 收支总表 line of its side's 总计 (of 本年…合计 unless carried over)."""
    if part.unit != whole.unit or part.label == whole.label:
        return False
    w, p = whole.entity, part.entity
    if part.measure != whole.measure:
        if w is not None and w.kind == "summary" and w.key[1] == "支出" and _SIDE_TOTAL.search(w.name) and p is None:
            return part.measure in _MEASURE_PARTS["合计"]  # 支出总计扣除项目支出
        return w == p and part.measure in _MEASURE_PARTS.get(whole.measure, ())
    if w is None:  # a table's 合计
        return part.table_code == whole.table_code
    if p is None or p.kind != w.kind:
        return False
    if w.kind == "subject":
        return w.scheme == p.scheme and p.key[1].startswith(w.key[1]) and p.key[1] != w.key[1]
    if w.kind == "three_public":
        return w.key[1] == "合计" and p.key[0] == w.key[0]
    if w.kind == "summary" and p.key[:2] == w.key[:2]:
        return w.name.endswith("总计") or w.name.endswith("合计") and not (_CARRIED.search(p.name) or p.carried_over)
    return False


def _left_out_already(whole: Target, part: Target) -> bool:
    """A 收支总表 line of the year's own money (本年收入合计) never holds the side's carried-over line
    (上年结转结余): the side's 总计 is their sum."""
    w, p = whole.entity, part.entity
    return w is not None and p is not None and w.kind == p.kind == "summary" and w.key[:2] == p.key[:2] \
        and bool(_CARRIED.search(p.name) or p.carried_over) and not (_CARRIED.search(w.name) or w.carried_over) \
        and w.name.startswith(("本年", "当年"))


def leaving_out(whole: Target, parts: list[Target], ctx: "Context") -> Outcome:
    """'收入总计，不算上年结转的': the whole less the parts named to be left out, each figure cited. Only
    parts in the whole's unit, each smaller than it, can be taken out of it."""
    amounts = [p.amount for p in parts]
    if whole.amount is not None and parts and all(_left_out_already(whole, p) for p in parts):
        fields = {"whole": whole.label, "whole_amount": money(whole.amount, whole.unit),
                  "parts": "、".join(p.label for p in parts)}
        return convert(Outcome("excluded_already", "sql", fields, published(whole), whole.row_ids), whole.amount,
                       whole.unit, ctx)
    if whole.amount is None or None in amounts or not all(contains(whole, p) for p in parts) \
            or sum(amounts, Decimal(0)) > whole.amount:
        return Outcome("refuse_exclusion", "refuse", {"whole": whole.label, "parts": "、".join(p.label for p in parts)})
    rest = whole.amount - sum(amounts, Decimal(0))
    formula = f"{whole.amount:f} − " + " − ".join(f"{a:f}" for a in amounts)
    names = "、".join(p.label for p in parts)
    figures = published(whole) + [f for p in parts for f in published(p)] + \
        [Figure(f"{whole.label}（不含{names}）", rest, whole.unit, formula)]
    fields = {"whole": whole.label, "whole_amount": money(whole.amount, whole.unit), "parts": names,
              "part_amounts": "；".join(f"{p.label} {money(p.amount, p.unit)}" for p in parts),
              "amount": money(rest, whole.unit), "formula": f"{formula} = {rest:f}"}
    outcome = Outcome("exclude", "sql", fields, figures, whole.row_ids + [r for p in parts for r in p.row_ids])
    return convert(outcome, rest, whole.unit, ctx)


def changes(series: list[tuple[str, Target]]) -> Outcome:
    """Each period's figure and its change on the period before: 增减额 = later − earlier, 增减率 =
    增减额 ÷ earlier × 100, with their signs (the earlier year is the base)."""
    values = "；".join(f"{t.label}：{money(t.amount, t.unit)}" for _p, t in series)
    said, formulas, figures = [], [], [f for _p, t in series for f in published(t)]
    for (before, earlier), (period, later) in zip(series, series[1:]):
        if earlier.amount is None or later.amount is None:
            continue
        diff = later.amount - earlier.amount
        formula = f"{later.amount:f} − {earlier.amount:f} = {diff:f}"
        figures.append(Figure(f"{period}比{before}增减额", diff, later.unit, f"{later.amount:f} − {earlier.amount:f}"))
        words = f"{period}比{before}{'增加' if diff > 0 else '减少'} {money(abs(diff), later.unit)}" \
            if diff else f"{period}与{before}持平"
        if earlier.amount:
            rate = percent(diff, earlier.amount)
            figures.append(Figure(f"{period}比{before}增减率", rate, "%",
                                  f"({later.amount:f} − {earlier.amount:f}) ÷ {earlier.amount:f} × 100"))
            words += f"，{'增长' if rate > 0 else '下降'} {abs(rate):f}%" if diff else ""
            formula += f"；({later.amount:f} − {earlier.amount:f}) ÷ {earlier.amount:f} × 100 = {rate:f}%"
        said.append(words)
        formulas.append(formula)
    fields = {"values": values, "changes": "；".join(said), "formula": "；".join(formulas)}
    rows = [r for _p, t in series for r in t.row_ids]
    return Outcome("changes" if said else "each", "sql", fields | {"items": values}, figures, rows)


def share(targets: list[Target], ctx: "Context") -> Outcome:
    part, whole = targets[0], targets[1]
    same_cell = set(part.row_ids) == set(whole.row_ids) and part.amount == whole.amount and \
        (part.entity is None or part.entity == whole.entity)  # (公务接待费 beside 合计 on one row is a part)
    if same_cell or part.label == whole.label:  # the whole alone
        return Outcome("refuse_no_part", "refuse", {"whole": whole.label}, [], whole.row_ids)
    if part.amount is None or not whole.amount:
        return empty(part if part.amount is None else whole, ctx)
    value = percent(part.amount, whole.amount)
    formula = f"{part.amount:f} ÷ {whole.amount:f} × 100"
    figures = published(part) + published(whole) + [Figure(f"{part.label}占{whole.label}的比例", value, "%", formula)]
    fields = {"part": part.label, "part_amount": money(part.amount, part.unit), "whole": whole.label,
              "whole_amount": money(whole.amount, whole.unit), "percent": f"{value:f}%", "formula": f"{formula} = {value:f}%"}
    return Outcome("share", "sql", fields, figures, part.row_ids + whole.row_ids)


def shares(parts: list[Target], whole: Target, ctx: "Context") -> Outcome:
    """'基本支出和项目支出各占总支出的百分之多少': each part's share of the one whole."""
    outcomes = [share([part, whole], ctx) for part in parts]
    if any(o.template != "share" for o in outcomes):
        return next(o for o in outcomes if o.template != "share")
    items = "；".join(f"{o.fields['part']}（{o.fields['part_amount']}）占{o.fields['whole']}（{o.fields['whole_amount']}）"
                     f"的 {o.fields['percent']}" for o in outcomes)
    figures = list({(f.label, f.value): f for o in outcomes for f in o.figures}.values())
    rows = list(dict.fromkeys(r for o in outcomes for r in o.rows))
    return Outcome("shares", "sql", {"items": items, "formula": "；".join(o.fields["formula"] for o in outcomes)},
                   figures, rows)


@dataclass
class Item:
    label: str
    amount: Decimal | None
    unit: str
    row_ids: list[int]
    table_code: str
    amounts: list[Decimal] = field(default_factory=list)  # when summed over several rows


def _kept(items: list[Item], ctx: "Context") -> list[Item]:
    """The items but those the question leaves out (除掉“其他商品和服务支出”)."""
    return [i for i in items if not any(i.label.endswith(name) for name in ctx.excluded)]


def ranking(items: list[Item], ctx: "Context", dimension_label: str) -> Outcome:
    valued = [i for i in _kept(items, ctx) if i.amount is not None]
    if not valued:
        return Outcome("no_items", "sql", {"dimension": dimension_label}, [], [])
    ordered = sorted(valued, key=lambda i: i.amount, reverse=not ctx.intent.ascending)
    if ctx.intent.nth:
        if ctx.intent.nth > len(ordered):
            return Outcome("no_items", "sql", {"dimension": dimension_label}, [], [])
        top = [ordered[ctx.intent.nth - 1]]
    elif ctx.intent.both_ends and len(ordered) >= 2:
        top = [ordered[0], ordered[-1]]
    else:
        top = ordered[: ctx.intent.top_n or 1]
    figures = [_item_figure(i) for i in top]
    lines = "；".join(f"{i.label} {money(i.amount, i.unit)}{_item_formula(i)}" for i in top)
    fields = {"dimension": dimension_label, "n": len(top), "items": lines, "first": top[0].label,
              "first_amount": money(top[0].amount, top[0].unit), "order": "最少" if ctx.intent.ascending else "最多",
              "order_words": "从低到高依次为" if ctx.intent.ascending else "从高到低依次为",
              "rank": f"第{'一二三四五六七八九十'[ctx.intent.nth - 1]}" if ctx.intent.nth and ctx.intent.nth <= 10 else ""}
    if len(top) == 2 and ctx.intent.both_ends:
        fields.update(last=top[1].label, last_amount=money(top[1].amount, top[1].unit))
    template = "rank_nth" if ctx.intent.nth else "rank_ends" if "last" in fields else "rank_one" if len(top) == 1 else "rank_many"
    return Outcome(template, "sql", fields, figures, [r for i in top for r in i.row_ids])


def listing(items: list[Item], ctx: "Context", dimension_label: str, count_only: bool = False,
            totalled: bool = True) -> Outcome:
    """The items with their amounts and, unless ``totalled`` is off (figures rounded as asked add up to
    no published sum), their total."""
    items = _kept(items, ctx)
    shown = [i for i in items if i.amount is not None] or items
    if not shown:
        return Outcome("no_items", "sql", {"dimension": dimension_label}, [], [])
    count = Figure(f"{dimension_label}个数", Decimal(len(shown)), "个", "计数")
    lines = "；".join(f"{i.label}{' ' + money(i.amount, i.unit) if i.amount is not None else ''}{_item_formula(i)}"
                     for i in shown)
    fields = {"dimension": dimension_label, "n": len(shown), "items": lines}
    figures = [_item_figure(i) for i in shown if i.amount is not None] + [count]
    valued = [i for i in shown if i.amount is not None]
    if valued and not count_only and totalled and len(valued) > 1:
        total = sum((i.amount for i in valued), Decimal(0))
        figures.append(Figure("合计", total, valued[0].unit, " + ".join(f"{i.amount:f}" for i in valued)))
        fields["total"] = money(total, valued[0].unit)
        fields["formula"] = " + ".join(f"{i.amount:f}" for i in valued) + f" = {total:f}"
    template = "count" if count_only else ("list_total" if "total" in fields else "list")
    return Outcome(template, "sql", fields, figures, [r for i in shown for r in i.row_ids])


def _item_figure(item: Item) -> Figure:
    formula = " + ".join(f"{a:f}" for a in item.amounts) if len(item.amounts) > 1 else None
    return Figure(item.label, item.amount, item.unit, formula)


def _item_formula(item: Item) -> str:
    if len(item.amounts) > 1:
        return f"（{' + '.join(f'{a:f}' for a in item.amounts)}）"
    return ""


def _measure_words(target: Target) -> str:
    if target.measure in ("合计", None) or target.label.endswith(target.measure):
        return ""
    return target.measure


def _split_by(target: Target) -> str:
    """What a subject's rows are split by in its table: the other classification."""
    scheme = target.entity.scheme if target.entity is not None else None
    if scheme and target.parts and not any(p.label[:1].isdigit() for p in target.parts):
        return "预算单位"  # a table by unit, each unit's row named by the unit
    return "部门经济分类科目" if scheme == "func" else "功能分类科目" if scheme else "行"



# ------------------------------------------------------------------ dimensions (for rank, list, count)

def _one_per_project(rows: list[tuple]) -> list[tuple]:
    """A project printed in two tables (项目支出表 and 绩效目标表) counts once; projects of one name under
    several units (其他运行经费 of each 预算单位) count each."""
    by_name: dict[str, list[tuple]] = {}
    for row in rows:
        by_name.setdefault(row[3], []).append(row)
    kept = []
    for same in by_name.values():
        units = {r[9] for r in same if r[9]}
        kept += [next(r for r in same if r[9] == unit) for unit in sorted(units)] if len(units) > 1 else \
            [next((r for r in same if r[9]), same[0])]
    return sorted(kept, key=lambda r: r[0])


def dimension_items(dimension: str, ctx: "Context", within: Target | None = None) -> tuple[list[Item], str]:
    resolver, measure = ctx.resolver, ctx.intent.measure or "合计"
    if within is not None and len(within.parts) > 1:
        return _grouped_parts(within), f"{within.label}的组成"
    if dimension == "project":
        rows = resolver.run(queries.PROJECTS)
        column = ctx.project_column
        index = {"total": 4, "fiscal_funds": 7, "other_funds": 8}[column]
        if resolver.unit is not None:  # 广州市气象台的项目: that unit's group of the projects table
            rows = [r for r in rows if r[9] == resolver.unit]
        rows = _one_per_project(rows)
        named = len({r[9] for r in rows}) > 1 and resolver.unit is None  # 其他运行经费 of each unit: said whose
        return [Item(f"{r[9]}·{r[3]}" if named and r[9] else r[3], r[index], r[5], [r[0]], r[1]) for r in rows], "项目"
    if dimension == "income":
        return _income_items(ctx), "收入来源"
    if dimension == "unit":
        return _unit_items(ctx), "所属单位"
    if dimension.startswith("table:"):
        table = resolver.table(dimension.split(":", 1)[1])
        return [Item(p.label, p.amount, p.unit, [p.row_id], p.table_code) for p in resolver.table_rows(table)], \
            table.title.removesuffix("表")
    if dimension == "procurement":
        rows = resolver.run(queries.PROCUREMENT)
        return [Item(cat, amount, unit, [row_id], table) for row_id, table, cat, total, amount, unit in rows
                if not total], "政府采购类别"
    if dimension == "three_public":
        rows = [row for table in resolver.tables_of("three_public") for row in resolver.three_public_items(table.code)]
        return [Item(item, amount, unit, [row_id], table) for row_id, table, item, amount, unit in rows], "“三公”经费项目"
    if dimension == "func" and ctx.intent.level in ("类", "款") or dimension == "summary":
        summary = next(iter([t for t in resolver.tables_of("summary") if t.code in ctx.scope]
                            or resolver.tables_of("summary")), None)
        if summary is not None and ctx.intent.level != "款":
            from ingest.normalize import is_enumerated

            rows = resolver.run(queries.SUMMARY_SIDE, table=summary.code, side="支出")
            return [Item(item, amount, unit, [row_id], summary.code) for row_id, item, raw, amount, unit, parent, total
                    in rows if is_enumerated(raw) and parent is None and not total], "功能分类（类级）"
    by = dimension if dimension in ("func", "gov_econ", "dept_econ") else "dept_econ"
    table = _grouping_table(resolver, by, measure, ctx)
    if table is None:
        return [], _DIMENSION_NAMES[by]
    column = resolver.table_measure(table, measure)
    rows = resolver.run(queries.LINES_GROUPED, table=table.code, measure=column, by=by)
    codes = {row[0] for row in rows}
    rows = [row for row in rows if not any(other != row[0] and other.startswith(row[0]) for other in codes)]
    if ctx.intent.level in ("类", "款", "项"):
        rows = _at_level(resolver, table, column, by, ctx.intent.level) or _summed_to_level(rows, by, ctx.intent.level)
    printed = _printed_codes(resolver, [row_id for row in rows for row_id in row[4]])
    items = [Item(f"{code} {name}" if code in printed else name, amount, unit, list(row_ids), table.code,
                  list(amounts) if len(amounts) > 1 else [])
             for code, name, amount, unit, row_ids, amounts in rows]  # leaf subjects: 类/款 subtotal rows left out
    _cite_agreeing_tables(items, rows, table, by, measure, ctx)
    return items, _DIMENSION_NAMES[by]


def _at_level(resolver: Resolver, table, column: str, by: str, level: str) -> list[tuple]:
    """Subjects of one level (类 3 digits, 款 5, 项 7) where a table publishes that level's rows."""
    length = {"类": 3, "款": 5, "项": 7}[level]
    rows = resolver.run(queries.LINES_GROUPED, table=table.code, measure=column, by=by)
    return [row for row in rows if len(row[0]) == length]


def _summed_to_level(leaves: list[tuple], by: str, level: str) -> list[tuple]:
    """The leaf subjects added up to the level asked, where a table prints no row of it (最多的三类 of a
    table of 款: 301 工资福利支出 = 30101 + 30102 + …), named by the national catalogue."""
    length = {"类": 3, "款": 5, "项": 7}[level]
    groups: dict[str, list[tuple]] = {}
    for row in leaves:
        if len(row[0]) > length:
            groups.setdefault(row[0][:length], []).append(row)
    names = standard_names()
    if not groups or any((by, code) not in names for code in groups):
        return []
    summed = [(code, names[(by, code)], sum((r[2] for r in rows if r[2] is not None), Decimal(0)), rows[0][3],
               [i for r in rows for i in r[4]], [a for r in rows for a in r[5]]) for code, rows in groups.items()]
    return sorted(summed, key=lambda row: (-row[2], row[0]))


def _printed_codes(resolver: Resolver, row_ids: list[int]) -> set[str]:
    """The subject codes the rows print (a table of names only has none: its codes come from the catalogue)."""
    printed: set[str] = set()
    for row in resolver.run(queries.CITED_ROWS, rows=row_ids):
        cells = [re.sub(r"\s", "", cell or "") for cell in row[8]]
        printed |= {code for cell in cells for code in re.findall(r"\d{3,7}", cell)}
        printed |= {format(code, "f") for code in split_codes(cells)}  # 301 | 02 → 30102
    return printed


def _cite_agreeing_tables(items: list[Item], rows: list[tuple], table, by: str, measure: str, ctx: "Context") -> None:
    """Where another expenditure table gives the same figure for every subject (一般公共预算支出表 and
    支出总表 when all money is 一般公共预算), cite its rows too."""
    resolver = ctx.resolver
    for other in resolver.tables_of("lines"):
        if other.code == table.code or other.is_empty or by not in other.schemes or not resolver.table_measure(other, measure):
            continue
        theirs = {code: (amount, row_ids) for code, _n, amount, _u, row_ids, _a in
                  resolver.run(queries.LINES_GROUPED, table=other.code, measure=resolver.table_measure(other, measure), by=by)}
        if theirs and all(theirs.get(code, (None,))[0] == amount for code, _n, amount, *_rest in rows):
            for item, row in zip(items, rows):
                item.row_ids += list(theirs[row[0]][1])


_DIMENSION_NAMES = {"func": "功能分类科目", "gov_econ": "政府支出经济分类科目", "dept_econ": "部门支出经济分类科目"}


def _grouped_parts(target: Target) -> list[Item]:
    """The parts of a target, rows of the same subject merged (31007 under two function subjects)."""
    groups: dict[str, list[Part]] = {}
    for part in target.parts:
        groups.setdefault(part.group or part.label, []).append(part)
    items = []
    for label, parts in groups.items():
        amounts = [p.amount for p in parts if p.amount is not None]
        total = sum(amounts, Decimal(0)) if amounts else None
        shown = label if len(parts) > 1 else parts[0].label
        items.append(Item(shown, total, parts[0].unit, [p.row_id for p in parts], parts[0].table_code,
                          amounts if len(amounts) > 1 else []))
    return items


def _unit_items(ctx: "Context") -> list[Item]:
    """The department's units, by their rows of a 收入表 by 单位 (合计 column, or the measure asked if the
    table has it): none when no table lists units, or the measure asked is not one of its columns."""
    resolver, measure = ctx.resolver, ctx.intent.measure
    rows = resolver.run(queries.UNIT_ROWS, unit_name=queries.UNIT_NAME)
    tables = list(dict.fromkeys(row[0] for row in rows))
    if measure and measure != "合计":
        return _unit_block_items(ctx, measure)
    if not tables:
        return []
    below = ctx.intent.level == "下属"  # 下属单位: not the department's own (本级) row
    return [Item(label, amount, unit or "", [row_id], table) for table, row_id, label, amount, unit, department in rows
            if table == tables[0] and not (below and own_row(label, department))]


_OWN_BLOCK = re.compile(r"本级|机关$")


def _unit_block_items(ctx: "Context", measure: str) -> list[Item]:
    """The units' rows heading their blocks of an expenditure table by 预算单位, at the measure asked
    (哪个单位的项目支出最多)."""
    from ingest.columns import measure_name

    resolver = ctx.resolver
    if not resolver.unit_blocks():
        return []
    for table in (t for t in resolver.tables_of("lines") if not t.is_empty and resolver.table_measure(t, measure)):
        column = resolver.table_measure(table, measure)
        rows = [r for r in resolver.run(queries.UNIT_BLOCK_ROWS, table=table.code) if measure_name(r[3]) == column]
        below = ctx.intent.level == "下属"  # 各下属单位: not the department's own (本级) block
        if rows:
            return [Item(label, amount, unit or "", [row_id], code) for code, row_id, label, _p, amount, unit in rows
                    if not (below and _OWN_BLOCK.search(label))]
    return []


def own_row(label: str, department: str) -> bool:
    """A unit row that is the department itself: its name, or its 本级/机关."""
    return label == department or bool(re.search(r"本级|机关$", label)) or label in department and len(label) >= 4


def _income_items(ctx: "Context") -> list[Item]:
    """Where the money comes from: the 收入 side of 收支总表 (本年收入 items and 上年结转结余)."""

    summary = next(iter([t for t in ctx.resolver.tables_of("summary") if t.code in ctx.scope]
                        or ctx.resolver.tables_of("summary")), None)
    if summary is None:
        return []
    rows = ctx.resolver.run(queries.SUMMARY_SIDE, table=summary.code, side="收入")
    return [Item(item, amount, unit, [row_id], summary.code) for row_id, item, raw, amount, unit, parent, total
            in rows if not total and parent is None and amount is not None]


def _grouping_table(resolver: Resolver, by: str, measure: str, ctx: "Context"):
    """Scope table first; for function subjects the table with one row per subject (一般公共预算支出表)
    unless a measure only the full table has is asked; else the first table that has the measure."""
    lines = [t for t in resolver.tables_of("lines")
             if not t.is_empty and resolver.table_measure(t, measure) and by in t.schemes]
    scoped = [t for t in lines if t.code in ctx.scope]
    if scoped:
        return scoped[0]
    if measure in ("基本支出", "人员经费", "公用经费"):
        basic = [t for t in lines if "基本支出" in t.title]
        if basic:
            return basic[0]
    if by == "func":
        per_function = [t for t in lines if not t.has_econ]
        if per_function:
            return per_function[0]
    return lines[0] if lines else None


# ------------------------------------------------------------------ unit conversion

_CENT = Decimal("0.01")
_UNIT_FACTORS = {("万元", "元"): Decimal(10000), ("万元", "亿元"): Decimal("0.0001"), ("元", "万元"): Decimal("0.0001"),
                 ("元", "亿元"): Decimal("0.00000001"), ("亿元", "万元"): Decimal(10000), ("亿元", "元"): Decimal(10 ** 8)}


def convert(outcome: Outcome, value: Decimal | None, unit: str, ctx: "Context") -> Outcome:
    """Only on request: the figure in the asked unit, next to the published one."""
    figures = _in_asked_unit("", value, unit, ctx, ctx.intent.decimals) if value is not None else []
    if not figures:
        return outcome
    exact = figures[0]
    outcome.figures += figures
    outcome.fields.update(converted=f"{exact.value:,f}{exact.unit}", conversion=f"{exact.formula} = {exact.value:f}")
    if len(figures) > 1:  # 折合多少亿元: 127.372518, about 127.37 亿元
        outcome.fields["converted"] += f"，约 {figures[1].value:,f}{exact.unit}"
    outcome.template += "+unit"
    return outcome


@dataclass
class Context:
    """What the operations need besides targets."""

    question: str
    intent: Any
    resolver: Resolver
    scope: list[str]
    project_column: str = "total"  # total | fiscal_funds | other_funds
    excluded: tuple[str, ...] = ()  # names the question leaves out (除掉…, 不算…)

    @staticmethod
    def render(key: str, **fields: Any) -> str:
        return render_text(key, **fields)


OPERATIONS: dict[str, Callable[[list[Target], Context], Outcome]] = {
    "lookup": lookup, "aggregate": aggregate, "compare": compare, "share": share, "each": each,
}

__all__ = ["Context", "Item", "OPERATIONS", "Outcome", "Part", "convert", "dimension_items", "each", "empty",
           "listing", "lookup", "money", "ranking"]
