"""What a budget's text states against the year before, and the units of a department, on real
publications of the development corpus (../shared/real/corpus): 重庆市水利局 (changes stated only in
the 情况说明) and 广州市城市管理和综合执法局 (a 收入表 by 单位), in one store."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.engines.statements import about, change_outcome, statements
from assistant.pipeline import Engine
from assistant.understand.departments import department_keys
from assistant.understand.vocabulary import _abbreviation
from tests.conftest import engine_on, ingested

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "real" / "corpus"
WATER = CORPUS / "重庆" / "2026年重庆市水利局部门预算.pdf"
URBAN = CORPUS / "广州" / "城市管理和综合执法局_2026年部门预算.pdf"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    store = ingested(tmp_path_factory, "statements", WATER, URBAN)
    yield from engine_on(store)


def test_sentences_of_change_read_as_figures() -> None:
    found = statements([
        (1, "四、“三公”经费情况说明 2026 年“三公”经费预算 308.00 万元，比 2025 年减少 22.24 万元。其中：公务接待费 39.50万元，"
            "比 2025 年减少 5.64 万元，主要原因是厉行节约；公务用车购置费 0.00 万元，与上年持平。"),
        (2, "收入比 2025 年减少 246429.22 万元，主要是政府性基金预算财政拨款减少。"),
        (3, "2026年本部门收入预算191,822.92万元，比上年减少12,619.04万元，下降6.2%。"),
        (4, "其中：基本支出 33325.21 万元，主要用于保障在职人员工资福利、离休人员离休费、退休人员补助等，比 2025年增加 2943.64 万元。"),
    ])
    read = [(s.item, s.current, s.direction, s.amount, s.rate, s.base) for s in found]
    assert read == [
        ("“三公”经费", Decimal("308.00"), -1, Decimal("22.24"), None, "2025年"),
        ("公务接待费", Decimal("39.50"), -1, Decimal("5.64"), None, "2025年"),
        ("公务用车购置费", Decimal("0.00"), 0, Decimal(0), None, "上年"),
        ("收入", None, -1, Decimal("246429.22"), None, "2025年"),
        ("收入", Decimal("191822.92"), -1, Decimal("12619.04"), Decimal("6.2"), "上年"),
        ("基本支出", Decimal("33325.21"), 1, Decimal("2943.64"), None, "2025年"),
    ]
    # the item's words choose, and where a table publishes it, the amount must agree (as the text rounds it)
    assert about(found, ["三公经费"], [(Decimal("308.00"), "万元")]).amount == Decimal("22.24")
    assert about(found, ["三公经费"], [(Decimal("3080000"), "元")]).amount == Decimal("22.24")
    assert about(found, ["三公经费"], [(Decimal("310.00"), "万元")]) is None
    assert about(found, ["一般公共预算基本支出"], [(Decimal("33325.21"), "万元")]).item == "基本支出"
    assert about(found, ["一般公共预算基本支出"], []) is None  # 支出 alone does not name it
    bought = change_outcome(statements([(5, "公务用车购置费18万元，比上年增加18万元。")])[0], None, "万元", "公务用车购置费", [])
    assert bought.fields["earlier"] == "0万元" and bought.fields["rate"] == ""  # nothing the year before: no rate


def test_the_shapes_of_change_sentences_across_provinces() -> None:
    """深圳: the item named alone before ('2.公务接待费。2026 年预算数 3 万元，较 …'), a year inside the item's
    clause; 苏州: the change in the sentence after the amount, or the item after the base, the rate as 减少 x%,
    '与上年预算数相同'; 多/少 as the direction."""
    found = statements([
        (1, "2.公务接待费。2026 年预算数 3 万元，较 2025 年年初预算减少 2 万元，主要是厉行节约。"),
        (2, "其中：公务用车购置费 2026 年预算数 18 万元，较 2025 年年初预算增加 0 万元，主要是无；"),
        (3, "（2）节能环保支出（类）支出 39,803.47 万元，主要用于环境污染防治的支出。与上年相比减少 1,332.74 万元，减少 3.24%。"),
        (4, "与上年相比，财政拨款收、支总计各减少 178,341.83 万元，减少 48.92%。"),
        (5, "（3）国有资本经营预算拨款收入 0 万元，与上年预算数相同。"),
        (6, "水利工程运维 5,000 万元，较 2025 年预算多 2,563.22 万元。"),
    ])
    read = [(s.item, s.current, s.direction, s.amount, s.rate) for s in found]
    assert read == [
        ("公务接待费", Decimal("3"), -1, Decimal("2"), None),
        ("公务用车购置费", Decimal("18"), 0, Decimal("0"), None),
        ("节能环保支出（类）支出", Decimal("39803.47"), -1, Decimal("1332.74"), Decimal("3.24")),
        ("财政拨款收、支总计", None, -1, Decimal("178341.83"), Decimal("48.92")),
        ("国有资本经营预算拨款收入", Decimal("0"), 0, Decimal(0), None),
        ("水利工程运维", Decimal("5000"), 1, Decimal("2563.22"), None),
    ]


def test_a_change_only_the_text_states_is_computed_and_shown(engine: Engine) -> None:
    answer = engine.ask("重庆市水利局2026年三公经费比上年降了多少？降幅多大？")
    assert answer.route == "hybrid"
    assert {Decimal("308.00"), Decimal("-22.24"), Decimal("330.24"), Decimal("6.73")} <= {f.value for f in answer.figures}
    assert "2025年 = 308.00 + 22.24 = 330.24万元" in answer.answer and "22.24 ÷ 330.24 × 100 = 6.73%" in answer.answer
    assert {c.table for c in answer.citations} >= {"表八", "正文"}
    income = engine.ask("重庆水利局今年的收入跟2025年比少了多少？降幅多大？")  # 收入: the 收入总计 of 表一
    assert {Decimal("186549.30"), Decimal("432978.52"), Decimal("56.91")} <= {f.value for f in income.figures}
    basic = engine.ask("水利局一般公共预算基本支出比去年增加了多少？")
    assert Decimal("2943.64") in {f.value for f in basic.figures} and "246,429.22" not in basic.answer
    running = engine.ask("重庆市水利局机关运行经费比去年多还是少？")  # named by its section's heading
    assert running.route != "refuse" and "增加 1.05万元" in running.answer
    whole = engine.ask("广州城管局今年预算比去年少了多少？下降了多少个百分点？")  # one ask; the printed rate
    assert {Decimal("-12619.04"), Decimal("6.2"), Decimal("204441.96")} <= {f.value for f in whole.figures}


def test_units_of_a_department_answer_from_their_rows(engine: Engine) -> None:
    share = engine.ask("广州市生活废弃物管理中心的预算占整个城管局部门预算的比重是多少？")
    assert [f.value for f in share.figures if f.unit == "%"] == [Decimal("51.23")]
    fund = engine.ask("广州市生活废弃物管理中心的政府性基金预算收入是多少")
    assert [f.value for f in fund.figures] == [Decimal("95654.00")]
    first = engine.ask("广州市燃气事务中心2026年预算收入是多少？")  # the unit's other name, in brackets
    assert [f.value for f in first.figures] == [Decimal("7499.49")]
    part = engine.ask("其中政府性基金部分是多少？", history=[first])
    assert [f.value for f in part.figures] == [Decimal("901.55")]
    top = engine.ask("广州城管局下属哪个单位的预算最多？是多少？")
    assert "广州市生活废弃物管理中心" in top.answer and Decimal("98275.36") in {f.value for f in top.figures}
    every = engine.ask("城管局各下属单位收入预算分别是多少？")  # a list of the rows, not a 名词解释 nor the total
    assert len(every.figures) >= 8 and Decimal("2207.58") in {f.value for f in every.figures}
    three = engine.ask("城管局下属单位里，哪三家2026年收入预算最多？")  # the department's own row is no 下属单位
    assert [f.value for f in three.figures] == [Decimal("98275.36"), Decimal("7499.49"), Decimal("5500.68")]
    with_own = engine.ask("城管局哪个单位的收入预算第二多？")  # every row of the table, its own (本级) included
    assert [f.value for f in with_own.figures] == [Decimal("68750.74")]
    counted = engine.ask("城管局有几个下属单位？其中哪个收入预算最多？")  # two asks; the second ranks the same units
    assert "共 7 个所属单位" in counted.answer and "最多的是广州市生活废弃物管理中心" in counted.answer
    outside = engine.ask("广州市城市管理监控指挥中心2026年基本支出多少？")  # no table gives a unit's 基本支出 here
    assert outside.route == "refuse" and not outside.figures and "所属单位" in outside.answer


def test_a_follow_up_to_a_refused_department_stays_refused(engine: Engine) -> None:
    other = engine.ask("深圳市城市管理局2026年预算收入是多少？")
    assert other.route == "refuse"
    follow = engine.ask("其中政府性基金部分是多少？", history=[other])
    assert follow.route == "refuse" and not follow.figures


def test_per_head_across_documents_is_refused(engine: Engine) -> None:
    answer = engine.ask("重庆水利局和广州城管局按人均算，谁的三公经费更高？")
    assert answer.route == "refuse" and not answer.figures and "人均" in answer.answer


def test_names_and_short_forms() -> None:
    keys = department_keys("上海市应急管理局执法总队")
    assert {"执法总队", "上海应急管理执法总队", "应急管理局执法总队"} <= set(keys)
    assert "深圳水务局" in department_keys("深圳市水务局")
    # a short form keeps word starts: 社保 of 社会保障, never 共 of 公共 alone
    assert _abbreviation("社保就业支出", "社会保障和就业支出", 0.6) == (0, 6)
    assert _abbreviation("水费加电费一共预算多少", "一般公共预算", 0.6) is None


def test_parts_the_text_states_of_a_figure_it_states(engine: Engine) -> None:
    """'政府采购安排…，其中：货物类采购预算…、工程类采购预算…': a part asked after the whole is the part
    of the same sentence, and its share is taken of that whole."""
    whole = engine.ask("城管局政府采购一共安排了多少？")
    assert [f.value for f in whole.figures] == [Decimal("142330.95")]  # 142,330.95 read whole, not as 330.95
    share = engine.ask("其中工程类占多大比例？", [whole])
    assert [f.value for f in share.figures] == [Decimal("1387.13"), Decimal("142330.95"), Decimal("0.97")]


def test_two_departments_side_by_side_and_added_up(engine: Engine) -> None:
    """A和B的X分别是多少 is each one's figure; 两家加起来呢 adds what that answer set side by side; a
    question naming both departments is about both, whatever the conversation was about before."""
    each = engine.ask("广州城管局和重庆水利局的机关运行经费分别是多少？")
    assert each.answer.startswith("共 2 个文件") and {f.value for f in each.figures} >= {Decimal("2611.42"),
                                                                                   Decimal("2115.63")}
    both = engine.ask("两家加起来呢？", [each])
    assert [f.value for f in both.figures] == [Decimal("2611.42"), Decimal("2115.63"), Decimal("4727.05")]
    budgets = engine.ask("广州城管局和重庆水利局2026年部门预算加起来一共多少钱？", [each, both])
    assert [f.value for f in budgets.figures] == [Decimal("191822.92"), Decimal("186549.30"), Decimal("378372.22")]
    assert len({c.doc for c in budgets.citations}) == 2


def test_the_year_before_asked_of_a_budget_giving_this_year_alone(engine: Engine) -> None:
    """'上年的收入是多少' of a 2026 budget: the earlier figure the text's change gives (never this year's
    figure as if it were last year's), or a refusal when the text states no change of it."""
    income = engine.ask("重庆水利局上年的收入是多少？")
    assert Decimal("432978.52") in {f.value for f in income.figures} and "2025年为 432,978.52万元" in income.answer
    office = engine.ask("重庆水利局上年的办公费是多少？")
    assert office.route == "refuse" and not office.figures


def test_a_unit_named_without_its_city_is_of_its_department(engine: Engine) -> None:
    unit = engine.ask("余泥渣土管理处的收入预算是多少？")  # 广州市余泥渣土管理处, a row of 城管局's 收入表 by 单位
    assert [f.value for f in unit.figures] == [Decimal("1814.54")]
    other = engine.ask("深圳市地震监测中心的收入预算是多少？")  # no unit of that name, in any city, is held
    assert other.route == "refuse" and "深圳市地震监测中心" in other.answer and not other.figures
    elsewhere = engine.ask("深圳市余泥渣土管理处的收入预算是多少？")  # 广州's unit of that name: not this one's figure
    assert elsewhere.route in ("refuse", "clarify") and not elsewhere.figures


def test_an_item_asked_inside_its_whole(engine: Engine) -> None:
    """'三公经费里出国（境）费' is the item of the “三公” table (printed 因公出国（境）支出), not the total beside
    it nor a 302 line; 它占三公的比重 then takes it of that total. '政府采购里工程类' is the part the text
    states, and '货物类和工程类加起来' adds it to its sibling of the same sentence."""
    item = engine.ask("广州城管局三公经费里出国（境）费多少？")
    assert [f.value for f in item.figures] == [Decimal("25.16")] and item.citations[0].table == "表8"
    share = engine.ask("它占三公的比重是多少？", [item])
    assert [f.value for f in share.figures] == [Decimal("25.16"), Decimal("399.88"), Decimal("6.29")]
    part = engine.ask("城管局政府采购里工程类多少？")
    assert [f.value for f in part.figures] == [Decimal("1387.13")]
    both = engine.ask("货物类和工程类加起来呢？", [part])
    assert [f.value for f in both.figures] == [Decimal("1387.13"), Decimal("401.41"), Decimal("1788.54")]
