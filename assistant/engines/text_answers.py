"""Answers read from the document's own words: a project's goal, a performance indicator, a term's
definition (名词解释), and a 决算's stated completion where its tables give one stage only."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, NamedTuple

from assistant.db import queries
from assistant.engines import sql_engine
from assistant.engines.sql_engine import Context, Item, Outcome
from assistant.engines.targets import Resolver
from assistant.types import Figure
from assistant.understand.coverage import rules
from assistant.understand.stated import SENTENCES
from assistant.understand.vocabulary import Entity, fold

if TYPE_CHECKING:
    from assistant.engines.retrieval_engine import Found
    from assistant.engines.reader import Reader
    from assistant.understand.reading import Understood

_INDICATOR_LEVELS = ("产出指标", "效益指标", "满意度指标", "成本指标", "数量指标", "质量指标", "时效指标",
                     "经济成本指标", "社会效益指标", "经济效益指标", "生态效益指标", "可持续影响指标",
                     "服务对象满意度指标")


def indicator_levels(folded: str) -> list[str]:
    """The indicator levels a question names, the most specific only (满意度指标, not 服务对象满意度指标 twice)."""
    found = [level for level in _INDICATOR_LEVELS if level in folded]
    return [level for level in found if not any(level != other and level in other for other in found)]


def goal(engine: "Reader", u: "Understood", ctx: Context, projects: list[Entity]) -> Outcome | None:
    rows = ctx.resolver.run(queries.PROJECTS)
    if projects:
        row = next((r for r in rows if r[0] == projects[0].key[0]), None)
    else:
        query = " ".join(carried_names(u) + [u.question])  # 主要干什么用？ of the item just answered
        found = engine.retrieval().search(u.doc.doc_id, query, kinds=["goal", "narrative"], k=1)
        if not found:
            return None
        if found[0].kind == "narrative":  # a paragraph, only if it holds every word asked
            return _quoted(u.doc.doc_id, found[0]) if holds_words(u, found[0].text) else None
        row = next((r for r in rows if r[0] == found[0].row_id), None)
    return _goal_of(row, projects)


def _goal_of(row: tuple | None, projects: list[Entity]) -> Outcome | None:
    """A project's goal text (its 绩效目标表 row) as the answer, with the project's total."""
    if row is None or not row[6]:
        return None
    row_id, _table, _code, name, total, unit, goal_text = row[:7]
    figures = [Figure(f"{name}项目总额", total, unit)] if total is not None else []
    outcome = Outcome("goal", "retrieval", {"project": name, "total": sql_engine.money(total, unit), "goal": goal_text},
                      figures, [row_id])
    outcome.context = {"entities": projects, "measure": None, "scope": [], "operation": "lookup"}
    return outcome


def passage_holding(engine: "Reader", u: "Understood", words: list[str]) -> Outcome | None:
    """Words no name explains ('网络运维是怎么驻场的', '有没有给新开办的企业提供刻章服务') that one passage
    of the document holds — a project's goal or a paragraph of its text — asked as text: that passage.
    The goal of a project the question names needs two thirds of them (宣传、围绕 of 围绕…开展宣传)."""
    found = engine.retrieval().search(u.doc.doc_id, u.question, kinds=["goal", "narrative"], k=8)
    projects = {r[0]: r for r in Resolver(engine.con, u.doc.doc_id).run(queries.PROJECTS)}
    named = [u.text[m.start:m.end] for m in u.mentions]  # and what the question names: 编外人员管理服务那个项目
    of_project = {e.name for m in u.mentions for e in m.entities if e.kind == "project"}
    for passage in found:
        row = projects.get(passage.row_id) if passage.kind == "goal" else None
        plain = _plain(f"{row[3]} {passage.text}" if row else passage.text)  # a goal with its project's name
        held = sum(word_held(w, plain) for w in words)
        enough = held == len(words) or row is not None and row[3] in of_project and held >= 2 and 3 * held >= 2 * len(words)
        if not _heading(passage.text) and enough and all(word_held(w, plain) for w in named):
            return _goal_of(row, []) if passage.kind == "goal" else _quoted(u.doc.doc_id, passage)
    return None


def word_held(word: str, plain: str) -> bool:
    """A word of the question in a passage: whole, or most of its two-character pieces (窗口现 of 综合窗口)."""
    if word in plain:
        return True
    pieces = [word[i:i + 2] for i in range(len(word) - 1)]
    return len(word) >= 3 and sum(piece in plain for piece in pieces) * 2 >= len(pieces)


def definition(engine: "Reader", u: "Understood", needed: int = 1) -> Outcome | None:
    """'什么是三公经费', '部门有几个内设机构': the document's own wording (名词解释, 机构设置, 说明),
    quoted with its citation, when it shares enough real words with the question."""
    from assistant.understand.intent import DEFINITION_WORDS

    words = u.text.replace("□", "") or u.folded  # the department named is no part of the term
    quoted = re.findall(r"“([^”]{2,20})”(?=是|指|的|这|一词|[?？]|$)", words)  # 预算公开里“项目支出”是什么意思
    asked = re.search(DEFINITION_WORDS, words)
    sides = [side.strip("“”\"'？?，,。 的") for side in (words[:asked.start()], words[asked.end():])] if asked else [words]
    term = quoted[0] if len(quoted) == 1 else next((side for side in sides if len(side) >= 2), "")  # X是什么意思, 什么是X
    named = [m for m in u.mentions if m.text in term and len(m.text) >= 2]
    if len(quoted) != 1 and named:  # '部门预算里说的“三公”经费具体指哪几项': the name in it is the term
        term = max(named, key=lambda m: m.length).text
    tiers: list[list[tuple[str, Any]]] = [[], [], []]  # explaining, defining, merely matching
    for doc in [u.doc] + [d for d in engine.docs if d is not u.doc]:  # a term another document explains
        about = fold(doc.department or "") if len(term) < 2 else ""  # '是什么性质的单位': the department itself
        found = engine.retrieval().search(doc.doc_id, about + words, kinds=["narrative"], k=8)
        found = [f for f in found if shares_words(u.text, f.text, needed) and not _heading(f.text)
                 and (needed < 2 or not unknown_names(u, f.text))]
        found.sort(key=lambda f: (not _gives_count(u.text, f.text), -_overlap(u.text, f.text) - bool(about and about in fold(f.text))))
        explaining = _entries(engine, doc.doc_id, term) or [f for f in found if len(term) >= 2 and _explains(f.text, term)]
        defining = [f for f in found if (defined := _defined_term(f.text)) and shares_words(u.text, defined, 1)] \
            if u.intent.wants_definition and len(term) >= 2 else []  # no term asked: another term's entry is no answer
        own = doc is u.doc  # another document lends only its entry of the very term (什么是三公经费)
        for tier, passages in zip(tiers, (explaining, defining if own else [], found if own else [])):
            tier += [(doc.doc_id, f) for f in passages[:1]]
    best = next((tier[0] for tier in tiers if tier), None)  # a 名词解释 entry of the term, in any document
    if best is None:
        return None
    doc_id, passage = best
    return _quoted(doc_id, passage)


_ITEM_NAME = re.compile(r"[\u4e00-\u9fff]{2,16}?(?:项目|工程|购置费|经费|费用|费|支出)")


def unknown_names(u: "Understood", text: str) -> list[str]:
    """Budget items the question names ('智慧食堂改造项目', '无人机购置费') that neither the stored names
    nor this passage know: a passage that does not speak of them cannot answer."""
    from assistant.understand.intent import MEASURES

    plain = _plain(text)
    unknown = []
    for match in _ITEM_NAME.finditer(u.text):
        core = re.split(r"[的是了有在和与及为占比较]", match.group(0))[-1]  # 占本年支出: 本年支出
        start = match.start() + match.group(0).rfind(core)
        known = any(m.start <= start and m.end >= match.end() - 2 for m in u.mentions) or \
            any(core.endswith(measure) and any(m.start <= start and m.end >= match.end() - len(measure)
                                                for m in u.mentions) or core == measure for measure in MEASURES)
        if len(core) >= 3 and not known and core not in plain:
            unknown.append(core)
    return unknown


_COUNT_ASKED = re.compile(r"(?:多少|几)(个(?!点|百分点|亿|万|千)|家|辆|台|套|名|人|项|处|所)")  # 几个点: a rate


def _gives_count(question: str, text: str) -> bool:
    """'有多少辆车' is answered by a passage that counts in 辆 ('车辆23辆')."""
    asked = _COUNT_ASKED.search(question)
    return bool(asked) and re.search(rf"\d+\s*{asked.group(1)}", text) is not None


def _overlap(question: str, text: str) -> int:
    """How many of the question's words the passage uses: the one sharing most comes first."""
    from assistant.engines.retrieval_engine import tokens

    plain = fold(text)
    return sum(1 for word in set(tokens(question)) if len(word) >= 2 and word in plain)


def _defined_term(text: str) -> str | None:
    """'三、事业收入：指…' → 事业收入."""
    match = re.match(r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*)?(.{2,24}?)\s*(?:[:：]\s*(?:是指|指)|是指)", fold(text))
    return match.group(1) if match else None


class _Entry(NamedTuple):
    row_id: int
    text: str


def _entries(engine: "Reader", doc_id: str, term: str) -> list[_Entry]:
    """The document's 名词解释 entries of ``term`` (五、项目支出：指…), read in its text, not searched."""

    if len(term) < 2:
        return []
    return [_Entry(row_id, text) for row_id, text in queries.NARRATIVE.run(engine.con, [doc_id]).rows
            if _explains(text, term)]


def _explains(text: str, term: str) -> bool:
    """'五、“三公”经费：指…', '机关运行经费是指…': an entry that opens with the term and explains it."""
    head = re.sub(r"^[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*", "", fold(text)).lstrip("“\"")
    return re.match(re.escape(term.lstrip("“\"")) + r"[”\"]?\s*(\([^()]{1,20}\))?\s*([:：]|是指|指|是)", head)  # 工资福利支出(…类级): is not None


def _heading(text: str) -> bool:
    """'一、2024年“三公”经费预算情况说明': a section title explains nothing."""
    return len(text) <= 30 and not re.search(r"[，。：:；]", text)


_EACH = re.compile(r"各|分别|和|以及|、")


def indicator(engine: "Reader", u: "Understood", ctx: Context, projects: list[Entity], indicators: list[Entity],
              guarded: bool = False) -> Outcome | None:
    """One indicator: named in the question, else the best retrieval match (within the named project).
    ``guarded``: nothing else matched the question, so retrieval must share real words with it."""
    rows = ctx.resolver.run(queries.INDICATORS)
    by_row = {r[0]: r for r in rows}
    project_names = {p.name for p in projects}
    picked = [by_row[e.key[0]] for e in indicators if e.key[0] in by_row]
    if project_names:
        picked = [r for r in picked if r[2] in project_names] or picked
    exact = [r for r in picked if fold(r[5]) in u.folded]
    if len({r[5] for r in exact}) >= 2:  # 数据准确率和办件数据汇聚量分别是多少: each one named
        return _each_indicator(list({r[5]: r for r in exact}.values()), projects)
    if len({r[5] for r in picked}) >= 2 and _EACH.search(u.folded):  # each named, whole or in part
        return _each_indicator(list({r[5]: r for r in picked}.values()), projects)
    if len(exact) == 1:
        picked = exact
    else:  # named only in part: retrieval decides among the project's indicators
        project = next(iter(project_names), None)
        found = engine.retrieval().search(u.doc.doc_id, u.question, kinds=["indicator"], k=3, project=project)
        candidates = [by_row[f.row_id] for f in found if f.row_id in by_row]
        if picked and not candidates:
            candidates = picked
        if guarded:  # nothing else matched: the indicator must clearly be what is asked
            clear = len(found) < 2 or found[0].score >= 1.5 * found[1].score
            asked = u.text or u.folded  # the department's own name is no word of an indicator's
            candidates = [r for r in candidates[:1] if shares_words(asked, r[5], 1 if clear else 2)]
        picked = candidates[:1]
    if not picked:
        return None
    row_id, _table, project, level1, level2, name, operator, value, unit = picked[0]
    target = value if operator == "定性" else f"{operator or ''}{value or ''}{unit or ''}"
    figures = []
    try:
        figures.append(Figure(name, Decimal(value), unit or ""))
    except (InvalidOperation, TypeError):
        pass
    levels = "/".join(level for level in (level1, level2) if level)
    levels = f"（{levels}）" if levels else ""
    outcome = Outcome("indicator", "hybrid", {"project": project, "name": name, "levels": levels, "target": target},
                      figures, [row_id])
    outcome.context = {"entities": projects, "measure": None, "scope": [], "operation": "lookup"}
    return outcome


def _indicator_figures(rows: list[tuple]) -> list[Figure]:
    """The indicators' numeric target values (a qualitative one states no figure)."""
    figures = []
    for r in rows:
        try:
            figures.append(Figure(r[5], Decimal(r[7]), r[8] or ""))
        except (InvalidOperation, TypeError):
            pass
    return figures


def _each_indicator(rows: list[tuple], projects: list[Entity]) -> Outcome:
    items = "；".join(f"“{r[2]}”的绩效指标“{r[5]}”：{_target_text(r)}" for r in rows)
    figures = _indicator_figures(rows)
    outcome = Outcome("indicators_each", "hybrid", {"items": items}, figures, [r[0] for r in rows])
    outcome.context = {"entities": projects, "measure": None, "scope": [], "operation": "lookup"}
    return outcome


def shares_words(question: str, name: str, needed: int) -> bool:
    """Enough real words (not 年度, 数量 …) of the indicator's name occur in the question."""
    from assistant.engines.retrieval_engine import tokens

    common = {"年度", "数量", "完成", "情况", "相关", "工作", "开展", "服务", "项目", "保障", "全年"}
    words = {w for w in tokens(name) if len(w) >= 2 and w not in common}
    return sum(1 for w in words if w in question) >= needed


def list_indicators(u: "Understood", ctx: Context, projects: list[Entity]) -> Outcome | None:
    """'大厅运行保障项目有哪些成本指标', '满意度指标都有哪些': indicators by project and level."""
    rows = ctx.resolver.run(queries.INDICATORS)
    levels = indicator_levels(u.folded)
    names = {p.name for p in projects}
    tables = {r[1] for r in rows} & set(ctx.scope)  # 部门整体绩效目标表列了几个指标: that table's
    chosen = [r for r in rows if (not names or r[2] in names) and (not tables or r[1] in tables) and
              (not levels or any(level in (r[3] or "", r[4] or "") for level in levels))]
    if not chosen:
        return None
    items = [Item(f"{r[5]}（{r[2]}）" if not names else r[5], None, "", [r[0]], r[1]) for r in chosen]
    shown = "；".join(f"{item.label}：{_target_text(r)}" for item, r in zip(items, chosen))
    figures = _indicator_figures(chosen)
    count = Figure("指标个数", Decimal(len(chosen)), "个", "计数")
    scope = "、".join(sorted(names)) or "、".join(ctx.resolver.table(code).title for code in sorted(tables)) or "全部项目"
    kind = "、".join(levels) or "绩效指标"
    return Outcome("indicator_list", "hybrid", {"scope": scope, "kind": kind, "n": len(chosen), "items": shown},
                   figures + [count], [r[0] for r in chosen])


def _target_text(row: tuple) -> str:
    operator, value, unit = row[6], row[7], row[8]
    return value if operator == "定性" else f"{operator or ''}{value or ''}{unit or ''}"


def stage_statement(engine: "Reader", u: "Understood") -> Outcome | None:
    """A 决算 whose tables publish no budget stage often states it in its text ('全年预算为 52.00 万元，
    支出决算为 51.32 万元，完成全年预算数的 98.69%'): that sentence, quoted with its citation."""
    found = engine.retrieval().search(u.doc.doc_id, u.question, kinds=["narrative"], k=8)
    asked = re.sub(r"年初|全年|调整|预算数?|决算数?|完成率?|执行率?|比例|多少|支出|20\d\d年?|上年|去年|增加|减少|增长|下降|"
                   r"变化|主要|原因|理由|为什么|什么|怎么|[比较了]", "", u.text)  # what is asked about, not the stages or the change asked
    stated = [f for f in found if re.search(r"预算(数)?为|完成.{0,6}预算", f.text) and shares_words(asked, f.text, 1)
              and not unknown_names(u, f.text) and all(_plain(m.text) in _plain(f.text) for m in u.mentions)]
    if not stated:
        return None
    return _quoted(u.doc.doc_id, stated[0])


_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元|%|％|个|辆|台|套|家|项|人|名)")
_PERCENT = re.compile(r"\d\s*[%％]")  # a share asked: only a stated percentage answers it
_CHANGE = re.compile(r"增加|减少|增长|下降|持平|增减|相比|相同|一致|无变化|比上年|较上年|比20\d\d|较20\d\d")


def _stated(engine: "Reader", u: "Understood", about: list[str], change: bool, loose: bool = False) -> Outcome | None:
    """The paragraph of the document's text that states a figure about all of ``about`` (and, when
    ``change``, how it changed on the year before), quoted with its section and page."""
    terms = [_plain(term) for term in about if term]
    query = (u.text.replace("□", "") or u.folded) if loose else u.question  # the department named is no part of it
    found = engine.retrieval().search(u.doc.doc_id, query, kinds=["narrative"], k=12)
    before = u.passage
    found = [f for f in found if f.row_id == before] + [f for f in found if f.row_id != before]
    if before is not None and not any(f.row_id == before for f in found):
        found = [_Entry(before, text) for row_id, text in queries.NARRATIVE.run(engine.con, [u.doc.doc_id]).rows
                 if row_id == before] + found
    for passage in found:
        plain = _plain(passage.text)
        found_all = all(term in plain or loose and all(char in plain for char in term) for term in terms)
        if terms and found_all and _figure_after(plain, terms) \
                and (not change or _CHANGE.search(plain)) and (u.intent.operation != "share" or _PERCENT.search(plain)):
            return _quoted(u.doc.doc_id, passage)
    return None


def _figure_after(plain: str, terms: list[str]) -> bool:
    """A figure stated about one of ``terms``: within a few characters after it ('机关运行经费安排
    1,443.41万元'), not somewhere else in a paragraph that lists the term ('…差旅费、因公出国费用…')."""
    for term in terms:
        for found in re.finditer(re.escape(term), plain):
            if _FIGURE.search(plain[found.end():found.end() + _NEAR]):
                return True
    return not any(term in plain for term in terms) and bool(_FIGURE.search(plain))  # words found only loosely


_NEAR = 30


def _plain(text: str) -> str:
    """Folded, without quotation marks (“三公”经费 → 三公经费): how names are compared with the text."""
    return fold(text).replace("“", "").replace("”", "")


def _quoted(doc_id: str, passage: "Found", more: list[_Entry] = ()) -> Outcome:
    """A paragraph of ``doc_id``'s text quoted as the answer (with the list items that go on from it),
    cited to its rows."""
    rows = [passage.row_id] + [entry.row_id for entry in more]
    outcome = Outcome("narrative", "retrieval", {"text": "\n".join([passage.text] + [e.text for e in more])}, [], rows)
    outcome.doc_rows = {doc_id: rows}
    outcome.context = {"passage": passage.row_id}  # '…有几个？涉及多少资金？': the next part may read it too
    return outcome


def carried_names(u: "Understood") -> list[str]:
    """The names a later ask leans on when it names nothing itself ('原因是什么？' after '三公经费多少？')."""
    return [e.name for _s, _e, e in u.entities] if not u.mentions else []


def _asks_change(u: "Understood") -> bool:
    return "比" in u.folded and bool(_CHANGE.search(u.folded))


def holds_words(u: "Understood", text: str) -> bool:
    """Every content word of the question is in ``text`` (or its characters are: 辆车 in 车辆23辆)."""
    plain = _plain(text)
    terms = _core_terms(_content_words(u.text) + [_plain(name) for name in carried_names(u)])
    return all(term in plain or all(char in plain for char in term) for term in terms)


_EXPLAINS = re.compile(r"用于|主要|原因|用途|是因为|由于|包括")
_BECAUSE = re.compile(r"原因|由于|因为|用于")


def stated_reason(engine: "Reader", u: "Understood") -> Outcome | None:
    """'这笔钱主要用于什么？', '原因是什么？', '是什么钱？': the paragraph that explains the item asked
    (or just answered), holding its name, or nothing."""
    names = [u.text[m.start:m.end] for m in u.mentions] or carried_names(u)
    terms = _core_terms([_plain(name) for name in names])
    rows = queries.NARRATIVE.run(engine.con, [u.doc.doc_id]).rows
    at = _index_of(rows, u.passage) if not u.mentions else None
    if at is not None:  # '…减少了多少？原因是什么？': the paragraph just read, or one of the two after it
        listing = rows[at][1].rstrip().endswith(("：", ":"))  # '…减少913.48万元。其中：' (1)…(2)…
        passage = _first_reason(rows, at, at + (5 if listing else 3))  # ('预算收支增加主要原因说明：…')
        if passage is None and _EXPLAINS.search(_plain(rows[at][1])):
            passage = _Entry(*rows[at])
        if passage is not None:
            return _quoted(u.doc.doc_id, passage)
    if not terms:
        return None
    found = engine.retrieval().search(u.doc.doc_id, " ".join(names) + " " + u.question, kinds=["narrative"], k=12)
    holding = [f for f in found if all(term in _plain(f.text) for term in terms)]
    for explains in (_BECAUSE, _EXPLAINS):  # a paragraph that gives a reason before one that only says 主要…
        passage = next((f for f in holding if explains.search(_plain(f.text))), None)
        if passage is not None:
            return _quoted(u.doc.doc_id, passage, _items_after(engine, u.doc.doc_id, passage))
    changing = [f for f in holding if _CHANGE_STATED.search(_plain(f.text))]
    for stating in changing[:3]:  # the reason printed in a paragraph of its own right after the change's
        at = _index_of(rows, stating.row_id)
        passage = _first_reason(rows, at + 1, at + 3) if at is not None else None
        if passage is not None:
            return _quoted(u.doc.doc_id, passage)
    return None


def _index_of(rows: list[tuple[int, str]], row_id: int | None) -> int | None:
    return next((i for i, (row, _text) in enumerate(rows) if row == row_id), None)


def _first_reason(rows: list[tuple[int, str]], start: int, stop: int) -> _Entry | None:
    """The first of ``rows[start:stop]`` that gives a reason (原因, 由于, 用于 …)."""
    return next((_Entry(row_id, text) for row_id, text in rows[start:stop] if _BECAUSE.search(_plain(text))), None)


_CHANGE_STATED = re.compile(r"(增加|减少|增长|下降|持平)\s*[\d.,]+\s*(万元|亿元|元|%)")
_NUMBERED = re.compile(r"(?:^|[：:；;\s])(\d{1,2})[.．、](?!\d)")


def _items_after(engine: "Reader", doc_id: str, passage: "Found") -> list[_Entry]:
    """'…主要原因说明：1.…41,626 万元；' is the first of a numbered list the text prints one item per line:
    the items that follow it (2.…；3.…), which a PDF's lines had made paragraphs of their own."""
    numbers = [int(n) for n in _NUMBERED.findall(passage.text)]
    if not numbers or not passage.text.rstrip().endswith(("；", ";")):
        return []
    rows = queries.NARRATIVE.run(engine.con, [doc_id]).rows
    at = next((i for i, (row_id, _t) in enumerate(rows) if row_id == passage.row_id), None)
    items, expected = [], numbers[-1] + 1
    for row_id, text in rows[at + 1:] if at is not None else []:
        if not re.match(rf"\s*{expected}[.．、](?!\d)", text):
            break
        items.append(_Entry(row_id, text))
        expected += 1
    return items


def stated_figure(engine: "Reader", u: "Understood", names: list[str]) -> Outcome | None:
    """An item no table names ('机关运行经费' of a document without that table, '委托业务费涉及的财拨资金')
    whose figure the text states."""
    return _stated(engine, u, names, change=_asks_change(u))




def counted(engine: "Reader", u: "Understood", held_only: bool = False) -> Outcome | None:
    """'有几辆公车', '设备有多少台（套）': the sentence of the text counting in the unit asked, with the
    question's words — what the department holds (共有车辆2辆), not what it plans to buy (计划购置车辆0辆),
    unless a purchase is what is asked — quoted under its paragraph's heading."""
    asked = _COUNT_ASKED.search(u.folded)
    if asked is None:
        return None
    buying = re.compile(rules()["purchase"])
    purchase = bool(buying.search(u.folded))
    words = [w for w in _core_terms(_content_words(u.text)) if not buying.fullmatch(w)]
    units = rules()["counted_in"].get(asked.group(1), asked.group(1))
    noun = rules()["counted_thing"].get(asked.group(1), "")  # 辆 counts 车: 公务用车 held by 车辆599台
    scored = []
    for row_id, text in queries.NARRATIVE.run(engine.con, [u.doc.doc_id]).rows:
        first, _, rest = text.partition("\n")
        heading = first.strip() if rest and not re.search(r"\d", first) else ""
        for sentence in SENTENCES.split(rest if heading else text):
            plain = _plain(sentence)
            count = re.search(rf"\d+\s*(?:{units})", plain)  # a purchase is said in its count's clause, not in a list
            clause = max(plain.rfind(mark, 0, count.start()) for mark in "，,；;：:") + 1 if count else 0
            if count and bool(buying.search(plain[clause:count.end() + 6])) == purchase:
                held = sum(word in plain or bool(noun) and noun in word and noun in plain for word in words)
                quote = f"{heading}\n{sentence.strip()}。" if heading else f"{sentence.strip()}。"
                scored.append((-held, len(scored), _Entry(row_id, quote)))
    best = min(scored, default=None)
    if best is not None and (best[0] < 0 or not words and not held_only):  # held_only: a sentence with the words
        return _quoted(u.doc.doc_id, best[2])
    return _enumerated(engine, u, asked.group(1))


_ENUMERATION = re.compile(r"(?:具体包括|包括|包含|分别是|分别为|设有|下设|内设)[：:]?(.+)")


def _widened(question: str, word: str, text: str) -> str:
    """``word`` grown, within the question, to the longest stretch ``text`` also holds (下属 → 下属单位)."""
    start = question.find(word)
    end = start + len(word)
    while end < len(question) and question[start:end + 1] in text:
        end += 1
    while start > 0 and question[start - 1:end] in text:
        start -= 1
    return question[start:end]


def _enumerated(engine: "Reader", u: "Understood", unit: str) -> Outcome | None:
    """'下属单位有几家', '设了几个科室': the sentence naming the thing counted before listing them
    ('下属单位具体包括：A、B、C'), counted item by item; not a list that goes on with 等."""
    asked = _COUNT_ASKED.search(u.text)
    after = _content_words(re.match(r"[\u4e00-\u9fff]*", u.text[asked.end():]).group(0)) if asked else []
    before = _content_words(u.text[:asked.start()]) if asked else []
    noun = (after or before[-1:] or [None])[0]  # the thing counted: 几个科室, 下属单位有几家
    for row_id, text in queries.NARRATIVE.run(engine.con, [u.doc.doc_id]).rows:
        for sentence in SENTENCES.split(text):
            plain = _plain(sentence)
            listed = _ENUMERATION.search(plain)
            if listed is None or noun is None or noun not in plain[:listed.start()]:
                continue
            items = [item.strip() for item in re.split(r"[、，,]", listed.group(1)) if item.strip()]
            if len(items) < 2 or items[-1].endswith("等") or re.search(r"\d+\s*[个家项名人所处类]", listed.group(1)):
                continue
            what = _widened(u.text, noun, plain[:listed.start()])
            count = Figure(f"{what}个数", Decimal(len(items)), unit, "计数")
            outcome = Outcome("counted_list", "retrieval", {"n": len(items), "unit": unit, "what": what,
                                                            "items": "、".join(items)}, [count], [row_id])
            outcome.doc_rows = {u.doc.doc_id: [row_id]}
            return outcome
    return None


def stated_answer(engine: "Reader", u: "Understood") -> Outcome | None:
    """A figure asked of nothing the tables name: the paragraph stating a figure with every content
    word of the question (部门预算收入 → 预算, 收入), each word or its characters in any order
    (辆车 in 车辆23辆), or nothing. A count asked (几辆) is the sentence counting in its unit."""
    if _COUNT_ASKED.search(u.folded):
        return counted(engine, u)
    about = _content_words(u.text)
    if not about:  # nothing to hold the text to ('单位一共有多少辆车'): the closest paragraph sharing words
        return definition(engine, u, needed=2)
    return _stated(engine, u, _core_terms(about), change=_asks_change(u), loose=True)


def stated_change(engine: "Reader", u: "Understood") -> Outcome | None:
    """'比上年增加多少' of a budget whose tables give this year alone: the text's statement of the
    change for what the question names ('“三公”经费…较2025年年初预算增加6.00万元')."""
    about = [u.text[m.start:m.end] for m in u.mentions] + unknown_names(u, "") \
        or carried_names(u) or _content_words(u.text)  # 比上年怎么变化？ of the item just asked
    return _stated(engine, u, _core_terms(about), change=True) if about else None


_NOT_CONTENT = re.compile(r"(?:几|多少)(?:个|项|家|辆|台|条|人|名|次)?|涉及|纳入了?|比例|比重|占比|百分比|比|较|跟|和|与|上年|去年|上一年|相比|增加|减少|增长|下降|变化|多少|了|吗|呢|有|没有|是|的"
                          r"|今年|本年|年|一共|总共|共计|分别|各自|各|请问|一下|大概|大约|安排|本?单位|本?部门|现在|目前")


def _content_words(text: str) -> list[str]:
    """The words a question asks about when no name of the data is in it ('部门预算收入比上年增加多少'
    → 部门, 预算, 收入)."""
    from assistant.engines.retrieval_engine import tokens

    return [word for word in tokens(_NOT_CONTENT.sub(" ", text)) if len(word) >= 2 and not word.isdigit()]


def _core_terms(names: list[str]) -> list[str]:
    """What a name must be found as in the text: its words without 预算/支出/费用 endings."""
    return [re.sub(r"(预算数?|支出|费用|经费)$", "", name) or name for name in names]
