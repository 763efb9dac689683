"""Layouts written blind (by helpers that did not read the engine): a Zhejiang-style 预算 (附表N, codes
and names in one cell, a 三公 table with a row per item and a column per year, project forms one after
another) and a national-style 决算 PDF (公开NN表, running page headers, a contents page, 栏次 rows,
tables over three pages, 类/款/项 columns under a bare 科目编码)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.pipeline import Engine
from assistant.store import Store
from tests.conftest import engine_on, make_settings
from tests.conftest import query as q

DOCS = Path(__file__).parent / "fixtures" / "docs"
ZHEJIANG = DOCS / "浙江省示例县教育局_2025_部门预算.txt"
SICHUAN = DOCS / "四川省示例市卫生健康委员会_2024_部门决算.pdf"
GUANGDONG = DOCS / "广东省示例市司法局_2026_部门预算.xlsx"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(make_settings(tmp_path_factory.mktemp("layouts")))
    store.ingest([ZHEJIANG, SICHUAN, GUANGDONG])
    return store


@pytest.fixture(scope="module")
def engine(store: Store) -> Iterator[Engine]:
    yield from engine_on(store)


def test_both_documents_detected_and_every_identity_holds(store: Store) -> None:
    titles = {title for (title,) in q(store, "SELECT title FROM documents")}
    assert titles == {"浙江省示例县教育局2025年部门预算", "四川省示例市卫生健康委员会2024年部门决算",
                      "广东省示例市司法局2026年部门预算"}  # not '第二部分…'
    failed = q(store, "SELECT check_name FROM validations WHERE status <> 'ok'")
    assert failed == []
    assert q(store, "SELECT count(*) FROM validations")[0][0] > 80


def test_a_pdf_table_runs_over_its_pages_without_the_running_header(store: Store) -> None:
    pages = q(store, """SELECT DISTINCT r.page FROM source_rows r JOIN doc_tables t USING (doc_id, table_code)
                        WHERE t.table_title = '一般公共预算财政拨款支出决算表' AND r.role = 'body' ORDER BY 1""")
    assert len(pages) == 3
    rows = q(store, """SELECT l.func_code FROM line_items l JOIN doc_tables t USING (doc_id, table_code)
                       WHERE t.table_title = '一般公共预算财政拨款支出决算表' AND l.func_code = '2210203'""")
    assert rows, "the last row, on the third page, is read"
    narrative = [text for (text,) in q(store, "SELECT text FROM passages WHERE kind = 'narrative'")]
    assert not any(". . . ." in text for text in narrative)  # contents entries are not prose
    assert not any(text.startswith("四川省示例市卫生健康委员会2024年度部门决算\n") for text in narrative)


def test_subject_codes_under_a_bare_heading_take_their_classification_from_the_codes(store: Store) -> None:
    one_cell = q(store, """SELECT func_name, amount FROM line_items WHERE table_code = '附表5' AND func_code = '20502'
                           AND measure = '合计'""")
    assert one_cell == [("普通教育", Decimal("22063.080000"))]  # '20502 普通教育' in one cell
    split = q(store, """SELECT count(*) FROM line_items l JOIN doc_tables t USING (doc_id, table_code)
                        WHERE t.table_title = '一般公共预算财政拨款支出决算表' AND length(l.func_code) = 7""")
    assert split[0][0] > 20  # 类 | 款 | 项 columns joined


def test_three_public_rows_with_a_column_per_year(engine: Engine) -> None:
    current = engine.ask("浙江省示例县教育局今年三公经费预算是多少？")
    assert current.figures[0].value == Decimal("63.01")  # the 2025 column, not 2024's 41.27
    earlier = engine.ask("示例县教育局三公经费跟2024年相比增加了多少？")
    assert Decimal("21.74") in [f.value for f in earlier.figures] and "63.01 − 41.27 = 21.74" in earlier.answer
    reception = engine.ask("示例县教育局公务接待费比上年少了多少？")
    assert Decimal("-1.20") in [f.value for f in reception.figures] and "减少 1.20万元" in reception.answer  # 2025 − 2024


def test_project_forms_one_after_another(store: Store) -> None:
    projects = q(store, "SELECT project_name, total, fiscal_funds FROM projects WHERE table_code = '附表12' ORDER BY row_id")
    assert len(projects) == 5
    assert projects[0] == ("学前教育保教质量提升项目", Decimal("668.000000"), Decimal("620.000000"))


def test_unknown_items_and_other_issuers_are_refused(engine: Engine) -> None:
    for question in ("示例县卫生健康局2025年的三公经费是多少", "示例县教育局智慧食堂改造项目安排了多少预算？",
                     "四川省示例市卫生健康委员会无人机购置费决算数是多少"):
        answer = engine.ask(question)  # refused, or asked back naming what was not found
        assert answer.route in ("refuse", "clarify") and not answer.figures, (question, answer.answer)


def test_counts_read_from_the_text(engine: Engine) -> None:
    cars = engine.ask("四川省示例市卫生健康委员会一共有多少辆车")
    assert cars.route == "retrieval" and "23辆" in cars.answer


def test_a_year_only_one_table_gives_is_no_answer_for_the_others(engine: Engine) -> None:
    """附表7 prints 2024年预算数 beside 2025年预算数; no other table has a 2024 figure."""
    answer = engine.ask("示例县教育局2024年教育支出是多少")
    assert answer.route == "refuse" and not answer.figures
    carried = engine.ask("示例县教育局上年结转和三公经费各多少")  # 上年结转 is a row, not last year
    assert Decimal("63.01") in [f.value for f in carried.figures]


def test_placeholders_do_not_make_a_money_column_text() -> None:
    from ingest.extract import amount_columns
    from ingest.model import RawTable, SourceRow

    rows = [SourceRow(row_no=i + 1, line_no=i + 1, cells=cells, role=role) for i, (cells, role) in enumerate([
        (["合计", "12.00"], "total"), (["2010101 行政运行", "-"], "body"), (["2010102 一般行政管理事务", "—"], "body"),
        (["2010199 其他", "12.00"], "body")])]
    table = RawTable("表1", "政府性基金预算支出表", "万元", 1, rows, ["科目", "政府性基金"])
    assert amount_columns(table, {row.row_no: row.cells for row in rows}) == [1]


def test_the_items_under_a_subject_are_listed(engine: Engine) -> None:
    answer = engine.ask("四川省示例市卫生健康委员会公共卫生（款）下面包括哪些项？")
    assert "共 9 个" in answer.answer and "突发公共卫生事件应急处置" in answer.answer
    assert all(len(f.label.split()[0]) == 7 for f in answer.figures if f.formula is None)


def test_a_department_named_like_a_subject_still_lets_the_subject_be_asked(engine: Engine) -> None:
    """卫生健康 is part of 卫生健康委员会 and of 卫生健康支出: the subject is still understood."""
    answer = engine.ask("四川省示例市卫生健康委员会卫生健康支出决算是多少")
    assert answer.figures and answer.figures[0].value == Decimal("162745.31")


def test_a_workbook_as_its_software_exports_it(store: Store, engine: Engine) -> None:
    """Several tables on a sheet, a hidden helper column and a hidden check row, a header cell that
    names the unit, amounts as text, a 项目支出表 listing projects without goals."""
    cells = [c for (row,) in q(store, """SELECT r.cells FROM source_rows r JOIN documents d USING (doc_id)
                                         WHERE d.title LIKE '广东%'""") for c in row]
    assert not any(c.startswith("ZB2026") for c in cells) and "内部核对行" not in cells
    three = q(store, """SELECT item, amount FROM three_public t JOIN documents d USING (doc_id)
                        WHERE d.title LIKE '广东%' AND item = '合计'""")
    assert three == [("合计", Decimal("544000.000000"))]  # its first header row kept, though it names the unit
    top = engine.ask("广东省示例市司法局哪个项目预算最多？")
    assert "法律援助案件办理经费" in top.answer and top.figures[0].value == Decimal("6850000.00")
    count = engine.ask("广东省示例市司法局今年一共安排了几个项目")
    assert "共 12 个项目" in count.answer
    subject = engine.ask("广东省示例市司法局社区矫正安排了多少钱？")  # the subject, not 社区矫正工作经费
    assert subject.figures[0].value == Decimal("3405600.00")


def test_a_subject_followed_by_heji_is_its_own_total(engine: Engine) -> None:
    answer = engine.ask("广东省示例市司法局普法宣传支出合计多少万元？")
    assert [f.value for f in answer.figures if f.formula is None] == [Decimal("1265000.00")]
    assert "126.5万元" in answer.answer


def test_a_project_form_cites_the_row_that_prints_its_amount(engine: Engine) -> None:
    answer = engine.ask("示例县教育局学前教育保教质量提升项目总共多少钱？")
    assert answer.figures[0].value == Decimal("668.00")
    assert any("668.00" in c.cells for c in answer.citations)  # 年度资金总额 | 668.00, beside the name row


def test_a_class_named_like_a_summary_line_is_read_from_the_table_with_stages(engine: Engine) -> None:
    """卫生健康支出 is also a line of the 收入支出决算表 (one figure); its 完成率 is the 类 row of 公开05表."""
    answer = engine.ask("四川省示例市卫生健康委员会卫生健康支出的完成率是多少")
    assert Decimal("101.79") in [f.value for f in answer.figures]
    assert "21875.54 ÷ 21489.92 × 100" in answer.answer
