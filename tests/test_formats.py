"""Excel, legacy Excel and CSV forms of a document give the same facts, checks and answers as its text form.

The fixtures are committed (regenerate them with scripts/make_fixtures.py); a missing one fails the test.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Callable

import pytest
from conftest import make_settings
from conftest import query as q

from assistant.errors import IngestError, ParseError
from assistant.pipeline import Engine
from assistant.store import Store, bundled_sample
from ingest.delimited import csv_lines, parse_csv
from ingest.excel import cell_text, parse_excel
from ingest.text import parse_text

FIXTURES = Path(__file__).parent / "fixtures" / "docs"
SAMPLE = "北京市政务服务中心_2026_部门预算"
SECOND = "北京市公共资源交易中心_2025_部门预算"
FORMATS = {  # test id → (document, what follows its name in the fixture's file name)
    "xlsx": (SAMPLE, ".xlsx"),
    "single-sheet xlsx": (SAMPLE, "_单表.xlsx"),
    "csv": (SAMPLE, ".csv"),
    "xls": (SAMPLE, ".xls"),
    "second xlsx": (SECOND, ".xlsx"),
    "second single-sheet xlsx": (SECOND, "_单表.xlsx"),
    "second csv": (SECOND, ".csv"),
}
FACT_TABLES = ("line_items", "summary_items", "projects", "indicators", "three_public", "procurement", "cells")
QUESTIONS = ("办公设备买了多少钱", "津贴补贴是多少", "信息系统可用性要求多少", "三公经费一共多少？", "项目支出占支出合计的比例")


def fixture_path(document: str, suffix: str) -> Path:
    path = bundled_sample() if (document, suffix) == (SAMPLE, ".txt") else FIXTURES / f"{document}{suffix}"
    assert path.is_file(), f"fixture missing: {path} (regenerate with scripts/make_fixtures.py)"
    return path


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], Store]:
    """A store per (document, format), built once per module: the document ingested from that file alone."""
    built: dict[tuple[str, str], Store] = {}

    def store_for(document: str, suffix: str) -> Store:
        if (document, suffix) not in built:
            store = Store(make_settings(tmp_path_factory.mktemp("format") / "data"))
            store.ingest([fixture_path(document, suffix)])
            built[(document, suffix)] = store
        return built[(document, suffix)]

    return store_for


def facts(store: Store) -> dict[str, list[tuple]]:
    """The typed facts with the published row each came from (its place in its table and its cells),
    without what differs by format: ids, source line numbers, pages."""
    found = {}
    for table in FACT_TABLES:
        ids = "doc_id, row_id, project_row_id" if table == "indicators" else "doc_id, row_id"
        found[table] = sorted(q(store, f"""SELECT f.* EXCLUDE ({ids}), r.row_no, r.role, r.cells FROM {table} f
                                          JOIN source_rows r USING (doc_id, row_id)"""), key=repr)
    found["doc_tables"] = q(store, """SELECT seq, table_code, table_title, table_kind, unit, n_rows, is_empty,
                                             column_paths FROM doc_tables ORDER BY seq""")
    found["documents"] = q(store, """SELECT department, year, kind, title, unit, validation_status, n_tables, n_rows
                                     FROM documents""")
    found["validations"] = sorted(q(store, "SELECT check_name, status, expected, actual FROM validations"), key=repr)
    return found


def answers(store: Store) -> dict[str, dict[str, object]]:
    engine = Engine(store.settings, store)
    try:
        given = {question: engine.ask(question).to_dict() for question in QUESTIONS}
    finally:
        engine.close()
    return {question: {"route": answer["route"], "figures": answer["figures"],
                       "cited": [(c["table"], c["cells"]) for c in answer["citations"]]}
            for question, answer in given.items()}


# ------------------------------------------------------------------ every format = the text

@pytest.mark.parametrize("form", FORMATS)
def test_facts_equal_the_text_documents(ingested, form: str) -> None:
    document, suffix = FORMATS[form]
    expected, got = facts(ingested(document, ".txt")), facts(ingested(document, suffix))
    assert expected["line_items"] and expected["indicators"] and expected["validations"]
    for table in expected:
        assert got[table] == expected[table], table


@pytest.mark.parametrize("form", ["xlsx", "single-sheet xlsx", "csv", "xls"])
def test_the_same_question_gets_the_same_figures_from_every_format(ingested, form: str) -> None:
    expected = answers(ingested(SAMPLE, ".txt"))
    assert all(answer["cited"] for answer in expected.values())
    assert sum(bool(answer["figures"]) for answer in expected.values()) >= 4
    assert answers(ingested(*FORMATS[form])) == expected


@pytest.mark.parametrize("form", ["single-sheet xlsx", "csv"])
def test_whole_document_forms_cite_the_text_line_numbers(ingested, form: str) -> None:
    """One sheet or one CSV laid out like the text: row N there is line N of the text."""
    rows = "SELECT table_code, row_no, line_no FROM source_rows ORDER BY row_id"
    expected = q(ingested(SAMPLE, ".txt"), rows)
    assert q(ingested(*FORMATS[form]), rows) == expected
    assert q(ingested(*FORMATS[form]), "SELECT count(*) FROM source_rows WHERE page IS NOT NULL") == [
        (0 if form == "csv" else len(expected),)]


@pytest.mark.parametrize("form", ["xlsx", "xls"])
def test_a_sheet_per_table_cites_sheet_and_sheet_row(ingested, form: str) -> None:
    """page = the sheet's position, line_no = the row on the sheet (heading and unit line above the table)."""
    store = ingested(*FORMATS[form])
    pages = q(store, """SELECT t.seq, min(r.page), max(r.page), bool_and(r.line_no = r.row_no + 2)
                        FROM source_rows r JOIN doc_tables t USING (doc_id, table_code)
                        WHERE r.table_code <> '正文' GROUP BY t.seq ORDER BY t.seq""")
    assert [(page, same, in_place) for _seq, page, same, in_place in pages] == [(n, n, True) for n in range(1, 13)]


# ------------------------------------------------------------------ what Excel hides, numbers as shown

def test_hidden_rows_and_sheets_are_not_read(ingested, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(fixture_path(SAMPLE, ".xlsx"))
    draft = book.create_sheet("草稿", 0)
    draft.append(["预算99表 支出总表"])
    draft.append(["合计", 1.0])
    draft.sheet_state = "hidden"
    lines = book["预算03表"]
    lines.insert_rows(10)
    for column, value in enumerate(["2010350-事业运行", "50502-商品和服务支出", "30201-办公费", 999.0], start=1):
        lines.cell(row=10, column=column, value=value)
    lines.row_dimensions[10].hidden = True
    path = tmp_path / f"{SAMPLE}.xlsx"
    book.save(path)

    store = Store(make_settings(tmp_path / "data"))
    store.ingest([path])
    assert facts(store) == facts(ingested(SAMPLE, ".txt"))
    assert q(store, "SELECT DISTINCT page FROM source_rows WHERE table_code = '预算01表'") == [(1,)]


@pytest.mark.parametrize(("value", "number_format", "shown"), [
    (9715.69869, "General", "9715.69869"),
    (4669.895598 + 5045.803092, "General", "9715.69869"),  # a sum's double is 9715.698690000001
    (0.1 + 0.2, "General", "0.3"),
    (9715.69869, "#,##0.000000", "9,715.698690"),
    (1251.347, "0.000000", "1251.347000"),
    (12345, "General", "12345"),
    (12345.0, "General", "12345"),
    (1234567, "#,##0", "1,234,567"),
    (1e-07, "General", "0.0000001"),
    (Decimal("2.50"), "General", "2.50"),
    (0.125, "0.00%", "12.50%"),
    (1234567.891, "#,##0.00,", "1,234.57"),
    (-1234.5, "#,##0.00;[Red]\\(#,##0.00\\)", "-1,234.50"),
    (0.5, '_ * #,##0.00_ ;_ * \\-#,##0.00_ ;_ * "-"??_ ;_ @_ ', "0.50"),
    (2.5, "0.0#", "2.5"),
    (2.25, "0.0#", "2.25"),
    (1.005, "0.00", "1.01"),
    ("1,234.50", "General", "1,234.50"),
    ("2010350", "@", "2010350"),
    ("一般公共服务\n支出", "General", "一般公共服务支出"),
    ("1.运维服务。\n2.网络保障", "General", "1.运维服务。 2.网络保障"),
    ("项目\t名称", "General", "项目 名称"),
    (True, "General", "TRUE"),
    (None, "General", ""),
    (datetime(2026, 1, 1), "yyyy-mm-dd", "2026-01-01"),
])
def test_cells_are_the_text_excel_shows(value: object, number_format: str, shown: str) -> None:
    assert cell_text(value, number_format) == shown


# ------------------------------------------------------------------ CSV dialects and encodings

@pytest.mark.parametrize(("delimiter", "encoding"), [(",", "utf-8"), (";", "utf-8-sig"), ("\t", "gb18030"),
                                                     (";", "gb18030")])
def test_csv_delimiters_and_encodings(tmp_path: Path, delimiter: str, encoding: str) -> None:
    rows = list(csv.reader(io.StringIO(fixture_path(SAMPLE, ".csv").read_text(encoding="utf-8-sig"))))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path = tmp_path / f"{SAMPLE}.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))
    got, expected = parse_csv(path), parse_text(fixture_path(SAMPLE, ".txt"))
    assert [(t.code, t.unit, t.column_paths, [(r.role, r.line_no, r.cells) for r in t.rows]) for t in got.tables] == [
        (t.code, t.unit, t.column_paths, [(r.role, r.line_no, r.cells) for r in t.rows]) for t in expected.tables]


def test_a_quoted_cell_over_two_lines_keeps_the_line_numbers() -> None:
    lines = csv_lines('项目,"政务\n云服务","1.运维。\n2.保障"\n合计,"1,102.076383"\n')
    assert [(line.line_no, line.cells) for line in lines] == [(1, ["项目", "政务云服务", "1.运维。 2.保障"]),
                                                              (4, ["合计", "1,102.076383"])]


# ------------------------------------------------------------------ refused, and nothing changes

def snapshot(store: Store) -> dict[str, object]:
    from ingest.load import FACT_TABLES as ALL

    with store.reader() as con:
        state = {table: sorted(map(repr, con.execute(f"SELECT * FROM {table}").fetchall())) for table in ALL}
        state["documents"] = con.execute("SELECT doc_id, sha256, source_name FROM documents").fetchall()
    state["vectors"] = sorted(store.vectors().ids())
    return state


def _zip(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _workbook(build: Callable) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    build(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _uncached_formula(book) -> None:
    book.active.append(["预算10表 政府采购预算明细表"])
    book.active.append(["合计", "=1+2"])


def _hidden_only(book) -> None:
    book.active.append(["预算10表 政府采购预算明细表"])
    book.active.sheet_state = "hidden"
    book.create_sheet("空白")


BAD_FILES = {  # case → (file name, content, words the refusal must contain)
    "corrupt xlsx": (f"{SAMPLE}.xlsx", random.Random(7).randbytes(4096), "无法打开 Excel 工作簿"),
    "zip that is no workbook": (f"{SAMPLE}.xlsx", _zip({"readme.txt": "hello"}), "无法打开 Excel 工作簿"),
    "corrupt xls": (f"{SAMPLE}.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048), "无法打开 Excel 工作簿"),
    "password-protected xlsx": (f"{SAMPLE}.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
                                + "EncryptionInfo".encode("utf-16-le") + bytes(512), "密码"),
    "empty xlsx file": (f"{SAMPLE}.xlsx", b"", "文件为空"),
    "formulas never calculated": (f"{SAMPLE}.xlsx", _workbook(_uncached_formula), "公式单元格没有保存计算结果"),
    "only hidden sheets": (f"{SAMPLE}.xlsx", _workbook(_hidden_only), "没有可见的内容"),
    "empty csv": (f"{SAMPLE}.csv", b"", "文件为空"),
    "csv of nothing but commas": (f"{SAMPLE}.csv", b",,,\n,,\n", "没有找到任何预算表"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_files_are_refused_and_change_nothing(fresh_store: Store, sample_copy: Path, case: str) -> None:
    fresh_store.ingest([sample_copy])
    before = snapshot(fresh_store)
    name, content, words = BAD_FILES[case]
    path = sample_copy.parent / name
    path.write_bytes(content)
    with pytest.raises(IngestError) as refused:
        fresh_store.ingest([path])
    assert path.name in refused.value.message_zh and words in refused.value.message_zh
    assert path.name in refused.value.message_en
    assert snapshot(fresh_store) == before


def test_parsers_read_by_content_not_suffix(tmp_path: Path) -> None:
    """A legacy workbook saved under .xlsx (it happens) still reads."""
    path = tmp_path / f"{SAMPLE}.xlsx"
    path.write_bytes(fixture_path(SAMPLE, ".xls").read_bytes())
    codes = [table.code for table in parse_excel(fixture_path(SAMPLE, ".xls")).tables]
    assert [table.code for table in parse_excel(path).tables] == codes and len(codes) == 12


def test_a_bad_amount_in_a_workbook_names_its_sheet_and_row(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(fixture_path(SAMPLE, ".xlsx"))
    book["预算03表"]["D5"].value = "12x3"
    path = tmp_path / f"{SAMPLE}.xlsx"
    book.save(path)
    store = Store(make_settings(tmp_path / "data"))
    with pytest.raises(ParseError) as refused:
        store.ingest([path])
    sheet = book.sheetnames.index("预算03表") + 1
    assert f"第 {sheet} 个工作表第 5 行" in refused.value.message_zh and "12x3" in refused.value.message_zh
    assert f"sheet {sheet}, row 5" in refused.value.message_en
