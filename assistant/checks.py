"""Checking a reading before its answer is given: every word of the question covered, the answer
of the type asked, and everyday words read once more through the subjects' official definitions.

:class:`ReadingChecks` is mixed into the engine (``assistant.pipeline.Engine``); it uses the
engine's vocabulary, connection and routing, and the rules in ``assistant/understand/rules.yaml``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.db import queries
from assistant.engines.targets import Resolver
from assistant.engines.text_answers import passage_holding
from assistant.types import Outcome
from assistant.understand.coverage import leftover, rules
from assistant.understand.plan import Ask, agrees, executed, read_ask
from assistant.understand.reading import Understood
from assistant.understand.subjects import SubjectLinker, definitions
from assistant.understand.vocabulary import Entity, Mention, fold, in_order

if TYPE_CHECKING:
    import duckdb

    from assistant.config import Settings
    from assistant.understand.scope import Scope
    from assistant.understand.vocabulary import Vocabulary

log = logging.getLogger("budget_qa.pipeline")

FIGURE_TYPES = ("金额", "比例", "倍数", "计数")
NOT_FOUND = ("refuse_scope", "clarify_uncovered", "refuse_uncovered")


class ReadingChecks:
    """What the engine checks of its own reading; needs its settings, vocabulary, connection and ``_route``."""

    settings: "Settings"
    vocabulary: "Vocabulary"
    con: "duckdb.DuckDBPyConnection"
    _linker: SubjectLinker | None
    scope: "Scope"

    def _checked_route(self, u: Understood) -> tuple[Outcome, Resolver | None]:
        """Route, check the outcome against the reading, and when words were left that nothing
        matched, read them once more through the subjects' definitions (出差 → 差旅费)."""
        outcome, resolver = self._route(u)
        if outcome.route not in ("refuse", "clarify") and u.ask is not None:
            outcome = self._checked(u, outcome)
        linked_mentions = (self._link_everyday(u) or self._link_indicators(u)) \
            if outcome.template in NOT_FOUND and u.doc is not None else []
        if linked_mentions:
            again = replace(u, intent=replace(u.intent), scope=list(u.scope))
            linked, linked_resolver = self._route(again)
            if linked.route not in ("refuse", "clarify"):
                linked = self._checked(again, linked)
            used = set(linked.context.get("entities") or []) | {  # an indicator answered is named in the answer
                e for m in linked_mentions for e in m.entities
                if e.kind == "indicator" and any(e.name in str(value) for value in linked.fields.values())}
            if linked.route not in ("refuse", "clarify") and all(any(e in used for e in m.entities)
                                                                 for m in linked_mentions):  # and answered with
                u.ask = again.ask
                return linked, linked_resolver
        if outcome.template in NOT_FOUND and u.suggestions and u.ask and u.ask.uncovered:
            outcome = self._ask_back(u, u.ask.uncovered)  # nothing found: the subjects nearest to the words
        return outcome, resolver

    def _covered(self, u: Understood) -> list[tuple[int, int]]:
        spans = [(m.start, m.end) for m in u.mentions] + [(s, e) for s, e, _entity in u.table_refs]
        spans += u.named  # 广州市发改委: the department, however its pieces were blanked
        spans += [m.span() for m in self.scope.places.finditer(u.text or u.folded)]  # 深圳退役军人局: its place
        spans += [(s, e) for s, e, _entity in u.excluded + u.fund_words]  # 不算上年结转的, 财政拨款里的…
        return spans + _described(u.text or u.folded, spans, _definitions_named(u))


    def _link_everyday(self, u: Understood) -> list[Mention]:
        """Words no published name matched (出差, 招待客人的钱, 买软件), linked to the subject whose
        official definition they match, among the subjects this document publishes. A word the
        document itself prints (退役军人补助) is its own name for something, never an everyday word."""
        words = [w for w in leftover(u.text, self._covered(u), _tight(u))
                 if not queries.DOCUMENT_SAYS.run(self.con, {"doc": u.doc.doc_id, "word": w}).rows[0][0]]
        if not words:
            return []
        linked = []
        published = {e.key: e for e in self.vocabulary.entities if e.kind == "subject" and e.doc_id == u.doc.doc_id}
        for word in words:
            link = self.linker().link(word, set(published))
            if link.chosen is None:
                u.suggestions += [d.name for d in link.closest if d.name not in u.suggestions]
                continue
            start = u.text.find(word)
            entities = self.vocabulary.named(link.chosen.name, u.doc.doc_id) or [published[(link.chosen.scheme, link.chosen.code)]]
            linked.append(Mention(start, start + len(word), word, False, entities))
            u.mentions.append(linked[-1])
        u.mentions.sort(key=lambda m: m.start)
        return linked

    def _link_indicators(self, u: Understood) -> list[Mention]:
        """Words no name matched that one indicator's name holds, each of them (招投标、签订 of
        本年度项目招投标、合同签订完成时间), among the indicators of the project named (else of the
        document): that indicator."""
        words = leftover(u.text, self._covered(u), _tight(u))
        named = [e for m in u.mentions for e in m.entities] + [e for _s, _e, e in u.entities]  # or carried
        projects = {e.name for e in named if e.kind == "project"}
        found = [e for e in self.vocabulary.entities if e.kind == "indicator" and e.doc_id == u.doc.doc_id
                 and (not projects or e.key[1] in projects) and all(w in fold(e.name) for w in words)] if words else []
        found = [e for e in found if e in named] or found  # 开展 of the indicator a mention already found
        held = {e: sum(m.text in fold(e.name) for m in u.mentions) for e in found}  # 采购 of 每年完成采购及合同签订时间
        found = [e for e in found if held[e] == max(held.values())]
        if len({e.name for e in found}) != 1 or not projects and sum(map(len, words)) < 3 and not held[found[0]]:
            return []  # 编制数 of 年度定期编制…报告: two characters alone, with nothing else asked, name no indicator
        linked = [Mention(start, start + len(w), w, False, found) for w in words if (start := u.text.find(w)) >= 0]
        u.mentions.extend(linked)
        u.mentions.sort(key=lambda m: m.start)
        return linked

    def linker(self) -> SubjectLinker:
        if self._linker is None:
            from assistant.backends.embedders import make_embedder

            try:
                embedder = make_embedder(self.settings)
            except Exception as exc:  # an embedder that cannot load: BM25 alone, which only suggests
                log.warning("subject definitions matched by words alone: %s", exc)
                embedder = None
            self._linker = SubjectLinker(embedder)
        return self._linker

    def _read_ask(self, u: Understood, entities: list[Entity]) -> Ask:
        spans = self._covered(u)
        department = u.doc.department if u.doc else None
        return read_ask(u.question, u.words, u.intent, entities, leftover(u.text or u.folded, spans, _tight(u)),
                        department, u.doc.year if u.doc else None,
                        [e.name for _s, _e, e in u.excluded] + u.excluded_measures,
                        "财政拨款" if u.fund_words else None)

    def _checked(self, u: Understood, outcome: Outcome) -> Outcome:
        """The outcome, if it answers the question as read: every word covered by the reading (else
        ask back with the closest names), and of the type asked (a ratio for 几倍, a monthly figure for
        每月 …); otherwise a refusal that says what is missing."""
        ask = executed(u.ask, outcome.template)
        said = " ".join(map(str, outcome.fields.values()))
        found = set(fold(said)) if ask.executed_type in ("指标", "文字") or "text" in outcome.fields else set()
        named = [fold(e.name) for e in outcome.context.get("entities") or [] if isinstance(e, Entity)]
        unexplained = [w for w in ask.uncovered if not _mostly_in(w, found)  # a passage holding them explains them
                       and not any(in_order(w, name) == len(w) for name in named)]  # 厅窗口 of …大厅窗口工作…项目: its name
        if unexplained and ask.executed_type is not None:
            stated = self._stated(u) if ask.answer_type == "计数" else None  # 几辆公车: the text counting cars
            text = fold(str(stated.fields.get("text", ""))) if stated is not None else ""
            if stated is not None and any(len(w) >= 3 and not _mostly_in(w, set(text)) for w in unexplained):
                stated = None  # 劳务派遣的编外人员有多少人: not a sentence counting trainees (公车 of 车辆599台 is)
            if stated is None and ask.answer_type in _TEXT_TYPES:  # 网络运维是怎么驻场的: the goal saying so
                stated = passage_holding(self, u, unexplained)
                if stated is not None:
                    executed(u.ask, stated.template)
            return stated or self._ask_back(u, unexplained)
        missing = _operands_left_out(u, ask, outcome)
        if missing:
            return Outcome("refuse_operands", "refuse", {"missing": "、".join(f"“{m}”" for m in missing)})
        if ask.period and ask.executed_type == "指标" and not re.search(rules()["period_stated"], fold(said)):
            return _wrong_kind(ask)  # 一季度用款计划: an indicator that states no figure per period is no answer
        if not agrees(ask) or ask.answer_type in FIGURE_TYPES and ask.executed_type == "文字" and \
                not re.search(r"\d", said):  # a figure asked, a text without one
            stated = self._stated(u)  # 多少辆车, 什么时候: the text may state what the tables do not
            if stated is not None:
                executed(u.ask, stated.template)  # the plan records what answered
                return stated
            return _wrong_kind(ask)
        return outcome

    def _checked_across(self, u: Understood, outcome: Outcome) -> Outcome:
        """Figures set side by side across documents answer only a question of their period (两家人均三公经费:
        no document publishes one per head) and, for a ratio, share, count or time, of that kind."""
        ask = executed(u.ask, outcome.template)
        if ask.period or ask.answer_type in ("倍数", "比例", "计数", "时间") and not agrees(ask):  # a computed kind
            return _wrong_kind(ask)
        return outcome

    def _stated(self, u: Understood) -> Outcome | None:
        from assistant.engines.text_answers import stated_answer

        outcome = stated_answer(self, u)
        if outcome is None or outcome.route in ("refuse", "clarify"):
            return None
        if u.ask.period and not re.search(rules()["periods"], fold(str(outcome.fields.get("text", "")))):
            return None  # 人均多少: only a sentence stating a figure per head answers it
        return outcome if agrees(executed(replace(u.ask), outcome.template)) else None

    def _ask_back(self, u: Understood, uncovered: list[str]) -> Outcome:
        """没有找到“…”。您是否想问：…？ — or, with nothing near, what is missing."""
        words = "、".join(f"“{w}”" for w in uncovered)
        closest = u.suggestions + self.vocabulary.closest(uncovered, u.doc.doc_id if u.doc else None)
        if closest:
            return Outcome("clarify_uncovered", "clarify", {"words": words, "closest": "、".join(dict.fromkeys(closest[:4]))})
        return Outcome("refuse_uncovered", "refuse", {"words": words})


_COMBINED = ("sum", "difference", "ratio", "share")
_TEXT_TYPES = ("文字", "有无", "清单")
_SCOPING = re.compile(r"(的)?(里|中|当中|之中|里面|下|内|部分)")


def _mostly_in(word: str, characters: set[str]) -> bool:
    """At least half of a word's characters are among ``characters`` (a passage's)."""
    return len(set(word) & characters) * 2 >= len(set(word))


def _operands_left_out(u: Understood, ask: Ask, outcome: Outcome) -> list[str]:
    """The measures a computation over several figures was asked of (项目支出是基本支出的几倍) that none
    of its figures is of: the computation answers another question."""
    if ask.executed not in _COMBINED:
        return []
    labels = [f.label for f in outcome.figures if f.formula is None]
    starts = {m.start for m in u.mentions}
    scoping = {m for p, m in u.measures if _SCOPING.match(u.text, p + len(m))  # 项目支出当中，…合计: where, not what
               or u.text.startswith("的", p + len(m)) and p + len(m) + 1 in starts}  # 基本支出的工资福利支出
    return list(dict.fromkeys(m for _p, m in u.measures if m not in scoping and not any(m in label for label in labels)))


def _wrong_kind(ask: Ask) -> Outcome:
    """Not the figure asked: one per period or head (每月, 人均), or of another type (几倍 answered by an amount)."""
    if ask.period:
        return Outcome("refuse_period", "refuse", {"period": ask.period})
    if ask.executed in rules()["not_answered_by"].get(ask.operation, []):
        return Outcome(f"refuse_operation_{ask.operation}", "refuse")
    return Outcome("refuse_type", "refuse", {"asked": ask.answer_type, "found": ask.executed_type})


def _tight(u: Understood) -> list[tuple[int, int]]:
    """Names that take no neighbouring word: the 政府采购 categories (货物, 工程, 服务)."""
    return [(m.start, m.end) for m in u.mentions if m.length <= 2 and all(e.kind == "procurement" for e in m.entities)]


def _definitions_named(u: Understood) -> list[tuple[int, str]]:
    """Where the question names a measure or a subject, with its official definition."""
    measures = rules()["measure_definitions"]
    named = [(position, measures[measure]) for position, measure in u.measures if measure in measures]
    by_code, by_name = _definition_texts()
    for mention in u.mentions:
        texts = [by_code.get(e.key) if e.kind == "subject" else by_name.get(fold(e.name)) for e in mention.entities]
        named += [(mention.start, text) for text in dict.fromkeys(texts) if text]
    return named


@lru_cache(maxsize=1)
def _definition_texts() -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """The subjects' definitions by (scheme, code) and by folded name."""
    return {(d.scheme, d.code): d.text for d in definitions()}, {fold(d.name): d.text for d in definitions()}


def _described(text: str, spans: list[tuple[int, int]], named: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Words left before a name (up to a 的) that share a word with its official definition describe
    it: '保运转的基本支出', '日常办公用的公用经费'."""
    covered = []
    for word in leftover(text, spans):
        start = text.find(word)
        end = start + len(word)
        after = [definition for position, definition in named if end <= position <= end + 2]
        if start >= 0 and any(word[i:i + 2] in definition for definition in after for i in range(len(word) - 1)):
            covered.append((start, end))
    return covered
