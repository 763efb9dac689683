"""Outcome → Chinese answer text with its 来源 lines, from the templates in prompts/answers.yaml."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import duckdb
import yaml

from assistant.db import queries
from assistant.types import Outcome
from assistant.types import Citation, table_ref

MAX_SOURCE_LINES = 12


@lru_cache(maxsize=1)
def templates() -> dict[str, str]:
    text = resources.files("prompts").joinpath("answers.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def render(key: str, **fields: object) -> str:
    return templates()[key].format(**fields)


def citations(con: duckdb.DuckDBPyConnection, doc_id: str, row_ids: list[int]) -> list[Citation]:
    if not row_ids:
        return []
    unique = list(dict.fromkeys(row_ids))
    rows = queries.CITED_ROWS.run(con, {"doc": doc_id, "rows": unique}).rows
    order = {row_id: n for n, row_id in enumerate(unique)}
    rows = sorted(rows, key=lambda r: order[r[1]])
    return [Citation(doc=title, table=table, table_name=table_name, row=row_no, cells=list(cells), doc_id=doc,
                     row_id=row_id, line=line_no, page=page, source_name=source, file_named=one_of_files,
                     section=section)
            for doc, row_id, title, table, table_name, row_no, line_no, page, cells, source, one_of_files, section
            in rows]


def source_lines(cited: list[Citation]) -> str:
    lines = []
    for citation in cited[:MAX_SOURCE_LINES]:
        cells = " | ".join(cell for cell in citation.cells if cell)
        table = f"{citation.table_name}“{citation.section}”" if citation.section else \
            table_ref(citation.table, citation.table_name)
        lines.append(render("source_line", doc=citation.doc, table=table, row=citation.row, where=citation.where,
                            cells=cells))
    if len(cited) > MAX_SOURCE_LINES:
        lines.append("（其余引用行见 citations）")
    return "\n".join(lines)


def compose(outcome: Outcome, cited: list[Citation]) -> str:
    base, *extras = outcome.template.split("+")
    text = render(base, **outcome.fields)
    if "notes" in extras:
        text += outcome.fields["notes"]
    if "unit" in extras:
        text += render("unit_suffix", **outcome.fields)
    if cited:
        text += "\n" + source_lines(cited)
    return text
