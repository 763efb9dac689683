"""CSV exports: comma, semicolon or tab separated (told apart by counting), UTF-8 (with or without BOM)
or GB18030.

Each record is a :class:`Line` whose ``line_no`` is the line it starts on, so a quoted cell that
spans lines does not shift the lines after it.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from ingest.decode import read_text
from ingest.excel import one_line, rstrip_blanks
from ingest.model import ParsedFile
from ingest.tables import Line, split_tables

_SNIFF_CHARS = 64_000  # enough lines to see the delimiter
_DELIMITERS = (",", ";", "\t")
_QUOTED = re.compile(r'"[^"]*"')
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def csv_lines(text: str) -> list[Line]:
    reader = csv.reader(io.StringIO(text), _dialect(text))
    lines, start = [], 1
    for cells in reader:
        lines.append(Line(line_no=start, cells=rstrip_blanks([one_line(cell) for cell in cells])))
        start = reader.line_num + 1
    return lines


def parse_csv(path: Path) -> ParsedFile:
    lines = csv_lines(read_text(path))
    tables, narrative = split_tables(lines)
    return ParsedFile(tables, narrative, ["\t".join(line.cells) for line in lines])


def _dialect(text: str) -> type[csv.Dialect]:
    """Excel's CSV dialect with the delimiter used most outside quoted cells and thousands separators.
    (csv.Sniffer takes a semicolon file for a comma one when its amounts read 8,721.588540.)"""
    sample = _QUOTED.sub("", text[:_SNIFF_CHARS])
    sample = _THOUSANDS.sub("", sample)
    counts = {delimiter: sample.count(delimiter) for delimiter in _DELIMITERS}
    delimiter = max(counts, key=counts.__getitem__)  # ties and no delimiter at all: the comma, listed first
    return type("Sniffed", (csv.excel,), {"delimiter": delimiter})
