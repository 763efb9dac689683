"""项目支出绩效目标表: one block per project (header repeated), its goal, its indicator rows."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.model import RawTable
from ingest.normalize import normalize_operator, split_code_name, split_indicator_value, tidy

if TYPE_CHECKING:
    from ingest.extract import TableContext

# Column roles, found by header words (first match wins, in this order).
_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("level3", ("三级指标", "指标名称")),
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
    """A grid with a column per field (项目名称 … 三级指标 or 指标名称 … 指标值), its header above the
    rows or printed among them (and again on each page); a grid with no 项目名称 column is the
    department's own (部门整体绩效目标表); anything else is read as forms."""
    rows = ctx.table.body_rows
    roles, header = column_roles(ctx.table.column_paths), -1
    if "level3" not in roles:
        header = next((i for i, row in enumerate(rows) if {"level3", "value"} <= set(column_roles(ctx.cells(row)))), -1)
        roles = column_roles(ctx.cells(rows[header])) if header >= 0 else roles
    if "level3" in roles and "project" not in roles and header >= 0 and not _has_form_label(ctx):
        _extract_grid(ctx, rows[header + 1:], roles, _department_block(ctx, rows[:header + 1]))
    elif "level3" in roles and "project" in roles:
        _extract_grid(ctx, rows[header + 1:], roles, None)
    else:
        extract_performance_form(ctx)


def _has_form_label(ctx: TableContext) -> bool:
    return any(_PROJECT_LABEL in [c.replace(" ", "") for c in ctx.cells(row)] for row in ctx.table.rows)


def _department_block(ctx: TableContext, above: list) -> dict:
    """The department as a whole (部门整体绩效目标表): its indicators belong to no project; the goal
    is the text printed above the grid (当年整体绩效目标 …)."""
    title = re.sub(r"^\d{4}年度?|表$", "", ctx.table.title)
    texts = [c for row in above for c in ctx.cells(row) if c.strip()]
    goal = next((t for t in texts if len(t) > 12 and "指标" not in t), None)
    return {"row_id": ctx.row_id(above[0]), "project_name": title or "部门整体绩效目标", "goal": goal}


def _extract_grid(ctx: TableContext, rows: list, roles: dict[str, int], block: dict | None) -> None:
    """The indicator rows of a grid, under the project of the row that names one (or ``block``)."""
    project: dict | None = block
    levels = {"level1": "", "level2": ""}
    for row in rows:
        cells = ctx.cells(row)
        if {"level3", "value"} <= set(column_roles(cells)):
            continue  # the header printed again on the next page
        get = lambda role: cells[roles[role]].strip() if role in roles else ""  # noqa: E731
        if get("project") and block is None:
            project = _start_project(ctx, row, get, roles)
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


def _start_project(ctx: TableContext, row, get, roles: dict[str, int]) -> dict:
    raw = get("project")
    code, name = split_code_name(raw)

    def amount(role: str):
        return ctx.amount(row, roles[role]) if role in roles else None

    total = amount("total")
    project = dict(doc_id=ctx.doc_id, row_id=ctx.row_id(row), table_code=ctx.table.code, project_code=code,
                   project_name=name, project_name_raw=raw, total=total, unit=ctx.unit,
                   total_wan=ctx.money(total)["amount_wan"],
                   fiscal_funds=amount("fiscal"), other_funds=amount("other"),
                   goal=tidy(get("goal")) or None)
    ctx.facts["projects"].append(project)  # the same dict: a goal continued on later rows is appended to it
    return project


# ---------------------------------------------------------------- the form layout (绩效目标填报表)

_FORM_VALUE = re.compile(r"^\s*(≥|≤|>=|<=|=|＝|>|<|＞|＜)?\s*([\d.,]+)\s*[(（]?([^)）\d]*)[)）]?\s*$")
_PROJECT_LABEL = "项目名称"
_TOTAL_LABELS = ("项目资金总额", "年度资金总额", "资金总额", "项目总额")


def extract_performance_form(ctx: TableContext) -> None:
    """Projects as forms, one after another in the table: label cells ('项目名称', '项目资金总额' or
    '年度资金总额', '其中：财政资金', '年度总体目标') with their values beside or below, then an
    indicator grid under '一级指标 | 二级指标 | 三级指标'."""
    rows = ctx.table.rows
    cells = [ctx.cells(row) for row in rows]
    starts = [i for i, row in enumerate(cells) if _PROJECT_LABEL in [c.replace(" ", "") for c in row]] or [0]
    for start, end in zip(starts, starts[1:] + [len(rows)]):
        _form_project(ctx, rows[start:end], cells[start:end])


def _form_project(ctx: TableContext, rows, cells: list[list[str]]) -> None:
    found = _label_value(cells, _PROJECT_LABEL)
    if found is None:
        return
    name_row, name = found
    total = next((amount for label in _TOTAL_LABELS if (amount := _labelled_amount(cells, label)) is not None), None)
    project = dict(doc_id=ctx.doc_id, row_id=ctx.row_id(rows[name_row]), table_code=ctx.table.code,
                   project_code=None, project_name=tidy(name), project_name_raw=name, unit=ctx.unit, total=total,
                   fiscal_funds=_labelled_amount(cells, "财政资金"),
                   other_funds=_labelled_amount(cells, "其他资金"), goal=_form_goal(cells))
    project["total_wan"] = ctx.money(project["total"])["amount_wan"]
    ctx.facts["projects"].append(project)
    _form_indicators(ctx, rows, cells, project)


def _label_value(cells: list[list[str]], label: str) -> tuple[int, str] | None:
    for index, row in enumerate(cells):
        for col, cell in enumerate(row):
            if cell.replace(" ", "") == label:
                value = next((c for c in row[col + 1:] if c), "")
                return (index, value) if value else None
    return None


def _labelled_amount(cells: list[list[str]], label: str):
    """The first amount right of a label cell ('项目资金总额 | | 6,351,000.00')."""
    from ingest.normalize import parse_amount

    for row in cells:
        for col, cell in enumerate(row):
            if label in cell.replace(" ", ""):
                for value in row[col + 1:]:
                    try:
                        amount = parse_amount(value)
                    except ValueError:
                        continue
                    if amount is not None:
                        return amount
    return None


def _form_goal(cells: list[list[str]]) -> str | None:
    """The goal beside its label ('年度绩效目标 | 改善…'), or on the row below it."""
    for index, row in enumerate(cells):
        labels = [c.replace(" ", "") for c in row]
        for wanted in ("年度总体目标", "项目总目标", "年度绩效目标", "绩效目标"):
            if wanted in labels:
                col = labels.index(wanted)
                beside = next((c for c in row[col + 1:] if c.strip()), "")
                if beside or index + 1 == len(cells):
                    return tidy(beside) or None
                below = cells[index + 1]
                text = below[col] if col < len(below) and below[col] else next((c for c in below if c), "")
                return tidy(text) or None
    return None


def _form_indicators(ctx: TableContext, rows, cells: list[list[str]], project: dict) -> None:
    header = next((i for i, row in enumerate(cells) if "三级指标" in [c.replace(" ", "") for c in row]), None)
    if header is None:
        return
    labels = [c.replace(" ", "") for c in cells[header]]
    level3 = labels.index("三级指标")
    level1 = labels.index("一级指标") if "一级指标" in labels else level3 - 2
    level2 = labels.index("二级指标") if "二级指标" in labels else level3 - 1
    value_col = next((i for i, label in enumerate(labels) if "指标值" in label), None)
    levels = ["", ""]
    for row, row_cells in zip(rows[header + 1:], cells[header + 1:]):
        name = row_cells[level3] if level3 < len(row_cells) else ""
        if not name:
            continue
        levels = [row_cells[level1] or levels[0], row_cells[level2] or levels[1]]
        raw = row_cells[value_col] if value_col is not None else next((c for c in row_cells[level3 + 1:] if c), "")
        operator, value, number, unit = _form_target(raw)
        ctx.facts.add("indicators", doc_id=ctx.doc_id, row_id=ctx.row_id(row), table_code=ctx.table.code,
                      project_row_id=project["row_id"], project_name=project["project_name"],
                      level1=levels[0] or None, level2=levels[1] or None, name=tidy(name),
                      operator=operator, value=value or None, value_num=number, unit=unit)


def _form_target(raw: str):
    """'=100.00(%)' → ('=', '100.00', 100.00, '%'); prose → ('定性', prose, None, None)."""
    from decimal import Decimal

    match = _FORM_VALUE.match(raw)
    if match:
        operator = normalize_operator(match.group(1)) if match.group(1) else None  # '24间': a plain count
        value = match.group(2).replace(",", "")
        return operator, value, Decimal(value), match.group(3).strip() or None
    return ("定性" if raw else None), raw.strip(), None, None
