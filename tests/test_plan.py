"""The typed plan: golden readings of questions, coverage, answer types, multi-part asks, share
direction, change signs, follow-ups, and everyday words linked through the subject definitions.

Golden file: tests/golden/plans.json (question → plan → figures). After an intended change of
reading, regenerate it with ``UPDATE_GOLDEN=1 python -m pytest tests/test_plan.py -k golden``
and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.pipeline import Engine
from assistant.store import Store
from assistant.understand import subjects
from assistant.understand.coverage import leftover
from assistant.understand.intent import read_intent
from assistant.understand.plan import asked_type, period
from assistant.understand.vocabulary import fold, name_forms
from tests.conftest import engine_on

GOLDEN = Path(__file__).parent / "golden" / "plans.json"
GOLDEN_QUESTIONS = [
    "办公设备购置预算多少？",
    "项目支出占支出总计的比例是多少？",
    "支出总计中项目支出占多少？",
    "基本支出是项目支出的几倍？",
    "基本支出比项目支出少多少？",
    "养老保险缴费和职业年金缴费加起来多少？",
    "基本支出是多少，项目支出又是多少？",
    "支出功能分类（类）从高到低排前三是哪些？",
    "三公经费包括哪几项？各多少？",
    "有没有安排公务接待费？",
    "招待客人的钱今年预算了多少？",
    "政务云服务的可用性目标是多少？",
    "人员经费每个月多少？",
    "火箭发射经费是多少？",
]


@pytest.fixture(scope="module")
def engine(sample_store: Store) -> Engine:
    yield from engine_on(sample_store)


def reading(engine: Engine, question: str, history: list | None = None) -> dict:
    answer = engine.ask(question, history or [])
    return {"question": question, "route": answer.route, "interpretation": answer.interpretation,
            "plan": answer.plan, "figures": [f.to_dict() for f in answer.figures]}


def test_golden_plans(engine: Engine) -> None:
    """Each question's plan, interpretation and figures are exactly the pinned ones."""
    got = [reading(engine, q) for q in GOLDEN_QUESTIONS]
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    pinned = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert [p["question"] for p in pinned] == GOLDEN_QUESTIONS
    for expected, actual in zip(pinned, got):
        assert actual == expected, expected["question"]


def test_every_answered_ask_has_a_plan_that_covers_its_words(engine: Engine) -> None:
    """An answer with figures is never given while a word of its question is left unexplained."""
    questions = [json.loads(line)["question"] for line in
                 (Path(__file__).parent.parent / "evals" / "seed_public.jsonl").read_text("utf-8").splitlines()]
    for question in questions:
        answer = engine.ask(question)
        assert answer.plan["asks"], question
        if answer.figures:
            assert all(not ask.get("uncovered") for ask in answer.plan["asks"]), question
            assert answer.interpretation.startswith("理解为："), question


@pytest.mark.parametrize("question", ["火箭发射经费是多少？", "量子通信费用预算多少？", "办公设备购置和火箭经费分别多少？"])
def test_a_word_nothing_explains_never_yields_a_figure(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    if "办公设备购置" in question:  # the part that is understood is answered, the rest said to be missing
        assert "火箭" in answer.answer and "没有" in answer.answer
        return
    assert answer.route in ("refuse", "clarify") and not answer.figures
    assert "没有找到" in answer.answer or "没有对应" in answer.answer or "没有这方面" in answer.answer


def test_leftover_words() -> None:
    text = "火箭发射经费是多少?"
    assert leftover(text, []) == ["火箭发射"]
    assert leftover(text, [(0, 4)]) == []
    assert leftover("单位养人的钱,就是人员经费,今年预算多少?", []) == []  # glossed by a known word
    assert leftover("今年买不买公车?", [(5, 7)]) == []  # X不X asks yes or no


def test_the_forms_a_name_is_said_in() -> None:
    """上年结余、结转 is also said 上年结转结余; 公务用车购置费 without its 费; 差旅费 keeps it (差旅 is no name)."""
    assert {"上年结转结余", "上年结余结转"} <= name_forms("上年结余、结转")
    assert "公务用车购置" in name_forms("公务用车购置费") and "差旅" not in name_forms("差旅费")


@pytest.mark.parametrize("question, kind", [
    ("比上年呢？", "金额"), ("和去年比有变化吗？", "金额"), ("有没有安排公务接待费？", "有无"),
    ("增长几个点？", "比例"), ("有几辆公车？", "计数")])
def test_a_change_asked_is_no_yes_or_no(question: str, kind: str) -> None:
    assert asked_type(fold(question)) == kind
    if kind == "金额":
        assert read_intent(fold(question)).operation == "compare"  # against the year before


@pytest.mark.parametrize("question, kind", [
    ("基本支出是项目支出的几倍？", "倍数"), ("项目支出占比多少？", "比例"), ("项目实施投入多少人？", "计数"),
    ("系统什么时候上线？", "时间"), ("有没有安排公务接待费？", "有无"), ("三公经费包括哪几项？", "清单"),
    ("什么是机关运行经费", "金额"), ("办公设备购置多少钱", "金额"), ("这些项目的预算加起来一共多少", "金额")])
def test_asked_types(question: str, kind: str) -> None:
    assert asked_type(question) == kind


def test_a_figure_per_period_is_not_answered_with_the_annual_total(engine: Engine) -> None:
    assert period("人员经费每个月多少") == "每个月"
    answer = engine.ask("人员经费每个月多少？")
    assert answer.route == "refuse" and not answer.figures and "每个月" in answer.answer
    stated = engine.ask("网络运行保障单月服务成本上限是多少？")  # an indicator that states a monthly figure
    assert stated.route != "refuse" and "30" in stated.answer


def test_ratio_is_a_over_b_in_the_order_asked(engine: Engine) -> None:
    answer = engine.ask("基本支出是项目支出的几倍？")
    (ratio,) = [f for f in answer.figures if f.unit == "倍"]
    assert ratio.value == (Decimal("4669.895598") / Decimal("5045.803092")).quantize(Decimal("0.01"))
    assert answer.plan["asks"][0]["executed"] == "ratio"
    assert "基本支出 ÷ 项目支出" in answer.interpretation


@pytest.mark.parametrize("question", ["项目支出占支出总计的比例是多少？", "支出总计中项目支出占多少？"])
def test_share_direction_is_part_over_whole(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    (share,) = [f for f in answer.figures if f.unit == "%"]
    assert share.value == Decimal("51.93")  # 5045.803092 ÷ 9715.698690
    assert "按“项目支出 ÷ 支出" in answer.interpretation and "× 100”" in answer.interpretation


def test_asks_joined_by_a_comma_are_each_answered(engine: Engine) -> None:
    answer = engine.ask("基本支出是多少，项目支出又是多少？")
    assert [a["operation"] for a in answer.plan["asks"]] == ["lookup", "lookup"]
    assert "4,669.895598" in answer.answer and "5,045.803092" in answer.answer
    assert len(answer.interpretation.splitlines()) == 2


def test_follow_ups_gather_earlier_answers(engine: Engine) -> None:
    history = [engine.ask("办公设备购置多少？")]
    history.append(engine.ask("专用设备购置呢？", history))
    both = engine.ask("这两项加起来多少？", history)
    assert "588.920000" in both.answer  # 268.920000 + 320.000000
    history = [engine.ask("人员经费多少？")]
    history.append(engine.ask("公用经费呢？", history))
    difference = engine.ask("两者差多少？", history)
    assert "4,633.674780" in difference.answer  # 4651.785189 − 18.110409


def test_yes_or_no_comes_first(engine: Engine) -> None:
    assert engine.ask("有没有安排公务接待费？").answer.startswith("有。")


def test_everyday_words_reach_subjects_through_their_definitions(engine: Engine) -> None:
    answer = engine.ask("招待客人的钱今年预算了多少？")  # no name, no synonym: the 公务接待费 definition
    assert "0.187085" in answer.answer and "公务接待费" in answer.interpretation


def test_a_word_the_document_prints_is_not_read_as_an_everyday_word(engine: Engine) -> None:
    """A project's own words are never replaced by a subject their definition happens to match."""
    answer = engine.ask("政务云服务项目的钱多少？")
    assert "1,102.076383" in answer.answer or "1102.076383" in answer.answer


def test_shipped_definition_vectors_match_the_definitions() -> None:
    """scripts/build_subject_vectors.py was run after the last edit of subject_definitions.tsv."""
    folder = Path(subjects.__file__).parent
    assert (folder / "subject_vectors.txt").read_text(encoding="utf-8").strip() == subjects.fingerprint()
    assert len(subjects.definitions()) >= 700
    assert {d.scheme for d in subjects.definitions()} == {"dept_econ", "gov_econ", "func"}


@pytest.mark.parametrize("question, total", [("全年一共能花多少钱？", "支出总计"), ("今年总共支出多少", "支出总计"),
                                             ("一共有多少钱", "收入总计")])
def test_the_whole_budget_asked_with_no_item_named_is_its_total(engine: Engine, question: str, total: str) -> None:
    answer = engine.ask(question)
    assert answer.figures[0].label == total and answer.figures[0].value == Decimal("9715.698690")


def test_a_whole_word_beside_an_item_leaves_the_item_alone(engine: Engine) -> None:
    answer = engine.ask("差旅费一共花了多少")
    assert [f.value for f in answer.figures] == [Decimal("2.250000")]


def test_each_measure_column_of_a_subject(engine: Engine) -> None:
    """事业运行的人员经费和公用经费各多少: the row's two cells, not its total."""
    answer = engine.ask("2010350事业运行的人员经费和公用经费各多少？")
    assert [f.value for f in answer.figures] == [Decimal("4430.250633"), Decimal("18.110409")]


def test_a_measure_listed_by_its_economic_subjects(engine: Engine) -> None:
    answer = engine.ask("公用经费包括哪些科目，各多少？")
    values = {f.value for f in answer.figures}
    assert {Decimal("6.727614"), Decimal("2.250000"), Decimal("0.187085")} <= values and "共 8 个" in answer.answer


def test_a_part_printed_on_its_totals_row_is_a_share_of_it(engine: Engine) -> None:
    """预算09表 prints 合计 and 公务接待费 on one row: the part is 100% of the whole, not the whole."""
    history = [engine.ask("三公经费一共多少？")]
    answer = engine.ask("其中公务接待费占多大比例？", history)
    assert Decimal("100.00") in {f.value for f in answer.figures}


def test_a_trailing_ask_for_the_amount_stays_with_its_clause(engine: Engine) -> None:
    """'金额最小的是哪个项目，多少钱' is one ranking ('哪个项目，多' is no comparison), and '那几个项目'
    points at projects: their sum, not a count."""
    smallest = engine.ask("金额最小的是哪个项目，多少钱")
    assert smallest.plan["asks"][0]["operation"] == "rank" and Decimal("10.000000") in {f.value for f in smallest.figures}
    summed = engine.ask("项目支出绩效目标表里那几个项目的金额加起来是多少？")
    assert Decimal("3503.893227") in {f.value for f in summed.figures}


def test_a_projects_purpose_is_its_goal_not_one_indicator(engine: Engine) -> None:
    """'想达到什么目的', '绩效目标里…是怎么安排的': the project's goal text; 科目的 is no 目的."""
    for question in ("业务分析与管理系统升级改造项目想达到什么目的", "信息系统运维类项目的绩效目标里，网络运维保障是怎么安排的？"):
        answer = engine.ask(question)
        assert answer.route != "refuse" and "绩效目标：" in answer.answer and "单月服务成本" not in answer.answer, question
    assert "绩效目标" not in engine.ask("事业运行科目的金额是多少").answer


def test_where_the_money_goes_is_the_spending_by_class(engine: Engine) -> None:
    """'全年一共能花多少钱？钱主要花在哪了？': the total, then the 支出 side by 功能分类 类, in two asks."""
    answer = engine.ask("全年一共能花多少钱？钱主要花在哪了？")
    assert len(answer.plan["asks"]) == 2 and answer.plan["asks"][1]["operation"] == "list"
    assert {Decimal("9715.698690"), Decimal("9034.528419"), Decimal("459.635715")} <= {f.value for f in answer.figures}


def test_two_indicators_named_are_each_answered(engine: Engine) -> None:
    answer = engine.ask("业务分析与管理系统升级改造项目的数据准确率和办件数据汇聚量目标分别是多少？")
    assert "“数据准确率”：≥99%" in answer.answer and "“办件数据汇聚量”：≥8000万条" in answer.answer


def test_a_level_of_indicators_of_a_project(engine: Engine) -> None:
    """'成本指标是怎么定的': every cost indicator of the project; a level the project does not set: none."""
    costs = engine.ask("信息系统运维类项目的成本指标是怎么定的？")
    assert "共 2 项" in costs.answer and "≤80万元" in costs.answer and "≤30万元" in costs.answer
    none = engine.ask("政务云服务的满意度指标是多少")
    assert none.route == "refuse" and not none.figures


def test_a_part_ending_in_ne_is_an_ask_of_its_own(engine: Engine) -> None:
    answer = engine.ask("编外长聘人员管理服务项目年度编外聘用人员数量指标是多少？单个人员年度管理服务成本上限呢？")
    assert len(answer.plan["asks"]) == 2 and "≥317人" in answer.answer and "≤2.01万元" in answer.answer


def test_a_share_asked_after_a_figure_takes_it_as_the_part(engine: Engine) -> None:
    answer = engine.ask("差旅费多少？占基本支出的比例呢？")
    assert Decimal("0.05") in {f.value for f in answer.figures}


def test_the_budget_of_this_unit_is_its_total_and_a_measure_named_is_kept(engine: Engine) -> None:
    """'这个单位的预算大概多少亿': 单位 is the department, not the 单位成本 of an indicator; a measure
    named beside 预算多少 (人员经费) is what is asked, not the whole."""
    whole = engine.ask("这个单位的预算大概多少亿？")
    assert whole.plan["asks"][0]["executed"] == "lookup" and Decimal("9715.698690") in {f.value for f in whole.figures}
    measure = engine.ask("单位养人的钱，就是人员经费，今年预算多少？")
    assert "4,651.785189" in measure.answer and "9,715" not in measure.answer


def test_a_follow_up_comparing_its_measure_with_the_one_before(engine: Engine) -> None:
    """'人员经费多少？' → '公用经费呢？两者差多少？': both measures, their difference."""
    first = engine.ask("人员经费多少？")
    answer = engine.ask("公用经费呢？两者差多少？", [first])
    assert Decimal("4633.674780") in {f.value for f in answer.figures}


def test_parts_of_one_subject_under_several_others_are_added_up(engine: Engine) -> None:
    """资本性支出 by its economic subjects: 31007 printed under two function subjects is one item."""
    answer = engine.ask("资本性支出都买了什么，各多少钱？")
    assert "31007 信息网络及软件购置更新 694.440000万元" in answer.answer
    assert any(f.value == Decimal("694.440000") and f.formula for f in answer.figures)


def test_an_empty_item_says_none_and_zero(engine: Engine) -> None:
    answer = engine.ask("今年有没有安排出国出境的经费？")
    assert "没有安排（无金额，即 0）" in answer.answer and not answer.figures


def test_a_follow_up_listing_the_subject_just_answered(engine: Engine) -> None:
    """'住房保障支出多少？' → '具体包括哪两个科目，各多少？': the subject's own 项 (one 款, 22102), not the 总表 row."""
    first = engine.ask("住房保障支出多少？")
    answer = engine.ask("具体包括哪两个科目，各多少？", [first])
    assert {Decimal("47.316000"), Decimal("50.352984")} <= {f.value for f in answer.figures}


def test_everyday_and_reported_wording(engine: Engine) -> None:
    """这个中心 is the department asked about; hearsay words (有人说, 真的吗) and alternatives (A/B) ask nothing."""
    treats = engine.ask("有人说这个中心请客吃饭一年要花上万块，真的吗？")
    assert "0.187085" in treats.answer and treats.route != "refuse"
    rent = engine.ask("租房子/租赁的钱一年多少")
    assert "1,102.076383" in rent.answer
    repairs = engine.ask("我看到报道说这个中心维修费安排了1300万左右，对吗？")
    assert "1,300.787150" in repairs.answer


def test_an_amount_in_yi_is_no_count_and_a_month_is_a_period(engine: Engine) -> None:
    whole = engine.ask("这个中心一年的预算大概有几个亿？")
    assert {Decimal("9715.698690"), Decimal("0.97")} <= {f.value for f in whole.figures} and "约 0.97亿元" in whole.answer
    month = engine.ask("中心1月份要发多少工资？")
    assert month.route == "refuse" and not month.figures and "1月份" in month.answer


def test_a_share_of_all_spending_is_not_of_the_basic_spending_table(engine: Engine) -> None:
    """人员经费 is read in the 基本支出表, whose 合计 is the 基本支出: 总支出 is still the department's total."""
    answer = engine.ask("发给人的钱，也就是人员经费，占总支出多大比例？")
    assert Decimal("47.88") in {f.value for f in answer.figures} and Decimal("99.61") not in {f.value for f in answer.figures}


def test_words_of_a_measures_definition_describe_it(engine: Engine) -> None:
    """'日常运转的公用经费', '花在项目上的钱是日常基本开支的几倍'."""
    assert "18.110409" in engine.ask("中心日常运转的公用经费安排了多少？").answer
    ratio = engine.ask("花在项目上的钱是日常基本开支的几倍？")
    assert Decimal("1.08") in {f.value for f in ratio.figures}


def test_what_a_function_item_is_spent_on(engine: Engine) -> None:
    """A 项 with no subject under it, listed: its economic subjects in the 支出总表."""
    answer = engine.ask("其他支出具体花在什么上？")
    assert "30227 委托业务费 30.470715万元" in answer.answer and "31007 信息网络及软件购置更新 429.165000万元" in answer.answer


def test_the_years_fiscal_appropriation_in_everyday_words(engine: Engine) -> None:
    """'今年财政给这个中心拨了多少' is the 本年收入合计 of the 财政拨款收支总表, not its 合计 with the carry-over."""
    for question in ("今年财政给这个中心拨了大概多少万？", "财政拨款收入多少"):
        answer = engine.ask(question)
        assert "8,721.588540" in answer.answer and "预算04表" in answer.answer, question


def test_examples_of_a_name_are_that_name(engine: Engine) -> None:
    """'买设备、买软件这些资本性支出': the 资本性支出, not each example nor the three added."""
    answer = engine.ask("买设备、买软件这些资本性支出一共安排了多少？")
    assert "1,283.360000" in answer.answer and "2,297.800000" not in answer.answer


def test_a_measure_after_the_total_is_the_measure(engine: Engine) -> None:
    first = engine.ask("这个中心2026年总支出多少？")
    second = engine.ask("项目支出呢？", [first])
    assert "5,045.803092" in second.answer
    third = engine.ask("那剩下的基本支出是多少？", [first, second])
    assert "4,669.895598" in third.answer


def test_words_of_a_projects_goal_are_answered_by_the_goal(engine: Engine) -> None:
    answer = engine.ask("政务服务大厅运行保障项目里，给新开办企业提供什么服务？")
    assert "刻章服务" in answer.answer and answer.route != "refuse"
    assert engine.ask("政务云服务项目的火箭发射是怎么安排的").route in ("refuse", "clarify")


def test_a_project_by_a_nickname_and_we_as_the_department(engine: Engine) -> None:
    """'编外人员那个项目': words before 那个项目 that spell one project's name; 我们中心 is the department."""
    staff = engine.ask("编外人员那个项目，计划聘多少人？")
    assert "≥317人" in staff.answer
    assert "8,721.588540" in engine.ask("我们中心2026年一般公共预算拨款收入是多少？").answer


def test_a_part_after_a_reason_not_stated_keeps_its_item(engine: Engine) -> None:
    answer = engine.ask("其他工资福利支出有4000多万元，为什么这么高？它占工资福利支出的比例是多少？")
    assert "没有找到对这一项用途或原因的说明" in answer.answer and Decimal("87.63") in {f.value for f in answer.figures}


def test_the_whole_of_a_share_after_its_parts(engine: Engine) -> None:
    """'基本支出中人员经费和公用经费各是多少？公用经费占基本支出的比例是多少？': 基本支出 is the whole."""
    answer = engine.ask("基本支出中人员经费和公用经费各是多少？公用经费占基本支出的比例是多少？")
    assert Decimal("0.39") in {f.value for f in answer.figures}


def test_a_procurement_category_takes_no_word_beside_it(engine: Engine) -> None:
    """审计服务 is no 服务 of the 政府采购表; 哪儿 is 哪里."""
    answer = engine.ask("审计服务的采购安排了多少？")
    assert answer.route in ("refuse", "clarify") and "3,494.751282" not in answer.answer
    assert "一般公共预算拨款收入" in engine.ask("这个中心的钱都是从哪儿来的？").answer


def test_a_measures_whole_and_buying_a_car(engine: Engine) -> None:
    """'项目支出总盘子' is the 项目支出, not the budget's 盘子; '买新公务车' is the 公务用车购置费 alone."""
    projects = engine.ask("今年项目支出总盘子是多少？")
    said = projects.answer.split("\n来源")[0]  # the cited 合计 row holds the total too
    assert "5,045.803092" in said and "9,715.698690" not in said
    assert "9,715.698690" in engine.ask("政务服务中心今年这盘子一共多大？").answer
    car = engine.ask("有没有安排买新公务车的钱？")
    assert "公务用车购置费" in car.answer and "没有安排" in car.answer and not car.answer.startswith("有")


def test_a_ranking_keeps_the_dimension_and_level_asked(engine: Engine) -> None:
    """'前三类' ranks 类; '经济分类（款级）' is never answered by function subjects; a follow-up keeps the 类 level;
    '一季度' is a period."""
    classes = engine.ask("按功能分类，金额最多的前三类是哪些？")
    assert "一般公共服务支出" in classes.answer and "2010399" not in classes.answer.split("\n来源")[0]
    econ = engine.ask("项目支出按经济分类（款级科目）看，金额最大的三项是什么？")
    assert "30213 维修（护）费" in econ.answer
    first = engine.ask("按功能分类看，哪类支出最多？")
    top = engine.ask("排前三的是哪些？", [first])
    assert "住房保障支出" in top.answer and "2010399" not in top.answer.split("\n来源")[0]
    quarter = engine.ask("一季度用款计划多少")
    assert quarter.route in ("refuse", "clarify") and not quarter.figures
