"""The published-table text parser on the bundled sample, and on variants of its layout."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.columns import measure_name
from ingest.extract import classify
from ingest.normalize import parse_amount, split_code_name, split_indicator_value, tidy
from ingest.tables import Line, column_paths, match_heading, split_tables
from ingest.text import parse_text, text_lines

# (code, title, body rows incl. totals, header rows) for every table of the sample.
SAMPLE_TABLES = [
    ("预算01表", "收支总表", 29, 2),
    ("预算02表", "收入汇总表", 1, 2),
    ("预算03表", "支出总表", 28, 2),
    ("预算04表", "财政拨款收支总表", 32, 2),
    ("预算05表", "一般公共预算支出表", 9, 3),
    ("预算06表", "一般公共预算基本支出表", 18, 2),
    ("预算07表", "政府性基金预算支出表", 1, 2),
    ("预算08表", "国有资本经营预算支出表", 1, 2),
    ("预算09表", "财政拨款“三公”经费支出表", 1, 2),
    ("预算10表", "政府采购预算明细表", 2, 1),
    ("预算11表", "财政拨款政府购买服务明细表", 1, 2),
    ("预算表12", "项目支出绩效目标表", 74, 12),
]


@pytest.fixture(scope="module")
def tables(sample_path: Path):
    parsed = parse_text(sample_path)
    assert parsed.narrative == []
    return {table.code: table for table in parsed.tables}


def test_every_table_found_with_its_rows(tables) -> None:
    assert [(t.code, t.title, len(t.body_rows), len(t.header_rows)) for t in tables.values()] == SAMPLE_TABLES
    assert {t.unit for t in tables.values()} == {"万元"}


def test_multi_row_headers_become_column_paths(tables) -> None:
    assert tables["预算05表"].column_paths == [
        "功能分类科目/科目编码", "功能分类科目/科目名称", "预算数/合计", "预算数/基本支出/小计",
        "预算数/基本支出/人员经费", "预算数/基本支出/公用经费", "预算数/项目支出/项目支出总数",
        "预算数/项目支出/扣除基建项目后预算数"]
    assert tables["预算01表"].column_paths == ["收入/项目", "收入/预算数", "支出/项目", "支出/预算数"]
    assert tables["预算09表"].column_paths[3:] == [
        "公务用车购置及运行维护费/小计", "公务用车购置及运行维护费/公务用车购置费", "公务用车购置及运行维护费/公务用车运行维护费"]
    assert tables["预算03表"].column_paths[6:] == ["其中/事业单位经营支出", "其中/上缴上级支出", "其中/对附属单位补助支出"]


def test_repeated_header_blocks_in_table_12_are_headers(tables) -> None:
    table = tables["预算表12"]
    header_lines = [row.line_no for row in table.header_rows]
    assert header_lines == [207, 208, 226, 227, 239, 240, 252, 253, 269, 270, 287, 288]


def test_total_rows_and_empty_tables(tables) -> None:
    for code in ("预算07表", "预算08表", "预算11表"):
        (only,) = tables[code].body_rows
        assert only.role == "total" and not any(parse_amount(c) for c in only.cells if c and "合" not in c)
    assert [row.cells[0] for row in tables["预算01表"].body_rows if row.role == "total"] == ["本年收入合计", "收入总计"]


@pytest.mark.parametrize("heading, expected", [
    ("预算01表 收支总表", ("预算01表", "收支总表")),
    ("预算表12 项目支出绩效目标表", ("预算表12", "项目支出绩效目标表")),
    ("表一 部门收支总表", ("表一", "部门收支总表")),
    ("附表1 部门收入总表", ("附表1", "部门收入总表")),
    ("2024年部门收支总表", ("2024年部门收支总表", "2024年部门收支总表")),
    ("决算01表 收入支出决算总表", ("决算01表", "收入支出决算总表")),
])
def test_heading_styles(heading: str, expected: tuple[str, str]) -> None:
    assert match_heading(Line(1, [heading, "", ""])) == expected


@pytest.mark.parametrize("line", ["金额单位：万元", "项目支出绩效目标表说明了很多内容，不是一张表的标题吗", "合计\t1.00"])
def test_not_headings(line: str) -> None:
    assert match_heading(Line(1, line.split("\t"))) is None


def test_amounts_are_decimal_never_float() -> None:
    assert parse_amount("9,715.698690") == Decimal("9715.698690")
    assert parse_amount("1251.347000") == Decimal("1251.347000")
    assert parse_amount("") is None and parse_amount("-") is None
    with pytest.raises(ValueError):
        parse_amount("8,72l.5")


def test_project_names_with_stray_spaces() -> None:
    assert split_code_name("11000022Y0000 00444656-政务 云服务") == ("11000022Y000000444656", "政务云服务")
    assert split_code_name("2010350-事业运行") == ("2010350", "事业运行")
    assert split_code_name("合 计") == (None, "合计")
    assert tidy("大厅便民服 务") == "大厅便民服务"


@pytest.mark.parametrize("operator, value, expected", [
    ("≥", "99", ("≥", "99", Decimal("99"))),
    ("≤", "4.2", ("≤", "4.2", Decimal("4.2"))),
    ("=", "400", ("=", "400", Decimal("400"))),
    ("定性", "12个月", ("定性", "12个月", None)),
    ("", "≥99%", ("≥", "99%", None)),
    (">=", "30", ("≥", "30", Decimal("30"))),
])
def test_indicator_operators(operator: str, value: str, expected) -> None:
    assert split_indicator_value(operator, value) == expected


def test_measure_names_from_header_paths() -> None:
    assert measure_name("预算数/基本支出/小计") == "基本支出"
    assert measure_name("预算数/项目支出/项目支出总数") == "项目支出"
    assert measure_name("预算数/合计") == "合计"
    assert measure_name("其中/上缴上级支出") == "上缴上级支出"


def test_table_kinds_by_title() -> None:
    assert [classify(t) for t in ("收支总表", "财政拨款收支总表", "收入汇总表", "支出总表", "一般公共预算基本支出表",
                                  "财政拨款“三公”经费支出表", "政府采购预算明细表", "财政拨款政府购买服务明细表",
                                  "项目支出绩效目标表", "部门基本情况表", "2026年部门收支总体情况表", "部门收入总体情况表")] == [
        "summary", "summary", "income", "lines", "lines", "three_public", "procurement", "purchase_service",
        "performance", "generic", "summary", "income"]


def test_column_paths_fill_merged_cells() -> None:
    header = [["功能分类科目", "", "预算数", "", ""], ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
    assert column_paths(header, 5) == ["功能分类科目/科目编码", "功能分类科目/科目名称", "预算数/合计", "预算数/基本支出",
                                       "预算数/项目支出"]


def test_other_units_and_a_table_without_code() -> None:
    text = "某某局2025年部门收支总表\n单位：元\n收入\t\t支出\t\n项目\t金额\t项目\t金额\n一、财政拨款收入\t1200\t一、一般公共服务支出\t1200\n收入总计\t1200\t支出总计\t1200"
    (table,), narrative = split_tables(text_lines(text))
    assert (table.code, table.title, table.unit) == ("某某局2025年部门收支总表", "某某局2025年部门收支总表", "元")
    assert [row.role for row in table.rows] == ["header", "header", "body", "total"]


def test_a_merge_does_not_cross_a_label_above() -> None:
    """The 决算 “三公” header: 公务接待费's blank cell in the 小计 row is not 公务用车运行维护费's."""
    header = [["合计", "", "因公出国（境）费", "", "公务用车购置及运行维护费", "", "", "", "公务接待费", ""],
              ["", "", "", "", "小计", "", "公务用车运行维护费", "", "", ""],
              ["预算数", "决算数"] * 5]
    paths = column_paths(header, 10)
    assert paths[8:] == ["公务接待费/预算数", "公务接待费/决算数"]
    assert paths[6:8] == ["公务用车购置及运行维护费/公务用车运行维护费/预算数",
                          "公务用车购置及运行维护费/公务用车运行维护费/决算数"]
    assert paths[5] == "公务用车购置及运行维护费/小计/决算数"
