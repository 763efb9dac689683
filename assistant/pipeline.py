"""The answer pipeline: understand → route → query → compose → verify, as LangChain runnables.

``Engine.ask(question, history)`` returns an :class:`~assistant.types.Answer`.
No LLM is needed: understanding is rules over a vocabulary built from the
ingested data, queries are named SQL over DuckDB plus hybrid retrieval over
the passages. The LLM mode (later) is another runnable on the same tools, and
its answers go through the same grounding check.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any

from langchain_core.runnables import RunnableLambda

from assistant import catalog
from assistant.checks import ReadingChecks
from assistant.compose import citations, compose, render
from assistant.config import Settings
from assistant.db import queries
from assistant.engines.retrieval_engine import RetrievalEngine
from assistant.engines.sql_engine import Context, Outcome
from assistant.engines.targets import Resolver
from assistant.store import Store
from assistant.types import Answer
from assistant.understand.departments import (department_keys, department_pieces, named_departments, names_department,
                                              place_of)
from assistant.understand.intent import MEASURES, SUM_WORDS, read_intent
from assistant.understand.plan import interpretation, operand_names
from assistant.understand.reading import Understood
from assistant.understand.subjects import SubjectLinker
from assistant.understand.vocabulary import Entity, Mention, Vocabulary, fold, in_order, name_forms, rewrite
from assistant.verify import ungrounded

log = logging.getLogger("budget_qa.pipeline")

MAX_QUESTION = 300  # characters looked at; a longer text is cut, never an error
_FOLLOW_UP = re.compile(r"^(那|那么|那个|那这|它|这个|其中|该|此|这|再|还有|分别|各)|呢[?？,，]|呢$|它|这一项|这项|该项|上述|以上|这两|两者|二者")
_PLURAL = re.compile(r"这两|两者|二者|它们|他们|两项|两个|这几|这些|以上|上述|前面|相差|差多少|哪个多|哪个少|" + SUM_WORDS)
_PRONOUN = re.compile(r"它|其占|其比|这一项|这项|该项|这个数|这个金额|上述|这两|两者|二者|两个加")
# Relative years count from the latest year in the store (a finance bureau's "今年" is its newest budget).
_RELATIVE_YEARS = {"今年": 0, "去年": -1, "前年": -2, "明年": 1, "后年": 2, "上一年度": -1, "下一年度": 1}
_ORG = re.compile(r"([\u4e00-\u9fff]{2,14}?(?:局|委员会|办公室|中心|厅|研究院|研究所|馆|街道办事处|人民政府|区政府|市政府|"
                  r"公司|大学|医院|学校|协会))")
_EVERY_DEPARTMENT = re.compile(r"各部门|每个部门|哪个部门|所有部门|各单位|哪个单位|哪家单位|各个部门|每个单位|所有单位|各家|哪一家"
                               r"|这(些|几个?)(部门|单位)|[两三四五六七八九十几](家|个)(部门|单位)|[这哪][两三四五六七八九十几]?家"
                               r"|这[两三四五六七八九十几]份|每份|各份|所有文件")
_OVER_YEARS = re.compile(r"这(两|几|三|些)年|近(两|三|几)年|历年|逐年|每年|各年度?|哪一?年|两个?年度?的?(变化|对比|比较)")
_YEAR_WORDS = re.compile(r"(19|20)\d\d\s*年度?|今年|去年|前年|明年|本年度?|上年度?")
_QUOTED_FIGURE = re.compile(r"\d[\d,]*\.\d+\s*(?:万元|亿元|元|%)?|\d[\d,]*\s*(?:万元|亿元|元)(?!的)")
_SELF = re.compile(r"(这|该|本|此|那|我们?|咱们?|你们|贵)(个|家)?(局|委|办|厅|中心|单位|部门)$")
_SELF_REFERENCE = re.compile(r"(你们|我们|咱们|贵|本)(单位|部门|局|中心|委|办|厅)")  # 你们单位一年花多少钱: the department
_PLACE_PREFIX = re.compile(r"^(?:中共|中国共产党)?(?:[\u4e00-\u9fff]{0,6}?[省市区县])?(?:人民政府)?")
# Which kinds of table hold which kinds of thing a question names (doc_tables.table_kind).
_HOLDING = {"subject": {"lines"}, "summary": {"summary", "income"}, "three_public": {"three_public"},
            "procurement": {"procurement"}, "project": {"performance", "project_list", "lines"},
            "indicator": {"performance"}}
_CONNECTOR = re.compile(r"^[和与及、跟同比的在是]+")
_YEAR = re.compile(r"(20\d\d)\s*年")
_AS_OF = re.compile(r"(截至|截止到?)\s*20\d\d\s*年(底|末|\d{1,2}月(底|末)?)?|20\d\d\s*年底"
                    r"|20\d\d\s*[-—–~至到]\s*20\d\d\s*年")  # a project's period (2026-2027年): no document's year
_CARRIED = re.compile(r"结转|结余")
_KIND_ORDER = {"project": 0, "three_public": 1, "procurement": 2, "summary": 3, "subject": 4, "row": 5, "column": 6,
               "indicator": 7, "table": 8}


_PARTS = re.compile(r"(?<=[？?])\s*(?=\S)")  # after a question mark that is not the last character


_AGAINST_EARLIER = re.compile(r"(比|较|跟|和|与|同)(上年|去年|上一年|20\d\d年?)(相比|比|比较|对比)?.{0,8}"
                              r"(增|减|多|少|变|差|高|低|涨|降)|同比|增减变化"
                              r"|(跟|和|与|同)(上年|去年|上一年|20\d\d年?)(相比|比|比较|对比)(呢|如何|怎么样|怎样|[，,])")
_ASKING = re.compile(r"多少|几|哪|什么|吗|是否|有没有|如何|怎么|为什么|比例|占比|呢[？?]?$")
_BOTH = re.compile(r"^(增长|下降|增幅|降幅|减幅|增速|涨幅|变化|变动)(了|率|幅度|比例)?(百分之|多少|几|多大|是|有多)|^[（(]|^(保留|换算|折合|四舍五入|精确)|^(用|以|按)(?=亿|万|元|千)|^(各|分别|都)|哪个|两个|两者|二者|相比|比较|差|" + SUM_WORDS)


_ASKING_ONLY = re.compile(r"多少|几|钱|金额|数额|是|有|为|各|分别|大概|大约|呢|万元|元|[？?，,。；;\s]")
_CLAUSES = re.compile(r"(?<=[，,；;])|(?=(?<![合一])(?:并且|并|同时|另外|以及)(?=.{2}))")


def _asks(question: str) -> list[str]:
    """'总共多少钱？其中财政资金是多少？' → two asks, and so '办公费多少，印刷费又是多少' or 'A是多少并说明
    原因'; one ask when a later part only qualifies the first ('？保留两位小数', '，（看收入汇总表）')
    or needs both ('租赁费呢？哪个多？', '？两个加起来多少？'), or when a part asks nothing."""
    parts = [part for part in _PARTS.split(question) if part.strip()]
    if len(parts) >= 2 and not parts[0].rstrip("？? ").endswith("呢") and _separate(parts):
        return [clause for part in parts for clause in _asks(part)]
    clauses = [clause for clause in _CLAUSES.split(question) if clause.strip("，,；; ")]
    if len(clauses) >= 2 and _ASKING.search(clauses[0]) and _separate(clauses):
        return clauses
    return [question]


def _separate(parts: list[str]) -> bool:
    return not any(len(part.strip("？?，,；; ")) < 3 or _BOTH.search(part) or not _ASKING.search(part)
                   or not _ASKING_ONLY.sub("", part) for part in parts[1:])  # 最小的是哪个项目，多少钱


def _joined(question: str, answers: list[Answer]) -> Answer:
    """The parts' answers in order, each with its own sources; refused parts say so in place."""
    answered = [a for a in answers if a.route not in ("refuse", "clarify")]
    plan = {"asks": [ask for a in answers for ask in a.plan.get("asks", [])]}
    reading = "\n".join(a.interpretation for a in answers if a.interpretation)
    if not answered:
        return replace(answers[0], plan=plan, interpretation=reading)
    citations = list({(c.doc_id, c.row_id): c for a in answered for c in a.citations}.values())
    sql = "\n".join(a.sql for a in answered if a.sql) or None
    text = "\n".join(dict.fromkeys(a.answer for a in answers))  # two parts answered by one paragraph: once
    return Answer(question, text, answered[0].route, citations,
                  [f for a in answered for f in a.figures], sql, all(a.grounded for a in answers),
                  answered[-1].context, reading, plan)


def _refused_scope(previous: Answer) -> Outcome:
    return Outcome("refuse_other_doc", "refuse", {"what": previous.context["refused_scope"],
                                                  "docs": previous.context.get("docs", "")},
                   context=dict(previous.context))


def _unit_row(entity: Entity, mention: Mention) -> bool:
    """A mention naming, in full, a unit of the department: its row of a 收入表 by 单位."""
    return mention.exact and entity.is_unit


class Engine(ReadingChecks):
    """Answers questions over one store. Keeps a read-only connection open for warm latency."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self.store = store or Store(settings)
        from assistant.db.run import connect

        self.con = connect(self.store.snapshot(), read_only=True)
        self.vocabulary = Vocabulary.load(self.con)
        self.docs = catalog.documents(self.con)
        self.year_columns: dict[str, list[str]] = {}  # 2024年预算数 beside 2025年预算数 in a 2025 budget's table
        for doc_id, stage in queries.COLUMN_YEARS.run(self.con).rows:
            self.year_columns.setdefault(doc_id, []).append(stage)
        # Per store, not per question: how each department may be named, and what to blank out.
        self.department_keys = {d.doc_id: department_keys(d.department) for d in self.docs}
        self._all_keys = {key for keys in self.department_keys.values() for key in keys}
        self._blanks = sorted({piece for d in self.docs for piece in department_pieces(d.department)} | self._all_keys,
                              key=len, reverse=True)
        self._places = re.compile("|".join(f"{re.escape(p)}(市|省|区|县)?" for p in
                                           sorted({place_of(d.department) for d in self.docs} - {None}, key=len, reverse=True))
                                  or "(?!)")
        self._retrieval: RetrievalEngine | None = None
        self._linker: SubjectLinker | None = None
        self.chain = (RunnableLambda(self._understand) | RunnableLambda(self._answer)).with_config(
            run_name="budget_qa_answer")

    def close(self) -> None:
        self.con.close()

    def ask(self, question: str, history: list[Answer] | None = None, docs: list[str] | None = None) -> Answer:
        """One answer; a question asking several things in turn ('总共多少钱？其中财政资金是多少？') is
        answered part by part, each later part read as a follow-up of the ones before. ``docs``: the
        documents a front end has selected (ids); a question naming no document is read in them."""
        history = list(history or [])
        pool = [d for d in self.docs if d.doc_id in docs] if docs else []
        question = question[:MAX_QUESTION]  # a longer text is cut, never an error (nor minutes of matching)
        parts = _asks(question)
        if len(parts) < 2:
            return self.chain.invoke({"question": question, "history": history, "pool": pool})
        answers = []
        for n, part in enumerate(parts):
            answers.append(self.chain.invoke({"question": part, "history": history + answers, "continued": n > 0,
                                              "pool": pool}))
        return _joined(question, answers)

    # ------------------------------------------------------------ understand

    def _understand(self, given: dict[str, Any]) -> Understood:
        question = (given["question"] or "").strip()
        folded = _QUOTED_FIGURE.sub("", rewrite(fold(question[:MAX_QUESTION])))  # 在总支出9715.69万元中: the words, not the figure
        folded = re.sub(r"(基本支出|项目支出|人员经费|公用经费)(合计|总额|总数)", r"\1", folded)
        words = self._blank_departments(folded)  # 比重庆市气象局多多少 asks no 比重
        u = Understood(question, folded, words, read_intent(words), named=self._named_spans(folded))
        if u.intent.refusal:
            u.refusal = Outcome(f"refuse_{u.intent.refusal}", "refuse")
            return u
        text = u.text = self._without_years(words)
        u.mentions = self.vocabulary.mentions(text)
        pool = given.get("pool") or self.docs
        leaning = given.get("continued") or _FOLLOW_UP.search(folded)  # '…？为什么？': the part before's document
        before = self._last_cited(given["history"]) if leaning else None
        if before is not None and before not in pool:  # 那项目支出呢 after 深圳市气象局的三公经费: that document
            pool = [before] + pool
        u.doc, u.refusal = self._pick_document(folded, self._organisations(folded, u.mentions, u.named),
                                               given["history"], u.mentions, pool)
        u.across = self._documents_across(folded, pool) if u.refusal is not None and u.refusal.route == "clarify" else []
        if len(u.across) >= 2:
            u.refusal = None
        if u.refusal is not None and u.refusal.route == "clarify" and u.intent.wants_definition:
            u.doc, u.refusal = max(self.docs, key=lambda d: d.year or 0), None  # a term means the same in each
        if u.refusal is not None and u.refusal.route == "clarify" and not u.mentions and u.intent.dimension is None \
                and not any(measure in folded for measure in MEASURES):
            u.refusal = Outcome("refuse_scope", "refuse")  # nothing budget-like asked: no need to ask which document
        refused_before = given["history"] and given["history"][-1].context.get("refused_scope")
        if refused_before and (u.refusal is None or u.refusal.route == "clarify") and not u.named \
                and _FOLLOW_UP.search(folded):
            u.refusal = _refused_scope(given["history"][-1])  # 其中…呢 of a unit or department not held: still not held
        if u.refusal or (u.doc is None and not u.across):
            return u
        if u.doc is not None:
            self._year_stages(u)
        if len(self.docs) > 1 and u.doc is not None:
            u.mentions = self.vocabulary.mentions(text, u.doc.doc_id)  # this document's names only
        u.mentions = [m for m in u.mentions if not (m.text in MEASURES and all(e.kind == "table" for e in m.entities))]
        spans = [(m.start, m.end) for m in u.mentions if any(e.kind in ("table", "project", "indicator")
                                                             for e in m.entities)]
        u.measures = sorted((pos.start(), measure) for measure in MEASURES for pos in re.finditer(measure, text)
                            if not any(s <= pos.start() < e for s, e in spans))
        whole = text.find("占") if u.intent.operation == "share" else -1  # 公用经费占基本支出的比例: 基本支出 is the whole
        if any(m == "基本支出" and not 0 <= whole < p for p, m in u.measures) \
                and any(m in ("人员经费", "公用经费") for _, m in u.measures):
            u.measures = [(p, m) for p, m in u.measures if m != "基本支出"]  # 基本支出中的公用经费: the part
        if len({m for _, m in u.measures}) == 1:
            u.intent.measure = u.measures[0][1]  # 一般公共预算基本支出(表)里的公用经费: the one measure left
        if u.across:
            return u  # each document's names are found again in across.py
        for match in re.finditer(r"(?:预算|决算)?(\d{1,2}表|表\d{1,2})", text):  # 03表, 表12: a table by its number
            u.table_refs += [(match.start(), match.end(), e) for e in self._tables_like(u.doc.doc_id, match.group(1))]
        u.scope = [e.key[0] for m in u.mentions for e in m.entities if e.kind == "table"]
        u.scope += [e.key[0] for _s, _e, e in u.table_refs]
        self._follow_up(u, given["history"], given.get("continued", False))
        u.passage = given["history"][-1].context.get("passage") if given["history"] else None
        return u

    def _documents_across(self, folded: str, pool: list[catalog.DocumentInfo]) -> list[catalog.DocumentInfo]:
        """Documents a question sets side by side: two years named (2024年预算比2023年决算), two
        departments named, or every department (各部门三公经费排名)."""
        named = self._named(folded)
        years = self._years(folded, named or pool)
        if len(years) >= 2:
            chosen = [d for d in (named or pool) if d.year in years]
        elif len({d.department for d in named}) >= 2:
            chosen = [d for d in named if not years or d.year in years]
        elif _EVERY_DEPARTMENT.search(folded):
            chosen = [d for d in pool if not years or d.year in years]
        elif _OVER_YEARS.search(folded) and len({d.department for d in named or pool}) == 1:
            chosen = named or pool  # 这几年的变化: every year of the one department
        else:
            return []
        return sorted(chosen, key=lambda d: (self._year_position(folded, d.year), self._department_position(folded, d)))

    def _department_position(self, folded: str, doc: catalog.DocumentInfo) -> int:
        return min((folded.find(key) for key in self.department_keys[doc.doc_id] if key in folded), default=99)

    def _named_spans(self, folded: str) -> list[tuple[int, int]]:
        """Where the question names a stored department."""
        return [(m.start(), m.end()) for key in self._all_keys for m in re.finditer(re.escape(key), folded)]

    def _named(self, folded: str) -> list[catalog.DocumentInfo]:
        """The stored departments the question names — not a department's short name that is a word of
        the budget subject named beside it (办公厅 of 其他政府办公厅（室）及相关机构事务支出)."""
        spans = self._named_spans(folded)
        subjects = [m for m in self.vocabulary.mentions(folded) if any(e.kind == "subject" for e in m.entities)] \
            if spans else []  # most questions name no department: no second pass over the names
        inside = [(start, end) for start, end in spans
                  if not any(s <= start and end <= e and e - s > end - start for s, e in spans)  # not in a longer name
                  and any(self._in_subject_name(folded, start, end, m) for m in subjects)]
        for start, end in inside:
            folded = folded[:start] + "□" * (end - start) + folded[end:]
        ids = set(named_departments(folded, self.department_keys))
        return [d for d in self.docs if d.doc_id in ids]

    @staticmethod
    def _in_subject_name(folded: str, start: int, end: int, mention: Mention) -> bool:
        if not (mention.start == end or mention.end == start or mention.start <= start and end <= mention.end):
            return False
        words = folded[min(start, mention.start):max(end, mention.end)]
        return any(words in form for e in mention.entities if e.kind == "subject" for form in name_forms(e.name))

    def _years(self, folded: str, among: list[catalog.DocumentInfo] | None = None) -> set[int]:
        """Years a question names: 2024年, or 今年/去年/前年 counted from the latest year stored (of the
        department named, if one is)."""
        years = {int(y) for y in _YEAR.findall(_AS_OF.sub("", folded))}  # 截至2025年底: a date, no document's year
        latest = max((d.year for d in among or self.docs if d.year), default=None)
        carried = bool(_CARRIED.search(folded))  # 去年没花完结转到今年的钱: this year's 上年结转, not last year's budget
        for word, shift in _RELATIVE_YEARS.items():
            if word in folded and latest and not (carried and shift < 0):
                years.add(latest + shift)
        return years

    def _column_years(self, doc: catalog.DocumentInfo) -> set[int]:
        return {int(y) for stage in self.year_columns.get(doc.doc_id, []) for y in _YEAR.findall(stage)}

    def _year_stages(self, u: Understood) -> None:
        """Another year named of a document whose tables give that year's column too ('比2024年增加多少',
        '比上年少多少' in a 2025 budget with 2024年预算数 beside 2025年预算数): that column is a stage.
        '预算' in a budget is its own figure, not a stage."""
        stages = [s for s in u.intent.stages if not (s in ("预算", "年初预算数") and u.doc.kind == "预算")]  # a budget's own figure
        years = self._years(u.folded, [u.doc]) | ({u.doc.year - 1} if u.doc.year and re.search(r"上年(?!结转|结余|末|初)|上一年", u.folded)
                                                 else set())
        for year in sorted(years - {u.doc.year}):
            column = [s for s in self.year_columns.get(u.doc.doc_id, []) if s.startswith(f"{year}年")][:1]
            stages += column
            if not column and u.doc.year and year < u.doc.year and _AGAINST_EARLIER.search(u.folded) \
                    and not any(d.year == year for d in self.docs if d.department == u.doc.department):
                u.unpublished_year = year  # 比上年增加多少, asked of a budget whose tables give this year alone
        u.intent.stages = stages
        u.intent.stage = stages[0] if len(stages) == 1 and u.intent.operation != "compare" else \
            (u.intent.stage if u.intent.stage in stages else "")

    def _year_position(self, folded: str, year: int | None) -> int:
        latest = max((d.year for d in self.docs if d.year), default=0)
        words = [str(year)] + [w for w, shift in _RELATIVE_YEARS.items() if year and latest + shift == year]
        return min((folded.find(w) for w in words if w in folded), default=99)

    def _organisations(self, text: str, mentions: list[Mention], named: list[tuple[int, int]]) -> list[str]:
        """Issuers a question names ('示例县卫生健康局'), except where the word that makes it one (局, 厅,
        中心 …) belongs to a recognised budget name (其他政府办公厅（室）…支出, 大厅运行保障项目); one
        ending inside a stored department's name runs to its end (广州市政府 of 广州市政府办公厅). Read
        with the years blanked, so that '2026年深圳市水务局' names 深圳市水务局."""
        text = _YEAR_WORDS.sub(lambda m: "□" * len(m.group(0)), text)
        found = []
        for match in _ORG.finditer(text):
            # a loose match that ends where the issuer's name ends was found by that name (广州市国际投资促进中心
            # of a project named after it): still an issuer
            if any(n.start < match.end(1) <= n.end and (n.exact or match.end(1) < n.end)
                   and any(e.kind not in ("procurement", "row", "column") or _unit_row(e, n) for e in n.entities)
                   for n in mentions):
                continue  # a unit named by its row of a 收入表 by 单位 (苏州市规划展示馆) is of the document
            if _SELF.search(match.group(1)):
                continue  # 这个局, 本单位, 该中心 (财政给这个中心): the department asked about
            if self._facility(match.group(1)):
                continue  # 信访大厅 of 深圳市信访局: a place of the department, not another department
            end = max((e for s, e in named if s < match.end(1) < e), default=match.end(1))  # 广州市政府|办公厅
            found.append(_CONNECTOR.sub("", text[match.start(1):end]))
        return found

    def _facility(self, name: str) -> bool:
        """A hall, office or centre whose name begins as a stored department's does once the place is
        dropped (信访大厅 · 深圳市信访局, 市政务服务大厅 · 北京市政务服务中心): part of that department."""
        stem = _PLACE_PREFIX.sub("", name)
        place = name[:len(name) - len(stem)]  # 深圳市气象局 beside 重庆市气象局: another place's department
        return len(stem) > 2 and any(place in d.department and _PLACE_PREFIX.sub("", d.department)[:2] == stem[:2]
                                     and _PLACE_PREFIX.sub("", d.department) != stem for d in self.docs)

    def _pick_document(self, folded: str, organisations: list[str], history: list[Answer],
                       mentions: list[Mention] = (), pool: list[catalog.DocumentInfo] = ()
                       ) -> tuple[catalog.DocumentInfo | None, Outcome | None]:
        """The document a question is about: the one it names, else the one of ``pool`` (the documents
        selected, or all) its years, history and names single out; else a refusal or a question back."""
        docs_text = "；".join(d.title for d in self.docs)
        pool = pool or self.docs
        named = self._named(folded)
        years = self._years(folded, named or pool)
        known_years = {d.year for d in self.docs} | {y for d in self.docs for y in self._column_years(d)}
        if _AGAINST_EARLIER.search(folded) and known_years - {None}:
            # '跟去年比有变化吗': this year's document, set against a year it may state in its text
            years = {y for y in years if y in known_years or y > max(known_years - {None})}
        for year in sorted(years - known_years):
            return None, Outcome("refuse_other_doc", "refuse", {"what": f"{year}年", "docs": docs_text})
        for org in organisations:
            if not any(names_department(org, d.department, self.department_keys[d.doc_id]) for d in self.docs):
                return None, Outcome("refuse_other_doc", "refuse", {"what": org, "docs": docs_text},
                                     context={"refused_scope": org, "docs": docs_text})
        candidates = [d for d in (named or pool) if not years or d.year in years]
        before = self._last_cited(history) if _AGAINST_EARLIER.search(folded) and not named else None
        if not candidates and before is not None:  # '三公经费多少？跟去年比怎么样？': that document, against its year before
            candidates = [before]
        candidates = candidates or [d for d in (named or pool) if years & self._column_years(d)]
        if named and not candidates:  # 财政局2024年: that department has no document of that year
            what = f"{named[0].department}{'、'.join(str(y) for y in sorted(years))}年"
            return None, Outcome("refuse_other_doc", "refuse", {"what": what, "docs": docs_text})
        if len(candidates) > 1 and history:
            earlier = [d for d in candidates if any(c.doc == d.title for a in history for c in a.citations)]
            candidates = earlier[-1:] or candidates
        if len(candidates) > 1 and mentions:  # 白云机场口岸查验部门综合性补助经费: one document names it
            own = [m for m in mentions if m.exact and all(e.kind in ("project", "indicator") or _unit_row(e, m)
                                                         or e.kind == "procurement" and e.is_unit_name
                                                         for e in m.entities)]  # or a unit: 广州市老人院
            holding = [d for d in candidates if all(any(e.doc_id == d.doc_id for e in m.entities) for m in own)]
            candidates = holding if own and len(holding) == 1 else candidates
        if len(candidates) == 1:
            return candidates[0], None
        if not candidates:
            return None, Outcome("refuse_scope", "refuse", {"docs": docs_text})
        return None, Outcome("clarify_doc", "clarify", {"docs": docs_text})

    def _last_cited(self, history: list[Answer]) -> catalog.DocumentInfo | None:
        cited = [c.doc for a in history for c in a.citations]
        return next((d for d in self.docs if cited and d.title == cited[-1]), None)

    def _without_years(self, words: str) -> str:
        """``words`` (departments blanked) with the stored documents' years blanked too."""
        text = words
        for doc in self.docs:
            if doc.year:
                text = re.sub(rf"{doc.year}\s*年(度)?", lambda m: "□" * len(m.group(0)), text)
        return text

    def _blank_departments(self, folded: str) -> str:
        """A stored department's name, its short forms, or any 4+ character part of it (公共资源交易)
        is blanked out, so it is not taken for a budget item — unless that part begins or ends a longer
        budget name (卫生健康 of 卫生健康委员会 inside 卫生健康支出)."""
        names = [m for m in self.vocabulary.mentions(folded) if m.exact]
        text = folded
        for piece in self._blanks:
            for found in re.finditer(re.escape(piece), text):
                start, end = found.span()
                if piece not in self._all_keys and self._names_budget_item(folded, start, end, names):
                    continue  # 应急管理 of 应急管理局执法总队, asked as its own subject: 行政运行比应急管理多多少
                if not any(m.start <= start and end <= m.end and m.length > len(piece) for m in names):
                    text = text[:start] + "□" * len(piece) + text[end:]
        for start, end in self._named_spans(folded):  # a short form (上海市医保中心 for …医疗保险事业管理中心)
            if not any(m.start <= start and end <= m.end and m.length > end - start for m in names):
                text = text[:start] + "□" * (end - start) + text[end:]
        return _SELF_REFERENCE.sub(lambda found: "□" * len(found.group(0)), text)

    def _names_budget_item(self, folded: str, start: int, end: int, names: list[Mention]) -> bool:
        """A piece of a department's name that is exactly a budget name here, and not continued on
        either side as the department's name goes on."""
        if not any(m.start == start and m.end == end for m in names):
            return False
        piece = folded[start:end]
        after, before = folded[end:end + 2], folded[max(start - 2, 0):start]
        for department in (fold(d.department) for d in self.docs):
            for at in (m.start() for m in re.finditer(re.escape(piece), department)):
                # the words around it go on as the name does (应急管理局, 上海应急管理执法总队)
                if after and after[:1] == department[at + len(piece):at + len(piece) + 1] \
                        or len(after) == 2 and after in department[at + len(piece):] \
                        or len(before) == 2 and before in department[:at]:
                    return False
        return True

    def _tables_like(self, doc_id: str, code: str) -> list[Entity]:
        number = re.sub(r"\D", "", code).zfill(2)
        found = {e.key[0]: e for e in self.vocabulary.entities if e.kind == "table" and e.doc_id == doc_id
                 and re.sub(r"\D", "", e.key[0]).zfill(2) == number}
        return list(found.values())

    def _held_in(self, referred: list[Entity], u: Understood) -> bool:
        """Whether the tables a follow-up names can hold the things it carries over (a subject lives in a
        支出 table, not in the 政府采购 or “三公” one)."""
        kinds = {t.table_kind for t in catalog.tables(self.con, u.doc.doc_id) if t.table_code in u.scope}
        return all(_HOLDING.get(entity.kind, kinds) & kinds for entity in referred)

    def _follow_up(self, u: Understood, history: list[Answer], continued: bool = False) -> None:
        """A question leaning on the previous answer: '那项目支出呢？', '它占总支出多少？', '换成元呢？',
        '其中最贵的是哪个？'. It inherits what it does not say itself."""
        previous = next((a.context for a in reversed(history) if a.context.get("entities") is not None), None)
        if not previous:
            return
        own = [m for m in u.mentions if not all(e.kind == "table" for e in m.entities)]
        marked = continued or bool(_FOLLOW_UP.search(u.folded))
        names_something = own or u.measures or u.scope  # 政府采购预算有多少, 人员经费是多少: a question of its own
        one_side = u.intent.operation in ("compare", "aggregate", "share") \
            and len(own) + len({m for _, m in u.measures}) == 1  # 跟大厅运行保障项目比差多少, 占基本支出比例
        if names_something and not marked and not one_side:
            return
        u.previous = previous
        referred, measures = self._referred(u, previous, history)
        if previous.get("singled_out") and _PRONOUN.search(u.folded):
            referred = list(previous["singled_out"])  # 金额最小的项目是哪个？→ 它的…: that project
        if not own and u.scope and referred and not self._held_in(referred, u):
            return  # 租赁费多少？→ 政府采购呢？: a table that cannot hold 租赁费 is the next subject, not its scope
        if u.intent.operation in ("list", "rank", "count"):  # '它包括哪些科目' of 住房保障支出: the subject, not its 总表 row
            referred = [self._subject_of(entity) for entity in referred]
        if not own:
            referred = [self._stated_part(entity, u) for entity in referred]
        if u.measures and u.intent.operation == "lookup" and referred and all(e.kind == "summary" for e in referred):
            referred = []  # '总支出多少？' → '项目支出呢？': the measure asked, not the total again
        carried = [(-1, -1, entity) for entity in referred]
        intent = u.intent
        if not own or _PRONOUN.search(u.folded):
            u.entities = carried
            if not u.measures and measures:
                u.measures = [(-1, measure) for measure in measures]
            elif len(u.measures) == 1 and intent.operation in ("compare", "aggregate", "share"):
                # '公用经费呢？两者差多少' after '人员经费多少': the measure before, then this one
                u.measures = [(-1, m) for m in measures if m != u.measures[0][1]] + u.measures
                intent.measure = None if len(u.measures) > 1 else intent.measure
        elif intent.operation in ("compare", "aggregate", "share") and len(own) == 1 and not intent.stages:
            u.entities = carried  # '租赁费呢？哪个多' / '购房补贴呢？两个加起来多少'
            if not u.measures and measures:  # 基本支出是多少？→ 占支出总计的比例呢: the measure is the other side
                u.measures = [(-1, measure) for measure in measures]
        elif intent.operation == "lookup" and previous.get("operation") in ("share", "compare") and u.folded.endswith("呢"):
            intent.operation = previous["operation"]  # 那专用设备购置呢 after a share: the same share of it
        if not own:
            if intent.operation == "lookup":
                intent.operation = previous.get("operation", "lookup") if not intent.unit else "lookup"
            if intent.dimension is None:  # '哪类支出最多？排前三的是哪些？': the same dimension, at the same level
                intent.dimension, intent.level = previous.get("dimension"), intent.level or previous.get("level")
            if intent.project_column == "total":
                intent.project_column = previous.get("project_column", "total")
        if not u.scope:
            u.scope = list(previous.get("scope", []))
        if intent.measure is None and previous.get("measure") and not u.measures:
            intent.measure = previous["measure"]

    def _stated_part(self, entity: Entity, u: Understood) -> Entity:
        """'其中服务类多少' after a figure the text states (政府采购): the text's item named after it with
        the word asked (政府采购服务), that word then being its mention."""
        if entity.kind != "stated":
            return entity
        parts = [e for e in self.vocabulary.entities if e.kind == "stated" and e.doc_id == entity.doc_id
                 and e.name.startswith(entity.name) and len(e.name) - len(entity.name) >= 2
                 and e.name[len(entity.name):] in u.text]
        if len(parts) != 1:
            return entity
        rest = parts[0].name[len(entity.name):]
        start = u.text.find(rest)
        u.mentions.append(Mention(start, start + len(rest), rest, False, parts))
        return parts[0]

    def _subject_of(self, entity: Entity) -> Entity:
        if entity.kind != "summary":
            return entity
        return next((e for e in self.vocabulary.named(entity.name, entity.doc_id) if e.kind == "subject"), entity)

    @staticmethod
    def _referred(u: Understood, previous: dict[str, Any], history: list[Answer]) -> tuple[list[Entity], list[str]]:
        """What a follow-up refers to: the last answer's names and measures, or, when it speaks of
        several (这两项加起来, 两者差多少) and the last answer had one, those of the answers before it too."""
        entities, measures = list(previous["entities"]), list(previous.get("measure_only") or [])
        if len(entities) + len(measures) >= 2 or not _PLURAL.search(u.folded) \
                or u.intent.operation not in ("aggregate", "compare", "share"):
            return entities, measures
        for answer in reversed(history[:-1]):
            entities = [e for e in answer.context.get("entities") or [] if e not in entities] + entities
            measures = [m for m in answer.context.get("measure_only") or [] if m not in measures] + measures
            if len(entities) + len(measures) >= 2:
                break
        return entities, measures

    # ------------------------------------------------------------ route and answer

    def _answer(self, u: Understood) -> Answer:
        if u.across and u.refusal is None:
            u.ask = self._read_ask(u, [e for m in u.mentions for e in m.entities[:1]])
            from assistant.engines.across import answer_across

            each = u.intent.operation == "share" and len({d.department for d in u.across}) > 1  # each one's share
            outcome, resolver = (None, None) if each else answer_across(self, u, u.across)
            if outcome is None:  # not one figure of each to set side by side: each document answers for itself
                return self._each_document(u)
            outcome, resolver = self._checked_across(u, outcome), resolver
        else:
            outcome, resolver = self._checked_route(u)
        doc_rows = outcome.doc_rows or ({u.doc.doc_id: outcome.rows} if u.doc and outcome.rows else {})
        cited = [c for doc_id, rows in doc_rows.items() for c in citations(self.con, doc_id, rows)]
        if u.ask is None:  # refused before any name was chosen: the reading so far
            u.ask = self._read_ask(u, [])
        plan = {"asks": [u.ask.to_dict()]}
        if outcome.route in ("refuse", "clarify"):
            fields = {"docs": "；".join(d.title for d in self.docs), **outcome.fields}
            text = render(outcome.template, **fields)
            return Answer(u.question, text, outcome.route, plan=plan, context=outcome.context,
                          interpretation=interpretation(u.ask, []) if u.ask.operands else "")
        where = "、".join(d.title for d in u.across) if u.across else (u.doc.title if u.doc else "")
        self._remember_singled_out(outcome, u)
        text = compose(outcome, cited)
        if u.ask.answer_type == "有无" and u.ask.executed_type in ("金额", "清单"):  # 有没有…: yes or no first
            text = render("exists_yes" if any(f.value for f in outcome.figures) else "exists_no") + text
        answer = Answer(u.question, text, outcome.route, cited, outcome.figures,
                        sql="\n".join(resolver.sql) if resolver and resolver.sql else None, context=outcome.context,
                        interpretation=interpretation(u.ask, outcome.figures, where, outcome.fields.get("dimension"),
                                                      operand_names(outcome.template, outcome.fields)),
                        plan=plan)
        missing = ungrounded(answer)
        if missing:
            log.warning("answer withheld, ungrounded numbers %s for %r", sorted(missing), u.question)
            return Answer(u.question, render("withheld"), "refuse", grounded=False)
        return answer

    def _remember_singled_out(self, outcome: Outcome, u: Understood) -> None:
        """A ranking that names one item (金额最小的项目是哪个) makes it what 它 refers to next."""
        first = outcome.fields.get("first") if outcome.template in ("rank_one", "rank_nth") else None
        if not first or u.doc is None or outcome.context.get("entities") is None:
            return
        code, name = re.match(r"(\d*)\s*(.*)", first).groups()  # 30199 其他工资福利支出
        named = [e for e in self.vocabulary.entities if e.doc_id == u.doc.doc_id and e.name == name
                 and e.kind in ("project", "subject", "three_public", "procurement") and (not code or e.code == code)]
        outcome.context["singled_out"] = named[:1]  # 它 means it; 排前三的是哪些 still continues the ranking

    def _each_document(self, u: Understood) -> Answer:
        """The question asked of each document in turn ('两个部门的基本支出各占总支出多少'), each answer
        under its document's title."""
        answers = []
        for doc in u.across:
            single = replace(u, doc=doc, across=[], intent=replace(u.intent),
                             mentions=self.vocabulary.mentions(u.text, doc.doc_id))
            single.scope = [e.key[0] for m in single.mentions for e in m.entities if e.kind == "table"]
            self._year_stages(single)
            answer = self._answer(single)
            answers.append(replace(answer, answer=f"{doc.title}：{answer.answer}"))
        return _joined(u.question, answers)

    def _route(self, u: Understood) -> tuple[Outcome, Resolver | None]:
        if u.refusal is not None:
            return u.refusal, None
        resolver = Resolver(self.con, u.doc.doc_id)
        ctx = Context(u.folded, u.intent, resolver, u.scope, u.intent.project_column)
        u.staged = {t.code for t in resolver.tables for stage in u.intent.stages if resolver.stage_in(t.code, stage) in t.stages}
        carried = {e for _s, _e, e in u.entities} | set((u.previous or {}).get("entities") or [])  # 其中政府性基金呢
        chosen = [(m.start, m.end, self.choose(m, u, {e for other in u.mentions if other is not m
                                                       for e in other.entities} | carried)) for m in u.mentions]
        entities = u.entities + u.table_refs + [(start, end, e) for start, end, e in chosen if e is not None]
        u.ask = self._read_ask(u, [e for _s, _e, e in entities])
        from assistant.engines.answers import answer_understood

        return answer_understood(self, u, ctx, entities), resolver

    def choose(self, mention: Mention, u: Understood, others: set[Entity]) -> Entity | None:
        """One entity for a span that names several (住房公积金: a function subject and an economic one)."""
        options = [e for e in mention.entities
                   if e.kind != "procurement" or len(e.key) == 1 or "采购" in u.folded]  # bare 服务 only for 采购
        unit_tables = {o.key[0] for o in others if o.kind == "row"}
        of_unit = [e for e in options if e.kind == "column" and e.key[0] in unit_tables]
        if of_unit:
            return of_unit[0]  # 广州市老人院的事业收入: the column of the unit's row
        if u.intent.operation in ("list", "count") and any(e.kind == "column" for e in options):
            options = [e for e in options if e.kind == "column"]  # 上年结转结余由哪些资金构成: the breakdown
        options = [e for e in options if e.kind != "column" or e.key[0] in u.scope or
                   (len(e.name) >= 4 and all(o.kind == "column" for o in options))]
        staged = [e for e in options if e.kind in ("three_public", "summary", "column", "row") and e.key[0] in u.staged]
        if staged and len(staged) < len(options):
            options = staged  # 因公出国费用比上年: the item of the table that prints 2025年 beside 2026年
        procured = [e for e in options if e.kind == "procurement" and e.key[0] in u.scope]
        if procured:
            return procured[0]  # 其中便民服务中心的采购 after the 政府采购: the unit's rows of that table
        units = [e for e in options if _unit_row(e, mention)]
        if units:
            return units[0]  # 广州市余泥渣土管理处: the unit, not its heading among the projects
        projects = {o.name for o in others if o.kind == "project"}
        of_project = [e for e in options if e.kind == "indicator" and e.key[1] in projects]
        if of_project:
            options = of_project  # 它的单月服务成本 after a project: that project's indicator
        also_named = [e for e in options if any(e == other for other in others)]
        if also_named:
            return also_named[0]  # 住房公积金（2210201）: the code says which one
        whole_tables = [e for e in options if e.kind == "table" and
                        (mention.text in name_forms(e.name) or u.measures and e.key[1] == "lines" and mention.text in fold(e.name))
                        and not any(o.kind in ("project", "subject", "three_public", "row") for o in options)]
        if whole_tables:  # 政府性基金预算支出: the whole table rather than a line of 收支总表
            return max(whole_tables, key=lambda e: in_order(u.text[mention.start:mention.end + 6], fold(e.name)))
        in_scope = [e for e in options if e.kind in ("summary", "column", "row") and e.key[0] in u.scope]
        if in_scope:
            options = in_scope
        if u.intent.operation in ("aggregate", "list") and any(e.kind == "subject" for e in options):
            options = [e for e in options if e.kind != "summary"]  # 住房保障的两个科目合计: the subjects
        exact = [e for e in options if e.kind in ("subject", "summary") and mention.text in name_forms(e.name)]
        if exact and any(e.kind == "project" and mention.text not in name_forms(e.name) for e in options):
            options = [e for e in options if e.kind != "project"]  # 社区矫正: the subject, not 社区矫正工作经费
        subjects = [e for e in options if e.kind == "subject"]
        if len(subjects) > 1:
            preferred = self._prefer_scheme(subjects, u, others)
            options = [e for e in options if e.kind != "subject" or e in preferred]
        # then the name the words cover best (公务用车购置 → 公务用车购置费, not …购置及运行费), then by name:
        # the choice never depends on the order the vocabulary happened to list them in
        options.sort(key=lambda e: (_KIND_ORDER.get(e.kind, 9), -len(e.code or ""),
                                    -len(mention.text) / max(len(fold(e.name)), 1), e.name))
        return options[0] if options else None

    @staticmethod
    def _prefer_scheme(subjects: list[Entity], u: Understood, others: set[Entity]) -> list[Entity]:
        dimension = u.intent.dimension
        if dimension in ("func", "gov_econ", "dept_econ"):
            match = [e for e in subjects if e.scheme == dimension]
            if match:
                return match
        function_like = any(o.kind == "summary" and o.key[1] == "支出" or o.scheme == "func" for o in others)
        if function_like and (func := [e for e in subjects if e.scheme == "func"]):
            return func[:1]  # 住房公积金在住房保障支出中占多少: the function subject
        gov = [e for e in subjects if e.scheme == "gov_econ"]
        if gov:
            return gov[:1]  # 资本性支出: the published 政府经济分类 column rather than the derived 310 class
        econ = [e for e in subjects if e.scheme == "dept_econ"]
        return econ[:1] or subjects[:1]

    def retrieval(self) -> RetrievalEngine:
        if self._retrieval is None:
            vectors = self.store.vectors().as_langchain_vectorstore()
            self._retrieval = RetrievalEngine(self.con, vectors, str(self.settings.db_path))
        return self._retrieval


__all__ = ["Engine", "Understood"]
