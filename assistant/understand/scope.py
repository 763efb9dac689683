"""The documents a question is about: the departments and years it names, the issuers it names that
the store does not hold, and the document it is read in (named, selected, or the one the conversation
was about).

One :class:`Scope` per store: how each stored department may be named is worked out once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant import catalog
from assistant.types import Answer, Outcome
from assistant.understand.departments import (department_keys, department_pieces, named_departments, names_department,
                                              place_of)
from assistant.understand.coverage import rules
from assistant.understand.plan import asked_type
from assistant.understand.reading import Understood
from assistant.understand.vocabulary import Entity, Mention, Vocabulary, fold, name_forms

# Relative years count from the latest year in the store (a finance bureau's "今年" is its newest budget).
_RELATIVE_YEARS = {"今年": 0, "去年": -1, "前年": -2, "明年": 1, "后年": 2, "上一年度": -1, "下一年度": 1}
# A body named after its place may end in 台, 站, 院 or 署 too (深圳市气象台, 广州市无线电监测站), but not in 平台 or 网站.
_PLACED = r"[\u4e00-\u9fff]{1,6}?[市区县][\u4e00-\u9fff]{1,8}?(?:(?<!平)台|(?<!网)站|院|署)"
_PLACED_BODY = re.compile(_PLACED + "$")
_ORG = re.compile(r"(" + _PLACED + r"(?![\u4e00-\u9fff]{0,8}?(?:局|委员会|中心))"
                  r"|[\u4e00-\u9fff]{2,14}?(?:局|委员会|办公室|中心|(?<![大展餐客])厅|研究院|研究所|馆|街道办事处|人民政府|区政府|市政府|"
                  r"公司|大学|医院|学校|协会))")
_EVERY_DEPARTMENT = re.compile(r"各部门|每个部门|哪个部门|所有部门|各单位|哪个单位|哪家单位|各个部门|每个单位|所有单位|各家|哪一家"
                               r"|这(些|几个?)(部门|单位)|[两三四五六七八九十几](家|个)(部门|单位)|[这哪][两三四五六七八九十几]?家|(?:^|(?<=[，,；;、 ]))[两三四五六七八九十几]家"
                               r"|这[两三四五六七八九十几]份|每份|各份|所有文件")
_OVER_YEARS = re.compile(r"这(两|几|三|些)年|近(两|三|几)年|历年|逐年|每年|各年度?|哪一?年|两个?年度?的?(变化|对比|比较)")
_YEAR_WORDS = re.compile(r"(19|20)\d\d\s*年度?|今年|去年|前年|明年|本年度?|上年度?")
_SELF = re.compile(r"(这|该|本|此|那|我们?|咱们?|你们|贵)(个|家)?(局|委|办|厅|中心|单位|部门)$")
_GIVEN_TO = re.compile(r"^.*[给向替帮让把被占想知道问是在了我]")  # 财政拨款给|中心, 我想了解一下|中心: no name
_SELF_REFERENCE = re.compile(r"(你们|我们|咱们|贵|本)(单位|部门|局|中心|委|办|厅)")  # 你们单位一年花多少钱: the department
_PLACE_PREFIX = re.compile(r"^(?:中共|中国共产党)?(?:[\u4e00-\u9fff]{0,6}?[省市区县])?(?:人民政府)?")
_CONNECTOR = re.compile(r"^[和与及、跟同比的在是]+")
_YEAR = re.compile(r"(20\d\d)\s*年")
_AS_OF = re.compile(r"(截至|截止到?)\s*20\d\d\s*年(底|末|\d{1,2}月(底|末)?)?|20\d\d\s*年底"
                    r"|20\d\d\s*[-—–~至到]\s*20\d\d\s*年")  # a project's period (2026-2027年): no document's year
_CARRIED = re.compile(r"结转|结余")
_OUTTURN = re.compile(r"实际|决算|执行|完成")  # 2025年实际…决算: no budget's text states it
_AGAINST_EARLIER = re.compile(r"(比|较|跟|和|与|同)(上年|去年|上一年|20\d\d年?)(相比|比|比较|对比)?.{0,8}"
                              r"(增|减|多|少|变|差|高|低|涨|降)|同比|增减变化"
                              r"|(跟|和|与|同)(上年|去年|上一年|20\d\d年?)(相比|比|比较|对比)(呢|如何|怎么样|怎样|[，,])"
                              r"|(比|较)(上年|去年|上一年|20\d\d年?)(呢|如何|怎么样|怎样)")


@lru_cache(maxsize=1)
def _filler_words() -> tuple[str, ...]:
    return tuple(sorted((w for w in rules()["fillers"] if len(w) >= 2), key=len, reverse=True))


def _bare(name: str) -> str:
    """A name less the words before it that no name holds (我想了解一下|中心: 中心)."""
    rest = _GIVEN_TO.sub("", name)
    for word in _filler_words():
        rest = rest.replace(word, "")
    return rest


def unit_row(entity: Entity, mention: Mention) -> bool:
    """A mention naming, in full, a unit of the department: its row of a 收入表 by 单位."""
    return mention.exact and entity.is_unit


class Scope:
    """Departments, years and documents of the store, as questions name them."""

    def __init__(self, docs: list[catalog.DocumentInfo], vocabulary: Vocabulary,
                 year_columns: dict[str, list[str]]) -> None:
        self.docs = docs
        self.vocabulary = vocabulary
        self.year_columns = year_columns  # 2024年预算数 beside 2025年预算数 in a 2025 budget's table
        self.department_keys = {d.doc_id: department_keys(d.department) for d in docs}
        self._all_keys = {key for keys in self.department_keys.values() for key in keys}
        self._blanks = sorted({piece for d in docs for piece in department_pieces(d.department)} | self._all_keys,
                              key=len, reverse=True)
        self._units = {fold(e.name) for e in vocabulary.entities if e.is_unit}
        self.places = re.compile("|".join(f"{re.escape(p)}(市|省|区|县)?" for p in
                                          sorted({place_of(d.department) for d in docs} - {None}, key=len, reverse=True))
                                 or "(?!)")

    def documents_across(self, folded: str, pool: list[catalog.DocumentInfo]) -> list[catalog.DocumentInfo]:
        """Documents a question sets side by side: two years named (2024年预算比2023年决算), two
        departments named, or every department (各部门三公经费排名)."""
        named = self.named(folded)
        years = self.years(folded, named or pool)
        if len(years) >= 2:
            chosen = [d for d in (named or pool) if d.year in years]
        elif len({d.department for d in named}) >= 2 and not self._one_name(folded):
            chosen = [d for d in named if not years or d.year in years]
        elif _EVERY_DEPARTMENT.search(folded):
            chosen = [d for d in pool if not years or d.year in years]
        elif _OVER_YEARS.search(folded) and len({d.department for d in named or pool}) == 1:
            chosen = named or pool  # 这几年的变化: every year of the one department
        else:
            return []
        return sorted(chosen, key=lambda d: (self._year_position(folded, d.year), self._department_position(folded, d)))

    def beside(self, folded: str, cited: list[str]) -> list[catalog.DocumentInfo]:
        """The documents a follow-up sets side by side: those the answers before cited (titles) and the
        one it names ('那重庆市委宣传部呢？谁多' after 北京's figure), when they are two departments or more."""
        docs = [d for title in dict.fromkeys(cited) for d in self.docs if d.title == title] + self.named(folded)
        docs = list({d.department: d for d in docs}.values())
        if len(docs) < 2:
            return []
        return sorted(docs, key=lambda d: self._department_position(folded, d))

    def _one_name(self, folded: str) -> bool:
        """The departments named are named by one name ('科技局' fits 广州's and 苏州's): which is meant is
        the question, not both."""
        spans = self.named_spans(folded)
        outer = {(s, e) for s, e in spans if not any(o_s <= s and e <= o_e and (o_s, o_e) != (s, e) for o_s, o_e in spans)}
        return len(outer) == 1

    def _department_position(self, folded: str, doc: catalog.DocumentInfo) -> int:
        return min((folded.find(key) for key in self.department_keys[doc.doc_id] if key in folded), default=99)

    def named_spans(self, folded: str) -> list[tuple[int, int]]:
        """Where the question names a stored department."""
        return [(m.start(), m.end()) for key in self._all_keys for m in re.finditer(re.escape(key), folded)]

    def named(self, folded: str) -> list[catalog.DocumentInfo]:
        """The stored departments the question names — not a department's short name that is a word of
        the budget subject named beside it (办公厅 of 其他政府办公厅（室）及相关机构事务支出)."""
        spans = self.named_spans(folded)
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

    def years(self, folded: str, among: list[catalog.DocumentInfo] | None = None) -> set[int]:
        """Years a question names: 2024年, or 今年/去年/前年 counted from the latest year stored (of the
        department named, if one is)."""
        years = {int(y) for y in _YEAR.findall(_AS_OF.sub("", folded))}  # 截至2025年底: a date, no document's year
        latest = max((d.year for d in among or self.docs if d.year), default=None)
        carried = bool(_CARRIED.search(folded))  # 去年没花完结转到今年的钱: this year's 上年结转, not last year's budget
        for word, shift in _RELATIVE_YEARS.items():
            if word in folded and latest and not (carried and shift < 0):
                years.add(latest + shift)
        return years

    def column_years(self, doc: catalog.DocumentInfo) -> set[int]:
        return {int(y) for stage in self.year_columns.get(doc.doc_id, []) for y in _YEAR.findall(stage)}

    def year_stages(self, u: Understood) -> None:
        """Another year named of a document whose tables give that year's column too ('比2024年增加多少',
        '比上年少多少' in a 2025 budget with 2024年预算数 beside 2025年预算数): that column is a stage.
        '预算' in a budget is its own figure, not a stage."""
        stages = [s for s in u.intent.stages if not (s in ("预算", "年初预算数") and u.doc.kind == "预算")]  # a budget's own figure
        before = {u.doc.year - 1} if u.doc.year and re.search(r"(上年|上一年)(?!度?(结转|结余|末|初))", u.folded) else set()
        years = self.years(u.folded, [u.doc]) | before
        named = before | {int(y) for y in _YEAR.findall(_AS_OF.sub("", u.folded))}  # not 去年: it chose the document
        for year in sorted(years - {u.doc.year}):
            column = [s for s in self.year_columns.get(u.doc.doc_id, []) if s.startswith(f"{year}年")][:1]
            stages += column
            if not column and u.doc.year and year < u.doc.year \
                    and (_AGAINST_EARLIER.search(u.folded) or year in named and asked_type(u.words) in ("金额", "比例")) \
                    and not any(d.year == year for d in self.docs if d.department == u.doc.department):
                u.unpublished_year = year  # 比上年增加多少, 上年收入是多少: asked of a budget giving this year alone
        u.intent.stages = stages
        u.intent.stage = stages[0] if len(stages) == 1 and u.intent.operation != "compare" else \
            (u.intent.stage if u.intent.stage in stages else "")

    def _year_position(self, folded: str, year: int | None) -> int:
        latest = max((d.year for d in self.docs if d.year), default=0)
        words = [str(year)] + [w for w, shift in _RELATIVE_YEARS.items() if year and latest + shift == year]
        return min((folded.find(w) for w in words if w in folded), default=99)

    def organisations(self, text: str, mentions: list[Mention], named: list[tuple[int, int]]) -> list[str]:
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
                   and any(e.kind not in ("procurement", "row", "column") or unit_row(e, n) for e in n.entities)
                   for n in mentions):
                continue  # a unit named by its row of a 收入表 by 单位 (苏州市规划展示馆) is of the document
            if _SELF.search(match.group(1)) or len(_bare(match.group(1))) <= 3 < len(match.group(1)):
                continue  # 这个局, 本单位, 该中心 (财政给这个中心, 财政新拨给中心): the department asked about
            if self._facility(match.group(1)):
                continue  # 信访大厅 of 深圳市信访局: a place of the department, not another department
            if self._unit(match.group(1)):
                continue  # 地震局 of 广州市应急管理局's 收入表 by 单位 (广州市地震局): a unit of a stored department
            opening = match.start(1) - 1
            if opening > 0 and text[opening] in "（(" and any(e == opening for _s, e in named):
                continue  # 上海市戒毒康复中心（上海市司法局所属）: what the department named belongs to
            end = max((e for s, e in named if s < match.end(1) < e), default=match.end(1))  # 广州市政府|办公厅
            found.append(_CONNECTOR.sub("", text[self._name_start(text, match.start(1), match.end(1)):end]))
        return found

    def _name_start(self, text: str, start: int, end: int) -> int:
        """Where an issuer's name begins: at a stored place inside the match ('纳入广州市场监管局部门预算的…'
        names 广州市场监管局), not at the words before it. Never at a stored department's words inside it
        (深圳气象局 is another place's 气象局)."""
        place = self.places.search(text, start, end)
        return place.start() if place is not None else start

    def _unit(self, name: str) -> bool:
        """A unit a stored department lists by its row (广州市地震局), named without its place or with it."""
        stem = _PLACE_PREFIX.sub("", name)
        place = name[:len(name) - len(stem)]  # 市地震局: the city's 地震局, whatever the city's name

        def placed(unit: str) -> bool:
            own = unit[:len(unit) - len(_PLACE_PREFIX.sub("", unit))]
            return own.startswith(place) or len(place) == 1 and own.endswith(place)
        return len(stem) >= 3 and any(_PLACE_PREFIX.sub("", unit) == stem and placed(unit) for unit in self._units)

    def _facility(self, name: str) -> bool:
        """A hall, office or centre whose name begins as a stored department's does once the place is
        dropped (信访大厅 · 深圳市信访局, 市政务服务大厅 · 北京市政务服务中心): part of that department."""
        stem = _PLACE_PREFIX.sub("", name)
        place = name[:len(name) - len(stem)]  # 深圳市气象局 beside 重庆市气象局: another place's department
        if _PLACED_BODY.search(name):
            return False  # 深圳市气象台 beside 深圳市气象局: a body with a budget of its own
        return len(stem) > 2 and any(place in d.department and _PLACE_PREFIX.sub("", d.department)[:2] == stem[:2]
                                     and _PLACE_PREFIX.sub("", d.department) != stem for d in self.docs)

    def pick_document(self, folded: str, organisations: list[str], history: list[Answer],
                       mentions: list[Mention] = (), pool: list[catalog.DocumentInfo] = ()
                       ) -> tuple[catalog.DocumentInfo | None, Outcome | None]:
        """The document a question is about: the one it names, else the one of ``pool`` (the documents
        selected, or all) its years, history and names single out; else a refusal or a question back."""
        docs_text = "；".join(d.title for d in self.docs)
        selected = bool(pool) and len(pool) < len(self.docs)
        pool = pool or self.docs
        named = self.named(folded)
        if len({d.department for d in named}) >= 2 and self._one_name(folded):  # 科技局 of 广州 and of 苏州
            named = [d for d in named if d in pool] if selected and any(d in pool for d in named) else named
        years = self.years(folded, named or pool)
        known_years = {d.year for d in self.docs} | {y for d in self.docs for y in self.column_years(d)}
        own_years = {d.year for d in named or pool} | {y for d in named or pool for y in self.column_years(d)}
        if _AGAINST_EARLIER.search(folded) and own_years - {None}:
            # '跟去年比有变化吗': this year's document, set against a year it may state in its text (of the
            # documents meant: another department's 2025 column is no year of this one)
            years = {y for y in years if y in own_years or y > max(own_years - {None})}
        elif own_years - {None} and asked_type(folded) in ("金额", "比例") and not _OUTTURN.search(folded):
            # '2025年的收入预算是多少' of a 2026 budget: its text may state the change on that year
            # (a year written out: 去年 chooses a document, and with none of that year is refused here)
            own = {d.year for d in named or pool}  # the year just before a document's own (not a column's year)
            years -= {y for y in years - known_years if y + 1 in own and y in {int(n) for n in _YEAR.findall(folded)}}
        for year in sorted(years - known_years):
            return None, Outcome("refuse_other_doc", "refuse", {"what": f"{year}年", "docs": docs_text})
        for org in organisations:
            if not any(names_department(org, d.department, self.department_keys[d.doc_id]) for d in self.docs):
                return None, Outcome("refuse_other_doc", "refuse", {"what": org, "docs": docs_text},
                                     context={"refused_scope": org, "docs": docs_text})
        candidates = [d for d in (named or pool) if not years or d.year in years]
        before = self.last_cited(history) if _AGAINST_EARLIER.search(folded) and not named else None
        if not candidates and before is not None:  # '三公经费多少？跟去年比怎么样？': that document, against its year before
            candidates = [before]
        candidates = candidates or [d for d in (named or pool) if years & self.column_years(d)]
        if named and not candidates:  # 财政局2024年: that department has no document of that year
            what = f"{named[0].department}{'、'.join(str(y) for y in sorted(years))}年"
            return None, Outcome("refuse_other_doc", "refuse", {"what": what, "docs": docs_text})
        if len(candidates) > 1 and history and len({d.department for d in named}) < 2:  # not two departments named
            earlier = [d for d in candidates if any(c.doc == d.title for a in history for c in a.citations)]
            candidates = earlier[-1:] or candidates
        if len(candidates) > 1 and mentions:  # 白云机场口岸查验部门综合性补助经费: one document names it (a long
            # stretch of a project's or indicator's name, when none is named exactly)
            own = [m for m in mentions if m.exact and all(e.kind in ("project", "indicator") or unit_row(e, m)
                                                         or e.kind == "procurement" and e.is_unit_name
                                                         for e in m.entities)]  # or a unit: 广州市老人院
            own = own or [m for m in mentions if m.length >= 6 and all(e.kind in ("project", "indicator") for e in m.entities)]
            holding = [d for d in candidates if all(any(e.doc_id == d.doc_id for e in m.entities) for m in own)]
            candidates = holding if own and len(holding) == 1 else candidates
        if len(candidates) == 1:
            return candidates[0], None
        if not candidates:
            return None, Outcome("refuse_scope", "refuse", {"docs": docs_text})
        return None, Outcome("clarify_doc", "clarify", {"docs": "；".join(d.title for d in candidates)})  # the ones it may mean

    def last_cited(self, history: list[Answer]) -> catalog.DocumentInfo | None:
        cited = [c.doc for a in history for c in a.citations]
        return next((d for d in self.docs if cited and d.title == cited[-1]), None)

    def without_years(self, words: str) -> str:
        """``words`` (departments blanked) with the stored documents' years blanked too."""
        text = words
        for doc in self.docs:
            if doc.year:
                text = re.sub(rf"{doc.year}\s*年(度)?", lambda m: "□" * len(m.group(0)), text)
        return text

    def blank_departments(self, folded: str) -> str:
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
        for start, end in self.named_spans(folded):  # a short form (上海市医保中心 for …医疗保险事业管理中心)
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
