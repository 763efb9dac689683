"""Figures a budget's text states, read as named amounts (assistant/understand/stated.py), and a
publication that is a 情况说明 alone answering lookups, sums, ratios and follow-ups from them:
北京市教育委员会 2026 (../shared/real/corpus, never copied here), whose PDF holds no table."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.pipeline import Engine
from assistant.understand.departments import department_keys
from assistant.understand.stated import stated_figures
from tests.conftest import engine_on, ingested

EDUCATION = Path(__file__).resolve().parents[2] / "shared" / "real" / "corpus" / "北京" / "2026年北京市教育委员会部门预算.pdf"


def test_named_amounts_of_a_text() -> None:
    passages = [
        (1, "二、收入预算情况说明\n2026 年度收入预算 4483899.83 万元，比 2025 年年初预算数 4001046.82 万元增加 482853.01 万元。"),
        (2, "（二）公务接待费。2026 年预算数 66.61 万元，主要用于按规定开支的各类公务接待所产生的费用等。"),
        (3, "（三）公务用车购置和运行维护费。2026 年预算数1022.41 万元，包括公务用车购置费预算 463.80 万元、"
            "公务用车运行维护费预算 558.61 万元。"),
        (4, "2026 年示例委员会部门机关运行经费财政拨款预算 952.23 万元。"),
        (5, "截至 2025 年底，共有车辆 599台，单位价值 100 万元以上的设备 1895 台（套）。"),
        (6, "4.示例大学新校区（一期）建设项目（1）政策依据：根据规划。"),
        (7, "（3）预算安排：2026 年安排预算 8 亿元。"),
    ]
    read = {(f.item, f.amount, f.unit, f.row_id) for f in stated_figures(passages, "示例委员会")}
    assert read == {("收入预算", Decimal("4483899.83"), "万元", 1), ("公务接待费", Decimal("66.61"), "万元", 2),
                    ("公务用车购置和运行维护费", Decimal("1022.41"), "万元", 3),
                    ("公务用车购置费", Decimal("463.80"), "万元", 3), ("公务用车运行维护费", Decimal("558.61"), "万元", 3),
                    ("机关运行经费", Decimal("952.23"), "万元", 4),
                    ("示例大学新校区（一期）建设项目", Decimal("8"), "亿元", 7)}


def test_an_item_stated_with_two_amounts_is_left_out() -> None:
    passages = [(1, "基本支出 100.00 万元。"), (2, "其中：基本支出 80.00 万元。"), (3, "项目支出 20.00 万元。")]
    assert [f.item for f in stated_figures(passages)] == ["项目支出"]


def test_a_committee_is_named_short() -> None:
    assert {"教委", "教育委"} <= set(department_keys("北京市教育委员会"))



def test_thousands_and_stage_words_in_a_text() -> None:
    """A comma between thousands is no clause break (1,479.49 万元 is one amount), and a stage word alone
    (全年预算为 …) names no item."""
    passages = [(1, "2026 年本部门机关运行经费财政拨款预算 1,479.49 万元。"),
                (2, "本年财政拨款收入436,749.89万元，事业收入315,067.12万元。"),
                (3, "一般公共预算财政拨款支出年初预算为3,095.60万元，全年预算为3,183.10万元。")]
    read = {(f.item, f.amount) for f in stated_figures(passages, "示例委员会")}
    assert {("机关运行经费", Decimal("1479.49")), ("本年财政拨款收入", Decimal("436749.89")),
            ("事业收入", Decimal("315067.12"))} <= read
    assert not any(item == "全年" or amount in (Decimal("479.49"), Decimal("183.10")) for item, amount in read)

@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    store = ingested(tmp_path_factory, "education", EDUCATION)
    yield from engine_on(store)


def test_a_text_alone_answers_a_lookup_citing_its_paragraph(engine: Engine) -> None:
    answer = engine.ask("北京市教委的机关运行经费是多少？")
    assert "952.23万元" in answer.answer and answer.citations and answer.citations[0].section
    assert "（二）机关运行经费说明" in answer.answer
    zero = engine.ask("市教委2026年有没有上级补助收入？")
    assert "即没有安排" in zero.answer


def test_a_text_alone_computes_over_its_figures(engine: Engine) -> None:
    ratio = engine.ask("北京市教委出国（境）的费用是公务接待费的几倍？")
    assert Decimal("15.41") in {f.value for f in ratio.figures}
    difference = engine.ask("市教委保运转的基本支出比干事业的项目支出多多少？")  # words of the measures' definitions
    assert Decimal("1915454.93") in {f.value for f in difference.figures}
    share = engine.ask("本年财政拨款收入占收入预算的百分之几？")
    assert Decimal("55.83") in {f.value for f in share.figures}


def test_a_part_of_a_stated_figure_asked_next(engine: Engine) -> None:
    answer = engine.ask("市教委政府采购预算是多少？其中服务类多少？")
    assert "520,049.92万元" in answer.answer and "171,266.41万元" in answer.answer


def test_a_project_of_the_text_by_its_section(engine: Engine) -> None:
    answer = engine.ask("北方工业大学延庆新校区（一期）建设项目2026年安排了多少钱？")
    assert "8亿元" in answer.answer


def test_a_change_the_text_states_with_the_earlier_figure_and_its_reason(engine: Engine) -> None:
    """'比 2025 年年初预算数 4001046.82 万元增加 482853.01 万元': the change against the year before (年初预算 of a
    budget is its own figure, no stage); the reason asked next is read in the paragraph just quoted."""
    income = engine.ask("市教育委员会2026年收入预算与2025年年初预算相比，增减额和增减率各是多少？")
    assert {Decimal("482853.01"), Decimal("12.07")} <= {f.value for f in income.figures}
    answer = engine.ask("市教委2026年“三公”经费比上一年年初预算减少了多少？原因是什么？")
    assert {Decimal("-529.86"), Decimal("2645.24")} <= {f.value for f in answer.figures} and "过紧日子" in answer.answer


def test_a_date_in_the_question_is_no_documents_year(engine: Engine) -> None:
    answer = engine.ask("截至2025年底，北京市教委一共有多少辆车？")
    assert "599" in answer.answer and answer.route != "refuse"


def test_a_count_asked_is_what_the_department_holds_unless_a_purchase_is_asked(engine: Engine) -> None:
    """'有多少台（套）': the sentence counting in that unit (车辆 599 台 counts cars in 台) — what is held
    (共有…1895 台（套）), not what the budget buys (购置…246 台（套）), unless buying is what is asked."""
    cars = engine.ask("市教委有几辆公车？")
    assert "599" in cars.answer and cars.route == "retrieval"
    held = engine.ask("市教委100万元以上的设备有多少台（套）？")
    assert "1895" in held.answer and "购置单位价值" not in held.answer.split("来源")[0]
    bought = engine.ask("市教委今年计划购置多少台100万元以上的设备？")
    assert "246" in bought.answer


def test_a_ranking_answered_by_one_total_is_not_given(engine: Engine) -> None:
    """'三项里哪一项最多' with only the 三公 total found: no ranking, so no answer (not the total)."""
    answer = engine.ask("北京市教委“三公”经费三项里，哪一项预算最多？是多少？")
    assert answer.route == "refuse" and not answer.figures
