"""The grounding check: every number an answer states must be a cited cell value, a figure the
answer lists (published or computed with its formula), part of a citation's own label
(document title, table code, row and line numbers), or the year of a figure's column. Otherwise the answer is withheld."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from assistant.types import Answer

_NUMBER = re.compile(r"(?<![A-Za-z0-9_.])[-+]?\d[\d,]*(?:\.\d+)?")


def numbers_in(text: str) -> set[Decimal]:
    found = set()
    for match in _NUMBER.findall(text):
        try:
            found.add(Decimal(match.replace(",", "")).normalize())
        except InvalidOperation:
            continue
    return found


def allowed_numbers(answer: Answer) -> set[Decimal]:
    allowed: set[Decimal] = {Decimal(0)}  # 没有安排（金额为 0）: a blank cell is said as nothing, never a figure
    for figure in answer.figures:
        allowed |= {figure.value.normalize(), abs(figure.value).normalize()}  # a change said as 减少/下降 and its size
        if figure.formula:
            allowed |= numbers_in(figure.formula)
        # the year of the column a figure was read from ('“三公”经费2024年预算数'): a column header, not a figure
        allowed |= {Decimal(year) for year in re.findall(r"((?:19|20)\d\d)年", figure.label)}
    for citation in answer.citations:
        for text in [*citation.cells, citation.doc, citation.table, citation.table_name]:
            allowed |= numbers_in(text)
        allowed |= split_codes(citation.cells)
        allowed |= {Decimal(citation.row), Decimal(citation.line or 0), Decimal(citation.page or 0)}
    return allowed


def ungrounded(answer: Answer) -> set[Decimal]:
    """Numbers in the answer text that nothing cited or computed accounts for."""
    stated = numbers_in(answer.answer)
    return {n for n in stated if n not in allowed_numbers(answer)}


def split_codes(cells: list[str]) -> set[Decimal]:
    """Subject codes published over 类/款/项 columns ('207 | 01 | 01') are cited as 2070101."""
    codes: set[Decimal] = set()
    for start in range(len(cells)):
        joined = ""
        for cell in cells[start:start + 3]:
            if not cell.strip().isdigit():
                break
            joined += cell.strip()
            codes.add(Decimal(joined).normalize())
    return codes
