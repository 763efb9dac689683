"""What a question compares and what a table row holds, read right on real publications: a cell
wrapped round its row (深圳's 项目支出总表 prints '科技研发资金-平台载 530,850.0' over '体专项 0'),
a unit named by its parent's short form (上海住建委人才开发评价中心), a comparison with one side not
found (refused, never answered with the other side alone), a subject named as where the others are
(工资福利里，A是B的几倍), a bound in an indicator (最多评多少项) that is no ranking, the total of a named
table, the scheme of the table a question names, every department of the store (三家), each figure of
several in the unit asked, a change the text states with 减少 x%, year against year in one table,
reasons as the text's numbered list, the measures of a whole, the part of a share, a gloss in brackets,
the asker's own words, and a fund's 小计 as its table's 合计 (广州).

Real corpus files are read where CI has them, ../shared beside the checkout; they are not copied here."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.pipeline import Engine
from assistant.understand.departments import department_keys
from assistant.understand.intent import read_intent
from ingest.columns import table_measures
from tests.conftest import engine_on, ingested

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "real" / "corpus"
SHENZHEN = CORPUS / "深圳" / "2026年深圳市科技创新局部门预算.pdf"
SHANGHAI = CORPUS / "上海" / "2026年上海市住房和建设局_部门预算.pdf"  # its cover: …住房和城乡建设管理委员会人才开发评价中心
SUZHOU = CORPUS / "苏州" / "生态环境局_2026年部门预算.pdf"
GUANGZHOU = CORPUS / "广州" / "民政局_2026年部门预算.pdf"


def values(answer) -> set[Decimal]:
    return {f.value for f in answer.figures}


def test_a_unit_named_by_its_parents_short_form() -> None:
    keys = department_keys("上海市住房和城乡建设管理委员会人才开发评价中心")
    assert {"住建委人才开发评价中心", "上海住建委人才开发评价中心", "人才开发评价中心"} <= set(keys)


def test_a_bound_is_no_ranking() -> None:
    assert read_intent("四类奖项合计最多评多少项？").operation != "rank"
    assert read_intent("哪个项目的钱最多？").operation == "rank"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    store = ingested(tmp_path_factory, "operands", SHENZHEN, SHANGHAI, SUZHOU, GUANGZHOU)
    yield from engine_on(store)


def test_cells_wrapped_round_their_row_are_one_row(engine: Engine) -> None:
    count = engine.ask("深圳市科技创新局项目支出一共列了几个项目？")
    assert "共 11 个项目" in count.answer and "科技研发资金-平台载体专项" in count.answer
    share = engine.ask("深圳市科技创新局科技研发资金-平台载体专项占全部项目支出的比例是多少？")
    assert {Decimal("530850.00"), Decimal("53.85")} <= values(share)


def test_a_bound_of_one_project_is_not_a_count_of_projects(engine: Engine) -> None:
    answer = engine.ask("深圳市科技创新局科学技术奖奖金这个项目的绩效目标里，四类奖项合计最多评多少项？")
    assert "个项目" not in answer.answer and "102" in answer.answer


def test_a_unit_by_its_parents_short_form_and_each_figure_in_the_unit_asked(engine: Engine) -> None:
    procurement = engine.ask("上海住建委人才开发评价中心的政府采购预算是多少？")
    assert Decimal("623.90") in values(procurement)
    each = engine.ask("上海住建委人才开发评价中心的财政拨款收入和事业收入分别是多少万元？")
    assert {Decimal("1627.8547"), Decimal("2194.1039")} <= values(each) and "折合 1,627.8547万元" in each.answer


def test_the_scheme_of_the_table_named(engine: Engine) -> None:
    """养老保险 and 职业年金 are both a 功能分类 and a 经济分类 subject; the 基本支出 table named prints the latter."""
    answer = engine.ask("上海住建委人才开发评价中心给职工交的基本养老保险和职业年金，在一般公共预算基本支出里加起来多少元？")
    assert Decimal("985249") in values(answer) and Decimal("1970498") not in values(answer)


def test_every_department_of_the_store_and_the_table_each_names(engine: Engine) -> None:
    total = engine.ask("这四家的财政拨款收入加起来是多少万元？")
    assert Decimal("266705.55") not in values(total)  # 广州's 本年收入合计 of the 收支总表 is all its money
    assert Decimal("196691.56") in values(total)  # its 财政拨款收支总体情况表's
    apart = engine.ask("广州市民政局和苏州市生态环境局的收入预算相差多少？")
    assert Decimal("225521.71") in values(apart)


def test_a_comparison_with_one_side_not_found_is_refused(sample_store) -> None:
    engine = Engine(sample_store.settings, sample_store)
    try:
        one_side = engine.ask("办项目的钱比日常运转的基本支出多多少？")
        assert one_side.route == "refuse" and not one_side.figures
        scoped = engine.ask("工资福利里，津贴补贴是基本工资的几倍？")
        assert Decimal("1.06") in values(scoped) and Decimal("4651.785189") not in values(scoped)
        table_total = engine.ask("财政拨款“三公”经费预算总额是多少？")
        assert Decimal("0.187085") in values(table_total) and Decimal("9715.698690") not in values(table_total)
    finally:
        engine.close()


def test_a_change_the_text_states_with_its_rate(engine: Engine) -> None:
    answer = engine.ask("跟上年比，苏州市生态环境局的收支预算少了多少，减少了百分之几？")
    assert "减少 1,300.99万元" in answer.answer and Decimal("3.06") in values(answer)


def test_the_whole_named_first_is_where_the_parts_are(engine: Engine) -> None:
    """广州's text states its 政府采购 and the parts: 服务类 ÷ 货物类, never the whole ÷ a part."""
    answer = engine.ask("广州市民政局政府采购里服务类采购是货物类的几倍？")
    assert Decimal("2.70") in values(answer) and Decimal("1.48") not in values(answer)


def test_the_first_few_units(engine: Engine) -> None:
    answer = engine.ask("广州市民政局下面哪三个单位的收入预算最多？")
    assert {Decimal("53125.45"), Decimal("39334.34"), Decimal("35693.60")} <= values(answer)


def test_this_year_against_last_as_a_change(engine: Engine) -> None:
    """深圳's “三公” table prints a 2025年 and a 2026年 row: 2026 − 2025 and the rate on 2025, in one ask."""
    answer = engine.ask("深圳市科技创新局招待费今年比去年年初预算少了多少？降幅是多少？")
    assert {Decimal("-2.00"), Decimal("-40.00")} <= values(answer) and "减少 2.00万元，下降 40.00%" in answer.answer


def test_a_subject_paid_to_someone_by_everyday_words(engine: Engine) -> None:
    answer = engine.ask("深圳市科技创新局经济分类里给企业的补助有多少？")
    assert Decimal("984246.00") in values(answer)


def test_departments_ranked_in_one_unit_when_theirs_differ(engine: Engine) -> None:
    """上海's tables are in 元, the others' in 万元; 收入预算 is 上海's column name and the others' 收入总计."""
    answer = engine.ask("把这四家单位按收入预算从高到低排一下")
    assert "广州市民政局收入总计 266,705.55万元" in answer.answer and "3,863.9856万元" in answer.answer


def test_a_measure_of_the_summary_table_named(engine: Engine) -> None:
    """上海's 财务收支预算总表 prints 人员经费 of all funds; the 基本支出 table, of the 一般公共预算 alone."""
    named = engine.ask("上海住建委人才开发评价中心财务收支预算总表里人员经费是多少？")
    assert values(named) == {Decimal("11576692")}
    plain = engine.ask("上海住建委人才开发评价中心的人员经费是多少？")
    assert Decimal("5206108") in values(plain) and "11,576,692元" in plain.answer  # the other figure, said


def test_each_named_against_the_year_before(engine: Engine) -> None:
    answer = engine.ask("苏州市生态环境局的会议费和培训费各比上年减少了多少？")
    assert "减少 3.82万元" in answer.answer and "减少 7.27万元" in answer.answer


def test_reasons_asked_are_the_texts_numbered_list(engine: Engine) -> None:
    """'主要原因有哪些，各涉及多少钱' is a reason (never a list of subjects); the text prints one reason a line."""
    answer = engine.ask("深圳市科技创新局2026年预算收支增加的主要原因有哪些？各涉及多少钱？")
    assert answer.route == "retrieval" and "功能分类" not in answer.answer
    assert all(amount in answer.answer for amount in ("41,626 万元", "61,191 万元", "5,955 万元"))


def test_a_hall_is_no_department_and_a_names_own_words_are_covered(sample_store) -> None:
    engine = Engine(sample_store.settings, sample_store)
    try:
        first = engine.ask("大厅运行保障项目多少钱？")
        both = engine.ask("那大厅窗口规范化监督那个项目呢？两个项目差多少？", [first])
        assert {Decimal("178.920000"), Decimal("10.000000"), Decimal("168.920000")} <= values(both)
    finally:
        engine.close()


def test_the_part_of_a_share_and_the_measures_of_a_whole(engine: Engine) -> None:
    part = engine.ask("广州市民政局服务类的政府采购占采购总额的比例是多少？")  # both named before 占: the smaller is the part
    assert Decimal("67.70") in values(part)
    total = engine.ask("苏州市生态环境局在财政拨款收支总表里，节能环保支出占本年财政拨款支出合计的比重是多少？")
    assert Decimal("96.65") in values(total)  # 本年财政拨款 says which 支出合计; it is no figure of its own
    measures = engine.ask("上海住建委人才开发评价中心全部支出里，基本支出和项目支出分别是多少？")
    assert {Decimal("15595052"), Decimal("23044804")} <= values(measures)


def test_a_gloss_in_brackets_and_the_second_of_a_ranking(sample_store) -> None:
    engine = Engine(sample_store.settings, sample_store)
    try:
        glossed = engine.ask("资本性支出（买设备、软件这些）总共安排了多少？")
        assert glossed.answer.startswith("资本性支出（50601）共 1,283.360000万元")  # not its 软件 line alone
        second = engine.ask("人员经费各科目里，排第二的是哪一项？")
        assert "绩效工资" in second.answer and Decimal("244.411049") in values(second)
    finally:
        engine.close()


@pytest.mark.parametrize("question, figure", [
    ("我是退休职工，想问问政务服务中心今年给职工交医保的钱预算了多少？", "50.472804"),  # who asks is no name
    ("作为记者我想确认一下，政务服务中心2026年的“三公”经费财政拨款预算总额是多少？", "0.187085"),
    ("差旅费、会议费、培训费这三样加起来多少钱？", "2.950000"),  # 三样: how many, not a name
    ("去年没花完、结转到今年接着用的钱有多少？", "994.110150"),
])
def test_the_askers_own_words_are_no_names(sample_store, question: str, figure: str) -> None:
    engine = Engine(sample_store.settings, sample_store)
    try:
        assert Decimal(figure) in values(engine.ask(question))
    finally:
        engine.close()



def test_a_funds_subtotal_is_its_tables_total(engine: Engine) -> None:
    """广州's 一般公共预算支出情况表 heads its amounts '一般公共预算支出 / 小计 | 其中：基本支出 | 项目支出': the
    小计 is the table's 合计 (the corpus's 22 广州 budgets gain 808 identity checks by it, all passing)."""
    assert table_measures(["一般公共预算支出/小计", "一般公共预算支出/其中：基本支出", "一般公共预算支出/项目支出"]) == {
        "一般公共预算支出/小计": "合计", "一般公共预算支出/其中：基本支出": "基本支出", "一般公共预算支出/项目支出": "项目支出"}
    assert table_measures(["合计", "财政拨款/小计"])["财政拨款/小计"] == "财政拨款"  # a table with its own 合计 keeps it
    answer = engine.ask("广州市民政局一般公共预算支出是多少？")
    assert values(answer) == {Decimal("173157.50")}
