"""Figures a budget's text states and no table holds, read as named amounts.

A 情况说明 states its main figures in one shape across provinces: "<item> <amount> 万元" in a clause
("基本支出预算 2919265.78 万元", "机关运行经费财政拨款预算 952.23 万元", "包括公务用车购置费预算
463.80 万元、公务用车运行维护费预算 558.61 万元"), or an amount under a heading that names the item
("（二）公务接待费。2026 年预算数 66.61 万元"; "4.某建设项目 … （3）预算安排：2026 年安排预算 8
亿元"). Each is read as (item, amount, unit, row), so that a document published as text alone, or an
item only its text gives, is looked up, added and compared like a table's row, citing the paragraph.
A change against the year before ("比上年增加 …") is no figure of this year and is left to
``engines/statements``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_NUMBER = re.compile(r"(?P<value>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|亿元|元)")
SENTENCES = re.compile(r"[。；;\n]")  # how a text is split into sentences
# A comma between clauses, not one between thousands (1,479.49 万元 is one amount).
COMMA = r"，|,(?!\d{3}(?:\D|$))"
CLAUSES = re.compile(rf"{COMMA}|[：:、]")
_ENUMERATOR = re.compile(r"^\s*([（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])\s*")
_YEAR = re.compile(r"20\d\d\s*年度?(年初|全年)?")
_LEADING = re.compile(r"^(其中|另外|此外|包括|含|已安排|安排|本部门|本单位|部门|单位|我局|我委|我办|本级|全局|本年度?(?=预算)|共)+")
_TRAILING = re.compile(r"(为|是|达|共计|共有|共|合计|总额|总计|预算数|预算|财政拨款|安排)+$")
# '纳入部门预算的政府采购项目共有 …': what the amount is of comes after the last 的 (a qualifier before it)
_QUALIFIED = re.compile(r"^.*?(纳入|列入|编入|用于|安排(?:在|于)?)?[^的]*(预算|部门|单位)的(?=[^的]{4,}$)")
_NOT_AFTER = re.compile(r"\s*(以上|以下|左右|及以上|（含）以上)")
_NOT_ITEM = re.compile(r"比|较|增|减|占|原因|主要|由于|因为|用于|超过|以上|以下|不低于|不超过|约|累计|截至")
# Words that name no item by themselves: the amount belongs to its heading ('（3）预算安排：2026 年安排预算 8 亿元').
_GENERIC = re.compile(r"^(市级|区级|本级|全年|年初|年度|调整后?)?(资金|财政)?(预算数?|预算安排|安排|金额|合计|总计|小计|经费|支出|收入|资金)?$")


@dataclass(frozen=True)
class StatedFigure:
    item: str  # as the text names it, without year, department and connectives
    amount: Decimal
    unit: str
    row_id: int


def stated_figures(passages: list[tuple[int, str]], department: str = "") -> list[StatedFigure]:
    """Every named amount of the passages (row id, text), in order. An item stated twice with two
    amounts is left out: the text does not say which one it is."""
    found: list[StatedFigure] = []
    title = ""  # the item an enumerated section is about ('4.北方工业大学延庆新校区（一期）建设项目')
    for row_id, text in passages:
        first = re.split(r"\n|[（(]\d+[)）]", text.strip(), maxsplit=1)[0]
        if re.match(r"^\d+[.、．]", text.strip()) and not _NUMBER.search(first):
            title = _item(first) or title
        heading = ""
        for sentence in SENTENCES.split(text):
            for clause in CLAUSES.split(sentence):
                found += _read(clause, row_id, heading or title, department)
            if _ENUMERATOR.match(sentence) and not _NUMBER.search(sentence):
                heading = _item(sentence)  # '（二）公务接待费' names what the next sentence gives
    amounts: dict[str, set[Decimal]] = {}
    for figure in found:
        amounts.setdefault(figure.item, set()).add(figure.amount)
    seen: set[str] = set()
    kept = []
    for figure in found:
        if len(amounts[figure.item]) == 1 and figure.item not in seen:
            kept.append(figure)
            seen.add(figure.item)
    return kept


def _read(clause: str, row_id: int, heading: str, department: str) -> list[StatedFigure]:
    match = _NUMBER.search(clause)
    if match is None:
        return []
    name = clause[: match.start()]
    if _NOT_ITEM.search(name) or "%" in clause[match.end():match.end() + 2]:
        return []
    if _NOT_AFTER.match(clause, match.end()):
        return []  # '单位价值 100 万元以上的设备': a bound, not an amount
    name = _YEAR.split(name)[-1] if _YEAR.search(name) else name  # '…情况说明2026 年财政拨款“三公”经费预算'
    full = _item(_QUALIFIED.sub("", name.replace(department, "")), trailing=False)
    item = next((i for i in (_TRAILING.sub("", full), full) if not _GENERIC.match(i)), heading)  # 收入预算
    try:
        amount = Decimal(match.group("value").replace(",", ""))
    except InvalidOperation:
        return []
    return [StatedFigure(item, amount, match.group("unit"), row_id)] if len(item) >= 2 else []


def _item(text: str, trailing: bool = True) -> str:
    text = _LEADING.sub("", _ENUMERATOR.sub("", re.sub(r"\s+", "", text)))
    text = re.sub(r"(情况)?说明$", "", text)  # a heading: '（二）机关运行经费说明'
    return _TRAILING.sub("", text) if trailing else text
