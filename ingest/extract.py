"""Published tables → typed facts linked to their provenance rows.

Each table is classified by its title into a kind, and each kind has one
extractor (listed in ``EXTRACTORS``); a new layout is a new entry there, not a
fork. Every table, whatever its kind, also gives its provenance rows and its
amount cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterator

from assistant.errors import ParseError
from ingest.catalogue import DEPT_ECON, FUNC, GOV_ECON, SubjectNames, code_for_name, codes_named, func_level
from ingest.columns import first_label, is_number, stage_fields, table_measures, table_stages
from ingest.facts import Facts, to_wan
from ingest.model import ParsedDocument, RawTable, SourceRow
from ingest.normalize import (compact, enumerator_level, is_total_label, parse_amount,
                              split_subject, strip_enumerator, tidy)

_TEXT_LABELS = {"项目", "类", "款", "项", "一级", "二级", "三级"}
_TEXT_SUFFIXES = ("科目", "名称", "编码", "代码", "指标", "目标", "性质", "单位", "类别", "目录", "值", "说明",
                  "数量", "序号", "人数", "编号", "品目", "类型", "主体", "方式", "行次", "栏次")  # words and counts, not money
_RATIO = ("率", "%", "％", "比例", "比重")  # 完成率(%): a ratio, not money


@dataclass
class TableContext:
    doc_id: str
    source_name: str
    table: RawTable
    row_ids: dict[int, int]  # row_no → row_id
    facts: Facts
    names: SubjectNames
    amount_cols: list[int]
    rows: dict[int, list[str]]  # row_no → logical cells (re-aligned where a layout needs it)
    lenient: bool = False

    @property
    def unit(self) -> str | None:
        return self.table.unit

    def row_id(self, row: SourceRow) -> int:
        return self.row_ids[row.row_no]

    def cells(self, row: SourceRow) -> list[str]:
        return self.rows[row.row_no]

    def amount(self, row: SourceRow, col: int) -> Decimal | None:
        cell = self.cells(row)[col]
        try:
            return parse_amount(cell)
        except ValueError:
            if self.lenient:  # a form-like table (绩效目标填报表): its columns are not amount columns
                return None
            if _damaged_number(cell):  # '8,72l.5': a figure misprinted; reading it would give a wrong figure
                raise ParseError(file=self.source_name, line=row.line_no, page=row.page,
                                 reason_zh=f"{self.table.code}中的金额“{cell}”不是数字，请检查原文件。",
                                 reason_en=f"amount '{cell}' in {self.table.code} is not a number; check the source "
                                           "file.") from None
            self.facts.warn_once((self.table.code, row.row_no, col), scope="table", table_code=self.table.code,
                                 page=row.page, message=f"表“{self.table.name}”第{row.row_no}行的金额栏印的是文字"
                                                        f"“{cell}”，未当作金额读取。")
            return None

    def money(self, amount: Decimal | None) -> dict[str, object]:
        return {"amount": amount, "unit": self.unit, "amount_wan": to_wan(amount, self.unit)}


def _damaged_number(cell: str) -> bool:
    """Mostly digits yet no number ('8,72l.588540', '12.3.4'): not words a layout puts in a column."""
    text = cell.strip()
    digits = sum(char.isdigit() for char in text)
    return digits >= 2 and sum(char.isdigit() or char in ",.-%" for char in text) >= 0.6 * len(text)


def is_text_column(path: str) -> bool:
    """Not a money column: names, codes, indicator fields, and ratios such as 完成率(%)."""
    last = path.split("/")[-1] if path else ""
    return last in _TEXT_LABELS or last.endswith(_TEXT_SUFFIXES) or any(mark in last for mark in _RATIO)


def amount_columns(table: RawTable, cells: dict[int, list[str]]) -> list[int]:
    """Money columns: not named as text (科目名称, 计量单位, 序号 …) and holding numbers in most of their
    filled cells — a 采购品目 column of names is text whatever its header; a money column with one
    mistyped amount stays a money column, and the mistake is reported."""
    found = []
    for col, path in enumerate(table.column_paths):
        if not path or is_text_column(path):
            continue
        filled = [row_cells[col] for row in table.rows if row.role in ("body", "total")
                  and col < len(row_cells := cells[row.row_no]) and row_cells[col].strip()]
        if sum(_is_words(cell) for cell in filled) * 2 > len(filled):
            continue
        found.append(col)
    return found


_SUMMARY_TITLE = re.compile(r"^(\d{4}年度?)?(部门|单位)?(财务)?(财政拨款)?(收支|收入支出)(预算|决算)?总?表$"
                            r"|(收支|收入支出)(预算|决算)?总体(情况)?表")  # 广州: 收支总体情况表


# 项目支出表 of named projects (not a table of subjects: no 分类 in the title), 广州 部门预算项目支出及其他支出预算表
_PROJECT_LIST_TITLE = re.compile(r"项目支出(及其他支出)?(预算)?(总|明细|情况)?(预算)?表")


def classify(title: str) -> str:
    for kind, words in TABLE_KINDS:
        if kind == "summary" and _SUMMARY_TITLE.search(title):  # 收入支出决算表, 2024年部门收支总表
            return kind
        if kind == "project_list" and _PROJECT_LIST_TITLE.search(title) and "分类" not in title and "绩效" not in title:
            return kind
        if any(word in title for word in words):
            return kind
    return "generic"


def row_label(cells: list[str], col: int) -> str:
    """The nearest text cell left of an amount: the row's item or subject."""
    for cell in reversed(cells[:col]):
        if cell and not is_number(cell):
            return tidy(cell)
    return ""


def _is_words(cell: str) -> bool:
    """Text that is no amount at all ('-', '—' and '/' are blanks, not words)."""
    try:
        parse_amount(cell)
    except ValueError:
        return True
    return False


# ---------------------------------------------------------------- extractors per kind

def extract_lines(ctx: TableContext) -> None:
    """Expenditure by subject: function / government-economic / department-economic codes × measures."""
    roles = _subject_columns(ctx.table.column_paths, ctx)
    stages, main = table_stages(ctx)
    measures = table_measures([ctx.table.column_paths[col] for col in ctx.amount_cols])
    unit_col = _unit_column(ctx.table.column_paths)
    above: dict[str, str | None] = {}
    unit = None
    for row in ctx.table.body_rows:
        if row.role != "body":
            continue
        cells = ctx.cells(row)
        subjects = {scheme: _subject(cells, cols, scheme, above.get(scheme)) for scheme, cols in roles.items()}
        above.update({scheme: code for scheme, (code, _) in subjects.items() if code})
        if unit_col is not None and tidy(cells[unit_col]):
            unit = tidy(cells[unit_col])  # '深圳市公共就业服务中心 | | | 15,501.05': its block of rows begins
        if not any(code for code, _ in subjects.values()):
            continue
        for scheme, (code, name) in subjects.items():
            ctx.names.learn(scheme, code, name)
        func_code, func_name = subjects.get(FUNC, (None, None))
        gov_code, gov_name = subjects.get(GOV_ECON, (None, None))
        dept_code, dept_name = subjects.get(DEPT_ECON, (None, None))
        for col in ctx.amount_cols:
            amount = ctx.amount(row, col)
            if amount is None:
                continue
            path = ctx.table.column_paths[col]
            ctx.facts.add(
                "line_items", doc_id=ctx.doc_id, row_id=ctx.row_id(row), table_code=ctx.table.code,
                func_code=func_code, func_name=func_name, func_level=func_level(func_code) if func_code else None,
                func_class_code=func_code[:3] if func_code else None, func_class_name=None,
                func_kuan_code=func_code[:5] if func_code and len(func_code) >= 5 else None, func_kuan_name=None,
                gov_econ_code=gov_code, gov_econ_name=gov_name,
                dept_econ_code=dept_code, dept_econ_name=dept_name,
                dept_econ_class_code=dept_code[:3] if dept_code else None, dept_econ_class_name=None,
                measure=measures[path], **stage_fields(path, stages, main), column_path=path,
                unit_name=unit, **ctx.money(amount))


def _unit_column(paths: list[str]) -> int | None:
    """The column naming the unit each block of rows is of (预算单位 | 科目编码 | 科目名称 | …), if any."""
    return next((col for col, path in enumerate(paths) if re.fullmatch(r"(预算)?单位(名称)?", path.split("/")[-1])),
                None)


@dataclass
class SubjectColumns:
    """Where a classification's code and name stand: one '2010350-事业运行' column, a code and a name
    column, or the code split over 类/款/项 columns ('201 | 06 | 01 | 行政运行')."""

    code: int | None = None
    name: int | None = None
    parts: list[int] = field(default_factory=list)
    by_name: bool = False  # names only ('工资福利支出', '基本工资'): codes from the national catalogue


def _subject_columns(paths: list[str], ctx: TableContext) -> dict[str, SubjectColumns]:
    found: dict[str, SubjectColumns] = {}
    parents: dict[str, str] = {}  # '项目/科目编码' → the scheme its 类 column's codes showed: its 款, 项 too
    for col, path in enumerate(paths):
        parent, _, last = path.rpartition("/")
        scheme = _scheme_of(path) or (parents.get(parent) if last in ("款", "项") else None) \
            or _scheme_by_codes(path, col, ctx)
        if scheme is None:
            continue
        if last == "类":
            parents[parent] = scheme
        slot = found.setdefault(scheme, SubjectColumns())
        last = path.split("/")[-1]
        if last in ("类", "款", "项"):
            slot.parts.append(col)
        elif ("编码" in last or "代码" in last) and "名称" in last:  # 科目编码及名称: '205 教育支出'
            slot.code = slot.name = col
        elif last.endswith("编码") or last.endswith("代码"):
            slot.code = col
        elif last.endswith("名称"):
            slot.name = col
        else:
            slot.code = slot.name = col
    if not found:
        return _named_subjects(paths, ctx)
    for col, path in enumerate(paths):  # '功能分类/科目编码 | 科目名称': the name column of the code beside it
        if _scheme_of(path) is None and path.split("/")[-1].endswith("名称"):
            left = [(at, scheme) for scheme, slot in found.items()
                    if slot.name is None and (at := slot.code if slot.code is not None else max(slot.parts, default=None))
                    is not None and at < col]
            if left:
                found[max(left)[1]].name = col
    return found


def _named_subjects(paths: list[str], ctx: TableContext) -> dict[str, SubjectColumns]:
    """No code column: a column of names most of which the national catalogue knows, in one scheme
    (深圳's 基本支出总表: 工资福利支出, 基本工资, 津贴补贴 …)."""
    for col, path in enumerate(paths):
        if col in ctx.amount_cols or not path:
            continue
        names = [tidy(strip_enumerator(cells[col])) for row in ctx.table.body_rows if row.role == "body"
                 and col < len(cells := ctx.cells(row)) and cells[col].strip()]
        for scheme in (FUNC, DEPT_ECON):
            known = sum(name in codes_named(scheme) for name in names)
            if len(names) >= 2 and known >= 0.6 * len(names):
                return {scheme: SubjectColumns(name=col, by_name=True)}
    return {}


_CODE_HEADERS = ("科目", "编码", "代码", "项目")


def _scheme_by_codes(path: str, col: int, ctx: TableContext) -> str | None:
    """A bare '科目编码' / '科目编码及名称' column: the classification its codes belong to — 2xx function
    subjects, 3xx department economic, 5xx government economic."""
    if col in ctx.amount_cols or not any(word in path for word in _CODE_HEADERS):
        return None
    firsts = [code[0] for row in ctx.table.body_rows if col < len(ctx.cells(row))
              and (code := split_subject(ctx.cells(row)[col])[0] or compact(ctx.cells(row)[col])).isdigit()
              and len(code) in (3, 5, 7)]
    if not firsts:
        return None
    first = max(set(firsts), key=firsts.count)
    return {"2": FUNC, "3": DEPT_ECON, "5": GOV_ECON}.get(first)


def _scheme_of(path: str) -> str | None:
    if "功能分类" in path:
        return FUNC
    if "经济分类" in path:
        return GOV_ECON if "政府" in path else DEPT_ECON
    return None


def _subject(cells: list[str], cols: SubjectColumns, scheme: str = FUNC,
             above: str | None = None) -> tuple[str | None, str | None]:
    """A row's subject (code, name); ``above`` is the code of the subject row above it (names only)."""
    name = tidy(cells[cols.name]) if cols.name is not None else None
    if cols.by_name:
        name = tidy(strip_enumerator(name or ""))
        code = code_for_name(scheme, name, above) if name else None
        return (code, name) if code else (None, None)
    if cols.parts:
        code = "".join(compact(cells[col]) for col in cols.parts)
        return (code, name) if code.isdigit() else (None, None)
    if cols.code is None:  # a name column whose cells carry their codes: '[2013299]其他组织事务支出'
        code, name = split_subject(cells[cols.name]) if cols.name is not None else (None, None)
        return (code, name) if code else (None, None)
    if cols.code == cols.name:
        code, name = split_subject(cells[cols.code])
        return (code, name) if code else (None, None)
    code = compact(cells[cols.code]) or None
    if code and not code.isdigit() and name is None:
        code, name = split_subject(cells[cols.code])
    return (code, name) if code and code.isdigit() else (None, None)


def extract_summary(ctx: TableContext) -> None:
    """收支总表: 收入 on the left, 支出 on the right, each side a list of items in a hierarchy."""
    for side, name_col, amount_cols in _sides(ctx.table.column_paths, ctx.amount_cols):
        rows = [row for row in ctx.table.body_rows if row.role != "note" and ctx.cells(row)[name_col]]
        raws = [ctx.cells(row)[name_col] for row in rows]
        items = [tidy(strip_enumerator(raw)) for raw in raws]
        items = named_grand_total(items, [ctx.amount(row, amount_cols[0]) if amount_cols else None for row in rows], side)
        parents, codes = summary_parents(raws, items, side)
        for seq, (row, raw, item, parent, code) in enumerate(zip(rows, raws, items, parents, codes), start=1):
            for col in amount_cols:
                ctx.facts.add("summary_items", doc_id=ctx.doc_id, row_id=ctx.row_id(row), table_code=ctx.table.code,
                              side=side, seq=seq, item=item, item_raw=raw, parent=parent, func_code=code,
                              is_total=is_total_label(item), column_path=ctx.table.column_paths[col],
                              **ctx.money(ctx.amount(row, col)))


def named_grand_total(items: list[str], amounts: list[Decimal | None], side: str) -> list[str]:
    """A side's whole is its 收入总计 / 支出总计 whatever the table prints there ('合计' printed first,
    '收入合计' below 上年结转): the largest total not of the year alone. The printed name stays in item_raw."""
    grand = f"{side}总计"
    totals = [(amount, index) for index, (item, amount) in enumerate(zip(items, amounts))
              if is_total_label(item) and not item.startswith("本年") and amount is not None]
    if grand in items or not totals:
        return items
    _amount, index = max(totals)
    return items[:index] + [grand] + items[index + 1:]


def summary_parents(raws: list[str], items: list[str], side: str) -> tuple[list[str | None], list[str | None]]:
    """The item each item of a 收支总表 side stands under. Above the year's total (本年收入合计): by the
    enumerators (一、 > （一） > 1. > （1））; a plain name right before deeper numbered items heads
    them ('财政拨款' over '1.一般公共预算拨款'); on the 支出 side a plain name stands under the
    subject its code extends (类 > 款 > 项 in the national catalogue: '一、公共安全支出' › '司法' ›
    '行政运行'), else under the numbered item above. Below the total: 上年结转结余 and the funds
    listed under it. Also each 支出 item's function code, where the catalogue knows it."""
    parents: list[str | None] = []
    found: list[str | None] = []
    stack: list[tuple[int, str]] = []  # (level, item) of the items that may head the next ones
    coded: list[tuple[str, str]] = []  # (code, item) of the 支出 subjects so far
    extra: str | None = None
    after_total = False
    for index, (raw, item) in enumerate(zip(raws, items)):
        level = enumerator_level(raw)
        found.append(None)
        if is_total_label(item):
            after_total = after_total or item.startswith("本年") or item.endswith("合计")
            parents.append(None)
            continue
        if after_total:
            carried = extra is not None and level is None and item in items[:index] and ("结转" in extra or "结余" in extra)
            if level is None and not carried:
                extra = item
            parents.append(extra if level is not None or carried else None)
            continue
        code = code_for_name(FUNC, item, coded[-1][0] if coded else None) if side == "支出" else None
        if code:
            coded.append((code, item))
            found[-1] = code
        if level is None:
            following = enumerator_level(raws[index + 1]) if index + 1 < len(raws) else None
            by_code = next((name for other, name in reversed(coded[:-1]) if code and code.startswith(other)
                            and code != other), None)
            if by_code or (side == "支出" and stack):
                # a subject under the numbered class above; one the catalogue does not know stands
                # beside the plain name above it
                beside = parents[-1] if not by_code and index and enumerator_level(raws[index - 1]) is None else None
                parents.append(by_code or beside or stack[-1][1])
                continue
            heads = following is not None and (not stack or following > min(level for level, _ in stack))
            stack = [(0, item)] if heads else []
            parents.append(None)
            continue
        while stack and stack[-1][0] >= level:
            stack.pop()
        parents.append(stack[-1][1] if stack else None)
        stack.append((level, item))
    return parents, found


def _sides(paths: list[str], amount_cols: list[int]) -> list[tuple[str, int, list[int]]]:
    sides: list[tuple[str, int, list[int]]] = []
    for col, path in enumerate(paths):
        top = path.split("/")[0]
        side = "收入" if "收入" in top else "支出" if "支出" in top else None
        if side and col not in amount_cols and not any(s == side for s, _, _ in sides):
            amounts = [c for c in amount_cols if c > col and paths[c].split("/")[0] == top]
            sides.append((side, col, amounts))
    return sides


_TOTAL_COLUMN = re.compile(r"(合计|总计|小计)$")


def extract_procurement(ctx: TableContext) -> None:
    """政府采购 by category or item: each row's amount from the column of its total (资金来源/一般公共预算资金 |
    政府性基金 | … | 总计: the 总计), else the first amount column."""
    if not ctx.amount_cols:
        return
    paths = ctx.table.column_paths
    col = next((c for c in ctx.amount_cols if _TOTAL_COLUMN.search(paths[c].split("/")[-1])), ctx.amount_cols[0])
    for row in ctx.table.body_rows:
        if row.role == "note":
            continue
        category = tidy(strip_enumerator(first_label(ctx.cells(row)[:col]))) or compact(ctx.cells(row)[0])  # 一、货物类 → 货物类
        ctx.facts.add("procurement", doc_id=ctx.doc_id, row_id=ctx.row_id(row), table_code=ctx.table.code,
                      category=category, is_total=row.role == "total" or is_total_label(category),
                      **ctx.money(ctx.amount(row, col)))


def extract_project_list(ctx: TableContext) -> None:
    """项目支出表: a row per project (项目名称 | 合计 | 财政拨款 | 其他资金), without goals or indicators."""
    paths = ctx.table.column_paths
    name_col = next((col for col, path in enumerate(paths) if "项目名称" in path), None)
    if name_col is None and paths and "项目" in paths[0] and 0 not in ctx.amount_cols:
        name_col = 0  # 支出项目类别（资金使用单位）: the projects named in the first column
    if name_col is None:
        return
    goal_col = next((col for col, path in enumerate(paths) if "绩效目标" in path or path.endswith("目标")), None)

    total, fiscal, other = _project_columns(paths, ctx.amount_cols)
    rows = []
    for row in ctx.table.body_rows:
        cells = ctx.cells(row)
        raw = cells[name_col].strip()
        if row.role != "body" or not raw or is_total_label(raw) or _fragment(raw):
            continue
        amounts = {key: _summed(ctx, row, cols) for key, cols in (("total", total), ("fiscal_funds", fiscal),
                                                                   ("other_funds", other))}
        goal = tidy(cells[goal_col]) if goal_col is not None and goal_col < len(cells) else ""
        rows.append((row, raw, amounts, goal))
    unit = None
    for at, (row, raw, amounts, goal) in enumerate(rows):
        if _unit_row(raw) or _heads_group(at, [r[2]["total"] for r in rows]):
            unit = tidy(raw)  # 广州市气象台 | 284.00: the unit whose projects follow, their 小计
            continue
        ctx.facts.add("projects", doc_id=ctx.doc_id, row_id=ctx.row_id(row), table_code=ctx.table.code,
                      project_code=None, project_name=tidy(raw), project_name_raw=raw, unit=ctx.unit,
                      total_wan=ctx.money(amounts["total"])["amount_wan"], goal=goal or None, unit_name=unit,
                      **amounts)


def _heads_group(at: int, totals: list) -> bool:
    """A row whose total the next two or more rows add up to exactly, up to a row that again heads a group or
    the table's end: a unit's 小计 over its projects, not a project."""
    return any(later - at >= 2 and (later + 1 == len(totals) or any(_sums_to(later + 1, totals)))
               for later in _sums_to(at, totals))


def _sums_to(at: int, totals: list) -> Iterator[int]:
    """Each row after ``at`` where the rows after it, added up, reach the total at ``at`` exactly, until they
    pass it (the next unit's 小计 reached by its own projects)."""
    head, running = totals[at], 0
    if not head:
        return
    for later in range(at + 1, len(totals)):
        running += totals[later] or 0
        if running == head:
            yield later
        elif running > head:
            return


def _project_columns(paths: list[str], amount_cols: list[int]) -> tuple[list[int], list[int], list[int]]:
    """The columns of a project's 总额, of its 财政拨款 (the group's 合计, or all its columns) and of its
    other funds (every other column: 财政专户, 单位资金, 其他资金, 上年结转)."""
    def labels(col: int) -> list[str]:  # 2026年预算/财政拨款/一般公共预算拨款: the year's head set aside
        return [x for x in paths[col].split("/") if x and not re.fullmatch(r"(20\d\d年度?)?(预算|决算)?数?", x)] or [""]

    top = lambda col: labels(col)[0]  # noqa: E731
    total = [c for c in amount_cols if re.search(r"总计|总额|^合计$|^小计$", top(c))][:1] or amount_cols[:1]
    under = [c for c in amount_cols if c not in total and re.search(r"财政拨款|财政资金", "/".join(labels(c)))]
    whole = [c for c in under if re.search(r"合计|小计", paths[c]) or len(labels(c)) == 1][:1]
    fiscal = whole or under
    other = [c for c in amount_cols if c not in total and c not in under]
    return total, fiscal, other


def _summed(ctx: TableContext, row, cols: list[int]):
    values = [ctx.amount(row, col) for col in cols]
    return sum(v for v in values if v is not None) if any(v is not None for v in values) else None


def _fragment(name: str) -> bool:
    """A piece of a name wrapped onto its own line ('级）' of '深圳市科技创新局（本级）'): unbalanced
    brackets, or fewer than two characters of text."""
    opened = name.count("（") + name.count("(")
    closed = name.count("）") + name.count(")")
    return opened != closed or len(re.findall(r"[\u4e00-\u9fff]", name)) < 2


# A row naming the unit that spends (广州市商务局, 深圳市退役军人事务局（本级）): a group of projects, not one.
_UNIT_ROW = re.compile(r"(局|委员会|办公室|办公厅|中心|研究院|研究所|（本级）|\(本级\))$")


def _unit_row(name: str) -> bool:
    """A unit's row, also under its second name (广州市统计监测中心（广州市统计发展中心）)."""
    return bool(_UNIT_ROW.search(name) or _UNIT_ROW.search(re.sub(r"[（(][^（）()]{2,30}[）)]$", "", name)))


def extract_nothing_more(ctx: TableContext) -> None:
    """Kinds whose amount cells (in ``cells``) are the whole story: 收入汇总表, 购买服务, unknown tables."""


# Imported late: performance.py and three_public.py use TableContext from this module.
from ingest.performance import extract_performance, realign_performance  # noqa: E402
from ingest.three_public import extract_three_public  # noqa: E402

TABLE_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("performance", ("绩效目标", "绩效指标")),
    ("project_list", ("项目支出表", "项目支出预算表", "项目支出明细表", "项目支出预算明细表")),
    ("three_public", ("三公",)),
    ("procurement", ("政府采购",)),
    ("purchase_service", ("购买服务",)),
    ("summary", ("收支总表", "收支预算总表", "收入支出决算总表", "收支决算总表")),
    ("income", ("收入汇总表", "收入总表", "收入预算总表", "收入决算表", "收入总体情况表")),
    ("lines", ("支出",)),
)
EXTRACTORS: dict[str, Callable[[TableContext], None]] = {
    "performance": extract_performance,
    "project_list": extract_project_list,
    "three_public": extract_three_public,
    "procurement": extract_procurement,
    "purchase_service": extract_nothing_more,
    "summary": extract_summary,
    "income": extract_nothing_more,
    "lines": extract_lines,
    "generic": extract_nothing_more,
}
REALIGNERS: dict[str, Callable[[RawTable], dict[int, list[str]]]] = {"performance": realign_performance}


# ---------------------------------------------------------------- the document

def extract(doc: ParsedDocument, doc_id: str) -> tuple[Facts, SubjectNames]:
    facts = Facts()
    names = SubjectNames()
    next_row_id = 1
    contexts: list[tuple[str, TableContext]] = []
    for seq, table in enumerate(doc.tables, start=1):
        kind = classify(table.title)
        row_ids = {row.row_no: next_row_id + i for i, row in enumerate(table.rows)}
        next_row_id += len(table.rows)
        realign = REALIGNERS.get(kind)
        logical = realign(table) if realign else {row.row_no: row.cells for row in table.rows}
        amounts: list[Decimal | None] = []
        for number, view in enumerate(blocks(table)):  # a table printed as column groups side by side
            amount_cols = amount_columns(view, logical)
            cells = {row_no: _only(row, view.column_paths) for row_no, row in logical.items()} if view is not table \
                else logical
            ctx = TableContext(doc_id, doc.source_name, view, row_ids, facts, names, amount_cols, cells,
                               lenient=kind == "performance")
            amounts += _add_rows_and_cells(ctx, with_source_rows=number == 0)
            contexts.append((kind, ctx))
        facts.add("doc_tables", doc_id=doc_id, seq=seq, table_code=table.code, table_title=table.title,
                  table_kind=kind, unit=table.unit, heading_line=table.heading_line, n_rows=len(table.rows),
                  is_empty=not any(amount is not None and (amount or not table.says_empty) for amount in amounts),
                  column_paths=table.column_paths,  # empty: no amount, or zeros under 本表本年无发生额
                  decimals=max((max(0, -a.as_tuple().exponent) for a in amounts if a is not None), default=None))
    for kind, ctx in contexts:
        EXTRACTORS[kind](ctx)
    _form_decimals(facts)
    _name_levels(facts, names)
    _add_narrative(doc, doc_id, facts, next_row_id)
    return facts, names


def _form_decimals(facts: Facts) -> None:
    """A table of project forms has no amount columns: its decimals are those of the project amounts."""
    for table in facts["doc_tables"]:
        if table["decimals"] is None and table["table_kind"] == "performance":
            amounts = [p[key] for p in facts["projects"] if p["table_code"] == table["table_code"]
                       for key in ("total", "fiscal_funds", "other_funds") if p[key] is not None]
            table["decimals"] = max((max(0, -a.as_tuple().exponent) for a in amounts), default=None)


NARRATIVE_CODE = "正文"


def _add_narrative(doc: ParsedDocument, doc_id: str, facts: Facts, first_row_id: int) -> None:
    """Prose outside the tables (职能, 机构设置, 名词解释 …) is kept as rows of a pseudo-table 正文, each
    with the heading of the section it stands in (三、政府采购预算情况), for citations."""
    if not doc.narrative:
        return
    section = None
    for number, paragraph in enumerate(doc.narrative, start=1):
        row_id = first_row_id + number - 1
        section = section_heading(paragraph.text) or section
        facts.add("source_rows", doc_id=doc_id, row_id=row_id, table_code=NARRATIVE_CODE, row_no=number,
                  line_no=paragraph.line_no, page=paragraph.page, role="body", cells=[paragraph.text],
                  source_file=paragraph.source, section=section)
        facts.add("narrative", row_id=row_id, table_code=NARRATIVE_CODE, text=paragraph.text)
    facts.add("doc_tables", doc_id=doc_id, seq=len(doc.tables) + 1, table_code=NARRATIVE_CODE, table_title="说明文字",
              table_kind="narrative", unit=None, heading_line=doc.narrative[0].line_no, n_rows=len(doc.narrative),
              is_empty=True, column_paths=["正文"], decimals=None)


_SECTION = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)\s*"
                      r"(?P<title>[^。；;]{2,30}?)(?:[:：]|\n|$)")


_PAGE_NUMBER = re.compile(r"[-—－–\s]*(第?\s*\d+\s*页?(/\s*\d+\s*页?)?)?[-—－–\s]*")  # — 24 —, 第3页


def section_heading(text: str) -> str | None:
    """'三、政府采购预算情况\n2026年…' → '三、政府采购预算情况': a numbered heading opening the paragraph."""
    first, *rest = text.split("\n", 1)
    match = _SECTION.match(first)
    if match and not re.search(r"\d[\d,.]*\s*(万元|元)", match.group(0)):
        return match.group(0).rstrip(":：\n ")
    if rest and len(first) <= 20 and not re.search(r"[。，；,;]", first) and not _PAGE_NUMBER.fullmatch(first.strip()):
        return first.strip()  # a heading line the paragraph was joined to ('名词解释\n1.财政拨款收入：…')
    return None


def blocks(table: RawTable) -> list[RawTable]:
    """The table itself, or, when its columns repeat as groups side by side (科目编码 | 科目名称 | 决算数,
    two or three times: 人员经费 beside 公用经费), one view per group, the other groups' columns blanked
    and each column named by its own label (决算数 of 人员经费/决算数)."""
    paths = table.column_paths
    labels = [path.split("/")[-1] for path in paths]
    for size in range(2, len(paths) // 2 + 1):
        groups = [labels[start:start + size] for start in range(0, len(labels), size)]
        if len(paths) % size or any(group != groups[0] for group in groups):
            continue
        if not (any("编码" in label or "代码" in label for label in groups[0])
                and any(label and not is_text_column(label) for label in groups[0])):
            return [table]  # repeating measures or 收入 | 支出 sides, not repeating subject columns
        views = []
        for group in range(len(groups)):
            masked = [labels[col] if col // size == group else "" for col in range(len(paths))]
            views.append(RawTable(table.code, table.title, table.unit, table.heading_line, table.rows, masked))
        return views
    return [table]


def _only(cells: list[str], paths: list[str]) -> list[str]:
    return [cell if path else "" for cell, path in zip(cells, paths)] + cells[len(paths):]


def _add_rows_and_cells(ctx: TableContext, with_source_rows: bool = True) -> list[Decimal | None]:
    amounts: list[Decimal | None] = []
    for row in ctx.table.rows:
        if with_source_rows:
            ctx.facts.add("source_rows", doc_id=ctx.doc_id, row_id=ctx.row_id(row), table_code=ctx.table.code,
                          row_no=row.row_no, line_no=row.line_no, page=row.page, role=row.role, cells=row.cells,
                          source_file=row.source, section=None)
        if row.role not in ("body", "total"):
            continue
        cells = ctx.cells(row)
        row_amounts = [(col, ctx.amount(row, col)) for col in ctx.amount_cols]
        if row.role == "body" and all(amount is None for _, amount in row_amounts):
            continue  # e.g. an indicator row of a performance table: nothing to record as an amount
        for col, amount in row_amounts:
            amounts.append(amount)
            label = row_label(cells, col) or row_label(row.cells, col)  # a total's label may sit in the group before
            ctx.facts.add("cells", doc_id=ctx.doc_id, row_id=ctx.row_id(row), table_code=ctx.table.code, col_no=col,
                          row_label=label, column_path=ctx.table.column_paths[col], **ctx.money(amount))
    return amounts


def _name_levels(facts: Facts, names: SubjectNames) -> None:
    """Fill class-level names once every table has taught the document's own names."""
    for item in facts["summary_items"]:
        if item["side"] == "支出":
            names.learn(FUNC, names.code_for_class_name(FUNC, item["item"]), item["item"])
    for line in facts["line_items"]:
        line["func_class_name"] = names.name(FUNC, line["func_class_code"])
        line["func_kuan_name"] = names.name(FUNC, line["func_kuan_code"])
        line["dept_econ_class_name"] = names.name(DEPT_ECON, line["dept_econ_class_code"])
