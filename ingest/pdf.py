"""PDF publications with a text layer: ruled tables become rows of cells, the rest is prose.

pdfium reads each page's characters and rulings (:mod:`ingest.pdf_layout`);
:mod:`ingest.pdf_grid` turns them into table rows (ruled or aligned, merged
cells blank as in the text format) and text lines, in reading order. They are
handed to :func:`ingest.tables.split_tables`, each line carrying its page
number for citations (第N页). Page furniture (page numbers, running headers,
contents entries) is dropped, so a table continued on the next page goes on.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium

from assistant.errors import IngestError
from ingest.model import Paragraph, ParsedFile
from ingest.normalize import compact
from ingest.pdf_grid import page_lines
from ingest.pdf_layout import read_pages
from ingest.tables import CODE_ONLY, UNIT, Line, split_tables

_PAGE_FURNITURE = re.compile(r"^[-—–\s]*(第\s*)?\d{1,3}(\s*页)?(\s*/\s*\d{1,3})?[-—–\s]*$"
                             r"|^第\s*\d{1,3}\s*页\s*[,，]?\s*共\s*\d{1,3}\s*页$")
_CONTENTS_ENTRY = re.compile(r"(\.\s?){4,}\s*\d{1,3}$|…{2,}\s*\d{1,3}$|·{4,}\s*\d{1,3}$")  # '一、收入支出决算表 . . . 10'


def _without_running_lines(lines: list[Line], pages: int) -> list[Line]:
    """Page furniture out: a running header or footer (the same text line at the top or foot of many
    pages, digits aside) and the entries of a table of contents. Tables then run on over page breaks."""
    edges: dict[str, set[int]] = {}
    by_page: dict[int | None, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    for page, page_lines in by_page.items():
        for line in page_lines[:2] + page_lines[-2:]:
            if line.kind == "text":
                edges.setdefault(re.sub(r"\d+", "#", line.cells[0]), set()).add(page)
    running = {text for text, seen in edges.items() if len(seen) >= max(3, pages // 3)
               and not UNIT.search(text)}  # a table's '单位：元' line repeats too, and belongs to it
    return [line for line in lines if line.kind != "text" or CODE_ONLY.match(compact(line.cells[0])) or
            (re.sub(r"\d+", "#", line.cells[0]) not in running and not _CONTENTS_ENTRY.search(line.cells[0]))]


def parse_pdf(path: Path) -> ParsedFile:
    try:
        document = pdfium.PdfDocument(path)
    except Exception as exc:  # pdfium raises PdfiumError for a damaged, encrypted or non-PDF file
        raise IngestError(file=path.name, reason_zh=f"无法打开 PDF（{type(exc).__name__}），文件可能已损坏或加密。",
                          reason_en=f"cannot open the PDF ({type(exc).__name__}); it may be damaged or encrypted.") from None
    try:
        every: list[Line] = []
        for layout in read_pages(document, path):
            every += [line for line in page_lines(layout, start=len(every) + 1)
                      if not (line.kind == "text" and _PAGE_FURNITURE.match(line.cells[0]))]
        lines = _without_running_lines(every, len(document))
    finally:
        document.close()
    if not any(line.filled for line in lines):
        raise IngestError(file=path.name,
                          reason_zh="PDF 中没有文字层（可能是扫描件），无法提取表格。请提供带文字的 PDF、Excel 或文本导出。",
                          reason_en="the PDF has no text layer (a scan?); give a PDF with text, Excel or a text export.")
    tables, narrative = split_tables(lines)
    return ParsedFile(tables, paragraphs(narrative), [" ".join(line.filled) for line in every], _cover(lines))


def _cover(lines: list[Line]) -> list[str]:
    """The text lines before the first table row, on the first two pages with text."""
    pages = sorted({line.page for line in lines if line.filled})[:2]
    cover = []
    for line in lines:
        if line.kind != "text" or line.page not in pages:
            break
        cover.append(" ".join(line.filled))
    return cover


_STARTS_PARAGRAPH = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{1,2}[.．、](?!\d)|第[一二三四五六七八九十]+部分)")


_GOES_ON = re.compile(r"^(主要用于|主要原因|其中[:：])")  # '…行政运行（项）。' then '主要用于：…': one item


def paragraphs(narrative: list[Paragraph]) -> list[Paragraph]:
    """PDF text lines wrap mid-sentence: join them into paragraphs (a new one at a numbered heading,
    or after a line that ends a sentence), keeping the first line's number."""
    merged: list[Paragraph] = []
    for line_no, text, page, _source in narrative:
        previous = merged[-1].text if merged else ""
        continues = previous and not _STARTS_PARAGRAPH.match(text) and not _heading(text) and \
            (not previous.endswith(("。", "；")) or _GOES_ON.match(text))  # '分别是：' runs on into its list
        if continues or (previous and _heading(previous) and not _STARTS_PARAGRAPH.match(text) and not _heading(text)):
            merged[-1] = merged[-1]._replace(text=previous + ("\n" if _heading(previous) else "") + text)
        else:
            merged.append(Paragraph(line_no, text, page))
    return merged


def _heading(text: str) -> bool:
    """A short line without sentence punctuation: '名词解释', '上海市普陀区财政局主要职能'."""
    return len(text) <= 16 and not re.search(r"[。，；：,;:]", text) and "\n" not in text
