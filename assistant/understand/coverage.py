"""Coverage: which words of a question the reading explains, and which it leaves over.

A question's words are explained by the names the vocabulary found in it, the
department and years it names, and the words the rules of ``rules.yaml`` know (an
operation, a measure, a stage, a unit, a qualifier, a filler). Whatever is left — a
name that matches nothing, a period such as 每月, another place — means the reading
does not cover the question, and an answer from a looser match must not be given.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

import yaml

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    text = resources.files("assistant.understand").joinpath("rules.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def _known_words() -> re.Pattern[str]:
    """Every word the rules explain, longest first, as one pattern."""
    from assistant.understand import intent

    patterns = [p for _op, p in intent.OPERATIONS] + [p for _d, p in intent.DIMENSIONS]
    patterns += [intent.GOAL_WORDS, intent.DEFINITION_WORDS, intent.INDICATOR_WORDS, intent._EXECUTION.pattern]
    patterns += [p for p, _stage in intent._STAGE_WORDS] + list(intent.MEASURES)
    patterns += [p for _t, p in rules()["answer_types"]]
    patterns += [rules()[key] for key in ("periods", "counted", "asker", "exclusion", "exclusion_end")]
    fillers = sorted(rules()["fillers"], key=len, reverse=True)
    return re.compile("|".join(f"(?:{p})" for p in patterns + [re.escape(w) for w in fillers]))


def _single_fillers() -> str:
    return rules()["single_fillers"]


def leftover(text: str, spans: Iterable[tuple[int, int]], tight: Iterable[tuple[int, int]] = ()) -> list[str]:
    """Words of ``text`` (folded, departments and years blanked) outside ``spans`` that no rule
    explains: runs of two or more characters once the known words and one-character fillers are gone.
    Two characters touching a name found belong to it (公务接侍费, 因公出国出境费用: a name found
    with characters changed or a word of its own before it); not to a ``tight`` name, a category that
    words around it make another thing (审计服务 is no 服务 of the 政府采购表)."""
    spans, tight = list(spans), set(tight)
    spans += _glossed(text, spans) + _bracketed(text, spans) + _alternatives(text, spans)
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "□" * (end - start)
    rest = re.sub(rules()["a_not_a"], "□□□", "".join(chars))
    rest = _known_words().sub(lambda m: "□" * len(m.group(0)), rest)
    rest = re.sub(f"[{_single_fillers()}]", "□", rest)
    edges = {at for start, end in spans if (start, end) not in tight for at in (start, end)}
    return [m.group(0) for m in _CJK_RUN.finditer(rest)
            if not (len(m.group(0)) <= 2 and (m.start() in edges or m.end() in edges))]


def exclusions(text: str, names: Iterable[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """Where the question takes things out of what it asks: from each exclusion word to the end of its
    clause ('不算上年结转的', '除掉“其他商品和服务支出”这种兜底项'), or, when the word ends its clause, the
    clause before it ('去年结转过来的不算': True, all it names is left out). A word inside a name found is
    the name's (扣除基建项目后预算数)."""
    names = list(names)
    out = []
    for found in re.finditer(rules()["exclusion"], text):
        if any(s <= found.start() < e for s, e in names):
            continue
        end = found.end()
        while end < len(text) and text[end] not in _CLAUSE_MARKS:
            end += 1
        if text[found.end():end].strip("的了在内 "):
            out.append((found.end(), end, False))
        else:
            out.append((_clause_start(text, found.start()), found.start(), True))
    return out


def _glossed(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'单位养人的钱，就是人员经费': the words a question explains itself by a name that follows
    (就是, 即, 也叫 …) are covered by that name."""
    covered = []
    for gloss in re.finditer(rules()["glosses"], text):
        named = any(gloss.end() <= start <= gloss.end() + 2 for start, _end in spans)
        if not (named or _known_words().match(text, gloss.end())):
            continue
        before = text[:gloss.start()].rstrip("，,、（(")
        covered.append((_clause_start(before, len(before), _CLAUSE_MARKS + "（("), gloss.end()))
    for bracket in _BRACKETS.finditer(text):  # '人头费（人员经费）': the word before, named in the brackets
        inner = (bracket.start(1), bracket.end(1))
        known = _known_words().fullmatch(bracket.group(1))
        if known or any(s <= inner[0] and inner[1] <= e for s, e in spans):
            previous = max([e for _s, e in spans if e <= bracket.start()] + [_clause_start(text, bracket.start())])
            if 2 <= bracket.start() - previous <= 8:
                covered.append((previous, bracket.start()))
    return covered


_CLAUSE_MARKS = "，,。？?；;"


def _clause_start(text: str, at: int, marks: str = _CLAUSE_MARKS) -> int:
    """Where the clause holding ``text[at - 1]`` begins: after the last mark before ``at``."""
    return max((text.rfind(mark, 0, at) for mark in marks), default=-1) + 1


_BRACKETS = re.compile(r"[（(]([^）)]*)[）)]")


def _bracketed(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'招待来客（公务接待）', '差旅费（出差的钱）': words and a name in brackets explain each other."""
    covered = []
    for group in _BRACKETS.finditer(text):
        inside = any(group.start(1) <= start < group.end(1) for start, _end in spans)
        before = any(end == group.start() for _start, end in spans) or _known_before(text, group.start())
        if inside:  # the words before the bracket, back to the clause's start
            covered.append((_clause_start(text, group.start()), group.start()))
        if inside or before:
            covered.append(group.span())
    return covered


def _known_before(text: str, at: int) -> bool:
    """A word the rules know (a measure: 基本支出) ends right at ``at``."""
    segment = text[max(0, at - 8):at]
    return any(m.end() == len(segment) and m.end() > m.start() for m in _known_words().finditer(segment))


_ALTERNATIVES = re.compile(r"([\u4e00-\u9fff]+)[/／]([\u4e00-\u9fff]+)")


def _alternatives(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """'租房子/租赁的钱': words set beside a name as its alternative are explained by it."""
    covered = []
    for pair in _ALTERNATIVES.finditer(text):
        if any(pair.start() <= start < pair.end() for start, _end in spans):
            covered.append(pair.span())
    return covered
