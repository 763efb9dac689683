"""Which figures a computation is over, on the sample and a real publication: the part of a share is
what stands before 占 however it is worded; a whole named to say where the things asked are (工资福利支出
里的…, 全部支出里，…) is no operand, and a sum never adds a subject to its own sub-subjects; 最多的三类
ranks subjects at the 类 level (added up from the 款 where a table prints no 类 rows); a table's title
matched loosely across a list of names (“三公”经费、会议费、培训费支出表) does not hide the names; a
stretch starting inside a word (一共预算) is no name (一般公共预算); the budget as a whole (预算总计折合
多少亿元) is its 支出总计; words no name explains that one goal text holds are answered by it; the
measures' everyday names (人头费, 日常公用经费, 人头费（人员经费）); what a clause ending in 不算 leaves out,
and a line that holds none of it already (本年收入合计 of 上年结转); two names one project's name holds
in order (编外长聘人员的管理服务费); a procurement row's amount in its 总计 column (苏州水务局).

The 苏州 publication is read where CI has it, ../shared beside the checkout; it is not copied here."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.pipeline import Engine
from tests.conftest import engine_on, ingested

SUZHOU = Path(__file__).resolve().parents[2] / "shared" / "real" / "corpus" / "苏州"
AUDIT = SUZHOU / "2026年苏州市审计局部门预算.pdf"
WATER = SUZHOU / "2026年苏州市水务局部门预算.pdf"  # 政府采购支出表: 资金来源/… | 总计


def values(answer) -> set[Decimal]:
    return {f.value for f in answer.figures}


def operand_names(answer) -> list[str]:
    return [o["name"] for ask in answer.plan["asks"] for o in ask.get("operands", [])]


@pytest.fixture()
def sample_engine(sample_store) -> Iterator[Engine]:
    yield from engine_on(sample_store)


@pytest.fixture(scope="module")
def audit_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    assert AUDIT.is_file(), f"missing {AUDIT} (CI has ../shared beside the checkout)"
    yield from engine_on(ingested(tmp_path_factory, "suzhou_audit", AUDIT))


def test_the_part_of_a_share_is_what_stands_before_zhan(sample_engine: Engine) -> None:
    """Not 项目支出 ÷ the table's total (144.01%) because 里 follows the table's name."""
    share = sample_engine.ask("绩效目标表里列出的项目总额加起来，占项目支出总数的比例是多少？")
    assert "69.44%" in share.answer and "3503.893227 ÷ 5045.803092" in share.answer


def test_a_whole_named_for_where_is_no_operand(sample_engine: Engine) -> None:
    ratio = sample_engine.ask("全部支出里，项目支出是基本支出的几倍")
    assert "5045.803092 ÷ 4669.895598 = 1.08" in ratio.answer and "支出总计" not in ratio.answer
    total = sample_engine.ask("工资福利支出里的住房公积金、职业年金缴费这两项加一起是多少")
    assert Decimal("71.780256") in values(total) and "工资福利支出" not in operand_names(total)


def test_the_three_largest_classes(sample_engine: Engine) -> None:
    """类 with no classification named: 支出功能分类's; 经济分类's 类 added up from its 款 rows."""
    classes = sample_engine.ask("按支出大类看，钱最多的三类是哪些，各多少？")
    assert "一般公共服务支出 9,034.528419" in classes.answer and "30199" not in classes.answer
    economic = sample_engine.ask("按经济分类，支出最多的三类是哪些")
    assert Decimal("4651.785189") in values(economic) and "工资福利支出" in economic.answer
    assert Decimal("1283.360000") in values(economic) and "其他工资福利支出" not in economic.answer.split("\n")[0]


def test_no_name_from_a_stretch_inside_a_word(sample_engine: Engine) -> None:
    both = sample_engine.ask("办公设备购置和维修（护）费一共预算了多少")
    assert Decimal("1569.707150") in values(both) and "一般公共预算" not in operand_names(both)


def test_the_budget_as_a_whole(sample_engine: Engine) -> None:
    whole = sample_engine.ask("预算总计折合多少亿元")
    assert "支出总计" in whole.answer and "0.971569869亿元" in whole.answer


def test_words_a_goal_text_holds(sample_engine: Engine) -> None:
    how = sample_engine.ask("中心的网络运维是怎么驻场的？")
    assert how.route == "retrieval" and "5*8小时驻场" in how.answer
    seal = sample_engine.ask("大厅有没有给新开办的企业提供刻章服务？")
    assert seal.route == "retrieval" and "刻章服务" in seal.answer
    unheld = sample_engine.ask("中心的网络运维是怎么用无人机巡检的？")  # in no passage: not answered
    assert unheld.route in ("clarify", "refuse") and not unheld.figures


def test_names_listed_in_a_tables_title(audit_engine: Engine) -> None:
    """“三公”经费、会议费、培训费支出表: 会议费 named beside 三公经费 is its column (10.00), not the table."""
    for question in ("三公经费、会议费和培训费一共多少", "“三公”经费再加上会议费、培训费，审计局一共安排了多少？"):
        total = audit_engine.ask(question)
        assert Decimal("63.00") in values(total), total.answer
        assert "“三公”经费 + 会议费 + 培训费" in total.interpretation  # two figures of 10.00, each by its name


def test_the_measures_by_their_everyday_names(sample_engine: Engine) -> None:
    assert values(sample_engine.ask("人头费今年一共安排了多少？")) == {Decimal("4651.785189")}
    both = sample_engine.ask("基本支出里，人头费（人员经费）和日常公用经费各是多少钱？")
    assert {Decimal("4651.785189"), Decimal("18.110409")} <= values(both)


def test_a_clause_ending_in_leaving_out(sample_engine: Engine) -> None:
    rest = sample_engine.ask("收入总计多少？去年结转过来的不算。")
    assert Decimal("8721.588540") in values(rest) and "9715.698690 − 994.110150" in rest.answer
    own = sample_engine.ask("今年财政新拨给中心的钱有多少？去年剩下结转过来的不算。")  # 中心 is the department
    assert Decimal("8721.588540") in values(own) and "本身不含" in own.answer and Decimal("994.110150") not in values(own)


def test_a_unit_asked_loosely_and_a_ratio_of_new_money(sample_engine: Engine) -> None:
    assert "2,689,200元" in sample_engine.ask("买办公设备的钱，按元算是多少？").answer
    assert "8721.588540 ÷ 994.110150 = 8.77" in sample_engine.ask("今年财政新拨的钱，是去年结转资金的几倍？").answer


def test_two_names_of_one_project(sample_engine: Engine) -> None:
    answer = sample_engine.ask("编外长聘人员的管理服务费安排了多少？")
    assert values(answer) == {Decimal("635.812244")} and answer.route == "sql"


def test_two_characters_alone_name_no_indicator(sample_engine: Engine) -> None:
    """编制数 is no 年度定期编制大厅监督检查报告."""
    answer = sample_engine.ask("中心在编人员有多少人，编制数是多少？")
    assert not answer.figures and "监督检查报告" not in answer.answer


def test_a_procurement_row_by_its_total_column(tmp_path_factory: pytest.TempPathFactory) -> None:
    assert WATER.is_file(), f"missing {WATER} (CI has ../shared beside the checkout)"
    for engine in engine_on(ingested(tmp_path_factory, "suzhou_water", WATER)):
        row = engine.ask("城区污水处理运营服务费这个采购项目总共要多少钱？")
        assert values(row) == {Decimal("21290.00")}  # not its 一般公共预算资金 8,290.00
        total = engine.ask("政府采购预算总共多少")
        assert Decimal("21940.28") in values(total) and Decimal("8940.28") not in values(total)


def test_where_the_money_comes_from_and_where_it_goes_in(sample_engine: Engine) -> None:
    sources = sample_engine.ask("中心的钱都从哪几块来？各多少？")  # 几块 is no unit (块 = 元)
    assert {Decimal("8721.588540"), Decimal("994.110150")} <= values(sources) and "以元" not in sources.interpretation
    projects = sample_engine.ask("绩效目标表里投入最多的三个项目是哪几个，分别多少钱？")
    assert {Decimal("1251.347000"), Decimal("1102.076383"), Decimal("635.812244")} <= values(projects)


def test_a_figure_per_month_of_a_project_is_its_indicator_stated_per_month(sample_engine: Engine) -> None:
    monthly = sample_engine.ask("政务云每个月的云服务费最多不能超过多少？")
    assert "单月云服务成本" in monthly.answer and "125" in monthly.answer
    unstated = sample_engine.ask("政务云每个月多少钱")  # no indicator of it per month: never the annual total
    assert unstated.route == "refuse" and not unstated.figures


def test_the_askers_words_before_the_departments_own_short_name(sample_engine: Engine) -> None:
    """想了解一下中心…, 想知道…占中心…: 中心 is the department asked of, not another body."""
    pension = sample_engine.ask("我是退休职工，想了解一下中心给在职员工交的基本养老保险一年安排了多少钱？")
    assert values(pension) == {Decimal("48.928512")}
    share = sample_engine.ask("信息系统运维类项目占中心项目支出总额的比例是多少？")
    assert "24.80%" in share.answer
    other = sample_engine.ask("北京市公共资源交易中心的三公经费是多少")
    assert other.route == "refuse" and "北京市公共资源交易中心" in other.answer


def test_a_ranking_within_a_table_of_economic_subjects(tmp_path_factory: pytest.TempPathFactory) -> None:
    """苏州's 机关运行经费 table lists 经济分类 subjects: its largest three, not the document's functions."""
    data = SUZHOU / "2026年苏州市数据局部门预算.pdf"
    assert data.is_file(), f"missing {data} (CI has ../shared beside the checkout)"
    for engine in engine_on(ingested(tmp_path_factory, "suzhou_data", data)):
        top = engine.ask("机关运行经费的明细里，花钱最多的是哪三项？")
        assert "30211 差旅费 66.80" in top.answer and "2060599" not in top.answer
