"""Charts drawn from an answer's own figures, where people would rather look than read.

A comparison, a ranking or a series of years becomes a bar (or line) chart; a breakdown of a
total into its parts a donut. A single figure gets no chart. Pure data here; ui/views.py draws.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from assistant.types import Answer

MONEY = ("万元", "元", "亿元", "千元")
_YEAR = re.compile(r"(20\d\d)年")
_BAR_OPERATIONS = {"rank", "lookup", "difference", "ratio", "sum", "change", "list", "count"}
_NO_CHART = {"indicator", "goal", "text", "definition"}  # a target beside an amount is no comparison
_MOST_SLICES = 8


@dataclass(frozen=True)
class Chart:
    kind: str  # bar | donut | line
    title: str
    labels: list[str]
    values: list[Decimal]
    unit: str


def chart_for(answer: Answer) -> Chart | None:
    operations = [ask.get("executed") or ask.get("operation") for ask in answer.plan.get("asks", [])]
    published = [f for f in answer.figures if f.formula is None and f.unit in MONEY]
    if len(published) < 2 or len({f.unit for f in published}) > 1 or not set(operations) & _BAR_OPERATIONS \
            or set(operations) & _NO_CHART:
        return None
    whole = next((f for f in published if 2 * f.value == sum(g.value for g in published)), None)
    if whole is not None and len(published) > 2:  # “三公”经费 and its items: the parts, as a breakdown
        parts = [f for f in published if f is not whole]
        return Chart("donut", f"{whole.label}的构成", [f.label for f in parts], [f.value for f in parts], whole.unit)
    labels, values, unit = [f.label for f in published], [f.value for f in published], published[0].unit
    if len(set(values)) == 1:
        return None  # 收入总计 = 支出总计: bars of one length say nothing the text does not
    years = [_YEAR.search(label) for label in labels]
    if all(years) and len({y.group(1) for y in years}) == len(labels):
        return Chart("line", "逐年金额", labels, values, unit)
    total = next((f.value for f in answer.figures if f.formula and f.unit == unit and "+" in f.formula), None)
    if "list" in operations and total == sum(values) and len(values) <= _MOST_SLICES and min(values) >= 0:
        return Chart("donut", "构成", labels, values, unit)
    title = "按金额排序" if "rank" in operations else "金额对比"
    return Chart("bar", title, labels, values, unit)
