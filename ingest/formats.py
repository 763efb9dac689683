"""File formats: each parser turns a file into published tables and the prose around them.

A new format is one function here, taking a path and returning a :class:`ParsedFile`; everything
after parsing (typing, validation, loading) is shared. Formats producing rows of cells hand them to
:func:`ingest.tables.split_tables` as :class:`ingest.tables.Line` objects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ingest.delimited import parse_csv
from ingest.excel import parse_excel
from ingest.model import ParsedFile
from ingest.pdf import parse_pdf
from ingest.text import parse_text

Parser = Callable[[Path], ParsedFile]

PARSERS: dict[str, Parser] = {
    ".txt": parse_text,
    ".tsv": parse_text,
    ".pdf": parse_pdf,
    ".csv": parse_csv,
    ".xlsx": parse_excel,
    ".xlsm": parse_excel,
    ".xls": parse_excel,
}
