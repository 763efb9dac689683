"""The words a question can use, built from the ingested documents themselves plus a synonym file.

Every published name becomes an :class:`Entity` (a subject, a 收支总表 item, a
project, an indicator, a “三公” item, a procurement category, a table, a column
of a table). :meth:`Vocabulary.mentions` finds them in a question: exact
occurrences of a name (or of a synonym) first, then names that share a long
enough stretch with the question (``办公设备`` → ``办公设备购置``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from typing import Any

import duckdb
import yaml

from assistant.db import queries
from assistant.understand.intent import MEASURES
from assistant.understand.stated import stated_figures
from ingest.columns import measure_name
from ingest.normalize import strip_enumerator, tidy


def fold(text: str) -> str:
    """The form both questions and names are matched in: simplified, NFKC, no spaces, lower case."""
    import zhconv

    text = zhconv.convert(text, "zh-hans")
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text).lower()


@dataclass(frozen=True)
class Entity:
    kind: str  # subject | summary | project | indicator | three_public | procurement | table | column
    doc_id: str
    name: str  # as published
    key: tuple[Any, ...]  # what identifies it in its table, e.g. ('dept_econ', '31002')

    @property
    def scheme(self) -> str | None:
        return self.key[0] if self.kind == "subject" else None

    @property
    def carried_over(self) -> str | None:
        """A 收支总表 item printed only under a carry-over (上年结转's (一)一般公共预算拨款): that carry-over."""
        return self.key[2] if self.kind == "summary" and len(self.key) == 3 else None

    @property
    def is_unit_name(self) -> bool:
        return bool(re.search(queries.UNIT_NAME, self.name))

    @property
    def is_unit(self) -> bool:
        """A unit of the department: its row of a 收入表 by 单位 (广州市老人院)."""
        return self.kind == "row" and self.is_unit_name

    @property
    def code(self) -> str | None:
        return self.key[1] if self.kind == "subject" else None


@dataclass
class Mention:
    start: int
    end: int
    text: str
    exact: bool
    entities: list[Entity] = field(default_factory=list)

    @property
    def length(self) -> int:
        return self.end - self.start


# Stretches too common to identify anything on their own.
_GENERIC = {"支出", "经费", "费用", "项目", "服务", "管理", "其他", "预算", "资金", "收入", "政务服务", "服务中心",
            "北京市", "政务服务中心", "指标", "年度", "工作", "系统", "合计", "一般公共", "单位",
            "基本支出", "项目支出", "人员经费", "公用经费", "绩效目标", "项目支出绩效"}
_THIS_YEAR = re.compile(r"^(本年度?|当年|今年|20\d\d年度?)")
_YEAR_ONLY = re.compile(r"[\d\s年度月日.\-—～~至]+")  # a year or date in a name is no name of it
_PART_COLUMN = re.compile(r"^其中[：:](20\d\d年度?)?")
_STANDARD_MEASURES = ("合计", "基本支出", "项目支出", "人员经费", "公用经费", "上缴上级支出", "事业单位经营支出",
                      "对附属单位补助支出")
_PARTIAL_KINDS = ("subject", "project", "indicator", "summary", "three_public", "table", "row")
_PROCUREMENT_CATEGORIES = ("货物", "工程", "服务")


@lru_cache(maxsize=1)
def _synonym_file() -> dict[str, Any]:
    text = resources.files("assistant.understand").joinpath("synonyms.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


@lru_cache(maxsize=1)
def synonyms() -> dict[str, list[str]]:
    return {fold(key): [fold(v) for v in values] for key, values in (_synonym_file().get("synonyms") or {}).items()}


@lru_cache(maxsize=1)
def rewrites() -> list[tuple[str, str]]:
    """Longest first, so 社保就业 is rewritten before 社保."""
    pairs = [(fold(key), fold(value)) for key, value in (_synonym_file().get("rewrites") or {}).items()]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def rewrite(folded: str) -> str:
    for short, full in rewrites():
        if short in folded and full not in folded:
            folded = folded.replace(short, full)
    return folded


def name_forms(name: str) -> set[str]:
    """A published name and the shorter forms people use for it."""
    folded = fold(name)
    forms = {folded}
    bare = re.sub(r"\([^)]*\)", "", folded)  # 维修(护)费 → 维修费, 因公出国(境)费用 → 因公出国费用
    if len(bare) >= 2:
        forms.add(bare)
    forms.add(folded.replace("(", "").replace(")", ""))  # 维修护费
    for alias in re.findall(r"\(([^()]{4,})\)", folded):  # …保障中心(广州市燃气事务中心): a unit's other name
        if re.search(queries.UNIT_NAME, alias):
            forms.add(alias)
    for form in list(forms):  # 深圳市茅洲河流域管理中心 → 茅洲河流域管理中心: a unit named without its city
        local = re.sub(r"^[\u4e00-\u9fff]{2,3}?市(?!场)", "", form)
        if local != form and len(local) >= 5 and re.search(queries.UNIT_NAME, local):
            forms.add(local)
    forms.add(folded.replace("“", "").replace("”", "").replace('"', ""))  # “三公”经费 → 三公经费
    forms |= {form[2:] for form in forms if form.startswith("因公") and len(form) >= 6}  # 出国(境)费
    for form in list(forms):  # 因公出国(境)费 and 因公出国(境)费用 are one name
        forms.add(form + "用" if form.endswith("费") else form[:-1] if form.endswith("费用") else form)
    for form in list(forms):  # 上年结余、结转: also said 上年结转结余 (or 结余结转)
        for pair in re.finditer(r"([\u4e00-\u9fff]{2})、([\u4e00-\u9fff]{2})$", form):
            head = form[: pair.start()]
            forms |= {head + pair.group(1) + pair.group(2), head + pair.group(2) + pair.group(1)}
    for form in list(forms):  # 对企业补助: also said 给企业的补助, 对企业的补助 (the one it is paid to, then the kind)
        paid = re.fullmatch(r"对([\u4e00-\u9fff]{2,8}?)(的)?(补助|补贴|资助)", form)
        if paid:
            forms |= {f"{to}{paid.group(1)}{of}{paid.group(3)}" for to in ("对", "给") for of in ("", "的")}
    for suffix in ("支出", "项目", "费用") + (("费",) if len(folded) >= 5 else ()):  # 公务用车购置(费)
        if folded.endswith(suffix) and len(folded) - len(suffix) >= 3:
            forms.add(folded[: -len(suffix)])
    return {form for form in forms if len(form) >= 2}


def area_forms(name: str) -> set[str]:
    """How people name a 功能分类 类, the area of spending: by its first word or the first characters of
    its words (科学技术支出 → 科技, 科技支出; 住房保障支出 → 住房; 社会保障和就业支出 → 社保, 社保和就业)."""
    body = fold(name).removesuffix("支出")
    conjuncts = [part for part in re.split(r"和|与|及|、", body) if part]
    if not conjuncts or any(len(part) % 2 for part in conjuncts) or body.endswith("等") or body.startswith("其他"):
        return set()  # 其他支出 is what the other classes leave: no area of its own
    shorts = ["".join(part[i] for i in range(0, len(part), 2)) if len(part) >= 4 else part for part in conjuncts]
    forms = {shorts[0], "和".join(shorts)} | ({body[:2]} if len(body) == 4 else set())  # 住房保障 → 住房
    return {form + ending for form in forms if len(form) >= 2 for ending in ("", "支出", "方面", "领域")}


def _forms_of(entity: Entity) -> set[str]:
    """An entity's names. An item printed only under 上年结转 (its (一)一般公共预算拨款) is that
    carry-over's part: named with it (上年结转的一般公共预算拨款), never by its bare name."""
    forms = name_forms(entity.name)
    if entity.carried_over:
        parent = fold(entity.carried_over)
        return {parent + joint + form for form in forms for joint in ("", "的", "中的", "中")}
    if entity.kind == "subject" and entity.key[0] == "func" and len(entity.key[1]) == 3:
        forms |= area_forms(entity.name)
    if entity.kind == "stated":  # '本年财政拨款收入 436,749.89 万元' is the 财政拨款收入 asked
        forms |= {bare for form in forms if len(bare := _THIS_YEAR.sub("", form)) >= 4}
    if entity.kind == "three_public":  # 因公出国（境）支出 of a “三公” table is the 因公出国（境）费
        forms |= {form[:-2] + ending for form in forms if form.endswith("支出") for ending in ("费", "费用")}
        forms |= {form.replace("运行费", "运行维护费") for form in forms if "运行费" in form}  # 公务用车运行费: the 运维费
    return forms


# What a department's own unit is called beside its 下属单位 (局本级, 机关本级).
_OWN_UNIT = ("本级", "机关本级", "局本级", "部门本级", "单位本级")

_MONEY_WORD = re.compile(r"经费|费用|费|支出|资金|预算")


def _carried_named(entity: Entity, question: str) -> bool:
    """A carry-over's part is not matched loosely unless the question names the carry-over."""
    return not entity.carried_over or fold(entity.carried_over) in question


class Vocabulary:
    def __init__(self, entities: list[Entity], printed: list[tuple[str, Entity]] = ()) -> None:
        """``printed``: other names an entity is printed under (a 收入总计 printed as 合计 or 总计)."""
        entities = [entity for entity in entities if entity.name]  # a code published without a name
        self.entities = entities
        self._folded = {entity: _PART_COLUMN.sub("", fold(entity.name)) if entity.kind == "column" else fold(entity.name)
                        for entity in entities}  # 其中：2026年政府采购项目中… is matched by its words
        self._forms: dict[str, list[Entity]] = {}
        for entity in entities:
            for form in _forms_of(entity):
                self._forms.setdefault(form, []).append(entity)
            if entity.kind == "subject" and len(entity.code or "") >= 5:
                self._forms.setdefault(entity.code, []).append(entity)  # code-only questions: 30113是多少
        for name, entity in printed:
            self._forms.setdefault(fold(name), []).append(entity)
        by_name: dict[str, list[Entity]] = {}
        for entity in entities:
            by_name.setdefault(fold(entity.name), []).append(entity)
        tables = [e for e in entities if e.kind == "table"]
        named = {form: list(found) for form, found in self._forms.items()}  # names and their short forms
        for alias, targets in synonyms().items():
            hits = list(dict.fromkeys(e for target in targets for e in by_name.get(target, []) + named.get(target, [])))
            if not hits:  # 购买服务 → 政府购买服务 → the table whose title says so
                hits = [e for target in targets for e in tables if target in fold(e.name)]
            own = {e.doc_id for e in self._forms.get(alias, [])}  # a document printing the word itself keeps it
            if hits := [e for e in hits if e.doc_id not in own]:  # 收入预算: 上海's column, the others' 收入总计
                self._forms.setdefault(alias, []).extend(hits)
        self._wholes = [(re.compile(pattern), found) for name, pattern in (_synonym_file().get("wholes") or {}).items()
                        if (found := named.get(fold(name)) or by_name.get(fold(name)))]

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> "Vocabulary":
        entities: list[Entity] = []
        for doc_id, scheme, code, name in queries.VOCAB_SUBJECTS.run(con).rows:
            entities.append(Entity("subject", doc_id, name, (scheme, code)))
        for doc_id, table_code, side, item, carried in queries.VOCAB_SUMMARY.run(con).rows:
            entities.append(Entity("summary", doc_id, item, (table_code, side) + ((carried,) if carried else ())))
        printed = [(tidy(strip_enumerator(raw)), Entity("summary", doc_id, item, (table_code, side)))  # as extracted
                   for doc_id, table_code, side, item, raw in queries.VOCAB_SUMMARY_PRINTED.run(con).rows]
        for doc_id, row_id, name, code in queries.VOCAB_PROJECTS.run(con).rows:
            entities.append(Entity("project", doc_id, name, (row_id, code)))
        for doc_id, row_id, name, project in queries.VOCAB_INDICATORS.run(con).rows:
            entities.append(Entity("indicator", doc_id, name, (row_id, project)))
        for doc_id, table_code, item in queries.VOCAB_THREE_PUBLIC.run(con).rows:
            entities.append(Entity("three_public", doc_id, "“三公”经费" if item == "合计" else item, (table_code, item)))
        procurement_tables: dict[str, str] = {}
        for doc_id, table_code, category in queries.VOCAB_PROCUREMENT.run(con).rows:
            procurement_tables[doc_id] = table_code
            entities.append(Entity("procurement", doc_id, category, (table_code,)))
            code_free = re.sub(r"^[A-Z]-", "", category)
            if code_free != category:
                entities.append(Entity("procurement", doc_id, code_free, (table_code, category)))
        for doc_id, table_code in procurement_tables.items():  # the standard categories, present or not
            for category in _PROCUREMENT_CATEGORIES:
                if not any(e.kind == "procurement" and e.doc_id == doc_id and e.name == category for e in entities):
                    entities.append(Entity("procurement", doc_id, category, (table_code, category)))
        departments = {row[0]: fold(row[2] or "") for row in queries.DOCUMENTS.run(con).rows}
        for doc_id, table_code, row_id, label in queries.VOCAB_ROWS.run(con, {"unit_name": queries.UNIT_NAME}).rows:
            entities.append(Entity("row", doc_id, label, (table_code, row_id)))
            if fold(label) == departments.get(doc_id) or "本级" in label:  # the department's own unit
                printed += [(form, entities[-1]) for form in _OWN_UNIT]
        for doc_id, table_code, title, kind, _empty, paths, _unit, _decimals in queries.VOCAB_TABLES.run(con).rows:
            entities.append(Entity("table", doc_id, title, (table_code, kind)))
            if title.endswith("表") and len(title) > 4:
                entities.append(Entity("table", doc_id, title[:-1], (table_code, kind)))
            if kind in ("income", "generic", "purchase_service"):
                for label in {label for path in paths for label in path.split("/") if label}:
                    entities.append(Entity("column", doc_id, label, (table_code,)))
                    if label.endswith("预算") and len(label) >= 7:  # 政府性基金预算 → 政府性基金
                        printed.append((label[:-2], entities[-1]))
            elif kind == "lines":  # a spending table's own 其中 columns (其中：政府采购项目中预留给中小企业的…)
                for label in {label for path in paths for label in path.split("/") if _PART_COLUMN.match(label)}:
                    if measure_name(label) not in _STANDARD_MEASURES:
                        entities.append(Entity("column", doc_id, label, (table_code,)))
        fiscal = {(e.doc_id, e.key[0]): e for e in entities if e.kind == "table" and e.key[1] == "summary" and "财政拨款" in e.name}
        printed += [(form, named) for e in entities if e.kind == "summary" and e.name == "本年收入合计"
                    and (e.doc_id, e.key[0]) in fiscal for form in _FISCAL_INCOME
                    for named in (e, fiscal[e.doc_id, e.key[0]])]  # 本年财政拨款: that table's 本年收入, read in it
        stated = _stated(con, entities, departments)
        printed += [(_STATED_TOTALS[e.name], e) for e in stated if e.name in _STATED_TOTALS]  # 收入预算 of a text alone
        printed += [(bare, e) for e in stated if (bare := bare_name(e.name)) != e.name]
        return cls(entities + stated, printed)

    def mentions(self, question: str, doc_id: str | None = None) -> list[Mention]:
        """Non-overlapping mentions, longest and exact first; one span may name several entities.
        With ``doc_id``, only that document's names count (another document's exact name must not
        hide this one's partial match)."""
        found: list[Mention] = []
        for form, entities in self._forms.items():
            entities = [e for e in entities if doc_id is None or e.doc_id == doc_id]
            start = question.find(form) if entities else -1
            while start >= 0:
                found.append(Mention(start, start + len(form), form, True, list(entities)))
                start = question.find(form, start + 1)
        exact = list(found)
        found += [m for m in self._partial(question, doc_id) if not _year_longer(m, exact, question)]
        found.sort(key=lambda m: (-m.length, not m.exact, m.start))
        taken: list[Mention] = []
        for mention in found:
            overlapping = [t for t in taken if mention.start < t.end and t.start < mention.end]
            same = [t for t in overlapping if (t.start, t.end) == (mention.start, mention.end)]
            if same:
                kinds = {e.kind for e in same[0].entities}
                if same[0].exact and not mention.exact and {e.kind for e in mention.entities} <= kinds:
                    continue  # 收支总表 named exactly is not also 财政拨款收支总表 (but 政府性基金 may be a table too)
                same[0].entities += [e for e in mention.entities if e not in same[0].entities]
            elif not overlapping or mention.exact and all(_loose_table(t, mention) for t in overlapping):
                taken.append(mention)  # 机关运行经费 stays itself inside a loose match of the 机关运行经费预算表
        taken = [m for m in taken if not (m.text in MEASURES and all(e.kind == "table" for e in m.entities))]
        taken += self._nicknames(question, doc_id, taken)  # 基本支出 above names the measure, not its 总表
        if all(e.kind == "table" for t in taken for e in t.entities) and not any(m in question for m in MEASURES):
            taken += self._whole(question, doc_id, taken)  # 人员经费今年预算多少 names its measure
        return _with_examples(question, sorted(taken, key=lambda m: m.start))

    def _nicknames(self, question: str, doc_id: str | None, taken: list[Mention]) -> list[Mention]:
        """'编外人员那个项目': words set before 那个项目 (or 这个项目) that spell one project's name in order."""
        found = []
        for match in _NICKNAME.finditer(question):
            start, end = match.span(1)
            word = match.group(1)
            if any(start < t.end and t.start < end for t in taken):
                continue
            projects = [e for e in self.entities if e.kind == "project" and (doc_id is None or e.doc_id == doc_id)
                        and in_order(word, self._folded[e]) == len(word)]
            if len({e.name for e in projects}) == 1:
                found.append(Mention(start, end, word, False, projects))
        return found

    def _whole(self, question: str, doc_id: str | None, taken: list[Mention]) -> list[Mention]:
        """The whole budget asked with no item named (全年一共能花多少钱 → 支出总计): the total it means."""
        found = []
        for pattern, entities in self._wholes:
            entities = [e for e in entities if doc_id is None or e.doc_id == doc_id]
            for match in pattern.finditer(question) if entities else ():
                if not any(match.start() < t.end and t.start < match.end() for t in taken + found):
                    found.append(Mention(match.start(), match.end(), match.group(0), False, list(entities)))
        return found

    def named(self, name: str, doc_id: str) -> list[Entity]:
        """The document's entities a published name (or one of its short forms) names."""
        return [e for form in name_forms(name) for e in self._forms.get(form, []) if e.doc_id == doc_id]

    def closest(self, words: list[str], doc_id: str | None = None, n: int = 3) -> list[str]:
        """The published names nearest to words the question used and nothing matched, by the share of
        the word's characters they hold in order; none that holds fewer than half."""
        scored: dict[str, float] = {}
        for entity in self.entities:
            if entity.kind not in _PARTIAL_KINDS or entity.kind == "table" or doc_id is not None and entity.doc_id != doc_id:
                continue
            name = self._folded[entity]
            for word in words:
                held = SequenceMatcher(None, word, name, autojunk=False).get_matching_blocks()
                share = sum(block.size for block in held) / len(word)
                if share >= 0.5:
                    scored[entity.name] = max(scored.get(entity.name, 0), share - len(name) / 1000)
        return sorted(scored, key=lambda name: -scored[name])[:n]

    def _partial(self, question: str, doc_id: str | None = None) -> list[Mention]:
        """Names sharing a long stretch with the question: '编外聘用人员数量' → '年度编外聘用人员数量'."""
        out: list[Mention] = []
        characters = set(question)
        for entity in self.entities:
            if entity.kind not in _PARTIAL_KINDS and not (entity.kind == "column" and len(entity.name) >= 10) \
                    or doc_id is not None and entity.doc_id != doc_id:
                continue  # a column by part of its name only when the name is a long description
            name = self._folded[entity]
            if len(name) < 4 or len(characters.intersection(name)) < 3 or not _carried_named(entity, question):
                continue
            match = SequenceMatcher(None, question, name, autojunk=False).find_longest_match()
            stretch = question[match.a: match.a + match.size]
            generic = any(stretch in g for g in _GENERIC) or bool(_YEAR_ONLY.fullmatch(stretch))  # 本支出, 2025年
            money = entity.kind == "indicator" and _MONEY_WORD.match(question, match.a + match.size)  # 机关运行|经费
            mid_word = match.size < 5 and match.b not in _word_starts(name)  # 共预算 of 一共预算: no stretch of 一般公共预算
            if match.size >= 3 and not generic and not money and not mid_word and \
                    (match.size / len(name) >= 0.5 or match.size >= 5):
                out.append(Mention(match.a, match.a + match.size, stretch, False, [entity]))
                continue
            abbreviation = _abbreviation(question, name, 0.4, anchored=False) if entity.kind == "project" else \
                _abbreviation(question, name, 0.6)
            if abbreviation is not None:
                start, end = abbreviation
                out.append(Mention(start, end, question[start:end], False, [entity]))
        return out


# The fund a text names an item under ('财政拨款“三公”经费'): the item is named without it too.
_FUND_WORDS = re.compile(r"^(财政拨款|一般公共预算(财政)?(拨款)?|本部门|部门)(安排的?)?")


def bare_name(name: str) -> str:
    """A name the text states with its fund in front (财政拨款“三公”经费), without it: how another
    document's table names the same thing."""
    bare = _FUND_WORDS.sub("", name)
    return bare if len(bare) >= 3 else name
# What the year's 财政拨款 is called: the 本年收入合计 of the 财政拨款收支总表.
_FISCAL_INCOME = ("本年财政拨款", "本年财政拨款收入", "财政拨款收入", "当年财政拨款", "本年财政拨款合计")
# What the text says of a topic a table of the document holds is that table's to answer (服务类采购 of a 政府采购表).
_TABLE_TOPICS = {"procurement": ("采购",), "three_public": ("三公", "出国", "接待", "公务用车")}
# A text's own words for the department's totals ('2026 年度收入预算 4483899.83 万元').
_STATED_TOTALS = {"收入预算": "收入总计", "支出预算": "支出总计", "收入预算总额": "收入总计", "支出预算总额": "支出总计"}


def _stated(con: duckdb.DuckDBPyConnection, entities: list[Entity], departments: dict[str, str]) -> list[Entity]:
    """Amounts the text states of items no table of the document names (a 情况说明 published alone,
    机关运行经费 given only in the text): entities of kind 'stated', keyed by (row, amount, unit)."""
    passages: dict[str, list[tuple[int, str]]] = {}
    for doc_id, row_id, text in queries.VOCAB_NARRATIVE.run(con).rows:
        passages.setdefault(doc_id, []).append((row_id, text))
    tabled: dict[str, set[str]] = {}  # the names a document's tables give, and the topics they hold
    topics: dict[str, set[str]] = {}
    for entity in entities:
        topics.setdefault(entity.doc_id, set()).update(_TABLE_TOPICS.get(entity.kind, ()))
        if not (entity.kind == "table" and entity.key[1] == "narrative" or _PART_COLUMN.match(entity.name)):  # 其中 columns
            # name a part ('其中：…政府采购项目中预留给中小企业的…'), not the whole the text states (政府采购项目)
            tabled.setdefault(entity.doc_id, set()).update(f for f in name_forms(entity.name) if len(f) >= 4)
    found = []
    for doc_id, texts in passages.items():
        names = tabled.get(doc_id, set()) | ({fold(m) for m in MEASURES} if doc_id in tabled else set())
        for figure in stated_figures(texts, departments.get(doc_id, "")):
            forms = name_forms(_STATED_TOTALS.get(figure.item, figure.item))  # 支出预算: the tables' 支出总计
            if not any(n in form or form in n for n in names for form in forms) \
                    and not any(topic in figure.item for topic in topics.get(doc_id, ())):  # a table gives it: the table answers
                found.append(Entity("stated", doc_id, figure.item, (figure.row_id, str(figure.amount), figure.unit)))
    return found


_NICKNAME = re.compile(r"([\u4e00-\u9fff]{2,8}?)(?:的)?(?:那个|这个|那一个|这一个)项目")


def in_order(text: str, name: str) -> int:
    """How many of ``text``'s characters ``name`` holds in order (一般公共预算基本支出 → the 基本支出 table)."""
    at, found = 0, 0
    for ch in text:
        index = name.find(ch, at)
        if index >= 0:
            at, found = index + 1, found + 1
    return found


_EXAMPLES = re.compile(r"[\u4e00-\u9fff、和及]{2,40}?(?:等|之类的?|这些|这类|这种|这样的)+")


def _with_examples(question: str, mentions: list[Mention]) -> list[Mention]:
    """'买设备、买软件这些资本性支出': things listed as examples of a name that follows are that name,
    one mention of it over the whole phrase."""
    for match in _EXAMPLES.finditer(question):
        named = next((m for m in mentions if m.start == match.end()), None)
        if named is None or not re.search(r"[、和及]", match.group(0)):
            continue
        whole = Mention(match.start(), named.end, question[match.start():named.end], named.exact, named.entities)
        mentions = [m for m in mentions if not match.start() <= m.start < named.end] + [whole]
    return sorted(mentions, key=lambda m: m.start)


_LISTED = re.compile(r"[、，,和及与跟]")


def _loose_table(mention: Mention, inner: Mention) -> bool:
    """A partial match of a table's name that adds only a stage word to an exact name of an item of
    that very table ('机关运行经费预算' of the 三公经费和机关运行经费预算表), or that runs across a list of
    names as the title lists its items ('经费、会议费' of the “三公”经费、会议费、培训费支出表): it scopes,
    and does not hide the item."""
    rest = mention.text[:max(inner.start - mention.start, 0)] + mention.text[inner.end - mention.start:]
    tables = {e.key[0] for e in mention.entities}
    return not mention.exact and all(e.kind == "table" for e in mention.entities) and \
        (rest in ("", "预算", "决算", "预算数", "决算数") or bool(_LISTED.search(mention.text))) and \
        any(e.kind in ("three_public", "procurement", "column", "row") and e.key[0] in tables for e in inner.entities)


def _year_longer(mention: Mention, exact: list[Mention], question: str) -> bool:
    """A loose match longer than an exact name inside it only by a number ('广州市城市管理监控指挥中心2026'
    of a project '…中心2026-2027年信息化运维项目'): the number is the question's year, the name the exact one."""
    return any(mention.start <= e.start and e.end <= mention.end and e.length < mention.length
               and re.fullmatch(r"[\d\s年度.-]*", question[mention.start:e.start] + question[e.end:mention.end])
               for e in exact)


def _abbreviation(question: str, name: str, coverage: float, anchored: bool = True) -> tuple[int, int] | None:
    """A stretch of the question spelling the name with characters left out, in order:
    '社保就业支出' for 社会保障和就业支出, '信息网络购置更新' for 信息网络及软件购置更新 (and, for
    long project names, from anywhere in the name: '平台运维项目')."""
    best: tuple[int, int] | None = None
    starts = [i for i, ch in enumerate(question) if (ch == name[0] if anchored else ch in name)]
    for start in starts:
        at = name.find(question[start]) + 1
        end = start + 1
        while end < len(question):
            found = name.find(question[end], at)
            if found < 0:
                break
            at, end = found + 1, end + 1
        length = end - start
        minimum = 4 if anchored else 5
        if length >= minimum and length / len(name) >= coverage and (best is None or length > best[1] - best[0]) \
                and _keeps_word_starts(question[start:end], name) and not _drops_measure(question[start:end], name):
            best = (start, end)
    return best


def _drops_measure(short: str, name: str) -> bool:
    """A short form never leaves out part of a measure the name holds: '部门预算支出' is no short form of the
    部门预算基本支出预算表 (基本支出 is one part of the spending, 支出 all of it)."""
    return any(measure in name and measure not in short and measure[-2:] in short for measure in MEASURES)


def _keeps_word_starts(short: str, name: str) -> bool:
    """A short form keeps of each word of the name its first characters or nothing (社会保障 → 社保), never a
    later character alone ('一共预算' is no short form of 一般公共预算: 共 without 公)."""
    at, starts, inside = 0, _word_starts(name), set()
    for ch in short:
        found = name.find(ch, at)
        if found < 0:
            return False
        if found not in starts and found - 1 not in inside:
            return False
        inside.add(found)
        at = found + 1
    return True


@lru_cache(maxsize=4096)
def _word_starts(name: str) -> frozenset[int]:
    import jieba

    starts, at = set(), 0
    for word in jieba.cut(name, HMM=False):
        step = 2 if len(word) >= 4 and len(word) % 2 == 0 else len(word)  # 社会保障 → 社会 保障
        starts |= set(range(at, at + len(word), step))
        at += len(word)
    return frozenset(starts)
