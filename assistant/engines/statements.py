"""Changes a budget's text states against the year before, read as figures.

The 情况说明 of a budget whose tables give this year alone says how each main figure changed, in
one shape across provinces: "<item> <amount> 万元，比 2025 年减少 22.24 万元（，下降 6.2%）" or
"<item>比上年增加 …", "<item> 0.00 万元，与上年持平". Each such sentence is read into a
:class:`Statement`: the item, its amount this year if the sentence gives it, the direction, the
size of the change and the rate if printed. A question is answered from the one statement about
what it names: the item's words, and, where a table publishes the item, the same amount (the text
restates the table, rounded to what it prints). The earlier year's figure and the rate are
computed from the statement and shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from typing import TYPE_CHECKING, Callable

from assistant.types import Figure, Outcome
from ingest.normalize import within_rounding
from assistant.understand.stated import CLAUSES, COMMA, SENTENCES
from assistant.understand.vocabulary import fold, in_order

if TYPE_CHECKING:
    import duckdb

    from assistant.engines.targets import Target

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_UNITS = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}
_BASE = r"(?P<base>上年|上一年|去年|20\d\d\s*年(?:年初|全年)?(?:预算|执行|决算)?数?)"
# '比 2025 年年初预算数 4001046.82 万元增加 …' (the earlier figure quoted), '比2025 年财政拨款“三公”经费年初预算减少 …'
# (the item named again), '与上年相比各减少 …'
_CHANGED = re.compile(rf"(?:比|较|同比|与)\s*{_BASE}\s*(?:[^\d，,。；;%]{{0,16}}?预算数?)?\s*(?:{_NUMBER}\s*(?:万元|亿元|元))?"
                      rf"\s*(?:相比|预算)?(?:[^\d，,。；;%]{{0,10}}?(?:总计|合计|总额))?\s*[，,]?\s*(?P<after>[^\d，,。；;%（(]{{2,16}}?)??\s*各?"
                      rf"(?P<dir>增加|减少|增长|下降|上升|减|增|多(?!少)|少)了?\s*"
                      rf"(?P<amount>{_NUMBER})\s*(?P<unit>万元|亿元|元)"
                      rf"(?:\s*[，,、]?\s*(?:增长|下降|增幅|降幅|减幅|上升|减少|增加)(?:了|为)?\s*(?P<rate>{_NUMBER})\s*[%％])?")
_FLAT = re.compile(rf"(?:与|和|同|较|比)\s*{_BASE}\s*(?:年初)?(?:预算数?)?\s*(?:相比)?\s*[，,]?\s*(?:持平|相同|一致|无变化|没有变化)")
_AMOUNT = re.compile(rf"(?P<name>[^，,。；;：:、\d]{{2,40}}?)\s*(?:为|是|达|安排|共计|合计)?\s*(?P<value>{_NUMBER})\s*"
                     rf"(?P<unit>万元|亿元|元)")
_HEADING = re.compile(r"^([（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)[^，,\d]{2,20}$")
_LEADING = re.compile(r"^([）)．.、\s]|其中|另外|此外|主要是|包括|本部门|本单位|部门|单位|我局|我委|我办|本级|全局|"
                      r"20\d\d\s*年度?|年度?(?!初)|年初|全年|本年|一是|二是|三是|[一二三四五六七八九十]+、|\d+[.、])+")
_TRAILING = re.compile(r"(为|是|达|安排|共计|合计|总额|年初预算数|预算数|预算|财政拨款)+$")
_DOWN = ("减少", "下降", "减", "少")
_YEAR_OF_FIGURE = re.compile(r"\s*20\d\d\s*年度?(?:预算数|预算)?\s*(?=\d)")  # '公务用车购置费 2026 年预算数 18 万元'
_NAMING = re.compile(r"^\s*(?:\d+[.．、]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)?([^\d，,。；;：:]{2,20})$")
_NOT_ITEM = re.compile(r"原因|主要|由于|因为|用于")
_NEAR_CLAUSES = 4  # an amount this many clauses before '比上年…' is still the one it changes


@dataclass(frozen=True)
class Statement:
    row_id: int
    item: str  # as printed, without its year and connectives ('“三公”经费')
    current: Decimal | None  # this year's amount, where the sentence gives it
    unit: str
    direction: int  # +1, −1, or 0 (持平)
    amount: Decimal
    rate: Decimal | None  # the rate as printed (%), if it is
    base: str  # what it is set against: '2025年', '上年', '2025年年初预算'
    heading: str = ""  # the paragraph's heading, folded ('（一）机关运行经费')
    sentence: str = ""

    @property
    def key(self) -> str:
        return _key(self.item)


def statements(passages: list[tuple[int, str]]) -> list[Statement]:
    """Every change the passages state, in their order."""
    found = []
    for row_id, text in passages:
        sentences = SENTENCES.split(text)
        heading = _key(sentences[0]) if _HEADING.match(sentences[0].strip()) else ""
        for previous, sentence in zip([""] + sentences, sentences):
            found += [replace(s, heading=heading, sentence=sentence.strip()) for s in _read(row_id, sentence, previous)]
    return found


def _read(row_id: int, sentence: str, previous: str = "") -> list[Statement]:
    """The changes one sentence states. Its item is named in the clause before the change, or after
    the base ('与上年相比，财政拨款收、支总计各减少 …'); a sentence naming none states the change of what
    the sentence before names: a numbered name alone ('2.公务接待费。2026 年预算数 3 万元，较 …'), or the
    last amount it gives ('…支出 39,803.47 万元，主要用于…。与上年相比减少 …')."""
    read = []
    sentence = _YEAR_OF_FIGURE.sub("", sentence)
    naming = _NAMING.match(previous)  # '2.公务接待费' alone: the sentence before names the item
    changes = [(m, 0) for m in _FLAT.finditer(sentence)] + [(m, 1) for m in _CHANGED.finditer(sentence)]
    for match, changed in sorted(changes, key=lambda found: found[0].start()):
        before = sentence[: match.start()]
        tail = CLAUSES.split(before)[-1]
        named = list(_AMOUNT.finditer(tail))
        figures = list(_AMOUNT.finditer(before))
        after = match.groupdict().get("after")
        if after and not re.search(r"预算|年初", after):  # '与上年相比，财政拨款支出减少 …'
            item, current, unit = after, None, ""
        elif named and len(named[-1].group("name").strip()) >= 2 and _LEADING.sub("", named[-1].group("name").strip()):
            item, current, unit = named[-1].group("name"), _decimal(named[-1].group("value")), named[-1].group("unit")
        elif len(tail.strip()) >= 2 and not named:  # '收入比 2025 年减少 …': this clause's item
            item, current, unit = tail, None, ""
        elif figures and len(re.split(COMMA, before[figures[-1].end():])) <= _NEAR_CLAUSES:
            last = figures[-1]  # '基本支出 33325.21 万元，主要用于…，比 2025 年增加 …'
            item, current, unit = CLAUSES.split(last.group("name"))[-1], _decimal(last.group("value")), last.group("unit")
            if not _LEADING.sub("", _TRAILING.sub("", item.strip())).strip() and naming:
                item = naming.group(1)  # '2.公务接待费。2026 年预算数 3 万元，较 …'
        elif (bare := re.fullmatch(rf"\s*(?P<value>{_NUMBER})\s*(?P<unit>万元|亿元|元)\s*[，,]?\s*", before)) \
                and naming:  # '2.公务接待费。2026 年预算数 3 万元，较 2025 年年初预算减少 2 万元'
            item, current, unit = naming.group(1), _decimal(bare.group("value")), bare.group("unit")
        elif not before.strip() and (earlier := list(_AMOUNT.finditer(_YEAR_OF_FIGURE.sub("", previous)))):
            last = earlier[-1]  # '…支出 39,803.47 万元，主要用于…。与上年相比减少 1,332.74 万元'
            item, current, unit = CLAUSES.split(last.group("name"))[-1], _decimal(last.group("value")), last.group("unit")
        else:
            continue
        item = _TRAILING.sub("", _LEADING.sub("", item.strip())).strip()
        if len(item) < 2 or _NOT_ITEM.search(item):
            continue  # '主要原因是…与上年持平': a reason, not an item
        amount = _decimal(match.group("amount")) if changed else Decimal(0)
        direction = 0 if not changed or amount == 0 else (-1 if match.group("dir") in _DOWN else 1)
        rate = _decimal(match.group("rate")) if changed and match.group("rate") else None
        unit = match.group("unit") if changed else (unit or "万元")
        base = re.sub(r"\s+", "", match.group("base") or "上年")
        read.append(Statement(row_id, item, current, unit, direction, amount, rate, base))
    return read


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _key(text: str) -> str:
    """How an item is compared: folded, without quotation marks, 预算 and the year."""
    text = fold(text).replace("“", "").replace("”", "").replace('"', "")
    text = re.sub(r"预算(?=总计|合计)", "", text)  # 支出预算总计: the 支出总计
    return _TRAILING.sub("", _LEADING.sub("", text))


def _core(key: str) -> str:
    """An item without the fund, stage and table words around it: 机关运行经费 of
    一般公共预算机关运行经费支出预算表 and of 一般公共预算机关运行经费预算支出."""
    return re.sub(r"一般公共预算|政府性基金预算|财政拨款|预算|支出|情况|表$|合计", "", key)


def about(found: list[Statement], words: list[str], amounts: list[tuple[Decimal, str]]) -> Statement | None:
    """The one statement about what the question names: its item is one of ``words`` (or holds it,
    or is held by it), and its amount, where both are known, is one of ``amounts`` (value, unit) as
    the text rounds it. Several statements that disagree: none."""
    keys = [_key(word) for word in words if len(_key(word)) >= 2]
    keys += [side for side, total in TOTALS.items() if _key(total) in keys]  # 收入总计: the text's 收入比上年增加
    cores = {core for key in keys if len(core := _core(key)) >= 4}
    scored = []
    units = {u for _v, u in amounts}
    if len(amounts) > 1 and len(units) == 1:  # 委托业务费 of the 基本支出表 and of the 项目支出表: the text gives both
        amounts = amounts + [(sum(v for v, _u in amounts), units.pop())]
    for statement in found:
        verified = statement.current is not None and any(_same(statement, v, u) for v, u in amounts)
        if statement.current is not None and amounts and not verified:
            continue  # another figure than the one the tables publish for what is asked
        if statement.key in keys:
            closeness = 3
        elif any(key in statement.key for key in keys) or _core(statement.key) in cores:  # 三公经费 in 财政拨款安排三公经费
            closeness = 2  # 机关运行经费预算支出 of the 机关运行经费支出预算表
        elif verified and any(statement.key in key or _in_order(statement.key, key) or _in_order(key, statement.key)
                              for key in keys) or any(key in statement.heading for key in keys):
            closeness = 1  # 基本支出 of 一般公共预算基本支出, 公务用车运行费 of 公务用车运行维护费, at the same amount
        elif verified and statement.key in TOTALS.values() and any(word.endswith(("合计", "总计")) for word in words):
            closeness = 1  # 收支总表合计 asked: the text's 收入、支出预算总计 at the same amount
        else:
            continue
        scored.append((closeness, statement))
    best = [s for c, s in scored if c == max(c for c, _ in scored)] if scored else []
    changes = {(s.direction, s.amount * _UNITS[s.unit]) for s in best}
    return best[0] if len(changes) == 1 else None


def _in_order(short: str, long: str) -> bool:
    """Every character of ``short`` in ``long``, in order (公务用车运行费 · 公务用车运行维护费)."""
    return len(short) >= 4 and in_order(short, long) == len(short)


def _same(statement: Statement, value: Decimal, unit: str) -> bool:
    """The text's amount is the table's, as the text rounds it (1,731 万元 for 17,312,300 元)."""
    if unit not in _UNITS or statement.current is None:
        return False
    return within_rounding(value * _UNITS[unit] / _UNITS[statement.unit], statement.current, 0)


def change_outcome(statement: Statement, current: Decimal | None, current_unit: str, label: str,
                   rows: list[int]) -> Outcome:
    """The change as stated, the earlier year's figure and the rate computed from it, cited to the
    sentence's paragraph (and the table row of this year's figure, if ``rows``)."""
    unit = statement.unit
    now = statement.current if statement.current is not None else _in_unit(current, current_unit, unit)
    signed = statement.amount * statement.direction
    fields = {"label": label, "base": statement.base, "text": f"{statement.heading} {statement.sentence}",
              "change": _said(statement.direction, statement.amount, unit, statement.base)}
    cited = rows + [statement.row_id]
    if now is None:  # '收入比上年减少 …' with no figure of this year to set it against
        return Outcome("stated_change_only", "hybrid", fields, [Figure("文字说明所述的变化", signed, unit)], cited,
                       context={"passage": statement.row_id})
    this_year = Figure(label, now, unit) if statement.current is not None else Figure(label, current, current_unit)
    earlier = now - signed
    figures = [this_year, Figure("文字说明所述的变化", signed, unit),
               Figure(f"{label}{statement.base}", earlier, unit, f"{now:f} − ({signed:f})")]
    formula = f"{statement.base} = {now:f} {'−' if signed >= 0 else '+'} {abs(signed):f} = {earlier:f}{unit}"
    rate = statement.rate
    if rate is None and earlier and signed:
        rate = (statement.amount / earlier * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        figures.append(Figure(f"{label}变化率", rate, "%", f"{statement.amount:f} ÷ {earlier:f} × 100"))
        formula += f"；{'增长' if signed > 0 else '下降'}率 = {statement.amount:f} ÷ {earlier:f} × 100 = {rate:f}%"
    elif rate is not None:
        figures.append(Figure(f"{label}变化率", rate, "%"))  # as printed
    fields |= {"amount": f"{this_year.value:,f}{this_year.unit}", "earlier": f"{earlier:,f}{unit}", "formula": formula,
               "rate": f"，{'增长' if signed > 0 else '下降'} {rate:f}%" if rate is not None and signed else ""}
    return Outcome("stated_change", "hybrid", fields, figures, cited, context={"passage": statement.row_id})


def _in_unit(value: Decimal | None, unit: str, wanted: str) -> Decimal | None:
    if value is None or unit not in _UNITS:
        return None
    return value * _UNITS[unit] / _UNITS[wanted]


def _said(direction: int, amount: Decimal, unit: str, base: str) -> str:
    if direction == 0:
        return f"与{base}持平"
    return f"比{base}{'增加' if direction > 0 else '减少'} {amount:,f}{unit}"


# What the text means by an item it names without qualification: the department's totals.
TOTALS = {"收入": "收入总计", "支出": "支出总计"}


def stated_change(con: "duckdb.DuckDBPyConnection", doc_id: str, words: list[str], targets: list["Target"],
                  total: "Callable[[str], Target | None]") -> Outcome | None:
    """'比上年增加多少' of a budget whose tables give this year alone, answered from the sentence of its
    text that states the change of what the question names (``words``, and the ``targets`` the
    tables publish for it). ``total`` finds a total of the tables by name (收入总计)."""
    from assistant.db import queries

    found = statements(queries.NARRATIVE.run(con, [doc_id]).rows)
    published = [t for t in targets if t.amount is not None]
    statement = about(found, words + [t.label for t in published], [(t.amount, t.unit) for t in published])
    if statement is None:
        return None
    if statement.current is None and not published and statement.key in TOTALS:
        published = [t for t in [total(TOTALS[statement.key])] if t is not None and t.amount is not None]
    same = [t for t in published if _same(statement, t.amount, t.unit)]
    named = [t for t in published if _key(t.label) in (statement.key, TOTALS.get(statement.key))
             or any(_key(w) == statement.key for w in words)]
    target = (same or (named if statement.current is None else []) or [None])[0]
    if target is None:
        return change_outcome(statement, None, statement.unit, statement.item, [])
    return change_outcome(statement, target.amount, target.unit, target.label, target.row_ids)
