"""What a parser produces: tables as published (rows of cell strings) and the document's identity.

Every format (text, CSV, Excel, PDF) parses into these; everything after
parsing (typing, validation, loading) works on them alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


@dataclass
class SourceRow:
    """One published row, exactly as it stands in the source."""

    row_no: int  # 1-based within its table, header rows included
    line_no: int  # source line (text/CSV), sheet row (Excel) or line within the page text (PDF)
    cells: list[str]
    role: str = "body"  # header | body | total
    page: int | None = None
    source: str | None = None  # the file it came from, when a document is made of several files


@dataclass
class RawTable:
    code: str  # as printed: 预算03表, 预算表12, 表一 … or the title when the table has no code
    title: str  # 支出总表
    unit: str | None  # 万元 / 元 as published on the unit line
    heading_line: int
    rows: list[SourceRow] = field(default_factory=list)
    column_paths: list[str] = field(default_factory=list)  # e.g. 预算数/基本支出/人员经费

    @property
    def name(self) -> str:
        """'预算03表 支出总表', or the title alone where the table has no code of its own."""
        return self.title if self.code == self.title else f"{self.code} {self.title}"

    @property
    def header_rows(self) -> list[SourceRow]:
        return [row for row in self.rows if row.role == "header"]

    @property
    def body_rows(self) -> list[SourceRow]:
        return [row for row in self.rows if row.role != "header"]

    @property
    def says_empty(self) -> bool:
        """A note under the table says it is empty on purpose (本表为空表, 故本表无数据)."""
        from ingest.tables import EMPTY_NOTE

        return any(row.role == "note" and EMPTY_NOTE.search(" ".join(row.cells)) for row in self.rows)

    @property
    def width(self) -> int:
        return max((len(row.cells) for row in self.rows), default=0)


class Paragraph(NamedTuple):
    """Prose outside the tables: where it starts (line, and page for a PDF) and its text."""

    line_no: int
    text: str
    page: int | None = None
    source: str | None = None  # the file it came from, when a document is made of several files


@dataclass
class DocumentMeta:
    department: str
    year: int | None
    kind: str  # 预算 | 决算
    title: str
    warnings: list[str] = field(default_factory=list)  # what could not be read, or disagrees with the file name


@dataclass
class ParsedDocument:
    source_name: str
    sha256: str
    meta: DocumentMeta
    tables: list[RawTable]
    narrative: list[Paragraph] = field(default_factory=list)  # prose outside tables


@dataclass
class ParsedFile:
    """What a format's parser returns: the tables, the prose outside them, and every line's text
    (where the issuer and year are looked for: 编制部门 lines, titles, running headers), with the
    lines of the cover (before the first table) apart."""

    tables: list[RawTable]
    narrative: list[Paragraph]
    lines: list[str]
    cover: list[str] | None = None  # None: the format cannot tell (the first lines are used)
