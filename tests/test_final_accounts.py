"""A department's 2024 预算 (Shanghai layout, 元) and 2023 决算 (万元, with 年初/全年预算数 and 完成率)
in one store: stages, completion rates, and the two years side by side."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assistant.pipeline import Engine
from assistant.store import Store
from tests.conftest import make_settings

DOCS = Path(__file__).parent / "fixtures" / "docs"
BUDGET = DOCS / "上海市示例区文化旅游局_2024_部门预算.txt"
ACCOUNTS = DOCS / "上海市示例区文化旅游局_2023_部门决算.txt"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    store = Store(make_settings(tmp_path_factory.mktemp("two-years")))
    store.ingest([BUDGET, ACCOUNTS])
    engine = Engine(store.settings, store)
    yield engine
    engine.close()


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
