"""CSV exports: comma, semicolon or tab separated, UTF-8 (with or without BOM) or GB18030.

Each record is a :class:`Line` whose ``line_no`` is the line it starts on, so a quoted cell that
spans lines does not shift the lines after it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ingest.decode import read_text
from ingest.excel import one_line, rstrip_blanks
from ingest.model import ParsedFile
from ingest.tables import Line, split_tables

_SNIFF_CHARS = 16_000  # enough lines to see the delimiter; the sniffer's regexes are slow on a whole file


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


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = text[:_SNIFF_CHARS]
    sample = sample[:sample.rfind("\n") + 1] or sample  # whole lines only
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:  # one column, or no consistent delimiter: the usual comma
        return csv.excel

