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


def check_report(report: Any, show_checks: bool = True) -> str:
    """What `budget-qa check` prints for one file (an ingest.check.FileReport)."""
    if report.refused:
        return f"✗ {report.name}：不能导入。\n  {report.refused.splitlines()[0]}"
    year = f"{report.year}年" if report.year else "年度未识别"
    lines = [f"✓ {report.name} → {report.department} {year} 部门{report.kind}（可导入，用时 {report.seconds:.2f} 秒）"]
    tables = [(t.code if t.code != t.title else "", t.title, _pages(t.pages), t.rows, t.unit or "")
              for t in report.tables]
    lines.append(f"  表 {len(report.tables)} 张，共 {report.rows} 行；文字说明 {report.paragraphs} 段")
    if tables:
        lines += ["    " + line for line in aligned(["表号", "表名", "页", "行", "单位"], tables).splitlines()]
    failed = report.failed
    odd = report.inconsistencies
    named = f"（其中 {len(odd)} 项是原文自身的出入：尾数误差、合计栏空白或科目名称不一致）" if odd else ""
    lines.append(f"  核对 {len(report.checks)} 项：通过 {len(report.checks) - len(failed)}{named}，未通过 {len(failed)}")
    if show_checks:
        lines += [f"    ✗ {c.name}：应为 {cell_text(c.expected)}，实为 {cell_text(c.actual)}。{c.detail}" for c in failed]
        lines += [f"    ≈ {c.name}：应为 {cell_text(c.expected)}，实为 {cell_text(c.actual)}"
                  f"（{_INCONSISTENCY[c.status]}）" for c in odd]
    lines += [f"  提示：{warning}" for warning in report.warnings]
    return "\n".join(lines)


_INCONSISTENCY = {"rounding": "尾数误差", "blank": "原文合计栏空白", "misnamed": "原文科目名称不一致"}


def _pages(pages: Sequence[int]) -> str:
    if not pages:
        return ""
    return str(pages[0]) if len(pages) == 1 else f"{pages[0]}–{pages[-1]}"


INGEST_STATUS = {"added": "已导入", "replaced": "已替换", "unchanged": "未变化"}


def ingest_summary(outcomes: Sequence[Any]) -> str:
    """The table `budget-qa ingest` prints after several files (ingest.load.IngestOutcome each)."""
    rows = [(o.source_name, INGEST_STATUS[o.status], o.title, o.doc_id, o.n_tables, o.n_rows,
             o.warnings or "全部通过", o.notes or "") for o in outcomes]
    added = sum(o.status != "unchanged" for o in outcomes)
    return "\n".join([aligned(["文件", "结果", "识别为", "编号", "表", "行", "核对未通过", "提示"], rows),
                      f"共 {len(outcomes)} 份：导入或替换 {added}，未变化 {len(outcomes) - added}。"
                      + ("有提示的文件见 budget-qa docs。" if any(o.notes for o in outcomes) else "")])
