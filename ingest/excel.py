"""Excel workbooks: .xlsx/.xlsm through openpyxl, legacy .xls through xlrd.

Every visible row of every visible sheet becomes a :class:`Line`; each sheet is split into
tables on its own (a table never runs on into the next sheet), so a workbook may hold one
table per sheet or the whole document on one sheet. Provenance: a row's ``line_no`` is its
row number on the sheet and its ``page`` the sheet's 1-based position among the visible
sheets, so a citation of an Excel row reads "page" as "sheet".

Cells come out as the text Excel shows: merged cells other than the top-left one are blank
(as the text format shows them), numbers are rendered with their number format's decimals and
thousands separator, and General numbers as their shortest exact decimal — never through
``repr(float)``, so a stored 9715.69869 is "9715.69869", not "9715.698690000001".
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Iterator

from assistant.errors import IngestError
from ingest.model import ParsedFile
from ingest.tables import Line, split_tables

Sheet = tuple[str, list[tuple[int, list[str]]]]  # (title, [(row number, cells)])

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, or an encrypted (password-protected) .xlsx
_ENCRYPTED_XLSX = "EncryptionInfo".encode("utf-16-le")
_EXCEL_DIGITS = 15  # Excel keeps 15 significant digits: what it shows for a double
_LITERALS = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')  # quoted text, escapes, padding, colours/conditions
_PLACEHOLDERS = re.compile(r"[#0?](?:[#0?]|,(?=[#0?]))*(?:\.[#0?]*)?,*|\.[#0?]+,*")  # '#,##0.00,' → scaled
_UNCACHED_FORMULA = re.compile(rb"<c\b([^>]*)>\s*<f\b[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")
_BREAK = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*|\t")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def parse_excel(path: Path) -> ParsedFile:
    tables, narrative, lines, shown = [], [], [], False
    for number, (title, rows) in enumerate(_sheets(path), start=1):
        sheet_lines = [Line(line_no=row_no, cells=cells, page=number) for row_no, cells in _trimmed(rows)]
        found, prose = split_tables(sheet_lines)
        tables += found
        narrative += prose
        lines += [title] + [" ".join(line.filled) for line in sheet_lines]
        shown = shown or any(line.filled for line in sheet_lines)
    if not shown:
        raise IngestError(file=path.name, reason_zh="工作簿中没有可见的内容（工作表为空或都被隐藏）。",
                          reason_en="the workbook shows nothing (its sheets are empty or hidden).")
    return ParsedFile(tables, narrative, lines)


# ------------------------------------------------------------------ cell text

def cell_text(value: object, number_format: str | None = "General") -> str:
    """A cell's value as the text Excel shows for it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, Decimal)):
        return number_text(value, number_format or "General")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return one_line(str(value))  # a duration (timedelta), or anything newer


def number_text(value: int | float | Decimal, number_format: str) -> str:
    """A number as its format shows it: decimals, thousands separator, %, scaling commas.
    General (or text, or a format without digits) shows the shortest exact decimal."""
    number = _exact(value)
    section = _LITERALS.sub("", number_format.split(";")[0])
    match = _PLACEHOLDERS.search(section)
    if section.strip().lower() in ("general", "@") or not match or re.search(r"[eE][+-]", section):
        return format(number, "f")
    digits = match.group().rstrip(",")
    whole, _, fraction = digits.partition(".")
    if "%" in section:
        number *= 100
    number /= Decimal(1000) ** (len(match.group()) - len(digits))  # each trailing comma: shown in thousands
    text = format(number.quantize(Decimal(1).scaleb(-len(fraction)), ROUND_HALF_UP), ",f" if "," in whole else "f")
    optional = len(fraction) - len(fraction.rstrip("#?"))  # '0.0#': the '#' decimals show only when not 0
    for _ in range(optional):
        if text.endswith("0") and "." in text:
            text = text[:-1]
    return text.rstrip(".") + ("%" if "%" in section else "")


def _exact(value: int | float | Decimal) -> Decimal:
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 10 ** _EXCEL_DIGITS:
            return Decimal(int(value))
        return Decimal(format(value, f".{_EXCEL_DIGITS}g"))
    return Decimal(value)


def one_line(text: str) -> str:
    """A cell's text on one line: a line break inside Chinese text goes, elsewhere it becomes a space
    ('一般公共服务\\n支出' → '一般公共服务支出'); tabs become spaces (the text format's separator)."""
    def join(match: re.Match[str]) -> str:
        before, after = text[match.start() - 1:match.start()], text[match.end():match.end() + 1]
        return "" if match.group() != "\t" and _CJK.match(before) and _CJK.match(after) else " "

    return _BREAK.sub(join, text) if ("\n" in text or "\r" in text or "\t" in text) else text


def _trimmed(rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """Trailing blank cells dropped (split_tables pads each table to its own width) and a blank left
    margin common to the whole sheet removed."""
    rows = [(row_no, rstrip_blanks(cells)) for row_no, cells in rows]
    margin = min((next(i for i, cell in enumerate(cells) if cell.strip()) for _, cells in rows if cells), default=0)
    return [(row_no, cells[margin:]) for row_no, cells in rows]


def rstrip_blanks(cells: list[str]) -> list[str]:
    """Trailing blank cells dropped: exports pad every row to the widest table's width."""
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


# ------------------------------------------------------------------ workbooks

def _sheets(path: Path) -> Iterator[Sheet]:
    """By content, not by suffix: a .xls that is really an .xlsx (or the other way round) still reads."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise IngestError(file=path.name, reason_zh="文件为空。", reason_en="the file is empty.")
    if head.startswith(_ZIP):
        return _xlsx_sheets(path)
    if head.startswith(_OLE):
        if _ENCRYPTED_XLSX in path.read_bytes():
            raise _password_protected(path)
        return _xls_sheets(path)
    raise _unreadable(path, "not a workbook")


def _xlsx_sheets(path: Path) -> Iterator[Sheet]:
    import openpyxl

    _refuse_uncached_formulas(path)
    try:
        # Not read_only: a read-only sheet exposes neither its merged cells nor its hidden rows.
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors alike mean an unreadable file
        raise _unreadable(path, type(exc).__name__) from None
    try:
        for sheet in book.worksheets:
            if sheet.sheet_state == "visible":
                yield sheet.title, list(_xlsx_rows(sheet))
    finally:
        book.close()


def _xlsx_rows(sheet) -> Iterator[tuple[int, list[str]]]:
    covered = {(row, column) for merged in sheet.merged_cells.ranges for row, column in merged.cells
               if (row, column) != (merged.min_row, merged.min_col)}
    hidden = {number for number, dimension in sheet.row_dimensions.items() if dimension.hidden}
    hidden_columns = {column for dimension in sheet.column_dimensions.values() if dimension.hidden
                      for column in range(dimension.min or 0, (dimension.max or 0) + 1)}  # helper codes
    for row in sheet.iter_rows(min_row=1, min_col=1):
        number = row[0].row
        if number in hidden:
            continue
        yield number, ["" if (number, cell.column) in covered or cell.column in hidden_columns
                       else cell_text(cell.value, cell.number_format) for cell in row]


def _refuse_uncached_formulas(path: Path) -> None:
    """A formula saved without its result (written by a program, never opened in Excel) would read as a
    blank cell: an amount silently missing. Refuse it and say how to fix the file."""
    try:
        with zipfile.ZipFile(path) as archive:
            count = sum(1 for name in archive.namelist() if name.startswith("xl/worksheets/") and name.endswith(".xml")
                        for match in _UNCACHED_FORMULA.finditer(archive.read(name)) if b't="str"' not in match.group(1))
    except (zipfile.BadZipFile, OSError, KeyError):
        raise _unreadable(path, "BadZipFile") from None
    if count:
        raise IngestError(file=path.name,
                          reason_zh=f"有 {count} 个公式单元格没有保存计算结果（文件可能由程序生成、未在 Excel 中打开过），"
                                    "请用 Excel 或 WPS 打开并保存后再导入。",
                          reason_en=f"{count} formula cells have no saved result (written by a program and never "
                                    "opened in Excel?); open and save the file in Excel or WPS, then ingest it again.")


def _xls_sheets(path: Path) -> Iterator[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except xlrd.XLRDError as exc:
        encrypted = "encrypted" in str(exc).lower()
        raise (_password_protected(path) if encrypted else _unreadable(path, "XLRDError")) from None
    except Exception as exc:  # xlrd raises assorted errors for a damaged file
        raise _unreadable(path, type(exc).__name__) from None
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.visibility == 0:
                yield sheet.name, list(_xls_rows(book, sheet))
    finally:
        book.release_resources()


def _xls_rows(book, sheet) -> Iterator[tuple[int, list[str]]]:
    import xlrd

    covered = {(row, column) for row_lo, row_hi, col_lo, col_hi in sheet.merged_cells
               for row in range(row_lo, row_hi) for column in range(col_lo, col_hi)
               if (row, column) != (row_lo, col_lo)}
    for row in range(sheet.nrows):
        info = sheet.rowinfo_map.get(row)
        if info is not None and info.hidden:
            continue
        cells = []
        for column in range(sheet.row_len(row)):
            cell = sheet.cell(row, column)
            column_info = sheet.colinfo_map.get(column)
            if (row, column) in covered or cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) \
                    or column_info is not None and column_info.hidden:
                cells.append("")
            elif cell.ctype == xlrd.XL_CELL_NUMBER:
                cells.append(number_text(cell.value, _xls_format(book, cell.xf_index)))
            elif cell.ctype == xlrd.XL_CELL_DATE:
                cells.append(cell_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)))
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                cells.append(cell_text(bool(cell.value)))
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                cells.append(xlrd.error_text_from_code.get(cell.value, "#ERR"))
            else:
                cells.append(one_line(str(cell.value)))
        yield row + 1, cells


def _xls_format(book, xf_index: int | None) -> str:
    if xf_index is None:
        return "General"
    found = book.format_map.get(book.xf_list[xf_index].format_key)
    return found.format_str if found else "General"


def _unreadable(path: Path, kind: str) -> IngestError:
    return IngestError(file=path.name,
                       reason_zh=f"无法打开 Excel 工作簿（{kind}），文件可能已损坏或不是 Excel 文件。请在 Excel 中打开检查，"
                                 "或另存为 .xlsx 后再导入。",
                       reason_en=f"cannot open the Excel workbook ({kind}); the file may be damaged or not a workbook. "
                                 "Check it in Excel, or save it again as .xlsx.")


def _password_protected(path: Path) -> IngestError:
    return IngestError(file=path.name, reason_zh="工作簿设有打开密码，请在 Excel 中取消密码后另存再导入。",
                       reason_en="the workbook is password-protected; remove the password in Excel, save it "
                                 "and ingest it again.")
