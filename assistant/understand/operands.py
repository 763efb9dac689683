"""Which of the names a question's words found are the things asked: a name that only says where the
others are (工资福利里，…), glosses one (资本性支出（买设备、软件这些）), or is split in two (编外长聘人员的
管理服务费) is no operand of its own; what '不算…' takes out of the ask; the words 财政拨款 that say which
money is read; the measures named (基本支出, 项目支出, 人员经费, 公用经费)."""

from __future__ import annotations

import re

from assistant.understand.coverage import exclusions, leftover
from assistant.understand.intent import MEASURES
from assistant.understand.reading import Understood
from assistant.understand.vocabulary import Entity, fold

_WITHIN = re.compile(r"(里|中|之中|当中|下)?(的|面的)?")
_INSIDE = re.compile(r"(中|里|当中|之中|里面)(的)?[，,]?$")


def without_containers(chosen: list[tuple[int, int, Entity]], u: Understood) -> list[tuple[int, int, Entity]]:
    """What a question names only to say where, or which, the thing asked is: a gloss in brackets, the
    words before a total, and — unless the question sets a part against it (占三公的比重) — the whole
    the others are in ('三公经费里出国（境）费多少', '工资福利里，津贴补贴是基本工资的几倍')."""
    chosen = _one_name_joined(chosen, u)
    dropped = _glosses(chosen, u) | _total_qualifiers(chosen) | _one_name_split(chosen, u)
    if u.intent.operation != "share":
        dropped |= _wholes_named_first(chosen, u)
    return [(s, e, entity) for s, e, entity in chosen if (s, e) not in dropped]


_JOINERS = re.compile(r"[和、及与或跟“”‘’\"'\s]*|以及")


def excluded(chosen: list[tuple[int, int, Entity]], u: Understood) -> list[tuple[int, int, Entity]]:
    """What '不算…', '除掉…' take out of the ask: the name right after the word, and the names joined
    to it by 和、及 ('不含上年结转和结余'); not the thing asked later in the clause (不含结转的收入)."""
    out = []
    for start, end, before in exclusions(u.text, [(s, e) for s, e, _entity in chosen]):
        inside = sorted((c for c in chosen if start <= c[0] < end), key=lambda c: c[:2])
        if before:  # 去年剩下结转过来的不算: all the clause names
            out += inside
            continue
        if not inside or not _JOINERS.fullmatch(u.text[start:inside[0][0]]):
            continue
        taken = [inside[0]]
        for later in inside[1:]:
            if later[0] >= taken[-1][1] and not _JOINERS.fullmatch(u.text[taken[-1][1]:later[0]]):
                break
            taken.append(later)
        out += taken
    return out


_FUND_ALONE = re.compile(r"(本年|当年)?财政(拨款)?(资金|收入)?")
_IN_FUND = re.compile(r"(里|中|当中|之中|里面|内)?(安排|用于|花在|拨付|支付|支出)?(的|了)?")


def fund_words(chosen: list[tuple[int, int, Entity]], u: Understood) -> list[tuple[int, int, Entity]]:
    """'财政拨款里安排的教育支出', '财政拨款的基本支出': the words 财政拨款 (found as its income line) say
    which money the thing after them is read from; they are not a figure asked ('财政拨款收入和事业收入')."""
    later = [s for s, _e, _entity in chosen] + [p for p, _m in u.measures]
    return [(s, e, entity) for s, e, entity in chosen
            if entity.kind in ("summary", "column") and _FUND_ALONE.fullmatch(u.text[s:e])
            and any(at >= e and _IN_FUND.fullmatch(u.text[e:at]) for at in later)]


_EXAMPLES = re.compile(r"这些|那些|等|之类|什么的|比如|例如|像|就是|即|[这那]一?(块|部分)")
_CLOSING = re.compile(r"[）)]")
_BOTH_COUNTED = re.compile(r"(都|全|一起|一并|全部|统统)(要)?(算|计|包括|包含|加|合|在内)")


def _glosses(chosen: list[tuple[int, int, Entity]], u: Understood) -> set[tuple[int, int]]:
    """'资本性支出（买设备、软件这些）': names in the brackets after another name only gloss it. Names the
    brackets list without a word of example ('三个事业单位（国际投资促进中心、商务会展促进服务中心…）') are
    the things asked, and the word before them is the gloss."""
    dropped = set()
    for start, end, named in chosen:
        opened = max(u.text.rfind("（", 0, start), u.text.rfind("(", 0, start))
        if opened >= 0 and not _CLOSING.search(u.text, opened, start) and any(
                e == opened and other != named for _s, e, other in chosen):
            dropped.add((start, end))
    for opened in {e for _s, e, _other in chosen if e < len(u.text) and u.text[e] in "（("}:
        closed = _CLOSING.search(u.text, opened)
        inside = [(s, e) for s, e in dropped if opened < s and (closed is None or e <= closed.start())]
        before = [other for _s, e, other in chosen if e == opened]
        parts = [other for s, e, other in chosen if (s, e) in inside]
        wholes = before + [e for m in u.mentions if m.end == opened for e in m.entities if e.kind == "subject"]
        if before and any(all(subject_within(part, whole) for part in parts) for whole in wholes):
            continue  # '住房保障支出（住房公积金、购房补贴）': the subject before, glossed by its own parts
        if len(inside) >= 2 and not _EXAMPLES.search(u.text[opened:closed.start() if closed else None]):
            dropped -= set(inside)
            dropped |= {(s, e) for s, e, _other in chosen if e == opened}
    return dropped


def _one_name_split(chosen: list[tuple[int, int, Entity]], u: Understood) -> set[tuple[int, int]]:
    """'编外长聘人员的管理服务费': two names side by side (or joined by 的) that one project's name holds in
    that order (市政务服务中心编外长聘人员管理服务费用) are that project, not also an indicator of it or
    another project ending the same (白云机场口岸查验部门的综合性补助经费, not also 海事部门综合性补助经费)."""
    dropped = set()
    for (s1, e1, first), (s2, e2, second) in zip(chosen, chosen[1:]):
        name = fold(first.name)
        words = (u.text[s1:e1], u.text[s2:e2])
        if first.kind == "project" and u.text[e1:s2] in ("", "的") \
                and words[0] in name and words[1] in name[name.find(words[0]) + len(words[0]):]:
            dropped.add((s2, e2))
    return dropped


def _one_name_joined(chosen: list[tuple[int, int, Entity]], u: Understood) -> list[tuple[int, int, Entity]]:
    """'公务用车的日常运行维护费': two names with only 的 or a filler between them that one name either could
    mean holds in that order (公务用车运行维护费) are that one name, not two things."""
    out: list[tuple[int, int, Entity] | None] = list(chosen)
    for i, ((s1, e1, first), (s2, e2, second)) in enumerate(zip(chosen, chosen[1:])):
        between = u.text[e1:s2]
        if first.kind == "project" or out[i] is None or len(between) > 4 or re.search(r"[和与及、跟,，]", between) \
                or leftover(between, []):
            continue
        words = (u.text[s1:e1], u.text[s2:e2])
        candidates = [e for m in u.mentions if (m.start, m.end) in ((s1, e1), (s2, e2)) for e in m.entities
                      if e.kind not in ("table", "project")]
        whole = next((e for e in candidates if _in_order(fold(e.name), words)), None)
        if whole is not None:
            out[i], out[i + 1] = None, (s1, e2, whole)
    return [c for c in out if c is not None]


def _in_order(name: str, words: tuple[str, str]) -> bool:
    at = name.find(words[0])
    return at >= 0 and words[1] in name[at + len(words[0]):]


def _total_qualifiers(chosen: list[tuple[int, int, Entity]]) -> set[tuple[int, int]]:
    """'本年财政拨款支出合计': an item right before a total only says which total."""
    return {(start, end) for start, end, first in chosen if first.kind == "summary" and any(
        s == end and e.kind == "summary" and re.search(r"(合计|总计)$", e.name) for s, _e, e in chosen)}


def _wholes_named_first(chosen: list[tuple[int, int, Entity]], u: Understood) -> set[tuple[int, int]]:
    """A comparison's or sum's first name followed by 里/中 (工资福利里，A是B的几倍), and the “三公” total
    before one of its items: where the things asked are, not one of them."""
    dropped = set()
    starts = sorted({s for s, _e, _entity in chosen})
    later = sorted(set(starts[1:]) | {p for p, _m in u.measures if starts and p > starts[0]})  # 全部支出里，项目支出是基本支出的几倍
    if u.intent.operation in ("compare", "aggregate") and starts and later and _INSIDE.search(u.text[starts[0]:later[0]]):
        dropped |= {(s, e) for s, e, _entity in chosen if s == starts[0]}
    if u.intent.operation == "aggregate":  # 工资里的基本工资、奖金这几项加一起: a sum never adds a whole to its parts
        dropped |= {(s, e) for s, e, whole in chosen if any(subject_within(part, whole) for _s, _e, part in chosen)}
    for start, end, whole in chosen:
        if whole.kind == "three_public" and whole.key[1] == "合计" and any(
                part.kind == "three_public" and part.key[0] == whole.key[0] and part != whole and s >= end
                and _WITHIN.fullmatch(u.text[end:s]) for s, _e, part in chosen):
            dropped.add((start, end))
    return dropped


def subject_within(part: Entity, whole: Entity) -> bool:
    """A subject under another of the same classification (30101 基本工资 under 301 工资福利支出)."""
    return part.kind == whole.kind == "subject" and part.scheme == whole.scheme and bool(part.code and whole.code) \
        and part.code != whole.code and part.code.startswith(whole.code)


def read_measures(u: Understood) -> None:
    """The measures a question names (基本支出, 项目支出, 人员经费, 公用经费), except inside a name its
    mentions found (项目支出绩效目标表)."""
    text = u.text
    spans = [(m.start, m.end) for m in u.mentions if any(e.kind in ("table", "project", "indicator") for e in m.entities)]
    u.measures = sorted((pos.start(), measure) for measure in MEASURES for pos in re.finditer(measure, text)
                        if not any(s <= pos.start() < e for s, e in spans))
    cut = exclusions(text, [(m.start, m.end) for m in u.mentions])  # 基本支出不含人员经费: 人员经费 is left out
    u.excluded_measures = [m for p, m in u.measures
                           if any(s <= p < e and (before or _JOINERS.fullmatch(text[s:p])) for s, e, before in cut)]
    u.measures = [(p, m) for p, m in u.measures if m not in u.excluded_measures]
    if u.intent.measure in u.excluded_measures:
        u.intent.measure = None
    whole = text.find("占") if u.intent.operation == "share" else -1  # 公用经费占基本支出的比例: 基本支出 is the whole
    if any(m == "基本支出" and not 0 <= whole < p for p, m in u.measures) \
            and any(m in ("人员经费", "公用经费") for _, m in u.measures):
        u.measures = [(p, m) for p, m in u.measures if m != "基本支出"]  # 基本支出中的公用经费: the part
    if {"基本支出", "项目支出"} <= {m for _, m in u.measures} and _BOTH_COUNTED.search(text):
        u.measures, u.intent.measure = [], None  # 基本支出和项目支出都算上: 合计 = 基本支出 + 项目支出, the whole
    if len({m for _, m in u.measures}) == 1:
        u.intent.measure = u.measures[0][1]  # 一般公共预算基本支出(表)里的公用经费: the one measure left
