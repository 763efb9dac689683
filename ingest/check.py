"""`budget-qa check`: what ingesting a file would give, without writing anything or embedding.

Per file: the identity read from it, the tables found (pages, rows), the identities checked
(passed, failed) and the warnings — or the reason it would be refused.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from assistant.errors import BudgetQAError
from ingest.load import prepare_together
from ingest.validate import Check


@dataclass(frozen=True)
class TableReport:
    code: str
    title: str
    unit: str | None
    pages: list[int]
    rows: int


@dataclass
class FileReport:
    name: str
    seconds: float = 0.0
    refused: str | None = None  # the reason, in Chinese
    department: str = ""
    year: int | None = None
    kind: str = ""
    tables: list[TableReport] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    paragraphs: int = 0

    @property
    def failed(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]

    @property
    def inconsistencies(self) -> list[Check]:
        """Checks that fail only by a named inconsistency of the publication: 尾数误差, a blank total, a
        row under the wrong subject name."""
        return [check for check in self.checks if check.status in ("rounding", "blank", "misnamed")]

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables)


def check_files(paths: list[Path], department: str | None = None, year: int | None = None,
                kind: str | None = None) -> FileReport:
    """Parse, type and validate one file (or several making one publication); never raises for the file."""
    started = time.perf_counter()
    report = FileReport(" + ".join(path.name for path in paths))
    try:
        prepared = prepare_together(paths, department, year, kind)
    except BudgetQAError as error:
        report.refused = error.message_zh
        report.seconds = time.perf_counter() - started
        return report
    doc = prepared.doc
    report.department, report.year, report.kind = doc.meta.department, doc.meta.year, doc.meta.kind
    report.tables = [TableReport(t.code, t.title, t.unit, sorted({r.page for r in t.rows if r.page}), len(t.rows))
                     for t in doc.tables]
    report.checks = prepared.checks
    report.warnings = [_warning_text(w) for w in prepared.facts["doc_warnings"]]
    report.paragraphs = len(doc.narrative)
    report.seconds = time.perf_counter() - started
    return report


def check_publications(paths: list[Path], as_one: bool = False, department: str | None = None,
                       year: int | None = None, kind: str | None = None) -> Iterator[FileReport]:
    """One report per publication, as each is read: all the files together (``as_one``), else each alone."""
    for group in [list(paths)] if as_one else [[path] for path in paths]:
        yield check_files(group, department, year, kind)


def _warning_text(warning: dict) -> str:
    page = f"第{warning['page']}页：" if warning.get("page") else ""
    return page + warning["message"]
