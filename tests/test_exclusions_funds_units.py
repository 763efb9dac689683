"""What a question leaves out, which money it reads, and which unit it is of, on the sample and real
publications: '不算上年结转的' takes a part out of its whole (only a part the tables define as one),
'除了…' takes an item out of a ranking, '财政拨款里安排的…' reads the 财政拨款 tables (not the 财政拨款
income line beside the thing asked), an indicator asked by its words in another order, the reason the
text gives after a stated change, a count the text makes by listing (下属单位具体包括：A、B、C) or
states (编报57个项目绩效目标) where the tables list fewer, and a unit's block of rows in tables by
预算单位 (深圳's 支出总表: 局本级的委托业务费, 它的项目支出, 哪个单位的项目支出最多).

Real corpus files are read where CI has them, ../shared beside the checkout; they are not copied here."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.pipeline import Engine
from tests.conftest import engine_on, ingested

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "real" / "corpus"
SHENZHEN = CORPUS / "深圳" / "2026年深圳市人力资源和社会保障局部门预算.pdf"  # tables by 预算单位
GUANGZHOU = CORPUS / "广州" / "市场监督管理局_2026年部门预算.pdf"
SHANGHAI = CORPUS / "上海" / "2026年上海市应急管理局_部门预算.pdf"  # its cover: …应急管理局执法总队
SHANGHAI_SEA = CORPUS / "上海" / "2026年上海市水务局_部门预算.pdf"  # its cover: 上海市海洋监测预报中心


def values(answer) -> set[Decimal]:
    return {f.value for f in answer.figures}


@pytest.fixture()
def sample_engine(sample_store) -> Iterator[Engine]:
    yield from engine_on(sample_store)


def test_a_part_left_out_of_its_whole(sample_engine: Engine) -> None:
    rest = sample_engine.ask("收入总计是多少，不算上年结转的")
    assert Decimal("8721.588540") in values(rest) and "9715.698690 − 994.110150" in rest.answer
    assert "不含" in rest.answer and rest.plan["asks"][0]["executed"] == "exclude"
    apart = sample_engine.ask("政务服务中心今年的收入总计是多少？不算上年结转的。")  # the part after its question mark
    assert Decimal("8721.588540") in values(apart)
    basic = sample_engine.ask("基本支出不包括人员经费是多少")
    assert Decimal("18.110409") in values(basic)


def test_what_is_no_part_of_the_whole_is_not_taken_out(sample_engine: Engine) -> None:
    """上年结转 is no part of the year's 一般公共预算拨款收入: refused, never 8721.59 − 994.11."""
    answer = sample_engine.ask("今年一般公共预算拨款是多少？不含上年结转。")
    assert answer.route == "refuse" and not answer.figures and "不能" in answer.answer


def test_an_item_left_out_of_a_ranking(sample_engine: Engine) -> None:
    top = sample_engine.ask("公用经费里除了其他商品和服务支出以外，最多的是哪项？")
    assert "工会经费" in top.answer and Decimal("6.727614") in values(top)
    assert "其他商品和服务支出：" not in top.answer


def test_an_indicator_asked_in_its_words_in_another_order(sample_engine: Engine) -> None:
    answer = sample_engine.ask("业务分析与管理系统升级改造项目预计汇聚多少办件数据？")
    assert "办件数据汇聚量" in answer.answer and "8000万条" in answer.answer


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    store = ingested(tmp_path_factory, "exclusions", SHENZHEN, GUANGZHOU, SHANGHAI, SHANGHAI_SEA)
    yield from engine_on(store)


def test_the_fiscal_appropriation_of_a_subject(engine: Engine) -> None:
    """上海's 财政拨款收支预算总表 gives 自然资源海洋气象等支出 of 财政拨款: not the all-funds figure, and not
    the 财政拨款收入 line beside it."""
    answer = engine.ask("上海市海洋监测预报中心财政拨款里安排的自然资源海洋气象等支出是多少？")
    assert Decimal("173746137") in values(answer) and Decimal("175281837") not in values(answer)
    assert Decimal("178830483") not in values(answer) and "财政拨款" in answer.interpretation
    both = engine.ask("上海市海洋监测预报中心的财政拨款收入和事业收入分别是多少？")
    assert Decimal("178830483") in values(both)


def test_the_reason_after_a_stated_change(engine: Engine) -> None:
    change = engine.ask("深圳市人社局部门预算比2025年增加了多少？增长多少？主要原因是什么？")
    assert Decimal("10886.87") in values(change) and "1.9%" in change.answer
    assert "根据实际工作需要" in change.answer and "因公出国" not in change.answer
    why = engine.ask("上海市应急管理局执法总队财政拨款为什么比上年增加了？")
    assert "新招录人员" in why.answer


def test_counts_the_text_makes(engine: Engine) -> None:
    listed = engine.ask("纳入广州市场监管局部门预算的下属单位有几家？")
    assert Decimal("13") in values(listed) and "逐项计数" in listed.answer
    stated = engine.ask("深圳市人社局今年一共编报了多少个项目的绩效目标？")
    assert "57 个项目绩效目标" in stated.answer  # the performance table lists 22 of them


def test_a_units_block_of_rows(engine: Engine) -> None:
    own = engine.ask("深圳市人社局局本级一般公共预算里委托业务费安排了多少？")
    assert Decimal("7164.63") in values(own) and "人力资源和社会保障局（本级）" in own.answer
    unit = engine.ask("深圳市公共就业服务中心的收入是多少？")
    spent = engine.ask("它的项目支出有多少？", [unit])
    assert Decimal("11407.24") in values(spent) and Decimal("435216.17") not in values(spent)
    top = engine.ask("深圳市人社局哪个单位的项目支出最多？")
    assert "深圳市人事人才公共服务中心" in top.answer and Decimal("187075.44") in values(top)
    each = engine.ask("深圳市人社局各下属单位的基本支出分别是多少？")
    assert Decimal("4093.81") in values(each) and "（本级）" not in each.answer
    whole = engine.ask("深圳市人社局的委托业务费是多少？")  # the department's: every unit's row, each named
    assert "None" not in whole.answer and "深圳市公共就业服务中心" in whole.answer
