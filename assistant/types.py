"""The answer contract shared by the CLI (`ask --json`), the Python API, the HTTP API, the UI and evals."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Literal

Route = Literal["sql", "retrieval", "hybrid", "refuse", "clarify"]


def table_ref(code: str, title: str | None) -> str:
    """'04 财政拨款收支总表', or the title alone where the publication gives the table no code of its own."""
    if not code or code == title:
        return title or code
    return f"{code} {title}" if title else code


@dataclass(frozen=True)
class Citation:
    """A published row: document, table code and name, row number in the table, cells as published."""

    doc: str
    table: str
    table_name: str
    row: int
    cells: list[str]
    doc_id: str = ""
    row_id: int = 0
    line: int | None = None
    page: int | None = None
    source_name: str = ""
    file_named: bool = False  # the document is made of several files: say which one
    section: str | None = None  # prose: the heading of the section it stands in

    @property
    def where(self) -> str:
        """Where the row stands in the source: 第3页 (PDF), 第2个工作表第22行 (Excel), 原文第70行 (text);
        in a document of several files, the file first (北京市财政局_2026_部门预算_情况说明.pdf 第9页)."""
        if self.page and self.source_name.lower().endswith((".xlsx", ".xlsm", ".xls")):
            place = f"第{self.page}个工作表第{self.line}行"
        elif self.page:
            place = f"第{self.page}页"
        else:
            place = f"原文第{self.line}行"
        return f"{self.source_name} {place}" if self.file_named else place

    def to_dict(self) -> dict[str, Any]:
        found = {"doc": self.doc, "table": self.table, "table_name": self.table_name, "row": self.row,
                 "cells": list(self.cells)}
        if self.page:
            found["page"] = self.page
        if self.section:
            found["section"] = self.section
        if self.file_named:
            found["file"] = self.source_name
        return found


@dataclass(frozen=True)
class Figure:
    """A number the answer states: a published cell value (formula None) or a computation over cited rows."""

    label: str
    value: Decimal
    unit: str
    formula: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "value": format(self.value, "f"), "unit": self.unit, "formula": self.formula}


@dataclass
class Outcome:
    """What execution found, before it is rendered: the template, its fields, the figures (published
    values, or computations with their formula) and the rows to cite."""

    template: str
    route: str
    fields: dict[str, Any] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    doc_rows: dict[str, list[int]] = field(default_factory=dict)  # rows of several documents (across.py)


@dataclass
class Answer:
    question: str
    answer: str
    route: Route
    citations: list[Citation] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    sql: str | None = None
    grounded: bool = True
    context: dict[str, Any] = field(default_factory=dict)  # what a follow-up question may refer to
    interpretation: str = ""  # the engine's reading, one line a person can check
    plan: dict[str, Any] = field(default_factory=dict)  # the typed plan (assistant.understand.plan) as JSON

    @property
    def body(self) -> str:
        """The answer without its 来源 lines, for a front end that shows the cited rows as tables."""
        return "\n".join(line for line in self.answer.splitlines() if not line.startswith("来源："))

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "answer": self.answer, "route": self.route,
                "citations": [c.to_dict() for c in self.citations], "figures": [f.to_dict() for f in self.figures],
                "sql": self.sql, "interpretation": self.interpretation, "plan": self.plan}


def as_plain(data: Any) -> Any:
    """Dataclasses and Decimals → JSON-ready values (Decimal as its exact text)."""
    if hasattr(data, "to_dict"):
        return data.to_dict()
    if isinstance(data, Decimal):
        return format(data, "f")
    if isinstance(data, dict):
        return {key: as_plain(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [as_plain(value) for value in data]
    return asdict(data) if hasattr(data, "__dataclass_fields__") else data
