"""Names and asks as people put them: a department by the short form officialdom uses (工信局 of
工业和信息化局), an area of spending by its first word or initials (科技, 住房), a unit asked loosely
(折合成元, 多少块钱), a follow-up that only switches the department, a comparison said as 谁…高？高多少？,
both ends of a ranking, a document that is one unit's own (本级) budget, and a body the store does not
hold (深圳市气象台 beside 深圳市气象局).

Real corpus files are read where CI has them, ../shared beside the checkout; they are not copied here."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.pipeline import Engine
from assistant.understand.departments import department_keys
from assistant.understand.intent import read_intent
from assistant.understand.scope import _ORG
from assistant.understand.vocabulary import area_forms
from tests.conftest import engine_on, ingested

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "real" / "corpus"
GUANGZHOU = CORPUS / "广州" / "工业和信息化局_2026年部门预算.pdf"
SHENZHEN = CORPUS / "深圳" / "2026年深圳市气象局部门预算.pdf"  # its cover: 深圳市气象局（本级）


def values(answer) -> set[Decimal]:
    return {f.value for f in answer.figures}


def test_short_forms_of_words_of_any_length() -> None:
    assert {"工信局", "广州工信局", "广州市工信局"} <= set(department_keys("广州市工业和信息化局"))  # 信息化: three characters
    assert "文献馆" in department_keys("上海市中医文献馆")  # a 馆 named by its last word
    long = department_keys("上海市统计和大数据研究院")
    assert "统计研究院" in long and "研究院" not in long  # the first word stays; a general word alone names nothing
    assert "发改委" in department_keys("深圳市发展和改革委员会") and "改委" not in department_keys("深圳市发展和改革委员会")


def test_bodies_named_after_their_place() -> None:
    assert _ORG.findall("深圳市气象台2026年的部门预算是多少") == ["深圳市气象台"]
    assert _ORG.findall("全市平台和门户网站的运维费是多少") == []  # 平台, 网站: not bodies


def test_areas_of_spending_by_their_first_word_or_initials() -> None:
    assert {"科技", "科技支出", "科技方面"} <= area_forms("科学技术支出")
    assert {"住房", "住房方面"} <= area_forms("住房保障支出")
    assert "社保" in area_forms("社会保障和就业支出") and "社会" not in area_forms("社会保障和就业支出")
    assert "一般" not in area_forms("一般公共服务支出")  # 一般 is the 一般公共预算's word too
    assert not area_forms("其他支出")  # the class of what the others leave


@pytest.mark.parametrize("question, unit", [
    ("公务接待费折合成元是多少？", "元"), ("出差的费用一共多少块钱？", "元"), ("财政拨款收入是多少（精确到元）？", "元"),
    ("专用设备购置 in 元?", "元"), ("支出总计折合多少亿元？", "亿元"), ("项目支出是多少个亿", "亿元"),
])
def test_units_asked_loosely(question: str, unit: str) -> None:
    assert read_intent(question).unit == unit


def test_an_area_and_a_conversion_on_the_sample(sample_store) -> None:
    engine = Engine(sample_store.settings, sample_store)
    try:
        housing = engine.ask("他们在住房这方面一共安排了多少钱？")
        assert Decimal("97.668984") in values(housing)
        yi = engine.ask("支出总计折合多少亿元？")  # the exact shift, and the figure people say
        assert {Decimal("0.971569869"), Decimal("0.97")} <= values(yi) and "约 0.97亿元" in yi.answer
        ends = engine.ask("部门经济分类科目里金额最多的和最少的各是哪项？")
        assert ends.route != "refuse"
    finally:
        engine.close()


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    store = ingested(tmp_path_factory, "everyday-names", GUANGZHOU, SHENZHEN)
    yield from engine_on(store)


def test_a_department_by_its_short_form(engine: Engine) -> None:
    total = engine.ask("广州工信局收入总计多少？")
    assert Decimal("225431.78") in values(total)
    assert {c.doc for c in total.citations} == {"广州市工业和信息化局2026年部门预算"}


def test_a_follow_up_that_switches_the_department(engine: Engine) -> None:
    first = engine.ask("广州工信局收入总计多少？")
    switched = engine.ask("那深圳气象局呢？", [first])
    assert values(switched) == {Decimal("7199.97")}
    assert {c.doc for c in switched.citations} == {"深圳市气象局2026年部门预算"}
    again = engine.ask("那广州市工业和信息化局呢？", [first, switched])  # the question asked two turns before
    assert Decimal("225431.78") in values(again)


def test_who_is_higher_and_by_how_much(engine: Engine) -> None:
    answer = engine.ask("广州工信局和深圳气象局，谁的三公经费高？高多少？")
    assert {Decimal("95.71"), Decimal("27.60"), Decimal("68.11")} <= values(answer)
    assert "相加" not in answer.interpretation


def test_both_ends_of_a_ranking(engine: Engine) -> None:
    answer = engine.ask("广州工信局、深圳气象局中，哪个支出总计最多，哪个最少？")
    assert {Decimal("225431.78"), Decimal("7199.97")} <= values(answer)
    assert "最多的是广州市工业和信息化局" in answer.answer and "最少的是深圳市气象局" in answer.answer


def test_the_budget_of_one_unit_answers_for_it(engine: Engine) -> None:
    """The 收入表 lists 深圳市气象局（本级） alone: its 项目支出 is the document's."""
    answer = engine.ask("深圳市气象局（本级）今年项目支出预算多少？")
    assert values(answer) == {Decimal("3982.81")}


def test_a_body_not_held_beside_one_held(engine: Engine) -> None:
    answer = engine.ask("深圳市气象台2026年的部门预算是多少？")
    assert answer.route == "refuse" and not answer.figures


def test_a_code_is_shown_only_where_the_table_prints_it(engine: Engine) -> None:
    """深圳's 基本支出总表 prints names alone: its subjects' codes come from the catalogue, not the page."""
    answer = engine.ask("深圳气象局经济分类里哪一项支出最多？")
    assert answer.route == "sql" and Decimal("768.27") in values(answer)
    assert "津贴补贴" in answer.answer and "30102" not in answer.answer
