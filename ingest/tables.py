"""Rows of cells → published tables, whatever the format the rows came from.

A table starts at a heading line (``预算01表 收支总表``, ``预算表12 项目支出绩效目标表``,
``表一 …``, ``附表1 …``, ``2024年部门收支总表``), may have a unit line
(``金额单位：万元``), then header rows (merged cells come out blank), then body
rows. A header repeated inside a table (per project block, or per PDF page)
is kept as a header row, not data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from ingest.catalogue import class_names
from ingest.model import Paragraph, RawTable, SourceRow
from ingest.normalize import (compact, is_enumerated, is_subject_code, is_total_label, looks_like_amount, parse_amount,
                              split_code_name, split_subject, within_rounding)

_CODE = (r"(?:(?:预算|决算|收支|部门|公开)?\s*\d{1,2}\s*表(?:\s*\d+)?|(?:预算|决算)?\s*表\s*\d{1,2}(?:\s*-\s*\d+)?"
         r"|附表\s*\d{1,2}(?:\s*-\s*\d+)?|表[一二三四五六七八九十]+)")
_HEADING = re.compile(rf"^(?P<code>{_CODE})[\s:：]*(?P<title>\S.{{0,40}})$")
CODE_ONLY = re.compile(rf"^{_CODE}$")  # '公开05表' printed on its own line above the title
_TITLE_ONLY = re.compile(r"^(?:\d{4}年(?:度)?)?\S{0,30}(?:表)(?:[（(][^（）()]{1,12}[）)])?$")
_QUALIFIER = re.compile(r"[（(][^（）()]{1,12}[）)]$")  # '…情况表（按功能分类科目）', '…表（续）'
_TABLE_WORDS = ("收支", "收入", "支出", "三公", "采购", "购买服务", "绩效", "预算", "决算", "经费")
UNIT = re.compile(r"单位\s*[:：]\s*(万元|元|千元|亿元)")
_NOTE = re.compile(r"^(注[:：\d]|说明[:：]|备注[:：]|本表|无.{0,20}的，仍保留)")
EMPTY_NOTE = re.compile(r"空表|无数据|没有数据|本表无|无发生额|未安排")
MAX_HEADER_ROWS = 5


@dataclass(frozen=True)
class Line:
    """One line of a source: a row of cells. ``kind`` is "row" where the format cannot tell a table's
    row from prose (text, CSV, a sheet), "grid" for a row the page's layout shows is a table's (PDF),
    "text" for prose a parser knows lies outside any table; such a line ends the table before it."""

    line_no: int
    cells: list[str]
    page: int | None = None
    kind: str = "row"  # row | grid | text

    @property
    def filled(self) -> list[str]:
        return [cell.strip() for cell in self.cells if cell.strip()]


def match_heading(line: Line) -> tuple[str, str] | None:
    """(code, title) when the line is a table heading, else None."""
    filled = line.filled
    if len(filled) != 1:
        return None
    text = filled[0]
    match = _HEADING.match(text)
    if match and _QUALIFIER.sub("", match.group("title")).endswith("表"):
        return compact(match.group("code")), compact(match.group("title"))
    plain = compact(text)
    if _TITLE_ONLY.match(plain) and any(word in plain for word in _TABLE_WORDS):
        return plain, plain
    return None


def match_unit(line: Line) -> str | None:
    for cell in line.filled:
        match = UNIT.search(cell)
        if match:
            return match.group(1)
    return None


def _header_with_unit(line: Line) -> bool:
    """'项目（单位：元） | 合计 | 因公出国（境）费 | …': a header row, not a unit line."""
    return len(line.filled) >= 3 and not any(cell.startswith(("编制", "单位", "金额单位")) for cell in line.filled[1:])


def is_data_row(cells: list[str]) -> bool:
    """A body row: it carries an amount, or starts with a subject code, an enumerated item or a total."""
    filled = [cell.strip() for cell in cells if cell.strip()]
    if not filled:
        return False
    if any(looks_like_amount(cell) for cell in filled):
        return True
    first = filled[0]
    if is_total_label(first):
        return len(filled) == 1
    code, _ = split_code_name(first)
    return bool(code) or is_subject_code(first) or is_enumerated(first)


def is_note(line: Line) -> bool:
    filled = line.filled
    return len(filled) == 1 and bool(_NOTE.match(filled[0]))


def column_paths(header_rows: list[list[str]], width: int) -> list[str]:
    """One path per column from stacked header rows; a blank under a label continues it
    (vertical merge), a blank above labelled cells takes the label to its left (horizontal merge)."""
    grid = [[compact(row[j]) if j < len(row) else "" for j in range(width)] for row in header_rows]
    paths: list[list[str]] = [[] for _ in range(width)]
    for r, row in enumerate(grid):
        for j in range(width):
            label = row[j]
            if not label and any(grid[below][j] for below in range(r + 1, len(grid))):
                left = next((k for k in range(j - 1, -1, -1) if row[k]), None)
                # A merge never crosses a label that starts higher up (公务接待费 is not under the
                # 公务用车运行维护费 to its left).
                if left is not None and not any(grid[above][c] for above in range(r) for c in range(left + 1, j + 1)):
                    label = row[left]
            if label:
                paths[j].append(label)
    return ["/".join(path) for path in paths]


def split_tables(lines: Iterable[Line]) -> tuple[list[RawTable], list[Paragraph]]:
    """Group lines into tables; lines before the first heading or between tables are narrative.
    A table's heading printed again at the top of a later page continues it (its header rows
    repeat there and are recognised); a project form's title repeated is the next form."""
    tables: list[RawTable] = []
    narrative: list[Paragraph] = []
    current: RawTable | None = None
    code: str | None = None
    awaiting = False  # a heading seen, its first row not yet
    for line in lines:
        heading = match_heading(line)
        if heading:
            named = code if code and heading[0] == heading[1] else heading[0]
            if tables and _continues(tables[-1], named, heading[1], line):
                current = tables[-1]
            else:
                current = RawTable(code=named, title=heading[1], unit=None, heading_line=line.line_no)
                tables.append(current)
            code, awaiting = None, True
            continue
        if len(line.filled) == 1 and CODE_ONLY.match(compact(line.filled[0])):
            code = compact(line.filled[0])  # the title follows
            continue
        if not line.filled:
            continue
        code = None
        unit = match_unit(line)
        if current is not None and unit and awaiting:
            current.unit = current.unit or unit
            if not _header_with_unit(line):
                continue  # a unit line ('编制单位：XX  单位：元'); a header row naming its unit stays a row
        if current is not None and awaiting and line.kind == "text" and _label_line(line):
            narrative.append(Paragraph(line.line_no, " ".join(line.filled), line.page))
            continue  # between a heading and its rows ('单位名称：XX'): the table has not begun
        if current is not None and not is_note(line) and (line.kind == "text" or
                                                          line.kind == "row" and _prose_after_rows(current, line)):
            current = None  # prose after a table: the table has ended
        if current is None and line.kind != "text" and tables and _repeats_header(tables[-1], line):
            current = tables[-1]  # the table goes on after a page break: its header printed again
        if current is None:
            narrative.append(Paragraph(line.line_no, " ".join(line.filled), line.page))
            continue
        _add_row(current, line)
        awaiting = False
    tables = [table for table in tables if table.rows]  # a heading with nothing under it: a contents entry
    seen: dict[str, int] = {}
    for table in tables:
        _finish(table)
        seen[table.code] = seen.get(table.code, 0) + 1
        if seen[table.code] > 1:  # one 绩效目标填报表 per project: 财政项目支出绩效目标填报表(2) …
            table.code = f"{table.code}({seen[table.code]})"
    return tables, narrative


def _label_line(line: Line) -> bool:
    """'单位名称：广州市气象局', '表1': a short line that labels the table below it, no prose."""
    text = compact(" ".join(line.filled))
    return len(text) <= 40 and not re.search(r"[，。；]", text) and ("：" in text or ":" in text or len(text) <= 8)


def _continues(table: RawTable, code: str, title: str, line: Line) -> bool:
    """The last table's heading again, on a later page: the table goes on (not a project form, of
    which each is a table of its own under the same title)."""
    last_page = table.rows[-1].page if table.rows else None
    return (table.code, table.title) == (code, title) and "绩效" not in title and \
        line.page is not None and last_page is not None and line.page > last_page


def _repeats_header(table: RawTable, line: Line) -> bool:
    first = next((row for row in table.rows if row.role != "note"), None)
    return first is not None and not is_data_row(line.cells) and \
        [compact(c) for c in line.filled] == [compact(c) for c in first.cells if c.strip()]


def _prose_after_rows(table: RawTable, line: Line) -> bool:
    """In formats that do not tell prose from rows (text, CSV): a lone non-data cell of some length after
    the table's data rows ('其他相关情况说明', a paragraph) is prose, unless it repeats the table's header."""
    filled = line.filled
    if len(filled) != 1 or len(filled[0]) < 6 or is_data_row(line.cells):
        return False
    if not any(is_data_row(row.cells) for row in table.rows):
        return False
    first = [compact(cell) for cell in table.rows[0].cells if cell.strip()]
    return [compact(filled[0])] != first


def _add_row(table: RawTable, line: Line) -> None:
    role = "note" if is_note(line) else "body"
    table.rows.append(SourceRow(row_no=len(table.rows) + 1, line_no=line.line_no,
                                cells=[cell.strip() for cell in line.cells], role=role, page=line.page))


def _finish(table: RawTable) -> None:
    """Mark header rows (leading non-data rows, and any repeat of the header) and total rows."""
    first_header: list[str] | None = None
    in_header = True
    for row in table.rows:
        if row.role == "note":
            continue
        signature = [compact(cell) for cell in row.cells]
        if first_header is not None and _same_row(signature, first_header):
            in_header = True
        if _column_numbers(row.cells):
            row.role = "header"  # '栏次 | 1 | 2 | 3': numbers the columns, no amounts
            continue
        if in_header and not is_data_row(row.cells):
            row.role = "header"
            first_header = first_header or signature
            continue
        in_header = False
        filled = [cell for cell in row.cells if cell]
        if filled and is_total_label(filled[0]):
            row.role = "total"
    mark_unit_total(table)
    header = _first_header_block(table)
    table.column_paths = column_paths([row.cells for row in header], table.width)
    for row in table.rows:
        row.cells = row.cells + [""] * (table.width - len(row.cells))


def mark_unit_total(table: RawTable) -> None:
    """A table without a 合计 row whose first row names the unit ('深圳市司法局（本级） | | | 21,796.12')
    and holds the sum of the rows below it — its class rows (三位 codes: 201, 301, or the catalogue's
    class names: 工资福利支出), or else all of them (a list of projects): that row is the table's
    total, printed first."""
    if any(row.role == "total" for row in table.rows):
        return
    body = [row for row in table.rows if row.role == "body"]
    if len(body) < 2 or any(_code_of(cell) for cell in body[0].cells):
        return
    first = next((cell for cell in body[0].cells if looks_like_amount(cell)), None)
    if first is None:
        return
    column = body[0].cells.index(first)
    coded = [row for row in body[1:] if any(_code_of(cell) for cell in row.cells)]
    named = [row for row in body[1:] if any(compact(cell) in class_names() for cell in row.cells)]
    parts = [row for row in coded if any(len(_code_of(cell) or "") == 3 for cell in row.cells)] if coded \
        else named or body[1:]
    amounts = [parse_amount(row.cells[column]) for row in parts
               if column < len(row.cells) and looks_like_amount(row.cells[column])]
    if parts and within_rounding(sum(amounts, Decimal(0)), parse_amount(first), len(amounts)):
        body[0].role = "total"


def _code_of(cell: str) -> str | None:
    """A subject code standing in a cell alone ('201') or before its name ('2010601-行政运行')."""
    text = compact(cell)
    return text if re.fullmatch(r"\d{3}|\d{5}|\d{7}", text) else split_subject(cell)[0]


def _same_row(signature: list[str], header: list[str]) -> bool:
    strip = lambda cells: [cell for cell in cells if cell]  # noqa: E731 - trailing blanks differ by format
    return strip(signature) == strip(header)


def _column_numbers(cells: list[str]) -> bool:
    filled = [compact(cell) for cell in cells if cell.strip()]
    if filled and filled[0] in ("栏次", "行次", "栏号"):
        return True
    return len(filled) >= 3 and filled == [str(n) for n in range(1, len(filled) + 1)]


def _first_header_block(table: RawTable) -> list[SourceRow]:
    block: list[SourceRow] = []
    for row in table.rows:
        if row.role == "header" and _column_numbers(row.cells):
            continue
        if row.role == "header":
            block.append(row)
        elif row.role != "note":
            break
    return block[:MAX_HEADER_ROWS]
