"""A “三公” table printing each year as a column group (重庆: 2025年预算数 | 2026年预算数, each over 合计,
因公出国（境）费, 公务用车购置及运行费 …): the budget's own year is its figure, the year before a stage
a change is computed against. Read from ../shared/real/corpus (never copied here)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.pipeline import Engine
from tests.conftest import engine_on, ingested
from tests.conftest import query as q

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "real" / "corpus"
PLANNING = CORPUS / "重庆" / "2026年重庆市规划和自然资源局部门预算.pdf"
SCIENCE = CORPUS / "苏州" / "2026年苏州市科技创新局部门预算.pdf"  # its tables give 2026 alone


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    yield from engine_on(ingested(tmp_path_factory, "three_public_years", PLANNING, SCIENCE))


def test_each_year_group_is_a_stage_and_the_budget_year_the_figure(engine: Engine) -> None:
    rows = q(engine.store, """SELECT stage, main_stage, amount FROM three_public JOIN documents USING (doc_id)
                              WHERE item = '合计' AND department = '重庆市规划和自然资源局' ORDER BY stage""")
    assert rows == [("2025年预算数", False, Decimal("2552.500000")), ("2026年预算数", True, Decimal("2171.850000"))]


def test_answers_take_the_budget_year_and_compute_the_change(engine: Engine) -> None:
    total = engine.ask("重庆规划自然资源局三公经费多少？")
    assert total.figures[0].value == Decimal("2171.85")  # not 2025's 2,552.50 printed first
    change = engine.ask("重庆规划自然资源局公务接待费比去年少了多少？")
    assert {Decimal("279.19"), Decimal("483.09"), Decimal("-203.90")} <= {f.value for f in change.figures}
    assert "减少 203.90万元，下降 42.21%" in change.answer  # 2026 − 2025, the rate on 2025


def test_another_departments_year_column_is_no_year_of_this_one(engine: Engine) -> None:
    """重庆's 2025年预算数 column makes 2025 a year of the store, not of 苏州科学技术局: '比去年' of 苏州's
    budget is its own year before (its text states the change), not '苏州 has no 2025 document'."""
    answer = engine.ask("苏州市科学技术局的三公经费比去年多了还是少了？")
    assert answer.route != "refuse" and "与上年预算数相同" in answer.answer
