"""A department's 2024 预算 (Shanghai layout, 元) and 2023 决算 (万元, with 年初/全年预算数 and 完成率)
in one store: stages, completion rates, and the two years side by side."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.pipeline import Engine
from assistant.store import Store
from tests.conftest import engine_on, make_settings

DOCS = Path(__file__).parent / "fixtures" / "docs"
BUDGET = DOCS / "上海市示例区文化旅游局_2024_部门预算.txt"
ACCOUNTS = DOCS / "上海市示例区文化旅游局_2023_部门决算.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    store = Store(make_settings(tmp_path_factory.mktemp("two-years")))
    store.ingest([BUDGET, ACCOUNTS])
    yield from engine_on(store)


def values(answer) -> list[Decimal]:
    return [f.value for f in answer.figures]


def test_plain_questions_read_the_final_figure(engine: Engine) -> None:
    answer = engine.ask("2023年行政运行支出多少")
    assert values(answer) == [Decimal("812.46")]


def test_a_stage_on_request(engine: Engine) -> None:
    answer = engine.ask("2023年文化和旅游的全年预算数")
    assert values(answer) == [Decimal("2299.39")]


def test_completion_rate_from_the_table_that_publishes_both(engine: Engine) -> None:
    answer = engine.ask("2023年文化和旅游支出的完成率")
    assert Decimal("97.37") in values(answer)  # the document's own 完成率 column says 97.37
    assert "2239.00 ÷ 2299.39 × 100" in answer.answer
    assert {c.table for c in answer.citations} == {"一般公共预算财政拨款支出决算表"}


def test_subtotal_rows_are_not_added_to_their_items(engine: Engine) -> None:
    """20701 has its own 款 row above its 项 rows: the answer is that row, cited alone."""
    answer = engine.ask("2024年文化和旅游款的预算是多少")
    assert values(answer)[0] == Decimal("25210815.41")
    (cited,) = [c for c in answer.citations if c.table == answer.citations[0].table]
    assert cited.cells[:4] == ["207", "01", "", "文化和旅游"] and "25,210,815.41" in cited.cells


def test_budget_and_final_accounts_side_by_side(engine: Engine) -> None:
    answer = engine.ask("2024年预算比2023年决算的支出总计多多少元？")
    assert Decimal("3084458.69") in values(answer)
    assert "3195.51万元 × 10000 = 31955100元" in answer.answer
    assert {c.doc for c in answer.citations} == {"上海市示例区文化旅游局2024年部门预算", "上海市示例区文化旅游局2023年部门决算"}


def test_execution_is_refused_for_a_budget_only(engine: Engine) -> None:
    answer = engine.ask("2024年项目支出的执行率是多少")
    assert answer.route == "refuse" and "执行" in answer.answer


# ------------------------------------------------------------------ stages of a 决算 set against each other

def test_three_public_reads_each_stage_of_a_final_accounts_table(engine: Engine) -> None:
    actual = engine.ask("2023年三公经费是多少")
    planned = engine.ask("2023年三公经费的预算是多少")
    assert values(actual)[0] == Decimal("13.84") and values(planned)[0] == Decimal("17.70")
    assert "公务接待费 1.87万元" in actual.answer
    assert Decimal("2.50") not in values(actual)  # no budget figure mixed in
    assert "公务接待费 2.50万元" in planned.answer


def test_two_stages_side_by_side(engine: Engine) -> None:
    answer = engine.ask("2023年旅游宣传的年初预算和全年预算各是多少？")
    assert values(answer) == [Decimal("180.00"), Decimal("172.50")]
    assert "年初预算数" in answer.answer and "全年预算数" in answer.answer
    both = engine.ask("2023年因公出国（境）费预算数和决算数分别是多少？")
    assert values(both) == [Decimal("8.00"), Decimal("5.62")]


def test_final_figure_compared_with_the_budget(engine: Engine) -> None:
    answer = engine.ask("2023年三公经费决算比预算少了多少？")
    assert Decimal("3.86") in values(answer)
    assert "17.70 − 13.84 = 3.86" in answer.answer
    whole_year = engine.ask("2023年全年预算数比年初预算数多多少？")  # nothing named: the table's 合计
    assert Decimal("87.50") in values(whole_year)
    assert {c.table for c in whole_year.citations} == {"一般公共预算财政拨款支出决算表"}


def test_completion_against_a_named_budget_stage(engine: Engine) -> None:
    initial = engine.ask("2023年决算中，完成年初预算的比例是多少？")
    assert Decimal("99.87") in values(initial) and "3091.55 ÷ 3095.60 × 100" in initial.answer
    three_public = engine.ask("2023年三公经费预算执行率")
    assert Decimal("78.19") in values(three_public) and "13.84 ÷ 17.70 × 100" in three_public.answer


def test_lowest_completion_rate_is_ranked_over_subjects(engine: Engine) -> None:
    answer = engine.ask("2023年哪个科目预算完成率最低？")
    assert "文物保护" in answer.answer and Decimal("89.39") in values(answer)
    assert "205.18 ÷ 229.54 × 100" in [f.formula for f in answer.figures][-1]


def test_relative_years_count_from_the_latest_stored_year(engine: Engine) -> None:
    this_year = engine.ask("今年的三公经费是多少")
    assert {c.doc for c in this_year.citations} == {"上海市示例区文化旅游局2024年部门预算"}
    last_year = engine.ask("去年的三公经费是多少")
    assert {c.doc for c in last_year.citations} == {"上海市示例区文化旅游局2023年部门决算"}
    change = engine.ask("今年的三公经费比去年多多少？")
    assert Decimal("31.86") in values(change) and len({c.doc for c in change.citations}) == 2
    missing = engine.ask("前年的三公经费")
    assert missing.route == "refuse" and "2022" in missing.answer


def test_car_costs_are_shown_inside_their_item(engine: Engine) -> None:
    answer = engine.ask("2024年三公经费")
    assert "公务用车购置及运行费 34.84万元（其中公务用车购置费 28.00万元、公务用车运行费 6.84万元）" in answer.answer
    ranked = engine.ask("2024年三公经费中哪项最多")
    assert ranked.answer.startswith("“三公”经费项目中金额最多的是公务用车购置及运行费：34.84万元")


def test_an_item_named_with_a_stage_word_inside_its_table_name(engine: Engine) -> None:
    """'机关运行经费预算' loosely names the “三公”经费和机关运行经费预算表; the item is still found."""
    answer = engine.ask("2024年机关运行经费预算是多少？")
    assert values(answer) == [Decimal("152.64")]


def test_a_blank_fund_points_to_its_empty_table(engine: Engine) -> None:
    answer = engine.ask("2023年有国有资本经营预算财政拨款支出吗？")
    assert not answer.figures and "为空表" in answer.answer
    assert "国有资本经营预算财政拨款收入支出决算表" in {c.table for c in answer.citations}


def test_a_definition_comes_from_the_document_that_gives_one(engine: Engine) -> None:
    answer = engine.ask("“三公”经费指的是哪些钱？")
    assert answer.route == "retrieval" and "因公出国（境）费" in answer.answer and "公务接待费" in answer.answer
    assert "经费：" in answer.answer  # the glossary entry, not the section that reports the figures


@pytest.mark.parametrize(("question", "stages"), [
    ("三公经费决算比预算少了多少", ["决算数", "预算"]),
    ("旅游宣传的年初预算和全年预算各是多少", ["年初预算数", "全年预算数"]),
    ("调整后预算比年初预算多多少", ["全年预算数", "年初预算数"]),
    ("一般公共预算财政拨款支出多少", []),  # a name, not a stage
    ("2023年决算中行政运行是多少", []),  # the document, not a stage
    ("政府性基金预算支出表的合计", []),
])
def test_stage_words_are_told_from_names(question: str, stages: list[str]) -> None:
    from assistant.understand.intent import stages_named

    assert stages_named(question) == stages


def test_a_stage_the_table_does_not_publish_is_refused_not_guessed(engine: Engine) -> None:
    """基本支出决算表 gives one figure per row: no 年初预算 to compare, no 全年预算 to read; and 办公费 is not
    in the table that publishes the stages, so its completion rate is not the table's."""
    for question in ("2023年基本支出决算比年初预算多多少", "2023年人员经费全年预算是多少", "2023年办公费完成率",
                     "2023年机关运行经费完成率"):
        answer = engine.ask(question)
        assert answer.route == "refuse" and not answer.figures, (question, answer.answer)


def test_a_change_between_years_is_taken_on_the_earlier_year(engine: Engine) -> None:
    """Whichever year the question names first, 增减额 = later − earlier and 增减率 is over the earlier year."""
    for question in ("2023年决算的三公经费比2024年预算少多少？", "三公经费2024年预算比2023年决算增长了多少"):
        answer = engine.ask(question)
        assert [f.value for f in answer.figures if "增减" in f.label] == [Decimal("31.86"), Decimal("230.20")]
        assert "2024年预算比2023年决算增加 31.86万元，增长 230.20%" in answer.answer
        assert "(45.70 − 13.84) ÷ 13.84 × 100" in answer.answer


def test_every_year_of_a_department_in_a_series(tmp_path: Path) -> None:
    """这几年: each year's figure and its change on the year before, with its sign."""
    later = tmp_path / "上海市示例区文化旅游局_2025_部门预算.txt"
    later.write_text(BUDGET.read_text(encoding="utf-8").replace("2024", "2025"), encoding="utf-8")
    store = Store(make_settings(tmp_path / "data"))
    store.ingest([BUDGET, ACCOUNTS, later])
    for engine in engine_on(store):
        answer = engine.ask("这几年的三公经费有什么变化？")
        assert values(answer)[:3] == [Decimal("13.84"), Decimal("45.70"), Decimal("45.70")]
        assert "2024年预算比2023年决算增加 31.86万元，增长 230.20%" in answer.answer
        assert "2025年预算与2024年预算持平" in answer.answer
        assert len({c.doc for c in answer.citations}) == 3
