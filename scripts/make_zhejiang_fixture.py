"""Write the Excel version of the Zhejiang-style fixture from its text version.

    .venv/bin/python scripts/make_zhejiang_fixture.py

Reads  tests/fixtures/docs/浙江省示例县教育局_2025_部门预算.txt
Writes tests/fixtures/docs/浙江省示例县教育局_2025_部门预算.xlsx

The workbook imitates a county bureau's own export:
  * sheet 预算说明: the narrative part, one paragraph per row in column A;
  * one sheet per table, named by its code (附表1 … 附表12): the heading and the unit line in
    merged cells across the table's width, then the header rows with each label merged over
    the columns (or rows) it spans, then the body;
  * amounts stored as numbers formatted #,##0.00 (附表6: 0.00, as published without
    thousands separators), except a few cells kept as text strings exactly as printed
    (e.g. "7,907.42"), the way hand-pasted cells end up in real exports;
  * 附表7's 增减率 as numbers formatted 0.00%; quantities and 序号 as integers;
    subject and unit codes, indicator values (≥98%, 100%, 12个月 …) as text;
  * 附表12: each project as a block; the 项目资金 / 绩效指标 labels merged down their rows,
    and runs of equal 一级指标 / 二级指标 cells merged vertically.
No formulas (openpyxl cannot store cached results). Output is reproducible: fixed document
timestamps and fixed zip entry times, so an unchanged text file gives identical bytes.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from workbooks import save_workbook  # scripts/workbooks.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "tests" / "fixtures" / "docs"
SOURCE = DOCS / "浙江省示例县教育局_2025_部门预算.txt"
TARGET = DOCS / "浙江省示例县教育局_2025_部门预算.xlsx"
FIXED_TIME = datetime(2025, 2, 10, 9, 0, 0)

# How many header rows each table has (after the heading and unit lines).
HEADER_ROWS = {
    "附表1": 2, "附表2": 2, "附表3": 1, "附表4": 2, "附表5": 2, "附表6": 2,
    "附表7": 1, "附表8": 1, "附表9": 1, "附表10": 2, "附表11": 2, "附表12": 0,
}
# Cells kept as text strings exactly as printed: (sheet, first cell of the row) -> all amounts in that row.
TEXT_AMOUNT_ROWS = {("附表3", "2050202"), ("附表3", "2050204"), ("附表10", "合计"), ("附表2", "401006")}
PLAIN_FORMAT_SHEETS = {"附表6"}

AMOUNT = re.compile(r"^-?[\d,]+\.\d{2}$")
PERCENT = re.compile(r"^-?\d+(\.\d+)?%$")
INTEGER = re.compile(r"^\d{1,4}$")  # quantities and 序号; codes are longer and stay text
HEADING = re.compile(r"^(附表\d+) (.+)$")

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = Font(name="宋体", size=10)
BOLD = Font(name="宋体", size=10, bold=True)
TITLE = Font(name="黑体", size=14, bold=True)


def read_source(path: Path) -> tuple[list[str], list[tuple[str, str, str, list[list[str]]]]]:
    """The narrative lines, then each table as (code, heading, unit line, rows of cells)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    narrative: list[str] = []
    tables: list[tuple[str, str, str, list[list[str]]]] = []
    current = None
    for line in lines:
        m = HEADING.match(line)
        if m:
            current = [m.group(1), line, "", []]
            tables.append(current)
            continue
        if current is None:
            if line.strip():
                narrative.append(line)
            continue
        if not line.strip():
            current = None
        elif line.startswith("单位：") and not current[2]:
            current[2] = line
        else:
            current[3].append(line.split("\t"))
    return narrative, [tuple(t) for t in tables]


def width_of(rows: list[list[str]]) -> int:
    return max(len(r) for r in rows if len(r) > 1)


def put(ws, row: int, col: int, text: str, sheet: str, as_text: bool, header: bool):
    cell = ws.cell(row=row, column=col)
    cell.border = BOX
    cell.font = BOLD if header else FONT
    if text == "":
        return cell
    if not header and AMOUNT.match(text) and not as_text:
        cell.value = float(Decimal(text.replace(",", "")))
        cell.number_format = "0.00" if sheet in PLAIN_FORMAT_SHEETS else "#,##0.00"
        cell.alignment = Alignment(horizontal="right", vertical="center")
    elif not header and sheet == "附表7" and PERCENT.match(text):
        cell.value = float(Decimal(text[:-1]) / 100)
        cell.number_format = "0.00%"
        cell.alignment = Alignment(horizontal="right", vertical="center")
    elif not header and INTEGER.match(text) and sheet in ("附表10", "附表11"):
        cell.value = int(text)
        cell.number_format = "0"
        cell.alignment = Alignment(horizontal="center", vertical="center")
    else:
        cell.value = text
        cell.number_format = "@"
        align = "right" if AMOUNT.match(text) else ("center" if header else "left")
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    return cell


def merge_headers(ws, first_row: int, rows: list[list[str]], width: int):
    """Merge each header label over the blank cells to its right, or down over blank cells below."""
    n = len(rows)
    grid = [r + [""] * (width - len(r)) for r in rows]
    for i in range(n):
        for j in range(width):
            if not grid[i][j]:
                continue
            right = j
            while right + 1 < width and not grid[i][right + 1] and i + 1 < n:
                right += 1
            down = i
            if right == j:
                while down + 1 < n and not grid[down + 1][j]:
                    down += 1
            if right > j or down > i:
                ws.merge_cells(start_row=first_row + i, start_column=j + 1,
                               end_row=first_row + down, end_column=right + 1)


def write_performance(ws, first_row: int, rows: list[list[str]], width: int):
    """附表12: project blocks with merged labels."""
    r = first_row
    block_start = None
    for k, cells in enumerate(rows):
        cells = cells + [""] * (width - len(cells))
        label = cells[0]
        for j, text in enumerate(cells):
            header = j == 0 or (label == "绩效指标") or (label == "主管部门" and j == 2) or (label == "项目资金" and j == 1)
            put(ws, r, j + 1, text, "附表12", as_text=False, header=header and text != "")
        if label == "项目名称":
            block_start = r
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=width)
        elif label == "主管部门":
            ws.merge_cells(start_row=r, start_column=4, end_row=r, end_column=width)
        elif label == "年度绩效目标":
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=width)
            ws.row_dimensions[r].height = 42
        elif label in ("项目资金", "") and cells[1] in ("年度资金总额", "其中：财政资金", "其他资金"):
            ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=width)
        r += 1
        last_of_block = k + 1 == len(rows) or rows[k + 1][0] == "项目名称"
        if last_of_block and block_start is not None:
            _merge_block(ws, block_start, r - 1)
    return r


def _merge_block(ws, top: int, bottom: int):
    money = [row for row in range(top, bottom + 1) if ws.cell(row, 1).value == "项目资金"][0]
    ws.merge_cells(start_row=money, start_column=1, end_row=money + 2, end_column=1)
    ind = [row for row in range(top, bottom + 1) if ws.cell(row, 1).value == "绩效指标"][0]
    ws.merge_cells(start_row=ind, start_column=1, end_row=bottom, end_column=1)
    for col in (2, 3):  # 一级指标, 二级指标: merge runs of equal values
        run_start = ind + 1
        for row in range(ind + 2, bottom + 2):
            same = row <= bottom and ws.cell(row, col).value == ws.cell(run_start, col).value
            if col == 3 and row <= bottom and ws.cell(row, 2).value is not None and ws.cell(row, 2).value != ws.cell(run_start, 2).value:
                same = False
            if not same:
                if row - 1 > run_start:
                    for x in range(run_start + 1, row):
                        ws.cell(x, col).value = None
                    ws.merge_cells(start_row=run_start, start_column=col, end_row=row - 1, end_column=col)
                run_start = row


def build(source: Path = SOURCE) -> Workbook:
    narrative, tables = read_source(source)
    wb = Workbook()
    ws = wb.active
    ws.title = "预算说明"
    ws.column_dimensions["A"].width = 120
    for i, line in enumerate(narrative, 1):
        c = ws.cell(row=i, column=1, value=line)
        is_heading = i == 1 or re.match(r"^(第[一二三四]部分|[一二三四五六七]、[^：]{1,20}$)", line)
        c.font = TITLE if i == 1 else (BOLD if is_heading else FONT)
        c.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center" if i == 1 else "left")

    for code, heading, unit, rows in tables:
        ws = wb.create_sheet(code)
        width = width_of(rows)
        ws.cell(row=1, column=1, value=heading).font = TITLE
        ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        ws.row_dimensions[1].height = 28
        ws.cell(row=2, column=1, value=unit).font = FONT
        ws.cell(row=2, column=1).alignment = Alignment(horizontal="right")
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        first = 3
        if code == "附表12":
            write_performance(ws, first, rows, width)
        else:
            nh = HEADER_ROWS[code]
            r = first
            for k, cells in enumerate(rows):
                note = len(cells) == 1 and cells[0].startswith("注：")
                if note:
                    c = ws.cell(row=r, column=1, value=cells[0])
                    c.font = FONT
                    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
                    r += 1
                    continue
                as_text = (code, cells[0]) in TEXT_AMOUNT_ROWS
                for j in range(width):
                    text = cells[j] if j < len(cells) else ""
                    put(ws, r, j + 1, text, code, as_text, header=k < nh)
                r += 1
            merge_headers(ws, first, rows[:nh], width)
            ws.freeze_panes = ws.cell(row=first + nh, column=1)
        widths = [0] * width
        for cells in rows:
            for j, text in enumerate(cells[:width]):
                widths[j] = max(widths[j], sum(2 if ord(ch) > 127 else 1 for ch in text))
        for j, w in enumerate(widths):
            ws.column_dimensions[get_column_letter(j + 1)].width = min(max(w + 2, 10), 48)
        ws.page_setup.orientation = "landscape"
        ws.print_title_rows = f"{first}:{first + max(HEADER_ROWS[code], 1) - 1}"

    wb.properties.creator = "示例县教育局计划财务科"
    wb.properties.lastModifiedBy = "示例县教育局计划财务科"
    wb.properties.title = "浙江省示例县教育局2025年部门预算"
    return wb


def main() -> None:
    save_workbook(build(), TARGET, FIXED_TIME)
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
