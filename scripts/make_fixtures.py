"""Regenerate the committed format fixtures from the text-format documents.

    .venv/bin/pip install reportlab xlwt   # needed by this script only; tests read the committed files
    .venv/bin/python scripts/make_fixtures.py

For each document, into tests/fixtures/docs/:
  <name>.xlsx       one sheet per table (sheet named by table code): heading, unit line, then the rows;
                    header labels merged over the blanks to their right; amounts as numbers formatted
                    with their published decimals; indicator values and codes as text
  <name>_单表.xlsx  the whole document on one sheet, row N = line N of the text file
  <name>.csv        the whole document, UTF-8 with BOM, line N = line N of the text file
  <name>.xls        (sample only) as <name>.xlsx, legacy format, written with xlwt
  <name>.pdf        each table on its own pages, ruled, header rows repeated on every page
Outputs are reproducible: fixed timestamps, so an unchanged source gives unchanged bytes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from assistant.store import bundled_sample
from ingest.extract import classify
from ingest.model import RawTable
from ingest.normalize import looks_like_amount
from ingest.text import parse_text
from workbooks import save_workbook  # scripts/workbooks.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "docs"
SOURCES = [bundled_sample(), OUT / "北京市公共资源交易中心_2025_部门预算.txt"]
FIXED_TIME = datetime(2026, 1, 1)


@dataclass
class Row:
    line_no: int  # in the text file
    cells: list[str]
    header: bool = False
    amounts: set[int] = field(default_factory=set)  # columns written as numbers


@dataclass
class Block:
    """One table as written: its heading and unit lines, then its rows; merges as (row, first, last col)."""

    code: str
    top: list[Row]
    rows: list[Row]
    merges: list[tuple[int, int, int]]
    header_rows: int  # the first header block, repeated on every PDF page

    @property
    def all_rows(self) -> list[Row]:
        return self.top + self.rows


def read_blocks(path: Path) -> tuple[list[str], list[Block]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    blocks = []
    for table in parse_text(path).tables:
        first = table.rows[0].line_no
        top = [Row(number, lines[number - 1].split("\t")) for number in range(table.heading_line, first)
               if lines[number - 1].strip()]
        rows = [Row(row.line_no, lines[row.line_no - 1].split("\t"), row.role == "header",
                    amount_columns(table, lines[row.line_no - 1].split("\t"), row.role)) for row in table.rows]
        leading = next((i for i, row in enumerate(rows) if not row.header), len(rows))
        blocks.append(Block(table.code, top, rows, header_merges(rows, table.width), leading))
    return lines, blocks


def amount_columns(table: RawTable, cells: list[str], role: str) -> set[int]:
    """Published amounts (with decimals); in a performance table only the project's funds columns,
    so indicator values (99, 265.275) stay text as they are in published workbooks."""
    if role in ("header", "note"):
        return set()
    performance = classify(table.title) == "performance"
    return {j for j, cell in enumerate(cells) if looks_like_amount(cell) and "." in cell
            and (not performance or table.column_paths[j] == "项目总额" or table.column_paths[j].startswith("其中"))}


def header_merges(rows: list[Row], width: int) -> list[tuple[int, int, int]]:
    """A header label merged over the blanks to its right that have labels below them (horizontal only)."""
    merges = []
    start = 0
    while start < len(rows):
        if not rows[start].header:
            start += 1
            continue
        end = start
        while end < len(rows) and rows[end].header:
            end += 1
        grid = [row.cells + [""] * (width - len(row.cells)) for row in rows[start:end]]
        for r, cells in enumerate(grid):
            for j, label in enumerate(cells):
                k = j + 1
                while label.strip() and k < width and not cells[k].strip() and any(
                        grid[below][k].strip() for below in range(r + 1, len(grid))):
                    k += 1
                if k - 1 > j:
                    merges.append((start + r, j, k - 1))
        start = end
    return merges


def number(cell: str) -> tuple[float, str]:
    """An amount and the number format showing it as published: its decimals, grouped unless it was not."""
    value = Decimal(cell.replace(",", ""))
    decimals = max(-value.as_tuple().exponent, 0)
    grouped = "," in cell or abs(value) < 1000
    return float(value), ("#,##0" if grouped else "0") + ("." + "0" * decimals if decimals else "")


# ------------------------------------------------------------------ writers

def write_xlsx(blocks: list[Block], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for block in blocks:
        sheet = book.create_sheet(block.code)
        top = len(block.top)
        for r, row in enumerate(block.all_rows, start=1):
            _put_row(sheet, r, row)
        for r, first, last in block.merges:
            sheet.merge_cells(start_row=top + r + 1, start_column=first + 1, end_row=top + r + 1, end_column=last + 1)
    save_workbook(book, path, FIXED_TIME)


def write_single_sheet_xlsx(lines: list[str], blocks: list[Block], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "部门预算"
    rows = {row.line_no: row for block in blocks for row in block.all_rows}
    for number_, text in enumerate(lines, start=1):
        _put_row(sheet, number_, rows.get(number_) or Row(number_, text.split("\t")))
    for block in blocks:
        for r, first, last in block.merges:
            line = block.rows[r].line_no
            sheet.merge_cells(start_row=line, start_column=first + 1, end_row=line, end_column=last + 1)
    save_workbook(book, path, FIXED_TIME)


def _put_row(sheet, r: int, row: Row) -> None:
    for j, cell in enumerate(row.cells):
        if not cell:
            continue
        target = sheet.cell(row=r, column=j + 1)
        if j in row.amounts:
            target.value, target.number_format = number(cell)
        else:
            target.value = cell
            target.data_type = "s"  # '2010350', '99': text as published, not a number


def write_csv(lines: list[str], path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for text in lines:
        writer.writerow(text.split("\t") if text else [])
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")


def write_xls(blocks: list[Block], path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    styles: dict[str, xlwt.XFStyle] = {}
    for block in blocks:
        sheet = book.add_sheet(block.code)
        top = len(block.top)
        merged = {(top + r, first): last for r, first, last in block.merges}
        for r, row in enumerate(block.all_rows):
            for j, cell in enumerate(row.cells):
                if (r, j) in merged:
                    sheet.write_merge(r, r, j, merged[(r, j)], cell)
                elif cell and j in row.amounts:
                    value, format_ = number(cell)
                    sheet.write(r, j, value, styles.setdefault(format_, xlwt.easyxf(num_format_str=format_)))
                elif cell:
                    sheet.write(r, j, cell)
    book.save(str(path))


def write_pdf(blocks: list[Block], path: Path) -> None:
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    rl_config.invariant = 1  # no creation date or random id: the same bytes every time
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    title = ParagraphStyle("title", fontName="STSong-Light", fontSize=12, leading=16, spaceAfter=4)
    plain = ParagraphStyle("plain", fontName="STSong-Light", fontSize=8, leading=10, spaceAfter=4)
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=6, leading=7.5, wordWrap="CJK")
    document = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=24, rightMargin=24,
                                 topMargin=24, bottomMargin=24, title=path.stem)
    story: list = []
    for block in blocks:
        heading, *units = block.top
        story.append(Paragraph(escape(" ".join(heading.cells).strip()), title))
        story += [Paragraph(escape(" ".join(unit.cells).strip()), plain) for unit in units]
        width = max(len(row.cells) for row in block.rows)
        data = [[Paragraph(escape(text), cell) for text in row.cells + [""] * (width - len(row.cells))]
                for row in block.rows]
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        style += [("SPAN", (first, r), (last, r)) for r, first, last in block.merges]
        story += [Table(data, colWidths=_column_widths(block.rows, width, document.width),
                        repeatRows=block.header_rows, style=TableStyle(style)), PageBreak()]
    document.build(story[:-1])


def _column_widths(rows: list[Row], width: int, available: float) -> list[float]:
    weights = [min(max((len(row.cells[j]) for row in rows if j < len(row.cells)), default=1), 30) + 3
               for j in range(width)]
    return [available * weight / sum(weights) for weight in weights]


def main() -> None:
    for source in SOURCES:
        lines, blocks = read_blocks(source)
        stem = OUT / source.stem
        outputs = [(stem.with_name(f"{source.stem}.xlsx"), lambda p: write_xlsx(blocks, p)),
                   (stem.with_name(f"{source.stem}_单表.xlsx"), lambda p: write_single_sheet_xlsx(lines, blocks, p)),
                   (stem.with_name(f"{source.stem}.csv"), lambda p: write_csv(lines, p)),
                   (stem.with_name(f"{source.stem}.pdf"), lambda p: write_pdf(blocks, p))]
        if source == SOURCES[0]:
            outputs.append((stem.with_name(f"{source.stem}.xls"), lambda p: write_xls(blocks, p)))
        for target, write in outputs:
            write(target)
            print(f"{target.relative_to(ROOT)}  {target.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
