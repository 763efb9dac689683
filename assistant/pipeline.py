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
from assistant.understand.intent import MEASURES, SUM_WORDS, read_intent
from assistant.understand.operands import excluded, fund_words, read_measures, without_containers
from assistant.understand.plan import interpretation, operand_names
from assistant.understand.reading import Understood
from assistant.understand.scope import Scope, unit_row
from assistant.understand.subjects import SubjectLinker
from assistant.understand.vocabulary import (Entity, Mention, Vocabulary, bare_name, fold, in_order, name_forms,
                                             rewrite)
from assistant.verify import ungrounded

log = logging.getLogger("budget_qa.pipeline")

MAX_QUESTION = 300  # characters looked at; a longer text is cut, never an error
_FOLLOW_UP = re.compile(r"^(那|那么|那个|那这|它|这个|其中|该|此|这|再|还有|分别|各)|呢[?？,，]|呢$|它|这一项|这项|该项|上述|以上|这两|两者|二者")
_PLURAL = re.compile(r"这两|两者|二者|它们|他们|两项|两个|这几|这些|以上|上述|前面|相差|差多少|哪个多|哪个少|" + SUM_WORDS)
_PRONOUN = re.compile(r"它|其占|其比|这一项|这项|该项|这个数|这个金额|上述|这两|两者|二者|两个加")
_QUOTED_FIGURE = re.compile(r"\d[\d,]*\.\d+\s*(?:万元|亿元|元|%)?|\d[\d,]*\s*(?:万元|亿元|元)(?!的)"
                            r"|(?:[一二两三四五六七八九十几]+[十百千万亿])+(?:多|来|余)?(?:万元|亿元|万|亿|元|块钱)(?![元的])")  # 四百多万
# Which kinds of table hold which kinds of thing a question names (doc_tables.table_kind).
_HOLDING = {"subject": {"lines"}, "summary": {"summary", "income"}, "three_public": {"three_public"},
            "procurement": {"procurement"}, "project": {"performance", "project_list", "lines"},
            "indicator": {"performance"}}
_KIND_ORDER = {"project": 0, "three_public": 1, "procurement": 2, "summary": 3, "subject": 4, "row": 5, "column": 6,
               "indicator": 7, "table": 8}


_SWITCH_WORDS = re.compile(r"那么|那|换成|如果是|再看|呢|的|又|情况|怎么样|如何|是多少|多少|[？?。!！,，\s]")
_AMONG = re.compile(r"^(其中|这些|里面|当中|上述|以上)")  # a ranking or list among what the answer before counted
_SIDE_BY_SIDE = ("aggregate", "compare")  # a follow-up setting the documents before side by side
_PARTS = re.compile(r"(?<=[？?])\s*(?=\S)")  # after a question mark that is not the last character


_ASKING = re.compile(r"多少|几|哪|什么|吗|是否|有没有|如何|怎么|为什么|比例|占比|呢[？?]?$|([\u4e00-\u9fff])不\1")  # 买不买
_BOTH = re.compile(r"^(不算|不计|不含|不包括|不包含|除去|除掉|扣除|扣掉|剔除|去掉|刨除)|^(增长|下降|增幅|降幅|减幅|增速|涨幅|变化|变动)(了|率|幅度|比例)?(百分之|多少|几|多大|是|有多)|^(高|低|多|少|大|小)(了|出)?(多少|几)|^[（(]|^(保留|换算|折合|四舍五入|精确)|^(用|以|按)(?=亿|万|元|千)|^(各|分别|都)|哪个|两个|两者|二者|相比|比较|差|" + SUM_WORDS)


_NEEDS_ALL = re.compile(r"哪个|两个|两项|两者|二者|三者|相比|比较|差|^(各|分别|都)|它们|" + SUM_WORDS)
_ASKING_ONLY = re.compile(r"多少|几|钱|金额|数额|是|有|为|各|分别|大概|大约|呢|万元|元|[？?，,。；;\s]")
_CLAUSES = re.compile(r"(?<=[，,；;])|(?=(?<![合一])(?:并且|并|同时|另外|以及)(?=.{2}))")


def _asks(question: str) -> list[str]:
    """'总共多少钱？其中财政资金是多少？' → two asks, and so '办公费多少，印刷费又是多少' or 'A是多少并说明
    原因'; one ask when a later part only qualifies the first ('？保留两位小数', '，（看收入汇总表）')
    or needs both ('租赁费呢？哪个多？', '？两个加起来多少？'), or when a part asks nothing."""
    parts = [part for part in _PARTS.split(question) if part.strip()]
    groups = _grouped(parts) if len(parts) >= 2 and not parts[0].rstrip("？? ").endswith("呢") else None
    if groups is not None and len(groups) >= 2:
        return [clause for group in groups for clause in _asks(group)]
    clauses = [clause for clause in _CLAUSES.split(question) if clause.strip("，,；; ")]
    if len(clauses) >= 2 and _ASKING.search(clauses[0]) and _separate(clauses):
        return clauses
    return [question]


def _separate(parts: list[str]) -> bool:
    return not any(_qualifies(part) for part in parts[1:])


def _qualifies(part: str) -> bool:
    """A later part that only qualifies the ask before it ('保留两位小数', '不算上年结转的', '增长多少') or
    needs the parts before ('两个加起来多少'), or asks nothing of its own ('最小的是哪个项目，多少钱')."""
    return len(part.strip("？?，,；; ")) < 3 or _BOTH.search(part) and not part.lstrip().startswith("其中") \
        or not _ASKING.search(part) or not _ASKING_ONLY.sub("", part)  # '…？其中哪个最多': an ask about the first


def _grouped(parts: list[str]) -> list[str] | None:
    """The parts as asks: each part that only qualifies the one before joins it ('比上年增加多少？增长多少？
    原因是什么？' → the change, then the reason); None when a part needs all before it (两个加起来)."""
    if any(_NEEDS_ALL.search(part) and not part.lstrip().startswith("其中") for part in parts[1:]):
        return None
    groups = [parts[0]]
    for part in parts[1:]:
        if _qualifies(part):
            groups[-1] += part
        else:
            groups.append(part)
    return groups


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


def _own(mentions: list[Mention]) -> list[Mention]:
    """What a question names itself, other than a table (a follow-up's own subject)."""
    return [m for m in mentions if not all(e.kind == "table" for e in m.entities)]


_EACH_AGAINST_YEAR = re.compile(r"(各|分别|各自)(比|较|与|同|跟)(上年|去年|上一年|前一年|20\d\d年?)")


def _refused_scope(previous: Answer) -> Outcome:
    return Outcome("refuse_other_doc", "refuse", {"what": previous.context["refused_scope"],
                                                  "docs": previous.context.get("docs", "")},
                   context=dict(previous.context))


class Engine(ReadingChecks):
    """Answers questions over one store. Keeps a read-only connection open for warm latency."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self.store = store or Store(settings)
        from assistant.db.run import connect

        self.con = connect(self.store.snapshot(), read_only=True)
        self.vocabulary = Vocabulary.load(self.con)
        self.docs = catalog.documents(self.con)
        year_columns: dict[str, list[str]] = {}
        for doc_id, stage in queries.COLUMN_YEARS.run(self.con).rows:
            year_columns.setdefault(doc_id, []).append(stage)
        self.scope = Scope(self.docs, self.vocabulary, year_columns)
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
        switched = self._switched(question, history)
        if switched is not None:  # 那上海钻石宝玉石交易联合管理办公室呢: the question before, of that department
            answer = self.ask(switched, history, docs)
            answer.context["asked_as"] = switched
            return replace(answer, question=question)
        parts = _asks(question) if not _EACH_AGAINST_YEAR.search(question) else self._each_against_year(question)
        if len(parts) < 2:
            return self.chain.invoke({"question": question, "history": history, "pool": pool})
        answers = []
        for n, part in enumerate(parts):
            answers.append(self.chain.invoke({"question": part, "history": history + answers, "continued": n > 0,
                                              "pool": pool}))
            if answers[-1].route == "clarify":
                break  # a part asked back: the later parts would read it as their subject (这笔…用什么方式采购)
        return _joined(question, answers)

    def _each_against_year(self, question: str) -> list[str]:
        """'会议费和培训费各比上年减少了多少': each thing named, its own change against the year before."""
        u = self._understand({"question": question, "history": []})
        named = sorted({(m.start, m.end) for m in u.mentions if not all(e.kind == "table" for e in m.entities)})
        if len(named) < 2 or u.text is None:
            return [question]
        start, end = named[0][0], named[-1][1]
        if re.sub(r"[和与及、,，]", "", "".join(u.folded[e:s] for (_s, e), (s, _e) in zip(named, named[1:]))):
            return [question]  # not a list of names ('A里B各比上年…')
        rest = _EACH_AGAINST_YEAR.sub(lambda m: m.group(0).lstrip("各分别自"), u.folded[end:])
        return [u.folded[:start] + u.folded[s:e] + rest for s, e in named]

    def _switched(self, question: str, history: list[Answer]) -> str | None:
        """A follow-up that names one other department and nothing else ('那深圳气象局呢？'): the question
        before (as it was answered), asked of that department instead of the one it named."""
        if not history:
            return None
        folded = fold(question)
        spans = self.scope.named_spans(folded)
        if not spans or len({d.department for d in self.scope.named(folded)}) != 1:
            return None
        start, end = min(s for s, _e in spans), max(e for _s, e in spans)
        if _SWITCH_WORDS.sub("", folded[:start] + folded[end:]):
            return None  # '那深圳气象局的项目支出呢': a question of its own
        before = history[-1].context.get("asked_as") or history[-1].question
        plain = fold(before)
        for s, e in self.scope.named_spans(plain):
            plain = plain[:s] + "□" * (e - s) + plain[e:]
        rest = re.sub(r"^[□的和与及、,，\s]+", "", re.sub(r"□+", "□", plain))
        return folded[start:end] + "的" + rest.replace("□", "") if rest else None

    # ------------------------------------------------------------ understand

    def _understand(self, given: dict[str, Any]) -> Understood:
        question = (given["question"] or "").strip()
        folded = _QUOTED_FIGURE.sub("", rewrite(fold(question[:MAX_QUESTION])))  # 在总支出9715.69万元中: the words, not the figure
        folded = re.sub(r"(基本支出|项目支出|人员经费|公用经费)(合计|总额|总数)", r"\1", folded)
        words = self.scope.blank_departments(folded)  # 比重庆市气象局多多少 asks no 比重
        u = Understood(question, folded, words, read_intent(words), named=self.scope.named_spans(folded))
        if u.intent.refusal:
            u.refusal = Outcome(f"refuse_{u.intent.refusal}", "refuse")
            return u
        text = u.text = self.scope.without_years(words)
        u.mentions = self.vocabulary.mentions(text)
        pool = given.get("pool") or self.docs
        leaning = given.get("continued") or _FOLLOW_UP.search(folded)  # '…？为什么？': the part before's document
        before = self.scope.last_cited(given["history"]) if leaning else None
        if before is not None and before not in pool:  # 那项目支出呢 after 深圳市气象局的三公经费: that document
            pool = [before] + pool
        u.doc, u.refusal = self.scope.pick_document(folded, self.scope.organisations(folded, u.mentions, u.named),
                                               given["history"], u.mentions, pool)
        u.across = self.scope.documents_across(folded, pool) if u.refusal is not None and u.refusal.route == "clarify" else []
        if not u.across and u.intent.operation in _SIDE_BY_SIDE and given["history"] \
                and (leaning or not _own(u.mentions)):  # 那重庆市委宣传部呢？谁多: the two departments
            u.across = self.scope.beside(folded, [c.doc for a in given["history"][-2:] for c in a.citations])
        if len(u.across) >= 2:
            u.refusal = None
            if u.intent.dimension == "unit" and not re.search(r"下属|所属|二级|基层", folded):
                u.intent.dimension = None  # 把三家单位排一下: the departments set side by side, not their units
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
            self.scope.year_stages(u)
        if len(self.docs) > 1 and u.doc is not None:
            u.mentions = self.vocabulary.mentions(text, u.doc.doc_id)  # this document's names only
        read_measures(u)
        if u.across:
            if given["history"] and not _own(u.mentions):
                self._carry_across(u, given["history"])
            return u  # each document's names are found again in across.py
        for match in re.finditer(r"(?:预算|决算)?(\d{1,2}表|表\d{1,2})", text):  # 03表, 表12: a table by its number
            u.table_refs += [(match.start(), match.end(), e) for e in self._tables_like(u.doc.doc_id, match.group(1))]
        u.scope = [e.key[0] for m in u.mentions for e in m.entities if e.kind == "table"]
        u.scope += [e.key[0] for _s, _e, e in u.table_refs]
        self._follow_up(u, given["history"], given.get("continued", False))
        u.passage = next((a.context["passage"] for a in reversed(given["history"][-2:]) if a.context.get("passage")),
                         None)  # the paragraph just read, over a part asked back or refused between
        return u

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
        own = _own(u.mentions)
        marked = continued or bool(_FOLLOW_UP.search(u.folded))
        names_something = own or u.measures or u.scope  # 政府采购预算有多少, 人员经费是多少: a question of its own
        one_side = u.intent.operation in ("compare", "aggregate", "share") \
            and len(own) + len({m for _, m in u.measures}) == 1  # 跟大厅运行保障项目比差多少, 占基本支出比例
        if names_something and not marked and not one_side:
            return
        u.previous = previous
        if _AMONG.search(u.folded) and previous.get("dimension") and u.intent.dimension is None \
                and u.intent.operation in ("rank", "list", "count"):  # 有几个下属单位？其中哪个收入最多: among those
            u.intent.dimension, u.intent.level = previous["dimension"], previous.get("level")
            u.mentions = [m for m in u.mentions if not all(e.kind in ("summary", "table") for e in m.entities)]
            return
        referred, measures = self._referred(u, previous, history)
        if previous.get("singled_out") and _PRONOUN.search(u.folded):
            referred = list(previous["singled_out"])  # 金额最小的项目是哪个？→ 它的…: that project
        if not own and u.scope and referred and not self._held_in(referred, u):
            return  # 租赁费多少？→ 政府采购呢？: a table that cannot hold 租赁费 is the next subject, not its scope
        if u.intent.operation in ("list", "rank", "count"):  # '它包括哪些科目' of 住房保障支出: the subject, not its 总表 row
            referred = [self._subject_of(entity) for entity in referred]
        referred = list(dict.fromkeys(moved for entity in referred if (moved := self._carried_into(entity, u)) is not None))
        if not own:
            referred = self._parts_asked(referred, u)
        if u.measures and u.intent.operation == "lookup" and referred and all(e.kind == "summary" for e in referred):
            referred = []  # '总支出多少？' → '项目支出呢？': the measure asked, not the total again
        carried = [(-1, -1, entity) for entity in referred]
        intent = u.intent
        if not own or _PRONOUN.search(u.folded):
            u.entities = carried
            if not u.measures and measures:
                u.measures = [(-1, measure) for measure in measures]
                if len(measures) == 1 and intent.measure is None:
                    intent.measure = measures[0]  # 公用经费多少？→ 其中最多的是哪项: ranked in that column
            elif len(u.measures) == 1 and intent.operation in ("compare", "aggregate", "share"):
                # '公用经费呢？两者差多少' after '人员经费多少': the measure before, then this one
                u.measures = [(-1, m) for m in measures if m != u.measures[0][1]] + u.measures
                intent.measure = None if len(u.measures) > 1 else intent.measure
        elif intent.operation in ("compare", "aggregate", "share") and len(own) == 1 and not intent.stages \
                and u.unpublished_year is None:  # 那车辆运行费呢？比去年怎么变: against its own year before
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

    def _carried_into(self, entity: Entity, u: Understood) -> Entity | None:
        """A name the answer before found in another document ('那重庆市委宣传部呢' after 北京's 三公经费):
        what that name is in this one, or nothing — never the other document's row."""
        if entity.doc_id == u.doc.doc_id:
            return entity
        name = fold(entity.name)
        whole = [m for m in self.vocabulary.mentions(name, u.doc.doc_id) if m.start == 0 and m.end == len(name)]
        return self.choose(whole[0], u, set()) if whole else None

    def _carry_across(self, u: Understood, history: list[Answer]) -> None:
        """'谁多，多多少？' across the departments of the answers before: what those answers were about,
        when they were about the same thing (A的X？→ B的Y呢？→ 加起来: no one thing to add up)."""
        last = history[-1:] if len({c.doc for a in history[-1:] for c in a.citations}) > 1 else history[-2:]
        asked = [a.context for a in last if a.context.get("entities") is not None]  # an answer across: that one
        named = {tuple(bare_name(e.name) if e.kind == "stated" else e.name for e in c["entities"]) for c in asked}
        if len(named) == 1:
            u.carried = list(named.pop())
            measures = asked[-1].get("measure_only")
            if u.intent.measure is None and measures:
                u.intent.measure = measures[0]

    def _parts_asked(self, referred: list[Entity], u: Understood) -> list[Entity]:
        """What a follow-up naming nothing of its own asks of the figures carried: the parts of a figure
        the text states that it names (其中服务类多少); that figure too when it is named beside its sibling
        (工程类多少？→ 货物类和工程类加起来呢); the whole again for a share (其中工程类占多大比例)."""
        asked, wholes = [], []
        for entity in referred:
            parts = self._stated_parts(entity, u)
            if parts == [entity]:
                asked.append(entity)
                continue
            if entity.name[:2] in u.text:
                start = u.text.find(entity.name[:2])
                u.mentions.append(Mention(start, start + 2, entity.name[:2], False, [entity]))
                asked.append(entity)
            else:
                wholes.append(entity)
            asked += parts
        return asked + (wholes if u.intent.operation == "share" else [])

    def _stated_parts(self, entity: Entity, u: Understood) -> list[Entity]:
        """'其中服务类多少' after a figure the text states (政府采购): the text's items named after it with
        the words asked (政府采购服务), or named in the same sentence after 其中 (货物类项目 of 政府采购项目
        共有…，其中：货物类项目…), each word then being its mention; else the figure itself."""
        if entity.kind != "stated":
            return [entity]
        found = []
        for e in self.vocabulary.entities:
            if e.kind != "stated" or e.doc_id != entity.doc_id or e == entity:
                continue
            rest = e.name[len(entity.name):] if e.name.startswith(entity.name) else \
                e.name[:2] if e.key[0] == entity.key[0] and e.name[:2] != entity.name[:2] else ""  # of its paragraph
            if len(rest) >= 2 and rest in u.text and not any(rest == r for r, _e in found):
                found.append((rest, e))
        for rest, part in found:  # 货物类和工程类加起来: each one
            start = u.text.find(rest)
            u.mentions.append(Mention(start, start + len(rest), rest, False, [part]))
        return [part for _rest, part in sorted(found, key=lambda pair: u.text.find(pair[0]))] or [entity]

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
            amounts = [f for f in outcome.figures if f.formula != "计数"]  # 共 1 个文件: a count says no yes
            text = render("exists_yes" if any(f.value for f in amounts) else "exists_no") + text
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
            read_measures(single)  # 项目支出: a measure here, though another document's table bears its name
            self.scope.year_stages(single)
            answer = self._answer(single)
            answers.append(replace(answer, answer=f"{doc.title}：{answer.answer}"))
        return _joined(u.question, answers)

    def _route(self, u: Understood) -> tuple[Outcome, Resolver | None]:
        if u.refusal is not None:
            return u.refusal, None
        resolver = Resolver(self.con, u.doc.doc_id)
        ctx = Context(u.folded, u.intent, resolver, u.scope, u.intent.project_column)
        u.staged = {t.code for t in resolver.tables for stage in u.intent.stages if resolver.stage_in(t.code, stage) in t.stages}
        for whole in [m for m in u.mentions if m.exact and len(m.entities) == 1 and m.entities[0].kind == "stated"]:
            if self._stated_parts(whole.entities[0], u) != whole.entities and u.intent.operation != "share":
                u.mentions.remove(whole)  # 政府采购里工程类多少: the part the text states, not the whole
        chosen = self.names(u)
        ctx.excluded = tuple(e.name for _s, _e, e in u.excluded)
        entities = u.entities + u.table_refs + chosen
        u.ask = self._read_ask(u, [e for _s, _e, e in entities])
        from assistant.engines.answers import answer_understood

        return answer_understood(self, u, ctx, entities), resolver

    def names(self, u: Understood) -> list[tuple[int, int, Entity]]:
        """The things the question's mentions name, one entity each; what it leaves out (不算…) and the
        fund words (财政拨款里的…) set aside on ``u``."""
        carried = {e for _s, _e, e in u.entities} | set((u.previous or {}).get("entities") or [])  # 其中政府性基金呢
        chosen = [(m.start, m.end, self.choose(m, u, {e for other in u.mentions if other is not m
                                                       for e in other.entities} | carried)) for m in u.mentions]
        chosen = without_containers([(start, end, e) for start, end, e in chosen if e is not None], u)
        u.excluded = excluded(chosen, u)
        u.fund_words = fund_words(chosen, u)
        return [c for c in chosen if c not in u.excluded and c not in u.fund_words]

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
        units = [e for e in options if unit_row(e, mention)]
        if units:  # 广州市余泥渣土管理处: the unit, not its heading among the projects; 局本级: the department's own
            own = [e for e in units if u.doc is not None and e.name.startswith(u.doc.department)]
            return (own or units)[0]
        if u.measures and any(e.kind == "subject" for e in options):  # 基本支出里的公务用车运行维护费: the 302 line
            options = [e for e in options if e.kind != "three_public"]  # (the “三公” table splits no measure)
        in_three_public = [e for e in options if e.kind == "three_public"]
        if in_three_public and any(o.kind == "three_public" for o in others):
            options = in_three_public  # 三公经费里出国（境）费: the item of the “三公” table, not a 302 line
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

    def _prefer_scheme(self, subjects: list[Entity], u: Understood, others: set[Entity]) -> list[Entity]:
        if u.scope:  # '在一般公共预算基本支出（经济分类）里': the scheme of the subjects the table named prints
            in_tables = [e for e in subjects if any(code in u.scope for code, _n, _m in Resolver(
                self.con, e.doc_id).run(queries.LINE_TABLES_WITH, scheme=e.scheme, code=e.key[1]))]
            if in_tables and len({e.scheme for e in in_tables}) == 1:
                subjects = in_tables
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
