"""A question as understood: its words folded, the document it is about, the names and measures
found in it, what it carries over from the conversation, and its typed reading (:class:`Ask`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant import catalog
from assistant.types import Outcome
from assistant.understand.intent import Intent
from assistant.understand.plan import Ask
from assistant.understand.vocabulary import Entity, Mention


@dataclass
class Understood:
    question: str
    folded: str
    words: str  # folded, stored departments' names blanked: the operation and answer type are read here
    intent: Intent
    doc: catalog.DocumentInfo | None = None
    mentions: list[Mention] = field(default_factory=list)
    entities: list[tuple[int, int, Entity]] = field(default_factory=list)  # carried from the previous answer
    table_refs: list[tuple[int, int, Entity]] = field(default_factory=list)  # tables named by number: 表12
    measures: list[tuple[int, str]] = field(default_factory=list)
    scope: list[str] = field(default_factory=list)
    refusal: Outcome | None = None
    previous: dict[str, Any] | None = None
    text: str = ""  # the folded question with stored departments and years blanked
    across: list[catalog.DocumentInfo] = field(default_factory=list)  # documents compared or ranked
    carried: list[str] = field(default_factory=list)  # names a follow-up across documents takes from the answer before
    unpublished_year: int | None = None  # an earlier year asked of that no table of the document gives
    named: list[tuple[int, int]] = field(default_factory=list)  # where the question names a stored department
    ask: Ask | None = None  # the typed reading, once the names are chosen
    suggestions: list[str] = field(default_factory=list)  # subjects nearest to words nothing matched
    passage: int | None = None  # the paragraph the answer before quoted ('…有几个？涉及多少资金？')
    excluded: list[tuple[int, int, Entity]] = field(default_factory=list)  # what '不算…' takes out of the ask
    excluded_measures: list[str] = field(default_factory=list)  # 基本支出不含人员经费: 人员经费
    fund_words: list[tuple[int, int, Entity]] = field(default_factory=list)  # 财政拨款(里安排的…): the money read
    staged: set[str] = field(default_factory=set)  # tables publishing the stages asked (2025年 beside 2026年)
