"""What a table's column header paths and label cells say: the measure a column holds, its stage
(预算数, 年初预算数, 决算数 …), and a row's first text label. Shared by the extractors."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest.normalize import parse_amount, tidy

if TYPE_CHECKING:
    from ingest.extract import TableContext

STAGE_SUFFIX = re.compile(r"(年初|调整|全年)?(预算|决算|执行)数$")
STAGES = ("预算数", "年初预算数", "调整预算数", "全年预算数", "执行数", "决算数")  # in the order a year runs


def measure_name(path: str) -> str:
    """The measure a column holds, its stage words (预算数/决算数) set aside:
    '预算数/基本支出/小计' → 基本支出; '支出预算/合计' → 合计; '预算数/项目支出/项目支出总数' → 项目支出;
    '其中/上缴上级支出' → 上缴上级支出; '其中：基本支出' → 基本支出; '本年支出合计' → 合计; '决算数' → 合计;
    '预算' or '金额' alone (a table's one amount column) → 合计."""
    labels = [re.sub(r"^其中[：:]?", "", label.rstrip("：:")) for label in path.split("/")]
    labels = [label for label in labels if label and label not in STAGES]
    if not labels or labels == ["预算"] or labels == ["金额"]:
        return "合计"
    last = labels[-1]
    if last.endswith("合计") or last.endswith("总计"):  # 支出总计: the row's whole, as 合计
        return "合计"
    if len(labels) > 1:
        parent = labels[-2]
        if last == "小计":
            return parent
        if last.startswith(parent) and last.endswith("总数"):
            return parent
    return last


_MEASURE_GROUPS = ("基本支出", "项目支出", "人员经费", "公用经费")


def table_measures(paths: list[str]) -> dict[str, str]:
    """Each amount column's measure in one table. A table with no 合计 column whose first group is a
    fund's spending with its 小计 (广州's '一般公共预算支出/小计 | 其中：基本支出 | 项目支出'): that 小计 is
    the table's 合计."""
    named = {path: measure_name(path) for path in paths}
    if "合计" not in named.values():
        whole = next((path for path in paths if path.endswith("/小计") and path.count("/") == 1
                      and named[path].endswith("支出") and named[path] not in _MEASURE_GROUPS), None)
        if whole is not None:
            named[whole] = "合计"
    return named


def stage_of(path: str) -> str | None:
    return next((label for label in path.split("/") if label in STAGES), None)


def table_stages(ctx: "TableContext") -> tuple[set[str], str | None]:
    """The stages a table's amount columns give (年初预算数, 全年预算数, 决算数 …) and the one a plain
    question means: 决算数 in a 决算 table, else the latest stage."""
    stages = {stage_of(ctx.table.column_paths[col]) for col in ctx.amount_cols} - {None}
    main = "决算数" if "决算数" in stages else max(stages, key=list(STAGES).index) if stages else None
    return stages, main


def stage_fields(path: str, stages: set[str], main: str | None) -> dict[str, object]:
    return {"stage": stage_of(path) if len(stages) > 1 else None,
            "main_stage": len(stages) <= 1 or stage_of(path) == main}


def is_number(cell: str) -> bool:
    try:
        return parse_amount(cell) is not None
    except ValueError:
        return False


def first_label(cells: list[str]) -> str:
    return next((tidy(cell) for cell in cells if cell.strip() and not is_number(cell)), "")
