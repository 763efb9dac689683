"""The typed facts of one document, as rows keyed by the columns of db/schema.sql."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

_TO_WAN = {"万元": Decimal(1), "元": Decimal("0.0001"), "千元": Decimal("0.1"), "亿元": Decimal(10000)}


def to_wan(amount: Decimal | None, unit: str | None) -> Decimal | None:
    """The amount in 万元 (exact: a power-of-ten shift), None when unknown."""
    if amount is None or unit not in _TO_WAN:
        return None
    return amount * _TO_WAN[unit]


@dataclass
class Facts:
    """Rows per table name (documents, doc_tables, source_rows, cells, line_items, …)."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    _warned: set[tuple[Any, ...]] = field(default_factory=set)

    def add(self, table: str, **row: Any) -> None:
        self.rows[table].append(row)

    def warn_once(self, key: tuple[Any, ...], **warning: Any) -> None:
        """A doc_warnings row, once per key (a cell is read by several extractors)."""
        if key not in self._warned:
            self._warned.add(key)
            self.add("doc_warnings", **warning)

    def __getitem__(self, table: str) -> list[dict[str, Any]]:
        return self.rows[table]
