"""Plain-text rendering for a terminal: columns aligned by display width (CJK counts double)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any, Sequence


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def fit(text: str, width: int) -> str:
    """Cut to a display width, marking the cut with '…'."""
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out, used = out + ch, used + w
    return out + "…"


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (list, tuple)):
        return " | ".join(cell_text(v) for v in value)
    return str(value)


def aligned(headers: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int = 40) -> str:
    """A table with a header line and a rule; numbers right-aligned (so their digits line up even in a
    column that also holds published header text), text left-aligned."""
    texts = [[fit(cell_text(value), max_width) for value in row] for row in rows]
    heads = [fit(h, max_width) for h in headers]
    widths = [max([display_width(heads[j])] + [display_width(row[j]) for row in texts if j < len(row)])
              for j in range(len(heads))]

    def line(cells: Sequence[str], header: bool = False) -> str:
        parts = []
        for j, width in enumerate(widths):
            text = cells[j] if j < len(cells) else ""
            pad = " " * (width - display_width(text))
            parts.append(pad + text if not header and _numeric(text) else text + pad)
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(heads, header=True), rule] + [line(row) for row in texts])


def _numeric(text: str) -> bool:
    return text.replace(",", "").replace(".", "", 1).lstrip("-").isdigit()
