"""Real publications (Shanghai, PDF): ingest end to end and answer from them, with page citations.

The PDFs are read where CI has them, ../shared/real beside the checkout; they are not copied here.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.errors import IngestError
from assistant.pipeline import Engine
from assistant.store import Store
from tests.conftest import engine_on, ingested, make_settings
from tests.conftest import query as q

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
WANLI = REAL / "上海市普陀区万里街道办事处_2023_部门预算.pdf"
FINANCE = REAL / "上海市普陀区财政局_2025_部门预算.pdf"
SOCIAL = REAL / "中共上海市普陀区委社会工作部_2024_部门决算.pdf"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return ingested(tmp_path_factory, "real", WANLI, FINANCE, SOCIAL)


@pytest.fixture(scope="module")
def engine(store: Store) -> Iterator[Engine]:
    yield from engine_on(store)


def test_documents_detected_and_validated(store: Store) -> None:
    rows = q(store, "SELECT department, year, kind, validation_status, n_tables FROM documents ORDER BY year")
    assert rows == [("上海市普陀区人民政府万里街道办事处", 2023, "预算", "ok", 14),
                    ("中共上海市普陀区委社会工作部", 2024, "决算", "ok", 9),
                    ("上海市普陀区财政局", 2025, "预算", "ok", 9)]
    assert q(store, "SELECT count(*) FROM validations WHERE status = 'warning'") == [(0,)]


def test_tables_split_over_pages_are_one_table_with_page_provenance(store: Store) -> None:
    (doc,), = q(store, "SELECT doc_id FROM documents WHERE year = 2025")
    pages = q(store, """SELECT DISTINCT page FROM source_rows WHERE doc_id = ? AND table_code = '2025年部门支出预算总表'
                        ORDER BY page""", [doc])
    assert pages == [(12,), (13,)]
    totals = q(store, """SELECT c.column_path, c.amount, c.unit FROM cells c JOIN source_rows r USING (doc_id, row_id)
                         WHERE c.doc_id = ? AND c.table_code = '2025年部门支出预算总表' AND r.role = 'total'
                         ORDER BY c.col_no""", [doc])
    assert totals == [("支出预算/合计", Decimal("31214205.800000"), "元"), ("支出预算/基本支出", Decimal("25121091.000000"), "元"),
                      ("支出预算/项目支出", Decimal("6093114.800000"), "元")]


def test_split_codes_units_and_empty_tables(store: Store) -> None:
    (doc,), = q(store, "SELECT doc_id FROM documents WHERE year = 2025")
    assert q(store, """SELECT DISTINCT func_code, func_name, func_level, func_class_name, amount_wan FROM line_items
                       WHERE doc_id = ? AND func_code = '2010601' AND measure = '合计'
                       AND table_code = '2025年部门支出预算总表'""", [doc]) == [
        ("2010601", "行政运行", "项", "一般公共服务支出", Decimal("1623.184080"))]
    assert q(store, "SELECT item, amount, unit FROM three_public WHERE doc_id = ? AND item = '合计'", [doc]) == [
        ("合计", Decimal("0.950000"), "万元")]
    assert q(store, """SELECT is_empty FROM doc_tables WHERE doc_id = ?
                       AND table_code = '2025年部门政府性基金预算支出功能分类预算表'""", [doc]) == [(True,)]


def test_performance_forms(store: Store) -> None:
    projects = q(store, "SELECT project_name, total FROM projects ORDER BY row_id")
    assert ("就业援助基地补贴", Decimal("6351000.000000")) in projects and len(projects) == 5
    assert q(store, """SELECT level1, level2, operator, value, unit FROM indicators
                       WHERE name = '补贴对象申请审核完成率'""") == [("产出指标", "数量指标", "=", "100.00", "%")]


@pytest.mark.parametrize("question, value, page", [
    ("财政局2025年的三公经费是多少", "0.950000", 21),
    ("万里街道的城乡社区支出是多少", "121319878.000000", None),
    ("社会工作部的一般公共服务支出决算数", "264.870000", 5),
    ("财政局机关运行经费多少", "229.430000", 21),
])
def test_answers_cite_pages(engine: Engine, question: str, value: str, page: int | None) -> None:
    answer = engine.ask(question)
    assert answer.route == "sql", answer.answer
    assert any(f.value == Decimal(value) for f in answer.figures), answer.answer
    if page:
        assert any(c.page == page for c in answer.citations) and f"第{page}页" in answer.answer


def test_compare_and_indicators_from_pdfs(engine: Engine) -> None:
    compare = engine.ask("社会工作部基本支出和项目支出哪个多？")
    assert any(f.value == Decimal("96.66") for f in compare.figures), compare.answer  # 202.24 − 105.58
    indicators = engine.ask("万里街道就业援助基地补贴项目的绩效指标有哪些")
    assert indicators.route == "hybrid" and "补贴对象满意度：≥80.00%" in indicators.answer


def test_several_documents_without_a_hint_ask_which(engine: Engine) -> None:
    answer = engine.ask("三公经费是多少")
    assert answer.route == "clarify" and answer.figures == []
    assert "上海市普陀区财政局2025年部门预算" in answer.answer and "社会工作部" in answer.answer


def test_a_pdf_without_text_is_refused(tmp_path: Path) -> None:
    scan = tmp_path / "扫描件_2024_部门预算.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                     b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
                     b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
                     b"trailer<</Root 1 0 R>>\n%%EOF\n")
    store = Store(make_settings(tmp_path / "data"))
    with pytest.raises(IngestError) as refused:
        store.ingest([scan])
    assert "没有文字层" in refused.value.message_zh and scan.name in refused.value.message_zh
    damaged = tmp_path / "损坏_2024_部门预算.pdf"
    damaged.write_bytes(b"not a pdf at all")
    with pytest.raises(IngestError):
        store.ingest([damaged])


def test_departments_side_by_side(engine: Engine) -> None:
    """Two named departments: each one's figure, in one unit (万元 when theirs differ, the conversion shown),
    and the difference."""
    answer = engine.ask("财政局和社会工作部的一般公共服务支出哪个多")
    assert answer.route == "sql"
    assert any(f.value == Decimal("22186440.80") for f in answer.figures)
    assert "22186440.80元 ÷ 10000" in answer.answer  # the 决算 publishes 万元, the 预算 元: set side by side in 万元
    docs = {c.doc for c in answer.citations}
    assert docs == {"上海市普陀区财政局2025年部门预算", "中共上海市普陀区委社会工作部2024年部门决算"}
    ranking = engine.ask("各部门三公经费排名")
    assert [f.value for f in ranking.figures] == [Decimal("22.91"), Decimal("0.95")]


def test_two_column_groups_side_by_side(engine: Engine) -> None:
    """The 决算 基本支出表 prints 301… and 302… as two column groups: each amount under its own code."""
    assert [f.value for f in engine.ask("社会工作部2024年基本工资决算多少").figures] == [Decimal("14.12")]
    assert [f.value for f in engine.ask("社会工作部的办公费是多少").figures] == [Decimal("3.78")]


def test_completion_stated_only_in_the_text_of_a_final_account(engine: Engine) -> None:
    """The 决算's tables publish 决算数 alone; its 说明 states each subject's 全年预算 and 完成率 —
    a sentence running over a page break and a '主要用于' line after its subject are one paragraph."""
    subject = engine.ask("社会工作部行政运行的完成率")
    assert subject.route == "retrieval" and "完成全年预算数的 98.69%" in subject.answer
    assert "行政运行（项）" in subject.answer and subject.citations[0].page == 18
    whole = engine.ask("社会工作部一般公共预算财政拨款支出完成率")
    assert "全年预算为321.02 万元，支出决算为 307.82 万元" in whole.answer
    ranked = engine.ask("社会工作部哪个科目完成率最低")  # no table to rank over: said plainly
    assert ranked.route == "refuse" and "没有公布这一项对应的预算数" in ranked.answer and not ranked.figures


def test_relative_years_belong_to_the_department_named(engine: Engine) -> None:
    answer = engine.ask("财政局去年的三公经费")  # 财政局 publishes 2025 only
    assert answer.route == "refuse" and "上海市普陀区财政局2024年" in answer.answer
    assert [f.value for f in engine.ask("财政局今年的三公经费").figures][0] == Decimal("0.95")


def test_a_form_without_a_unit_line_shows_no_unit_rather_than_none(engine: Engine) -> None:
    answer = engine.ask("万里街道有哪些项目填报了绩效目标")
    assert "共 5 个项目" in answer.answer and "None" not in answer.answer


def test_a_follow_up_naming_another_department_is_read_in_that_one(engine: Engine) -> None:
    """那万里街道呢 after 财政局's figure: 万里街道's own row, never 财政局's under its name; 谁多 then sets
    the two departments of the answers before side by side, each cited to its document."""
    first = engine.ask("财政局的三公经费是多少")
    other = engine.ask("那万里街道呢？", [first])
    assert {c.doc for c in other.citations} == {"上海市普陀区人民政府万里街道办事处2023年部门预算"}
    assert other.figures[0].value == Decimal("22.91")
    both = engine.ask("谁多，多多少？", [first, other])
    assert [f.value for f in both.figures] == [Decimal("0.95"), Decimal("22.91"), Decimal("21.96")]
    assert {c.doc for c in both.citations} == {"上海市普陀区财政局2025年部门预算",
                                               "上海市普陀区人民政府万里街道办事处2023年部门预算"}
    office = engine.ask("那万里街道的办公费呢？", [engine.ask("财政局的公务接待费是多少")])
    mixed = engine.ask("加起来呢？", [first, office])  # 财政局's 三公 and 万里街道's 办公费: no one thing to add
    assert mixed.route == "refuse" and not mixed.figures
