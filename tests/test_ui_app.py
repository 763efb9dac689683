"""The Streamlit apps' logic under Streamlit's AppTest, on a real store (a copy of the sample's):
ask and see the reading, the answer and its sources; follow-ups; browse and filter a table;
export; upload a good and a bad file; the public bot's FAQ, limits and read-only face."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from assistant.store import Store
from ingest.load import document_id

UI = Path(__file__).resolve().parents[1] / "ui"
FIXTURES = Path(__file__).parent / "fixtures" / "docs"
SECOND = FIXTURES / "北京市公共资源交易中心_2025_部门预算.txt"


@pytest.fixture()
def data_dir(tmp_path: Path, sample_store: Store, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store of the apps' own (the sample's, copied), named to the apps by environment as in production."""
    target = tmp_path / "data"
    shutil.copytree(sample_store.settings.data_dir, target)
    monkeypatch.setenv("BUDGET_QA_DATA_DIR", str(target))
    monkeypatch.setenv("BUDGET_QA_RAISE_ERRORS", "true")
    yield target
    from ui.state import _service, assistant

    assistant().close()  # the next test has another data dir: let go of this one
    _service.clear()


def staff(page: str | None = None) -> AppTest:
    app = AppTest.from_file(str(UI / "app.py"), default_timeout=120)
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def ask(app: AppTest, question: str) -> None:
    app.chat_input[0].set_value(question).run()
    assert not app.exception, app.exception


def texts(app: AppTest) -> str:
    return "\n".join([m.value for m in app.markdown] + [c.value for c in app.caption] + [i.value for i in app.info])


def test_an_answer_shows_its_reading_then_the_figure_then_its_sources(data_dir: Path) -> None:
    app = staff()
    ask(app, "办公设备买了多少钱")
    reply = app.chat_message[-1]
    assert reply.caption[0].value.startswith("理解为：")
    assert "268.920000万元" in reply.markdown[0].value
    sources = [e for e in reply.expander if e.label.startswith("来源：")]
    assert sources and "预算03表 支出总表" in sources[0].label
    cited = sources[0].dataframe[0].value
    assert "268.920000" in cited.astype(str).to_numpy().ravel().tolist()  # the cited row, as published
    assert any(e.label == "查询语句（SQL）" for e in reply.expander)


def test_follow_ups_refer_to_earlier_answers(data_dir: Path) -> None:
    app = staff()
    ask(app, "基本支出是多少？")
    ask(app, "那项目支出呢？")
    assert "5,045.803092万元" in app.chat_message[-1].markdown[0].value
    ask(app, "它们加起来是多少？")
    assert "9,715.698690万元" in app.chat_message[-1].markdown[0].value


def test_suggested_questions_come_from_the_data_and_are_answered(data_dir: Path) -> None:
    app = staff()
    suggestions = [b for b in app.button if b.key and b.key.startswith("suggest")]
    assert any("信息系统运维类项目" in b.label for b in suggestions)  # the sample's largest project
    suggestions[0].click().run()
    reply = app.chat_message[-1]
    assert reply.caption[0].value.startswith("理解为：") and not reply.info


def test_an_answer_exports_to_excel_and_word(data_dir: Path) -> None:
    app = staff()
    ask(app, "办公设备买了多少钱")
    buttons = {b.label for b in app.download_button}
    assert {"导出 Excel", "导出 Word"} <= buttons
    from ui.export import to_excel, to_word
    from ui.state import assistant

    answer = assistant().ask("办公设备买了多少钱")
    book = load_workbook(io.BytesIO(to_excel(answer)))
    assert book["回答"]["B1"].value == "办公设备买了多少钱"
    assert [c.value for c in book["数字"][2]][:2] == ["办公设备购置（31002）", "268.920000"]
    assert book["来源"]["B2"].value == "预算03表"
    document = Document(io.BytesIO(to_word(answer)))
    words = "\n".join(p.text for p in document.paragraphs)
    assert "268.920000万元" in words and answer.interpretation in words
    assert any("268.920000" in cell.text for table in document.tables for row in table.rows for cell in row.cells)


def test_the_table_browser_filters_a_published_table(data_dir: Path) -> None:
    app = staff("staff/tables.py")
    app.selectbox[1].select_index(2).run()  # the third table of the sample: 预算03表 支出总表
    frame = app.dataframe[0].value
    assert len(frame) > 20
    app.text_input[0].set_value("31002").run()
    filtered = app.dataframe[0].value
    assert 0 < len(filtered) < len(frame)
    assert all("31002" in "".join(map(str, row)) for row in filtered.to_numpy())
    assert {b.label for b in app.download_button} >= {"下载 CSV", "下载 Excel"}
    assert any(e.label.startswith("核对报告：") for e in app.expander)


def test_upload_a_good_file_then_ask_about_it_without_a_restart(data_dir: Path) -> None:
    app = staff("staff/documents.py")
    app.file_uploader[0].set_value((SECOND.name, SECOND.read_bytes(), "text/plain")).run()
    assert any("北京市公共资源交易中心" in s.value for s in app.success), [s.value for s in app.success]
    next(b for b in app.button if b.label.startswith("导入")).click().run()
    assert not app.exception, app.exception
    assert any(s.value.startswith("已导入：北京市公共资源交易中心") for s in app.success)
    assert "北京市公共资源交易中心2025年部门预算" in app.dataframe[0].value["文件"].tolist()  # the list, drawn again
    assert not [b for b in app.button if b.label.startswith("导入")]  # the uploader emptied
    app.switch_page("staff/chat.py").run()
    assert len(app.multiselect[0].value) == 2  # the new document, chosen beside the one before
    ask(app, "北京市公共资源交易中心的基本支出是多少？")
    reply = app.chat_message[-1]
    assert "北京市公共资源交易中心" in reply.caption[0].value and not reply.info


def test_upload_a_bad_file_says_why_and_stores_nothing(data_dir: Path) -> None:
    app = staff("staff/documents.py")
    before = app.dataframe[0].value
    app.file_uploader[0].set_value(("notes.txt", "会议纪要：明天下午三点开会。\n".encode("utf-8"), "text/plain")).run()
    assert any("不能导入" in e.value for e in app.error), [e.value for e in app.error]
    assert not [b for b in app.button if b.label.startswith("导入")]
    app.run()
    assert app.dataframe[0].value.equals(before)


def public() -> AppTest:
    app = AppTest.from_file(str(UI / "public.py"), default_timeout=120)
    app.run()
    assert not app.exception, app.exception
    return app


def test_the_public_faq_answers_from_the_data_without_sql(data_dir: Path) -> None:
    app = public()
    assert "9,715.698690万元" in texts(app)
    assert [s.value for s in app.subheader][:2] == ["我要提问", "收入总计和支出总计"]
    assert not any("SQL" in e.label for e in app.expander)
    assert not app.file_uploader
    projects = app.selectbox[0]
    projects.select("政务云服务").run()
    assert "1,102.076383万元" in texts(app)


def test_the_public_bot_answers_a_question_and_limits_each_visitor(data_dir: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGET_QA_PUBLIC_QUESTIONS_PER_MINUTE", "2")
    app = public()
    for _ in range(2):
        app.text_input[0].set_value("办公设备买了多少钱")
        app.form_submit_button[0].click().run()
        assert "268.920000万元" in texts(app)
    app.form_submit_button[0].click().run()
    assert any("太频繁" in w.value for w in app.warning)
    assert "268.920000万元" not in "\n".join(m.value for m in app.markdown)


def test_remove_a_document_and_the_page_says_so(data_dir: Path) -> None:
    app = staff("staff/documents.py")
    assert any("最后一份不能删除" in c.value for c in app.caption)
    app.file_uploader[0].set_value((SECOND.name, SECOND.read_bytes(), "text/plain")).run()
    next(b for b in app.button if b.label.startswith("导入")).click().run()
    app.selectbox(key="remove_doc").set_value(document_id("北京市公共资源交易中心", 2025, "预算")).run()
    next(box for box in app.checkbox if box.label.startswith("确认删除")).check().run()
    next(b for b in app.button if b.label == "删除").click().run()
    assert not app.exception, app.exception
    assert any(s.value.startswith("已删除：北京市公共资源交易中心") for s in app.success)
    assert app.dataframe[0].value["文件"].tolist() == ["北京市政务服务中心2026年部门预算"]


def test_the_table_filter_takes_several_words(data_dir: Path) -> None:
    app = staff("staff/tables.py")
    app.selectbox[1].select_index(2).run()
    app.text_input[0].set_value("事业运行 30101").run()
    rows = app.dataframe[0].value
    assert len(rows) == 1 and "76.292400" in rows.astype(str).to_numpy().ravel().tolist()
    app.text_input[0].set_value("事业运行 没有这个词").run()
    assert any("没有符合筛选条件的行" in i.value for i in app.info)
