"""Real 2026 publications from the development corpus (../shared/real/corpus, never copied here):
identity from the document, a total printed as 合计, departments named short, several documents
side by side, one publication in two PDFs, and a 情况说明 alone. A few small files only: the
whole corpus is a benchmark (benchmarks/corpus.py)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.pipeline import Engine
from assistant.service import Assistant
from assistant.store import Store, bundled_sample
from assistant.understand.departments import department_keys, named_departments, names_department
from tests.conftest import engine_on, ingested, make_settings
from tests.conftest import query as q

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "real" / "corpus"
WEATHER = CORPUS / "重庆" / "2026年重庆市气象局部门预算.pdf"
SCIENCE = CORPUS / "重庆" / "2026年重庆市科学技术局部门预算.pdf"
FINANCE_TABLES = CORPUS / "北京" / "北京市财政局_2026_部门预算.pdf"
FINANCE_TEXT = CORPUS / "北京" / "北京市财政局_2026_部门预算_情况说明.pdf"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return ingested(tmp_path_factory, "chongqing", WEATHER, SCIENCE)


@pytest.fixture(scope="module")
def engine(store: Store) -> Iterator[Engine]:
    yield from engine_on(store)


def test_short_names_of_departments() -> None:
    assert "科技局" in department_keys("广州市科学技术局")
    assert {"人社局", "卫健委", "市场监管局", "住建局"} <= {key for name in (
        "上海市人力资源和社会保障局", "北京市卫生健康委员会", "深圳市市场监督管理局", "苏州市住房和城乡建设局")
        for key in department_keys(name)}
    assert {"市政府办公厅", "政府办公厅"} <= set(department_keys("广州市人民政府办公厅"))
    assert "市委宣传部" in department_keys("中共重庆市委宣传部")
    # 城市 of 城市管理 is a word, not a county-level city: 城管局 keeps it
    assert "城管局" in department_keys("广州市城市管理和综合执法局")
    assert "城管局" in department_keys("上海市浦东新区城市管理局")


def test_a_name_inside_another_departments_name_does_not_name_it() -> None:
    keys = {"sz": department_keys("深圳市水务局"), "su": department_keys("苏州市水务局")}
    assert named_departments("深圳市水务局的三公经费", keys) == ["sz"]
    assert named_departments("水务局的三公经费", keys) == ["sz", "su"]
    assert names_department("广州科技局", "广州市科学技术局", department_keys("广州市科学技术局"))
    assert names_department("福利彩票公益金项目占民政局", "深圳市民政局", department_keys("深圳市民政局"))
    assert not names_department("深圳市水务局", "苏州市水务局", department_keys("苏州市水务局"))


def test_identity_and_a_total_printed_as_heji(store: Store, engine: Engine) -> None:
    assert q(store, "SELECT department, year, kind FROM documents ORDER BY department") == [
        ("重庆市气象局", 2026, "预算"), ("重庆市科学技术局", 2026, "预算")]
    total = engine.ask("气象局的收入总计是多少")  # 表一 prints the side's whole as 合计, first
    assert [f.value for f in total.figures] == [Decimal("14770.62")]
    assert total.citations[0].table.startswith("表一") and total.citations[0].cells[0] == "合计"


def test_departments_side_by_side_under_short_names(engine: Engine) -> None:
    both = engine.ask("科技局和气象局的支出总计分别是多少")
    assert both.route == "sql" and {Decimal("168441.81"), Decimal("14770.62")} <= {f.value for f in both.figures}
    assert len({c.doc for c in both.citations}) == 2
    rate = engine.ask("气象局比科技局的三公经费少百分之多少")  # in % of the one compared with
    assert "(13.85 − 207.46) ÷ 207.46 × 100 = -93.32%" in rate.answer and "低 93.32%" in rate.answer
    summed = engine.ask("这两个部门的基本支出一共多少")
    assert Decimal("12498.40") in {f.value for f in summed.figures}


def test_each_department_answers_for_itself(engine: Engine) -> None:
    """A share in each of two departments is each one's own share; a figure only their texts state is
    read from each text."""
    shares = engine.ask("比较一下科技局和气象局的基本支出占总支出比重")
    assert [f.value for f in shares.figures if f.unit == "%"] == [Decimal("3.95"), Decimal("39.53")]
    assert shares.answer.startswith("重庆市科学技术局2026年部门预算：")
    stated = engine.ask("科技局和气象局的机关运行经费分别是多少")
    assert "679.08 万元" in stated.answer and "137.15万元" in stated.answer and len({c.doc for c in stated.citations}) == 2


def test_a_ratio_is_the_first_named_over_the_second(engine: Engine) -> None:
    ratio = engine.ask("气象局一般公共预算基本支出里，人员经费大约是公用经费的几倍？")
    assert [f.value for f in ratio.figures if f.unit == "倍"] == [Decimal("38.65")]
    assert "5308.05 ÷ 137.34 = 38.65" in ratio.answer
    small = engine.ask("气象局是科技局支出总计的几倍")
    assert [f.value for f in small.figures if f.unit == "倍"] == [Decimal("0.09")]


def test_an_indicator_asked_is_not_answered_with_an_amount(engine: Engine) -> None:
    answer = engine.ask("气象局“气象事业机构”的产出指标和目标值是什么？")
    assert answer.route == "refuse" and not answer.figures and "绩效指标" in answer.answer


def test_a_share_of_something_not_found_is_not_given(engine: Engine) -> None:
    for question in ("气象局的信访支出占三公经费的比例", "预决算管理业务占气象局项目支出的比重是多少"):
        answer = engine.ask(question)
        assert answer.route == "refuse" and not answer.figures


def test_other_places_and_execution_are_refused(engine: Engine) -> None:
    for place in ("深圳市气象局", "深圳气象局"):
        other = engine.ask(f"{place}的三公经费是多少")
        assert other.route == "refuse" and place in other.answer and not other.figures
    actual = engine.ask("气象局今年实际已经花了多少钱")
    assert actual.route == "refuse" and "执行" in actual.answer and not actual.figures


def test_check_reads_without_writing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = CliRunner().invoke(main, ["check", str(WEATHER), "--data-dir", str(data)])
    assert result.exit_code == 0
    assert "重庆市气象局 2026年 部门预算" in result.stdout and "表八" in result.stdout and "核对" in result.stdout
    assert not list(data.glob("*.duckdb")) if data.exists() else True
    junk = tmp_path / "notes.txt"
    junk.write_text("会议纪要\n今天讨论了工作安排。\n", encoding="utf-8")
    refused = CliRunner().invoke(main, ["check", str(WEATHER), str(junk), "--data-dir", str(data)])
    assert refused.exit_code == 1 and "不能导入 1" in refused.stdout


def test_one_publication_in_two_pdfs(tmp_path: Path) -> None:
    """报表 and 情况说明 as one document: found as a pair without --as-one, tables and text answer together."""
    store = Store(make_settings(tmp_path / "data"))
    (outcome,) = store.ingest([FINANCE_TABLES, FINANCE_TEXT])
    assert outcome.title == "北京市财政局2026年部门预算"
    files = q(store, "SELECT DISTINCT source_file FROM source_rows WHERE source_file IS NOT NULL ORDER BY 1")
    assert [name for (name,) in files] == [FINANCE_TABLES.name, FINANCE_TEXT.name]
    for engine in engine_on(store):
        stated = engine.ask("机关运行经费是多少")
        assert stated.route == "retrieval" and stated.citations[0].file_named
        assert stated.citations[0].source_name == FINANCE_TEXT.name and FINANCE_TEXT.name in stated.answer


def test_a_text_alone_is_a_text_only_document(tmp_path: Path) -> None:
    store = Store(make_settings(tmp_path / "data"))
    (outcome,) = store.ingest([FINANCE_TEXT])
    assert outcome.title == "北京市财政局2026年部门预算" and outcome.n_tables == 0 and outcome.n_rows > 0  # text only
    for engine in engine_on(store):
        answer = engine.ask("政府采购预算是多少")
        assert answer.route == "retrieval" and "政府采购" in answer.answer and answer.citations[0].page


def test_three_public_items_split_by_fund_with_a_row_per_year() -> None:
    """深圳: each item a group of fund columns, rows 2025年 | 2026年 | 增减变化金额: the item is the sum
    of its funds (or its 小计), the latest year the main figure, the change row left out."""
    from ingest.load import prepare

    prepared = prepare(CORPUS / "深圳" / "2026年深圳市气象局部门预算.pdf")
    assert prepared.doc.meta.department == "深圳市气象局"  # its cover's “（本级）” is no part of the name
    main = {f["item"]: f["amount"] for f in prepared.facts["three_public"] if f["main_stage"]}
    assert main["合计"] == Decimal("27.60") and main["因公出国(境)费"] == Decimal("13.20")
    assert main["公务用车购置及运行维护费"] == Decimal("10.50") and len(main) == 6
    assert {f["stage"] for f in prepared.facts["three_public"]} == {"2025年", "2026年"}


def test_a_second_ask_about_the_item_just_answered_reads_the_text(engine: Engine) -> None:
    """'…多少？比上年怎么变化？' and '…多少？原因是什么？': the later part is about the item of the first,
    answered from the paragraph that states it; a use or reason the text does not give is said so."""
    change = engine.ask("气象局今年三公经费多少？比上年怎么变化？")
    assert Decimal("13.85") in {f.value for f in change.figures} and "减少5.45万元" in change.answer
    assert {c.table for c in change.citations} >= {"表八", "正文"}
    reason = engine.ask("气象局三公经费多少？原因是什么？")
    assert "压减出国经费" in reason.answer
    unknown = engine.ask("气象局的气象事业机构支出有多少？这笔钱主要用于什么？")
    assert "777.52万元" in unknown.answer and "没有找到对这一项用途或原因的说明" in unknown.answer


def test_a_department_wide_performance_grid_is_read(store: Store, engine: Engine) -> None:
    """部门整体绩效目标表: 指标名称 | 指标性质 | 指标值 | 计量单位, its header printed among the rows and
    again on the next page, no 项目名称 column: the department's own indicators, none a project."""
    rows = q(store, "SELECT name, operator, value, unit, project_name FROM indicators "
                    "WHERE table_code = '表十' AND doc_id IN (SELECT doc_id FROM documents WHERE department = '重庆市气象局')")
    assert len(rows) == 11 and ("短期天气预报准确率", "≥", "78", "%", "部门整体绩效目标") in rows
    assert not q(store, "SELECT * FROM projects WHERE table_code = '表十'")
    answer = engine.ask("重庆市气象局短期天气预报准确率的目标值是多少？")
    assert "≥78%" in answer.answer and answer.citations[0].table == "表十"
    counted = engine.ask("重庆市气象局部门整体绩效目标表一共列了几个绩效指标？")
    assert "共 11 项" in counted.answer


def test_operation_words_inside_a_department_name_are_not_read(engine: Engine) -> None:
    """'比重庆市气象局多多少': 比重 is half of 比 + 重庆, no share asked."""
    answer = engine.ask("科技局的差旅费比重庆市气象局多多少？")
    assert answer.plan["asks"][0]["operation"] == "difference" and "比例" not in answer.answer


def test_a_term_is_defined_from_the_named_documents_own_entry(engine: Engine) -> None:
    """名词解释 '(十三)工资福利支出(支出经济分类科目类级):反映…' is the entry of the term asked, not an
    entry that merely mentions it."""
    answer = engine.ask("重庆市气象局名词解释里“工资福利支出”指的是什么？")
    assert "编制外长期聘用人员" in answer.answer and answer.citations[0].doc == "重庆市气象局2026年部门预算"


def test_a_carry_over_part_is_not_taken_for_the_years_funds(engine: Engine) -> None:
    """表四 prints (一)一般公共预算拨款 100.00 under 二、上年结转: asked bare, 一般公共预算拨款 is this
    year's 一般公共预算资金; the carry-over's part only when named with it."""
    share = engine.ask("重庆市气象局一般公共预算拨款占收入合计的百分比是多少？")
    assert Decimal("85.80") in {f.value for f in share.figures} and "上年结转" not in share.answer
    carried = engine.ask("重庆市气象局上年结转的一般公共预算拨款是多少")
    assert "上年结转一般公共预算拨款：100.00万元" in carried.answer


def test_a_count_stated_in_the_text_and_its_section(engine: Engine) -> None:
    """'现在一共有几辆车': the 国有资产 sentence, under its own heading, not a page number ('— 24 —')."""
    answer = engine.ask("重庆市气象局现在一共有几辆车？")
    assert "共有车辆5辆" in answer.answer and "国有资产" in answer.answer and "— " not in answer.answer


def test_zeros_under_a_no_amounts_note_are_an_empty_table() -> None:
    """深圳: 政府性基金预算支出表 prints its unit's row as 0.00 with '注：本表本年无发生额'."""
    from ingest.load import prepare

    prepared = prepare(CORPUS / "深圳" / "2026年深圳市统计局部门预算.pdf")
    tables = {t["table_code"]: t for t in prepared.facts["doc_tables"]}
    assert tables["表10"]["is_empty"] and tables["表11"]["is_empty"] and not tables["表1"]["is_empty"]


GUANGZHOU_STATISTICS = CORPUS / "广州" / "统计局_2026年部门预算.pdf"
CHONGQING_COMMERCE = CORPUS / "重庆" / "2026年重庆市商务委员会部门预算.pdf"


@pytest.fixture(scope="module")
def guangzhou(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """广州市统计局 (一般公共预算基本支出 and 项目支出 by economic subject in two tables, units beside
    the department) in one store with 重庆市商务委员会."""
    store = Store(make_settings(tmp_path_factory.mktemp("guangzhou")))
    store.ingest([GUANGZHOU_STATISTICS, CHONGQING_COMMERCE])
    yield from engine_on(store)


def test_a_subject_of_a_basic_and_a_project_table_is_both(guangzhou: Engine) -> None:
    """差旅费 printed in 表6 (基本支出) and 表7 (项目支出), no table of both: each, and their sum."""
    each = guangzhou.ask("广州市统计局的差旅费是多少？")
    assert {Decimal("12.04"), Decimal("19.45")} <= {f.value for f in each.figures}
    total = guangzhou.ask("广州统计局的差旅费总共多少")
    assert Decimal("31.49") in {f.value for f in total.figures}
    project = guangzhou.ask("广州统计局培训费在项目支出里安排了多少？")
    assert "84.00" in project.answer and project.citations[0].table == "表7"
    basic = guangzhou.ask("广州统计局培训费在基本支出里安排了多少？")
    again = guangzhou.ask("项目支出里的呢？", [basic])
    assert "84.00" in again.answer and "1,082.05" not in again.answer


def test_a_ranking_by_economic_subject_of_project_spending(guangzhou: Engine) -> None:
    answer = guangzhou.ask("广州市统计局一般公共预算项目支出按经济科目看，金额最大的三项是哪些，各多少？")
    assert [f.value for f in answer.figures][:3] == [Decimal("355.90"), Decimal("208.00"), Decimal("199.13")]
    classes = guangzhou.ask("重庆市商务委员会按功能分类，钱主要花在哪三类上？各多少？")
    assert [f.value for f in classes.figures][:3] == [Decimal("55670.32"), Decimal("42846.68"), Decimal("41772.73")]


def test_units_and_the_departments_own_unit(guangzhou: Engine) -> None:
    """A unit's row under its second name (…监测中心（…发展中心）) groups projects, it is none; 本级 is
    the department's own row of the 收入表 by unit."""
    counted = guangzhou.ask("广州统计局的项目支出预算表里一共列了几个项目？")
    assert "共 10 个项目" in counted.answer and "监测中心（广州市统计发展中心） 7.00" not in counted.answer
    apart = guangzhou.ask("广州市统计局本级和统计普查中心的收入预算相差多少？")
    assert Decimal("5374.54") in {f.value for f in apart.figures}


def test_a_departments_organisation_is_read_in_its_own_document(guangzhou: Engine) -> None:
    """'有哪些下属单位': the 机构设置 of the department named, never another document's 名词解释."""
    answer = guangzhou.ask("广州市统计局下面有哪些下属单位？")
    assert "广州市统计普查中心" in answer.answer and {c.doc for c in answer.citations} == {"广州市统计局2026年部门预算"}


SUZHOU_DATA = CORPUS / "苏州" / "2026年苏州市数据局部门预算.pdf"


@pytest.fixture(scope="module")
def suzhou(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """苏州市数据局: a 收入总表 by unit with each unit's code (068002) first, a 政府采购表 listing the units
    under 货物, 工程 and 服务 in turn."""
    store = Store(make_settings(tmp_path_factory.mktemp("suzhou")))
    store.ingest([SUZHOU_DATA])
    yield from engine_on(store)


def test_units_with_their_codes_and_their_procurement(suzhou: Engine) -> None:
    unit = suzhou.ask("苏州市便民服务中心的预算是多少？")
    assert "3,633.41" in unit.answer
    first = suzhou.ask("苏州市数据局2026年政府采购预算总共多少？")
    procured = suzhou.ask("其中苏州市便民服务中心的采购加起来有多少？", [first])
    assert all(figure in procured.answer for figure in ("1,014.53", "85.68", "156.00", "772.85"))
    assert "3,633.41" not in procured.answer


def test_the_three_public_items_and_their_definition(suzhou: Engine) -> None:
    """The 三公 table prints 会议费 and 培训费 beside its items: they are no part of it; '指哪几项' is its 名词解释."""
    total = suzhou.ask("苏州市数据局“三公”经费预算是多少？")
    said = total.answer.split("\n来源")[0]  # the source line names the table, 会议费 and all
    assert "18.30" in said and "会议费" not in said and "培训费" not in said
    meaning = suzhou.ask("苏州市数据局预算里说的“三公”经费具体指哪几项？")
    assert meaning.route == "retrieval" and "公务接待费" in meaning.answer and "因公出国" in meaning.answer


def test_a_units_measures_not_published_by_unit_are_refused(suzhou: Engine) -> None:
    """'它的基本支出和项目支出各是多少' of a unit whose row gives its income alone: refused, not its income."""
    first = suzhou.ask("苏州市便民服务中心的预算是多少？")
    answer = suzhou.ask("它的基本支出和项目支出各是多少？", [first])
    assert answer.route == "refuse" and not answer.figures and "基本支出" in answer.answer


def test_a_department_word_inside_a_subject_name_names_no_department(tmp_path: Path) -> None:
    """办公厅 is 重庆市人民政府办公厅's short name and a word of 其他政府办公厅（室）及相关机构事务支出: asked
    with the subject beside it, the chosen document (the sample) answers, not 重庆's."""
    office = CORPUS / "重庆" / "2026年重庆市人民政府办公厅部门预算.pdf"
    store = Store(make_settings(tmp_path / "data"))
    store.ingest([bundled_sample(), office])
    service = Assistant(store.settings, store)
    try:
        sample = next(d for d in service.documents() if d.department == "北京市政务服务中心")
        subject = service.ask("办公厅及相关机构事务的“其他”支出是多少？", docs=[sample.doc_id])
        assert {c.doc_id for c in subject.citations} == {sample.doc_id}
        named = service.ask("重庆市人民政府办公厅的行政运行多少？", docs=[sample.doc_id])
        assert {c.doc for c in named.citations} == {"重庆市人民政府办公厅2026年部门预算"}
    finally:
        service.close()


def test_a_ranking_across_documents_gives_each(engine: Engine) -> None:
    """哪家最多 over two or three documents: each document's figure, in order, the largest first."""
    answer = engine.ask("两家的三公经费哪家最多？")
    assert "从高到低" in answer.answer and "重庆市气象局" in answer.answer and "重庆市科学技术局" in answer.answer
    assert Decimal("13.85") in {f.value for f in answer.figures}
