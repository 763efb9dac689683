"""An answer for a staff report: its question, reading, figures and cited rows as an Excel sheet or a
Word document. Figures keep their exact published text beside the number."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from assistant.types import Answer

_FIGURE_HEADERS = ["项目", "金额（原文）", "金额", "单位", "计算"]
_SOURCE_HEADERS = ["文件", "表", "表名", "行", "页", "单元格（原文）"]
_FIGURE_WIDTHS = (40, 20, 20, 8, 50)
_SOURCE_WIDTHS = (36, 12, 30, 6, 6, 100)


def _figure_rows(answer: Answer) -> list[list]:
    return [[f.label, format(f.value, "f"), f.value, f.unit, f.formula or "原表数字"] for f in answer.figures]


def _source_rows(answer: Answer) -> list[list]:
    return [[c.doc, c.table, c.table_name, c.row, c.page or "", " | ".join(c.cells)] for c in answer.citations]


def to_excel(answer: Answer) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "回答"
    for label, value in (("问题", answer.question), ("理解为", answer.interpretation), ("回答", answer.body)):
        sheet.append([label, value])
    for row in sheet.iter_rows():
        row[0].font = Font(bold=True)
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["B"].width = 100
    figures = book.create_sheet("数字")
    figures.append(_FIGURE_HEADERS)
    for row in _figure_rows(answer):
        figures.append(row)
        figures.cell(figures.max_row, 3).number_format = "#,##0.000000"
    sources = book.create_sheet("来源")
    sources.append(_SOURCE_HEADERS)
    for row in _source_rows(answer):
        sources.append(row)
    for header_row in (figures[1], sources[1]):
        for cell in header_row:
            cell.font = Font(bold=True)
    for sheet_, widths in ((figures, _FIGURE_WIDTHS), (sources, _SOURCE_WIDTHS)):
        for column, width in zip("ABCDEF", widths):
            sheet_.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_word(answer: Answer) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading("预算问答", level=1)
    document.add_paragraph(f"问题：{answer.question}")
    if answer.interpretation:
        document.add_paragraph(answer.interpretation)
    for line in answer.body.splitlines():
        document.add_paragraph(line)
    for title, headers, rows in (("数字", _FIGURE_HEADERS, [r[:2] + r[3:] for r in _figure_rows(answer)]),
                                 ("来源", _SOURCE_HEADERS, _source_rows(answer))):
        if not rows:
            continue
        shown_headers = headers if title == "来源" else headers[:2] + headers[3:]
        document.add_heading(title, level=2)
        table = document.add_table(rows=1, cols=len(shown_headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, shown_headers):
            cell.text = text
        for row in rows:
            for cell, value in zip(table.add_row().cells, row):
                cell.text = str(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def safe_name(text: str, default: str = "table") -> str:
    """Text as a file name: without the characters file systems refuse, and not too long."""
    return "".join(ch for ch in text if ch not in '\\/:*?"<>|？\n').strip()[:40] or default


def file_name(answer: Answer, suffix: str) -> str:
    """预算问答_办公设备买了多少钱.xlsx: the question names the file."""
    return f"预算问答_{safe_name(answer.question, '回答')}{suffix}"
