"""The published-table text format: tab-separated lines as extracted from a publication."""

from __future__ import annotations

from pathlib import Path

from ingest.decode import read_text
from ingest.model import ParsedFile
from ingest.tables import Line, split_tables


def text_lines(text: str) -> list[Line]:
    return [Line(line_no=number, cells=raw.split("\t")) for number, raw in enumerate(text.split("\n"), start=1)]


def parse_text(path: Path) -> ParsedFile:
    text = read_text(path)
    tables, narrative = split_tables(text_lines(text))
    return ParsedFile(tables, narrative, text.split("\n"))
