"""The service behind the long-running front ends: one engine shared by threads, documents scoped
by choice, ingest and removal picked up at once; the suggestions and charts built on it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest

from assistant import suggest
from assistant.db import queries
from assistant.service import Assistant
from assistant.store import Store
from tests.conftest import make_settings
from ui.charts import chart_for

SECOND = Path(__file__).parent / "fixtures" / "docs" / "北京市公共资源交易中心_2025_部门预算.txt"


@pytest.fixture()
def service(tmp_path: Path, sample_store: Store) -> Assistant:
    target = tmp_path / "data"
    shutil.copytree(sample_store.settings.data_dir, target)
    service = Assistant(make_settings(target))
    yield service
    service.close()


def test_threads_share_one_engine(service: Assistant) -> None:
    questions = ["办公设备买了多少钱", "基本支出是多少？", "项目支出是多少？"] * 6
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(service.ask, questions))
    expected = {"办公设备买了多少钱": "268.920000", "基本支出是多少？": "4669.895598", "项目支出是多少？": "5045.803092"}
    assert [format(a.figures[0].value, "f") for a in answers] == [expected[q] for q in questions]


def test_an_ingested_document_is_known_at_once_and_the_choice_scopes_questions(service: Assistant) -> None:
    sample = service.documents()[0]
    generation = service.generation
    [outcome] = service.ingest([SECOND])
    assert outcome.status == "added" and service.generation == generation + 1
    assert {d.doc_id for d in service.documents()} == {sample.doc_id, outcome.doc_id}
    assert service.ask("基本支出是多少？").route == "clarify"  # two documents, neither named nor chosen
    chosen = service.ask("基本支出是多少？", docs=[outcome.doc_id])
    assert chosen.route == "sql" and {c.doc_id for c in chosen.citations} == {outcome.doc_id}
    named = service.ask("北京市政务服务中心的基本支出是多少？", docs=[outcome.doc_id])
    assert {c.doc_id for c in named.citations} == {sample.doc_id}  # a document named wins over the choice


def test_removing_a_document_removes_it_and_nothing_else(service: Assistant) -> None:
    [outcome] = service.ingest([SECOND])
    assert service.remove(outcome.doc_id)
    assert [d.title for d in service.documents()] == ["北京市政务服务中心2026年部门预算"]
    assert not service.remove(outcome.doc_id)  # gone already: nothing to do
    assert service.ask("办公设备买了多少钱").figures[0].value == Decimal("268.920000")
    assert service.rows(queries.SUGGEST_PROJECTS, [outcome.doc_id]) == []
    assert service.ask("北京市公共资源交易中心的基本支出是多少？").route == "refuse"


def test_validation_report_lists_every_check(service: Assistant) -> None:
    doc = service.documents()[0]
    report = service.validation(doc.doc_id)
    assert len(report.checks) == doc.n_checks and all(status == "ok" for _n, status, *_ in report.checks)


def test_every_suggestion_is_answered_and_names_the_documents_own_things(service: Assistant) -> None:
    doc = service.documents()[0]
    questions = suggest.staff_suggestions(service, doc.doc_id, limit=20)
    assert len(questions) >= 6 and any("信息系统运维类项目" in q for q in questions)
    assert all(service.ask(q).route not in ("refuse", "clarify") for q in questions)


def test_the_faq_covers_the_public_topics(service: Assistant) -> None:
    doc = service.documents()[0]
    topics = suggest.faq(service, doc.doc_id)
    assert [t.topic for t in topics] == ["收入总计和支出总计", "钱从哪里来", "基本支出与项目支出", "“三公”经费",
                                         "每个项目的金额和目标"]
    assert len(topics[-1].choices) == 6
    amount, goal = suggest.project_answers(service, doc.doc_id, "政务云服务")
    assert amount.figures[0].value == Decimal("1102.076383") and "绩效目标" in goal.answer


@pytest.mark.parametrize("question, kind, n", [
    ("金额最大的三个项目是哪些？", "bar", 3),
    ("收入从哪里来？", "donut", 2),
    ("基本支出和项目支出分别是多少？", "bar", 2),
    ("办公设备买了多少钱", None, 0),
    ("收入总计和支出总计各是多少？", None, 0),  # equal: a chart would add nothing
    ("项目支出占支出合计的比例是多少？", None, 0),
])
def test_a_chart_only_where_it_shows_more_than_one_figure(service: Assistant, question: str, kind: str | None,
                                                          n: int) -> None:
    answer = service.ask(question)
    chart = chart_for(answer)
    if kind is None:
        assert chart is None
    else:
        assert (chart.kind, len(chart.labels)) == (kind, n)
        assert chart.values == [f.value for f in answer.figures if f.formula is None][:n]  # the answer's own figures


def test_a_document_ingested_by_another_process_while_the_service_runs(service: Assistant) -> None:
    """The service holds the store open; the command line still writes it, and the service sees it."""
    assert service.ask("办公设备买了多少钱").route == "sql"  # the engine is open
    generation = service.generation
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(SECOND), "--data-dir",
                           str(service.settings.data_dir)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert service.generation == generation + 1
    assert "北京市公共资源交易中心2025年部门预算" in [d.title for d in service.documents()]
    answer = service.ask("北京市公共资源交易中心的基本支出是多少？")
    assert answer.route == "sql" and {c.doc for c in answer.citations} == {"北京市公共资源交易中心2025年部门预算"}


def test_a_follow_up_stays_with_the_document_of_the_answer_before(service: Assistant) -> None:
    """The chosen document is the sample; a question names the other one; its follow-up is about that one."""
    sample = service.documents()[0]
    [other] = service.ingest([SECOND])
    first = service.ask("北京市公共资源交易中心的基本支出是多少？", docs=[sample.doc_id])
    follow = service.ask("那项目支出呢？", [first], docs=[sample.doc_id])
    assert {c.doc_id for c in follow.citations} == {other.doc_id}
    fresh = service.ask("项目支出是多少？", [first, follow], docs=[sample.doc_id])
    assert {c.doc_id for c in fresh.citations} == {sample.doc_id}  # a question of its own: the chosen document


def _answer(operation: str, figures: list[tuple[str, str]]):
    from assistant.types import Answer, Figure

    return Answer("?", "…", "sql", figures=[Figure(label, Decimal(value), "万元") for label, value in figures],
                  plan={"asks": [{"operation": operation, "executed": operation}]})


def test_a_total_beside_its_parts_is_drawn_as_the_parts() -> None:
    chart = chart_for(_answer("list", [("“三公”经费", "27.60"), ("公务接待费", "7.60"), ("公务用车运行维护费", "20.00")]))
    assert (chart.kind, chart.labels, chart.title) == ("donut", ["公务接待费", "公务用车运行维护费"], "“三公”经费的构成")


def test_no_chart_sets_a_target_beside_an_amount() -> None:
    assert chart_for(_answer("indicator", [("政务云服务", "1102.076383"), ("单月云服务成本", "125")])) is None


def test_the_later_part_of_a_question_stays_with_the_document_of_the_first(service: Assistant) -> None:
    sample = service.documents()[0]
    service.ingest([SECOND])
    answer = service.ask("北京市公共资源交易中心的基本支出是多少？为什么？", docs=[sample.doc_id])
    assert "北京市政务服务中心" not in answer.answer  # 为什么 is asked of 公共资源交易中心, not of the chosen sample
    assert {c.doc for c in answer.citations} == {"北京市公共资源交易中心2025年部门预算"}


def test_a_reader_starting_while_another_process_writes_reads_the_published_copy(service: Assistant) -> None:
    """A writer holds the store (as a long ingest does); a new reader neither waits nor fails."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_WRITER, str(service.settings.db_path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        reader = Assistant(service.settings)
        try:
            assert reader.ask("办公设备买了多少钱").figures[0].value == Decimal("268.920000")
        finally:
            reader.close()
    finally:
        holder.kill()
        holder.wait()


HOLD_WRITER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("CREATE TABLE IF NOT EXISTS scratch_note (x INTEGER)")  # the file is newer than the readers' copy
print("holding", flush=True)
time.sleep(60)
"""
