"""The typed reading of a question: one or more asks, each an operation over operands, with the
answer type the question asks for.

Understanding builds an :class:`Ask` from the question's words and the names it found;
execution records what it computed (:func:`executed`); the answer carries the plan as
JSON and one Chinese line a person can check (:func:`interpretation`). The rules —
which words ask for which answer type, which outcome answers which type — are data in
``rules.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Iterable

from assistant.understand.coverage import rules

# intent operation → plan operation
_OPERATIONS = {"lookup": "lookup", "aggregate": "sum", "compare": "difference", "share": "share", "rank": "rank",
               "list": "list", "count": "count"}
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Operand:
    """A thing the ask is about: a published name and what kind of row or table it is."""

    name: str
    kind: str  # subject | summary | project | indicator | three_public | procurement | table | column | row | measure
    code: str | None = None  # a subject's code
    department: str | None = None
    year: int | None = None


@dataclass
class Ask:
    question: str
    operation: str  # lookup | sum | difference | ratio | share | change | rank | list | count | exists | indicator | goal | definition | text
    answer_type: str  # 金额 | 比例 | 倍数 | 计数 | 时间 | 文字 | 有无 | 清单 (asked); 指标 may answer several
    operands: list[Operand] = field(default_factory=list)
    measure: str | None = None
    stage: str | None = None
    unit: str | None = None
    decimals: int | None = None
    period: str | None = None  # 每月, 人均 …: a figure per period or per head
    fund: str | None = None  # 财政拨款, 一般公共预算 …: the money the figure is read from
    excluded: list[str] = field(default_factory=list)  # what the question leaves out (不算上年结转的)
    uncovered: list[str] = field(default_factory=list)  # words the reading does not explain
    executed: str | None = None  # the operation execution carried out
    executed_type: str | None = None  # the type of answer it gave

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["operands"] = [{k: v for k, v in asdict(o).items() if v is not None} for o in self.operands]
        return {k: v for k, v in data.items() if v not in (None, [], "")}


def asked_type(folded: str) -> str:
    """The type of answer the words ask for: 几倍 → 倍数, 占比 → 比例, 多少人 → 计数, 什么时候 → 时间 …"""
    for kind, pattern in rules()["answer_types"]:
        if re.search(pattern, folded) or kind == "有无" and re.search(rules()["a_not_a"], folded):
            return kind
    return "金额"


def period(folded: str) -> str | None:
    found = re.search(rules()["periods"], folded)
    return found.group(0) if found else None


def read_ask(question: str, folded: str, intent: Any, entities: Iterable[Any], uncovered: list[str],
             department: str | None, year: int | None, excluded: Iterable[str] = (), fund: str | None = None) -> Ask:
    """The plan of one ask from the intent and the names chosen for its words."""
    kind = asked_type(folded)
    if kind == "金额" and (intent.wants_definition or intent.wants_goal):
        kind = "文字"  # 什么是机关运行经费, 这个项目干什么的
    operation = _OPERATIONS.get(intent.operation, "lookup")
    if intent.operation == "compare" and kind in ("倍数", "比例"):
        operation = "ratio" if kind == "倍数" else "change"
    if intent.wants_definition:
        operation = "definition"
    elif intent.wants_goal:
        operation = "goal"
    elif kind == "有无" and operation == "lookup":
        operation = "exists"
    operands = [Operand(e.name, e.kind, e.code, department=department, year=year) for e in dict.fromkeys(entities)]
    operands += [Operand(m, "measure", department=department, year=year) for m in ([intent.measure] if intent.measure else [])
                 if not any(o.name == m for o in operands)]
    fund = fund or _fund(folded, operands)
    if fund:  # 财政拨款里安排的教育支出: the fund says where to read, its own income line is not asked
        alone = re.compile(rf"(本年|当年)?{fund}(预算)?(财政)?(拨款)?(资金|收入)?")
        operands = [o for o in operands if not alone.fullmatch(o.name) or o.kind not in ("summary", "column")]
    return Ask(question, operation, kind, operands, intent.measure, intent.stage or None, intent.unit, intent.decimals,
               period(folded), fund, list(dict.fromkeys(excluded)), uncovered)


_FUND = re.compile(r"一般公共预算|政府性基金|国有资本经营")


def _fund(folded: str, operands: list[Operand]) -> str | None:
    """The fund the question reads its figures from (财政拨款里安排的…), when it is not itself a figure asked."""
    found = _FUND.search(folded)
    if found is None or all(found.group(0) in o.name for o in operands):
        return None
    return found.group(0)


def executed(ask: Ask, template: str) -> Ask:
    """What execution did and the type of answer it gave, from the outcome's template."""
    operation, kind = rules()["outcome_types"].get(template.split("+")[0], (None, None))
    if ask.operation == "exists" and operation == "lookup":
        operation = "exists"  # 有没有安排公务接待费: the figure shows that it is there
    ask.executed, ask.executed_type = operation, kind
    return ask


def agrees(ask: Ask) -> bool:
    """Whether the answer given is of a type that answers what was asked (一个月多少 wants a monthly
    figure: only an indicator or the text can give one; 几倍 wants a ratio)."""
    if ask.executed_type is None:
        return True
    if ask.executed in rules()["not_answered_by"].get(ask.operation, []):
        return False  # 哪一项最多 answered by the total alone: another question
    accepted = ["指标", "文字"] if ask.period else rules()["accepts"].get(ask.answer_type, [])
    return ask.executed_type in accepted


def interpretation(ask: Ask, figures: list[Any], where: str = "", over: str | None = None,
                   named: list[str] | None = None) -> str:
    """'理解为：资本性支出占项目支出的比例；按“资本性支出 ÷ 项目支出 × 100”计算（…）'. ``over``: what a
    ranking, list or count went over (支出功能分类科目)."""
    words = rules()["interpretation"]
    operation = ask.executed or ask.operation
    published = [f for f in figures if f.formula is None]
    names = named or list(dict.fromkeys(f.label for f in published)) or [o.name for o in ask.operands]
    if over and operation in ("rank", "list", "count"):
        names = [over]
    key = "sum_one" if operation == "sum" and len(names) == 1 else operation
    key = f"{key}_none" if not names and f"{key}_none" in words else key
    text = words.get(key, words["lookup"]).format(
        names="、".join(names[:6]) + ("等" if len(names) > 6 else ""), a=names[0] if names else "",
        b=names[1] if len(names) > 1 else "")
    computed = _main_computed(figures, operation)
    labelled = _labelled(computed.formula, published) if computed is not None and published else None
    if labelled and re.search(r"[÷×+−-]", labelled):
        text += f"；按“{labelled}”计算"
    if ask.period:
        text += f"，按“{ask.period}”计"
    if ask.fund:
        text += f"；口径：{ask.fund}"
    if ask.excluded and operation != "exclude":
        text += "；不含" + "、".join(f"“{name}”" for name in ask.excluded)
    if ask.unit:
        text += f"；以{ask.unit}表示"
    return f"理解为：{text}" + (f"（{where}）" if where else "") + "。"


_COMPUTED_UNITS = {"ratio": "倍", "share": "%"}


def operand_names(template: str, fields: dict[str, Any]) -> list[str] | None:
    """The names an outcome's template gives its operands (aggregate: 'A、B、C'), for the interpretation."""
    keys = rules()["interpretation_names"].get(template.split("+")[0], [])
    names = [name for key in keys for name in str(fields.get(key, "")).split("、") if name]
    return names or None


def _main_computed(figures: list[Any], operation: str) -> Any:
    """The computation the answer is about: the ratio of a 几倍, the percentage of a share, else the first."""
    computed = [f for f in figures if f.formula]
    wanted = _COMPUTED_UNITS.get(operation)
    return next((f for f in computed if f.unit == wanted), computed[0] if computed else None)


def _labelled(formula: str, published: list[Any]) -> str:
    """'92.51 ÷ 5045.80 × 100' → '资本性支出 ÷ 项目支出 × 100': each number by the figure it is (equal
    values in the order the figures come: 会议费 10.00 + 公务接待费 10.00)."""
    unused = [(Decimal(figure.value), figure.label) for figure in published]
    labels = dict(reversed(unused))
    unnamed = []

    def name(match: re.Match[str]) -> str:
        value = Decimal(match.group(0))
        if match.string[max(match.start() - 2, 0):match.start()] == "× " and value == 100:
            return match.group(0)  # a percentage's × 100
        found = next((pair for pair in unused if pair[0] in (value, abs(value))), None)
        if found is not None:
            unused.remove(found)
            return found[1]
        found = labels.get(value, labels.get(abs(value)))
        if found is None:
            unnamed.append(value)
        return found or match.group(0)

    text = _NUMBER.sub(name, formula.split("=")[0].strip())
    return None if unnamed else text  # only a formula every number of which is a figure the answer names
