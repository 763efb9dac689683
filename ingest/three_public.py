"""“三公”经费 tables: one fact per item and stage, whichever way the table is printed — an item per
column (or a group of fund columns), or an item per row with a column per year or stage."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from ingest.columns import STAGE_SUFFIX, first_label, measure_name, stage_fields, stage_of, table_stages
from ingest.model import SourceRow
from ingest.normalize import is_total_label, strip_enumerator, tidy

if TYPE_CHECKING:
    from ingest.extract import TableContext


_THREE_PUBLIC_WORDS = ("出国", "接待", "公务用车", "三公", "合计", "机关运行")
_CHANGE_COLUMN = re.compile(r"增减|增长|减少|变动|比上年|差额|增幅")


def extract_three_public(ctx: "TableContext") -> None:
    """One fact per item and stage: a 决算 table gives each item's 预算数 and 决算数. Items are the
    columns of one row, or (a table with a row per item) the rows, its columns then being years or stages."""
    labelled = [row for row in ctx.table.body_rows if row.role != "note"
                and any(word in first_label(ctx.cells(row)) for word in _THREE_PUBLIC_WORDS)]
    if sum(not is_total_label(first_label(ctx.cells(row))) for row in labelled) >= 2:  # items, not just 合计
        _three_public_by_rows(ctx, labelled)
        return
    _three_public_by_columns(ctx)


def _three_public_by_columns(ctx: "TableContext") -> None:
    """A column (or a group of fund columns) per item. An item split by fund (因公出国(境)费 /
    一般公共预算 | 政府性基金预算 | 国有资本经营预算) is its 小计 column, else the sum of its funds.
    Rows by year (深圳: 2025年 | 2026年 | 增减变化金额): each year a stage, the latest the main figure;
    the change row left out."""
    stages, main = table_stages(ctx)
    rows = [row for row in ctx.table.body_rows if row.role != "note"]
    years = {row.row_no: year for row in rows if (year := _row_year(ctx.cells(row))) is not None}
    grouped = _year_groups(ctx)  # 重庆: 2025年预算数 | 2026年预算数, each over the items
    latest = max(years.values(), default=None)
    if years:
        rows = [row for row in rows if row.row_no in years]
    groups: dict[str, list[int]] = {}
    for col in ctx.amount_cols:
        groups.setdefault(_by_fund(ctx.table.column_paths[col]), []).append(col)
    for row in rows:
        for path, cols in groups.items():
            whole = [col for col in cols if ctx.table.column_paths[col] == path or
                     ctx.table.column_paths[col].rpartition("/")[2] in ("小计", "合计")]
            amounts = [ctx.amount(row, col) for col in (whole[:1] or cols)]
            amount = None if all(a is None for a in amounts) else sum((a or Decimal(0) for a in amounts), Decimal(0))
            stage = {"stage": f"{years[row.row_no]}年", "main_stage": years[row.row_no] == latest} \
                if years else grouped.get(path.split("/")[0]) or stage_fields(path, stages, main)
            ctx.facts.add("three_public", doc_id=ctx.doc_id, row_id=ctx.row_id(row), table_code=ctx.table.code,
                          item=_column_item(path), column_path=path, **stage, **ctx.money(amount))


_ROW_YEAR = re.compile(r"(20\d\d)\s*年(度)?(预算数?)?")
_GROUP_YEAR = re.compile(r"(20\d\d)\s*年度?(预算|决算|执行)?数?")


def _year_groups(ctx: "TableContext") -> dict[str, dict[str, object]]:
    """Column groups headed by a year (2025年预算数 | 2026年预算数, each over 合计, 因公出国（境）费 …): each
    group a stage, the latest year the figure a plain question means."""
    heads = {path.split("/")[0] for col in ctx.amount_cols if "/" in (path := ctx.table.column_paths[col])}
    years = {head: int(found.group(1)) for head in heads if (found := _GROUP_YEAR.fullmatch(tidy(head)))}
    if len(years) < 2:
        return {}
    latest = max(years.values())
    return {head: {"stage": tidy(head), "main_stage": year == latest} for head, year in years.items()}


def _row_year(cells: list[str]) -> int | None:
    """The year a row is labelled with ('2026年'), if any."""
    return next((int(found.group(1)) for cell in cells if (found := _ROW_YEAR.fullmatch(tidy(cell)))), None)
_FUND_PART = re.compile(r"/(一般公共预算|政府性基金预算?|国有资本经营预算?)(拨款|财政拨款)?$|/小计$")


def _by_fund(path: str) -> str:
    """The item a fund column belongs to: 公务用车购置及运行维护费/小计/一般公共预算 → 公务用车购置及运行维护费."""
    while (stripped := _FUND_PART.sub("", path)) != path and stripped:
        path = stripped
    return path


def _column_item(path: str) -> str:
    item = STAGE_SUFFIX.sub("", measure_name(path)) or "合计"  # 机关运行经费预算数 → 机关运行经费
    if "总额" in item or "总计" in item or item.endswith("经费") and "三公" in item:
        return "合计"
    if item.startswith(("购置费", "运行费", "运行维护费")):
        return "公务用车" + item  # 公务用车购置及运行费/购置费 → 公务用车购置费
    return item


def _three_public_by_rows(ctx: "TableContext", rows: list[SourceRow]) -> None:
    """'一、因公出国（境）费 | 6.00 | 6.00 | 0.00 | 0.00%' under '项目 | 2024年预算数 | 2025年预算数 | 增减额 | 增减率':
    each item row × each year or stage column; change columns left out; the latest year (or the 决算数,
    or the 合计 of fund columns) is the figure a plain question means. '其中：1.公务用车购置费' is a part of the item above it."""
    paths = ctx.table.column_paths
    columns = [col for col in ctx.amount_cols if not _CHANGE_COLUMN.search(paths[col])]
    years = {col: int(found.group(1)) for col in columns if (found := re.search(r"(20\d\d)\s*年", paths[col]))}
    stages = {col: (paths[col].split("/")[-1] if col in years else stage_of(paths[col])) for col in columns}
    # The figure a plain question means: the latest year, the 决算数, else the whole (合计 beside its funds)
    main = max(years, key=years.get) if years else next(
        (col for col in columns if stages[col] == "决算数"),
        next((col for col in columns if measure_name(paths[col]) == "合计"), columns[0] if columns else None))
    parent: str | None = None
    for row in rows:
        raw = first_label(ctx.cells(row))
        part = raw.startswith("其中") or bool(re.match(r"^[（(]?\d+[)）.．、]", raw))
        item = _three_public_item(raw)
        parent = parent if part else item
        for col in columns:
            path = f"{parent}/{paths[col]}" if part and parent else paths[col]
            ctx.facts.add("three_public", doc_id=ctx.doc_id, row_id=ctx.row_id(row), table_code=ctx.table.code,
                          item=item, column_path=path, stage=stages[col] if len(columns) > 1 else None,
                          main_stage=col == main, **ctx.money(ctx.amount(row, col)))


def _three_public_item(label: str) -> str:
    text = re.sub(r"^其中[:：]?", "", tidy(label))
    text = strip_enumerator(re.sub(r"^[（(]?\d+[)）.．、]", "", text))
    return "合计" if is_total_label(text) or ("三公" in text and text.endswith(("经费", "合计"))) else text


