"""项目支出绩效目标表: one block per project (header repeated), its goal, its indicator rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.model import RawTable
from ingest.normalize import split_code_name, split_indicator_value, tidy

if TYPE_CHECKING:
    from ingest.extract import TableContext

# Column roles, found by header words (first match wins, in this order).
_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("level3", ("三级指标",)),
    ("operator", ("性质", "符号", "方向")),
    ("value", ("指标值", "目标值")),
    ("unit", ("度量单位", "计量单位", "单位")),
    ("project", ("项目名称",)),
    ("total", ("项目总额", "总额", "合计")),
    ("fiscal", ("财政资金", "财政拨款")),
    ("other", ("其他资金",)),
    ("goal", ("绩效目标", "年度目标", "目标")),
)


def column_roles(paths: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for col, path in enumerate(paths):
        for role, words in _ROLES:
            if role not in roles and any(word in path for word in words):
                roles[role] = col
                break
    return roles


def realign_performance(table: RawTable) -> dict[int, list[str]]:
    """Rows that lost their leading blank columns (e.g. a line starting '效益指标' after a
    block's indicator rows) are shifted back under 一级指标; other rows stay as published."""
    roles = column_roles(table.column_paths)
    level1 = roles.get("level1")
    logical: dict[int, list[str]] = {}
    for row in table.rows:
        cells = row.cells
        if (row.role == "body" and level1 and cells[0].endswith("指标")
                and not any(cells[len(cells) - level1:])):
            cells = [""] * level1 + cells[: len(cells) - level1]
        logical[row.row_no] = cells
    return logical


def extract_performance(ctx: TableContext) -> None:
    roles = column_roles(ctx.table.column_paths)
    if "project" not in roles:
        return
    project: dict | None = None
    levels = {"level1": "", "level2": ""}
    for row in ctx.table.body_rows:
        cells = ctx.cells(row)
        get = lambda role: cells[roles[role]].strip() if role in roles else ""  # noqa: E731
        if get("project"):
            project = _start_project(ctx, row, get)
            levels = {"level1": "", "level2": ""}
        elif project is not None and get("goal"):
            project["goal"] = (project["goal"] or "") + get("goal")
        if project is None or not get("level3"):
            continue
        for level in levels:
            levels[level] = get(level) or levels[level]  # vertically merged cells come out blank
        operator, value, number = split_indicator_value(get("operator"), get("value"))
        ctx.facts.add("indicators", doc_id=ctx.doc_id, row_id=ctx.row_id(row), table_code=ctx.table.code,
                      project_row_id=project["row_id"], project_name=project["project_name"],
                      level1=levels["level1"] or None, level2=levels["level2"] or None, name=tidy(get("level3")),
                      operator=operator, value=value or None, value_num=number, unit=get("unit") or None)


def _start_project(ctx: TableContext, row, get) -> dict:
    raw = get("project")
    code, name = split_code_name(raw)
    total = _amount(ctx, row, "total")
    project = dict(doc_id=ctx.doc_id, row_id=ctx.row_id(row), table_code=ctx.table.code, project_code=code,
                   project_name=name, project_name_raw=raw, total=total, unit=ctx.unit,
                   total_wan=ctx.money(total)["amount_wan"],
                   fiscal_funds=_amount(ctx, row, "fiscal"), other_funds=_amount(ctx, row, "other"),
                   goal=tidy(get("goal")) or None)
    ctx.facts["projects"].append(project)  # the same dict: a goal continued on later rows is appended to it
    return project


def _col(ctx: TableContext, role: str) -> int | None:
    return column_roles(ctx.table.column_paths).get(role)


def _amount(ctx: TableContext, row, role: str):
    col = _col(ctx, role)
    return ctx.amount(row, col) if col is not None else None
