"""Questions across documents: two years of a department (2024年预算比2023年决算多多少), or every
department in the store (各部门三公经费排名). The same thing is resolved in each document, amounts
are brought to one unit (the conversion shown), then compared, summed or ranked; every document's
rows are cited."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from assistant.engines import sql_engine
from assistant.engines.answers import read_targets
from assistant.engines.sql_engine import Context, Item, Outcome
from assistant.engines.targets import Part, Resolver, Target
from assistant.types import Figure
from assistant.understand.plan import asked_type

if TYPE_CHECKING:
    from assistant.catalog import DocumentInfo
    from assistant.engines.reader import Reader
    from assistant.understand.reading import Understood

_YEAR = re.compile(r"(20\d\d)年")
_YEAR_BEFORE = re.compile(r"上年|去年|上一年")
_COMBINING = ("aggregate", "compare", "share")  # figures of every document needed
_TO_WAN = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}


def answer_across(engine: "Reader", u: "Understood", docs: list["DocumentInfo"]) -> tuple[Outcome | None, Resolver | None]:
    if asked_type(u.words) == "计数" and u.intent.operation != "count":  # 各有几辆车: each document counts its own
        return None, None
    first = min((d.year for d in docs if d.year), default=None)
    earlier = [y for y in _YEAR.findall(u.words) if first and int(y) < first] or _YEAR_BEFORE.search(u.words)
    if earlier and len({d.department for d in docs}) > 1:  # A和B比2025年各增加多少: each its own change
        return None, None
    found: list[tuple["DocumentInfo", Target, Resolver]] = []
    for doc in docs:
        resolver = Resolver(engine.con, doc.doc_id)
        mentions = engine.vocabulary.mentions("；".join([u.text, *u.carried]), doc.doc_id)
        read = replace(u, doc=doc, mentions=mentions, across=[])  # as one document's question
        entities = engine.names(read)
        tables = [e.key[0] for m in mentions for e in m.entities if e.kind == "table"]
        ctx = Context(u.words, u.intent, resolver, tables, u.intent.project_column)
        targets = [t for t in read_targets(read, ctx, entities) if t.amount is not None or t.kind == "empty_table"]
        if targets:  # 按支出总表的口径…的基本支出: the measure, read in the table named, not that table's 合计
            measured = [t for t in targets if t.entity is None and t.label == t.measure and t.measure != "合计"]
            found.append((doc, measured[0] if measured else _whole_of(targets, u), resolver))
    missing = [d.title for d in docs if d not in [doc for doc, _t, _r in found]]
    if missing and found and u.intent.operation in _COMBINING and len({d.department for d in docs}) > 1:
        # 三家加起来: a sum, difference or share of the documents found alone answers another question
        return Outcome("refuse_across_missing", "refuse", {"missing": "、".join(missing),
                                                          "found": "、".join(doc.title for doc, _t, _r in found)}), None
    if len(found) < 2:
        return None, None
    units = {target.unit for _d, target, _r in found}
    unit = u.intent.unit or (found[0][1].unit if len(units) == 1 else "万元")  # 元 beside 万元: in the usual unit
    labelled, conversions, as_published = [], [], []
    for doc, target, _resolver in found:
        converted, figure = _in_unit(target, unit)
        period = f"{doc.year}年{doc.kind}" if len({(d.year, d.kind) for d, _t, _r in found}) > 1 else ""
        department = doc.department if len(_departments(found)) > 1 else ""
        labelled.append(replace(converted, label=f"{period}{department}{target.label}"))
        conversions += [figure] if figure else []
        as_published += sql_engine.published(target) if figure else []  # the figure as printed, beside its conversion
    ctx = Context(u.words, replace(u.intent, unit=None), found[0][2], [])
    operation = u.intent.operation
    over_years = len(_departments(found)) == 1 and len({doc.year for doc, _t, _r in found}) == len(found)
    if over_years and operation in ("compare", "lookup", "list"):
        periods = [f"{doc.year}年{doc.kind}" for doc, _t, _r in found]
        outcome = sql_engine.changes(sorted(zip(periods, labelled), key=lambda pair: pair[0]))
    elif operation in ("rank", "list", "lookup"):  # A和B的X分别是多少: each one's figure, nothing computed
        places = Decimal(1).scaleb(-u.intent.decimals) if u.intent.decimals is not None else None
        items = [Item(t.label, t.amount.quantize(places, rounding=ROUND_HALF_UP) if places else t.amount, t.unit, [],
                      t.table_code) for t in labelled]  # 换算成亿元各是多少，保留两位小数: each rounded as asked
        conversions += [Figure(f"{t.label}（约数）", i.amount, i.unit, f"{t.amount:f}，四舍五入保留{u.intent.decimals}位小数")
                        for t, i in zip(labelled, items) if i.amount != t.amount]
        if operation == "rank" and not (u.intent.nth or u.intent.both_ends):  # 哪家最多？三家排个序: the few documents, each in order
            ctx.intent = replace(ctx.intent, top_n=len(items), both_ends=False)
        outcome = sql_engine.ranking(items, ctx, "各文件") if operation == "rank" else \
            sql_engine.listing(items, ctx, "文件", totalled=places is None)
        missing = [d.title for d in docs if d not in [doc for doc, _t, _r in found]]
        if missing and outcome.template in ("list", "list_total"):
            outcome.template, outcome.fields["missing"] = f"{outcome.template}_partial", "、".join(missing)
    elif operation == "share":
        outcome = sql_engine.share(labelled[:2], ctx)
    elif operation == "aggregate":
        outcome = sql_engine.aggregate(labelled, ctx)
        _rounded(outcome, u.intent.decimals if u.intent.decimals is not None else 2 if conversions else None)
    else:
        outcome = sql_engine.compare(labelled[:2], ctx)
    outcome.figures += as_published + conversions
    summed = [t for t in labelled if len([p for p in t.parts if p.amount is not None]) > 1]
    for target in summed:  # 委托业务费 = 基本支出 + 项目支出: the sum shown with its rows
        formula = " + ".join(f"{p.amount:f}" for p in target.parts if p.amount is not None)
        outcome.figures.append(Figure(target.label, target.amount, target.unit, formula))
        outcome.fields["notes"] = outcome.fields.get("notes", "") + f"\n{target.label} = {formula} = {target.amount:f}{target.unit}。"
    if summed and "+notes" not in outcome.template:
        outcome.template += "+notes"
    if conversions:
        shown = "单位换算：" + "，".join(f"{f.formula} = {f.value:f}{f.unit}" for f in conversions)
        if "formula" in outcome.fields:
            outcome.fields["formula"] += "；" + shown
        else:  # a list without a sum: the conversions shown on their own line
            outcome.fields["notes"] = outcome.fields.get("notes", "") + f"\n计算：{shown}。"
            outcome.template += "" if "+notes" in outcome.template else "+notes"
    outcome.rows = []
    outcome.doc_rows = {doc.doc_id: target.row_ids for doc, target, _r in found}
    outcome.context = {"entities": list(dict.fromkeys(t.entity for _d, t, _r in found if t.entity is not None)),
                       "measure_only": [u.intent.measure] if u.intent.measure else [], "operation": operation}
    return outcome, found[0][2]


def _whole_of(targets: list[Target], u: "Understood") -> Target:
    """The first thing found; one subject printed in the 基本支出 and in the 项目支出 table, with no measure
    asked (委托业务费 of 广州市司法局: 1,335.55 and 1,795.38), is their sum, never one of them."""
    first = targets[0]
    split = [t for t in targets if t.entity is not None and t.entity == first.entity and t.measure != "合计"]
    if len(split) < 2 or u.intent.measure or u.measures:
        return first
    label = first.label.removesuffix(first.measure)
    return replace(first, label=label, parts=[replace(p, label=f"{label}{t.measure}") for t in split for p in t.parts],
                   measure="合计")


def _rounded(outcome: Outcome, decimals: int | None) -> None:
    """The sum also rounded ('44.51041583亿元，约 44.51亿元'), as asked or when converted figures run past cents."""
    total = next((f for f in outcome.figures if f.label == "合计"), None)
    if decimals is None or total is None or total.value == total.value.quantize(Decimal(1).scaleb(-decimals)):
        return
    rounded = total.value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    outcome.figures.append(Figure("合计（约数）", rounded, total.unit, f"{total.value:f}，四舍五入保留{decimals}位小数"))
    outcome.fields["amount"] += f"，约 {rounded:,f}{total.unit}"


def _departments(found) -> set[str]:
    return {doc.department for doc, _t, _r in found}


def _in_unit(target: Target, unit: str) -> tuple[Target, Figure | None]:
    """The target in ``unit`` (an exact power-of-ten shift); the conversion as a figure to show."""
    if target.unit == unit or target.unit not in _TO_WAN or unit not in _TO_WAN or target.amount is None:
        return target, None
    factor = _TO_WAN[target.unit] / _TO_WAN[unit]
    parts = [Part(p.label, None if p.amount is None else p.amount * factor, unit, p.row_id, p.table_code, p.group)
             for p in target.parts]
    converted = replace(target, parts=parts, unit=unit)
    sign = "×" if factor >= 1 else "÷"
    shown = factor if factor >= 1 else Decimal(1) / factor
    return converted, Figure(f"{target.label}（换算为{unit}）", converted.amount, unit,
                             f"{target.amount:f}{target.unit} {sign} {shown:f}")
