"""The staff chat and the public FAQ bot, served for real on 127.0.0.1 and driven in Chromium.

Each app runs in its own process on its own temp data dir, filled on first start with the bundled
sample (北京市政务服务中心2026年部门预算). Screenshots land in each test's tmp_path and, when
$BUDGET_QA_SCREENSHOTS names a folder, there too (the README's pictures).

st.dataframe draws on a canvas; its cell text is read from the accessible grid behind it
(``table[role=grid]``), which holds the rows in view.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, App, running_app, screenshot

sync_api = pytest.importorskip("playwright.sync_api", reason="the browser tests need playwright (extra 'test')")
expect = sync_api.expect
if not CHROMIUM.exists():
    pytest.skip(f"the browser tests need Debian's chromium at {CHROMIUM}", allow_module_level=True)

expect.set_options(timeout=WAIT_MS)

FIXTURES = Path(__file__).parent / "fixtures" / "docs"
CHAT_BOX = "请输入问题，例如：办公设备购置预算多少？"
SAMPLE_TITLE = "北京市政务服务中心2026年部门预算"
SECOND_DOC = FIXTURES / "浙江省示例县教育局_2025_部门预算.txt"
SECOND_TITLE = "浙江省示例县教育局2025年部门预算"


def app_fixture(tmp_path_factory: pytest.TempPathFactory, name: str, public: bool) -> Iterator[App]:
    root = tmp_path_factory.mktemp(name)
    with running_app(root / "data", root / "server.log", public=public) as app:
        yield app


@pytest.fixture(scope="module")
def staff_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    yield from app_fixture(tmp_path_factory, "staff", public=False)


@pytest.fixture(scope="module")
def public_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    yield from app_fixture(tmp_path_factory, "public", public=True)


@pytest.fixture(scope="module")
def upload_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """A staff app of its own: the upload test adds a document, which the other tests must not see."""
    yield from app_fixture(tmp_path_factory, "upload", public=False)


@pytest.fixture(scope="module")
def chromium():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(WAIT_MS)
    yield context.new_page()
    context.close()


def ask_chat(page, question: str, turn: int):
    """Type ``question`` into the chat box, press Enter; the locator of its answer (``turn`` from 0)."""
    box = page.get_by_placeholder(CHAT_BOX)
    box.fill(question)
    box.press("Enter")
    messages = page.get_by_test_id("stChatMessage")
    expect(messages.nth(2 * turn)).to_contain_text(question)
    answer = messages.nth(2 * turn + 1)
    expect(answer.get_by_text("正在查找 …")).to_have_count(0)
    return answer


def grid(locator):
    """The accessible grid behind an st.dataframe."""
    return locator.locator("table[role=grid]")


def test_staff_chat_answers_with_reading_figure_and_sources(staff_app: App, page, tmp_path: Path) -> None:
    page.goto(staff_app.url)
    answer = ask_chat(page, "办公设备买了多少钱", turn=0)
    expect(answer.get_by_text("办公设备购置（31002）：268.920000万元。")).to_be_visible()
    expect(answer.get_by_text(f"理解为：查找办公设备购置（31002）的金额（{SAMPLE_TITLE}）。")).to_be_visible()
    expect(answer.get_by_role("button", name="导出 Excel")).to_be_visible()
    expect(answer.get_by_role("button", name="导出 Word")).to_be_visible()
    expect(answer.get_by_test_id("stExpander").filter(has_text="查询语句（SQL）")).to_have_count(1)
    screenshot(page, tmp_path, "staff-chat.png")

    sources = answer.get_by_test_id("stExpander").filter(has_text="来源：")
    expect(sources).to_have_count(1)
    expect(sources.locator("summary")).to_contain_text("来源：预算03表 支出总表 · 第20行")
    title = sources.get_by_text(SAMPLE_TITLE, exact=True)
    expect(title).to_be_hidden()  # closed until clicked
    sources.locator("summary").click()
    expect(title).to_be_visible()
    cited = grid(sources)
    expect(cited).to_have_attribute("aria-rowcount", "2")  # the header and the one cited row
    expect(cited.locator("[role=gridcell]", has_text="31002-办公设备购置")).to_have_count(1)
    expect(cited.locator("[role=gridcell]", has_text=re.compile(r"^268\.920000$"))).not_to_have_count(0)
    screenshot(page, tmp_path, "staff-sources.png")
    assert staff_app.internal_errors() == ""


def test_staff_chat_follow_up_reads_the_previous_turn(staff_app: App, page) -> None:
    page.goto(staff_app.url)
    first = ask_chat(page, "基本支出是多少？", turn=0)
    expect(first.get_by_text("基本支出：4,669.895598万元。")).to_be_visible()
    follow_up = ask_chat(page, "那项目支出呢？", turn=1)
    expect(follow_up.get_by_text("项目支出：5,045.803092万元。")).to_be_visible()
    expect(follow_up.get_by_text(re.compile("^理解为：查找项目支出的金额"))).to_be_visible()
    assert staff_app.internal_errors() == ""


def test_tables_page_filters_and_downloads_csv(staff_app: App, page, tmp_path: Path) -> None:
    page.goto(f"{staff_app.url}/tables")
    table = page.get_by_role("combobox", name="表", exact=True)
    expect(table).to_have_value(re.compile("^预算01表 收支总表"))
    shown = grid(page.get_by_test_id("stDataFrame").first)
    expect(shown).to_have_attribute("aria-rowcount", "32")  # header + 31 rows of 预算01表

    table.click()
    page.get_by_role("option", name=re.compile("^预算03表 支出总表")).click()
    expect(table).to_have_value(re.compile("^预算03表 支出总表（30 行）"))
    expect(page.get_by_text("金额单位：万元")).to_be_visible()
    expect(shown).to_have_attribute("aria-rowcount", "31")

    words = page.get_by_label(re.compile("^筛选"))
    words.fill("办公设备")
    words.press("Enter")
    expect(shown).to_have_attribute("aria-rowcount", "2")
    expect(shown.locator("[role=gridcell]", has_text="31002-办公设备购置")).to_have_count(1)
    expect(page.get_by_role("button", name="下载 Excel")).to_be_visible()
    screenshot(page, tmp_path, "tables.png")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="下载 CSV").click()
    download = download_info.value
    assert download.suggested_filename == "预算03表 支出总表.csv"
    lines = Path(download.path()).read_text(encoding="utf-8-sig").strip().splitlines()
    assert len(lines) == 2, lines  # the header and the filtered row
    assert lines[1].startswith("20,") and "31002-办公设备购置" in lines[1] and "268.920000" in lines[1]
    assert staff_app.internal_errors() == ""


def test_public_bot_answers_refuses_and_shows_no_sql(public_app: App, page, tmp_path: Path) -> None:
    page.goto(public_app.url)
    expect(page.get_by_role("heading", name="部门预算公开问答")).to_be_visible()
    totals = page.get_by_test_id("stExpander").filter(has_text="收入总计和支出总计各是多少？")
    expect(totals.get_by_text("收入总计 9,715.698690万元；支出总计 9,715.698690万元。")).to_be_visible()
    for topic in ("钱从哪里来", "基本支出与项目支出", "“三公”经费", "每个项目的金额和目标"):
        expect(page.get_by_role("heading", name=topic)).to_be_visible()

    question = page.get_by_label("您的问题")
    question.fill("办公设备买了多少钱")
    page.get_by_role("button", name="提问").click()
    answer = page.get_by_text("办公设备购置（31002）：268.920000万元。")
    expect(answer).to_be_visible()
    expect(page.get_by_text(f"理解为：查找办公设备购置（31002）的金额（{SAMPLE_TITLE}）。")).to_be_visible()
    screenshot(page, tmp_path, "public.png")
    expect(page.get_by_text("查询语句")).to_have_count(0)
    expect(page.get_by_test_id("stFileUploader")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^导出"))).to_have_count(0)

    question.fill("明天天气怎么样？")
    page.get_by_role("button", name="提问").click()
    refusal = page.get_by_test_id("stAlert").filter(has_text="无法回答")
    expect(refusal).to_be_visible()
    expect(answer).to_have_count(0)
    assert not re.search(r"\d万元", refusal.inner_text())
    assert public_app.internal_errors() == ""


def test_upload_refuses_bad_files_and_imports_a_good_one(upload_app: App, page, tmp_path: Path) -> None:
    bad = tmp_path / "随手记.txt"
    bad.write_text("今天天气很好，我们去公园散步吧。\n这里没有任何表格。\n", encoding="utf-8")
    empty = tmp_path / "空表.csv"
    empty.write_bytes(b"")
    page.goto(f"{upload_app.url}/documents")
    uploader = page.get_by_test_id("stFileUploader").locator("input[type=file]")
    uploader.set_input_files([bad, empty])
    expect(page.get_by_test_id("stAlert").filter(has_text="随手记.txt：不能导入。")).to_be_visible()
    expect(page.get_by_test_id("stAlert").filter(has_text="空表.csv：不能导入。")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^导入"))).to_have_count(0)
    expect(page.get_by_test_id("stSidebar").get_by_text("库中共 1 份文件。")).to_be_visible()

    page.reload()  # a new session: the uploader starts empty
    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(SECOND_DOC)
    expect(page.get_by_test_id("stAlert").filter(
        has_text=f"{SECOND_DOC.name} → 浙江省示例县教育局 2025年 部门预算：12 张表")).to_be_visible()
    page.get_by_role("button", name="导入 1 个文件").click()
    expect(page.get_by_test_id("stAlert").filter(has_text=f"已导入：{SECOND_TITLE}（")).to_be_visible()
    screenshot(page, tmp_path, "upload.png")

    nav = page.get_by_test_id("stSidebarNav")
    nav.get_by_role("link", name="文件").click()
    listing = grid(page.get_by_test_id("stDataFrame").first)
    expect(listing).to_have_attribute("aria-rowcount", "3")
    expect(listing.locator("[role=gridcell]", has_text=SECOND_TITLE)).to_have_count(1)

    nav.get_by_role("link", name="问答").click()
    expect(page.get_by_test_id("stSidebar").get_by_text("库中共 2 份文件。")).to_be_visible()
    # The document just imported joins the sidebar's choice; a question naming it is read in it.
    answer = ask_chat(page, "浙江省示例县教育局的办公费是多少？", turn=0)
    expect(answer.get_by_text("办公费（30201）：186.52万元。")).to_be_visible()
    expect(answer.get_by_text(f"理解为：查找办公费（30201）的金额（{SECOND_TITLE}）。")).to_be_visible()
    assert upload_app.internal_errors() == ""
