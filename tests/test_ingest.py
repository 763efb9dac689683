"""Ingest into a real DuckDB file and a real Chroma store: facts, provenance, validation, atomicity."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assistant.errors import IngestError, ParseError
from assistant.store import Store
from tests.conftest import query as q


def snapshot(store: Store) -> dict[str, object]:
    """Everything a reader could see: every fact table's rows and the vector store's ids."""
    from ingest.load import FACT_TABLES

    with store.reader() as con:
        state = {table: sorted(map(repr, con.execute(f"SELECT * EXCLUDE (doc_id) FROM {table}").fetchall()))
                 for table in FACT_TABLES}
        state["documents"] = con.execute("SELECT doc_id, sha256, source_name FROM documents ORDER BY 1").fetchall()
    state["vectors"] = sorted(store.vectors().ids())
    return state


# ------------------------------------------------------------------ the sample's facts

def test_document_identity(sample_store: Store) -> None:
    assert q(sample_store, "SELECT department, year, kind, title, unit, validation_status, n_tables FROM documents") == [
        ("北京市政务服务中心", 2026, "预算", "北京市政务服务中心2026年部门预算", "万元", "ok", 12)]


def test_expenditure_totals_match_the_document(sample_store: Store) -> None:
    rows = q(sample_store, """SELECT measure, sum(amount) FROM line_items WHERE table_code = '预算03表'
                              GROUP BY measure ORDER BY measure""")
    assert rows == [("合计", Decimal("9715.698690")), ("基本支出", Decimal("4669.895598")),
                    ("项目支出", Decimal("5045.803092"))]
    total = q(sample_store, """SELECT column_path, amount FROM cells c JOIN source_rows r USING (doc_id, row_id)
                               WHERE c.table_code = '预算03表' AND r.role = 'total' AND amount IS NOT NULL""")
    assert sorted(total) == [("合计", Decimal("9715.698690")), ("基本支出", Decimal("4669.895598")),
                             ("项目支出", Decimal("5045.803092"))]
    assert q(sample_store, "SELECT typeof(amount) FROM line_items LIMIT 1") == [("DECIMAL(18,6)",)]


def test_subject_levels_derived_from_codes(sample_store: Store) -> None:
    assert q(sample_store, """SELECT DISTINCT func_code, func_name, func_level, func_kuan_code, func_kuan_name,
                                     func_class_code, func_class_name
                              FROM line_items WHERE func_code = '2010350'""") == [
        ("2010350", "事业运行", "项", "20103", "政府办公厅（室）及相关机构事务", "201", "一般公共服务支出")]
    assert q(sample_store, """SELECT DISTINCT gov_econ_code, gov_econ_name, dept_econ_class_code, dept_econ_class_name
                              FROM line_items WHERE dept_econ_code = '31002'""") == [
        ("50601", "资本性支出", "310", "资本性支出")]


def test_summary_items_both_sides(sample_store: Store) -> None:
    rows = q(sample_store, """SELECT side, item, parent, is_total, amount FROM summary_items
                              WHERE table_code = '预算04表' AND (amount IS NOT NULL OR parent IS NOT NULL) ORDER BY side, seq""")
    assert ("收入", "一般公共预算拨款", "上年结转结余", False, Decimal("994.110150")) in rows
    assert ("收入", "收入总计", None, True, Decimal("9715.698690")) in rows
    assert ("支出", "住房保障支出", None, False, Decimal("97.668984")) in rows
    blank = q(sample_store, "SELECT amount FROM summary_items WHERE table_code = '预算01表' AND item = '外交支出'")
    assert blank == [(None,)]


def test_projects_and_indicators(sample_store: Store) -> None:
    projects = q(sample_store, "SELECT project_code, project_name, total FROM projects ORDER BY row_id")
    assert projects == [
        ("11000021Y000000390843", "信息系统运维类项目", Decimal("1251.347000")),
        ("11000022Y000000444656", "政务云服务", Decimal("1102.076383")),
        ("11000025T000003303735", "市政务服务中心编外长聘人员管理服务费用", Decimal("635.812244")),
        ("11000026T000003672766", "北京市政务服务业务分析与管理系统升级改造项目", Decimal("325.737600")),
        ("11000026T000003672772", "市政务服务大厅运行保障", Decimal("178.920000")),
        ("11000026T000003672775", "北京市政务服务大厅窗口工作规范化监督与效能促进服务项目", Decimal("10.000000"))]
    assert q(sample_store, """SELECT project_name, level1, level2, operator, value, unit FROM indicators
                              WHERE name = '信息系统可用性'""") == [
        ("信息系统运维类项目", "产出指标", "质量指标", "≥", "99", "%")]
    assert q(sample_store, "SELECT operator, value, unit FROM indicators WHERE name = '监督检查人员单位成本'") == [
        ("=", "400", "元/人·次")]
    assert q(sample_store, "SELECT count(*) FROM indicators") == [(74,)]


def test_rows_that_lost_their_leading_blanks_are_realigned(sample_store: Store) -> None:
    rows = q(sample_store, """SELECT i.project_name, i.level1, i.operator, i.value, i.unit, r.line_no
                              FROM indicators i JOIN source_rows r USING (doc_id, row_id)
                              WHERE i.name = '单个编外聘用人员年度管理服务成本'""")
    assert rows == [("市政务服务中心编外长聘人员管理服务费用", "成本指标", "≤", "2.01", "万元", 250)]


def test_three_public_and_procurement(sample_store: Store) -> None:
    assert dict(q(sample_store, "SELECT item, amount FROM three_public")) == {
        "合计": Decimal("0.187085"), "因公出国（境）费用": None, "公务接待费": Decimal("0.187085"),
        "公务用车购置及运行维护费": None, "公务用车购置费": None, "公务用车运行维护费": None}
    assert q(sample_store, "SELECT category, is_total, amount FROM procurement ORDER BY row_id") == [
        ("C-服务", False, Decimal("3494.751282")), ("合计", True, Decimal("3494.751282"))]


def test_empty_tables_are_facts(sample_store: Store) -> None:
    assert q(sample_store, "SELECT table_code FROM doc_tables WHERE is_empty ORDER BY seq") == [
        ("预算07表",), ("预算08表",), ("预算11表",)]


def test_provenance_round_trip(sample_store: Store, sample_lines: list[str]) -> None:
    """Every fact points at a source row whose cells are the published line, exactly."""
    rows = q(sample_store, """SELECT r.line_no, r.cells FROM line_items l JOIN source_rows r USING (doc_id, row_id)
                              WHERE l.dept_econ_code = '31002'""")
    line_no, cells = rows[0]
    assert "\t".join(cells) == sample_lines[line_no - 1]
    assert "268.920000" in cells
    for table in ("summary_items", "projects", "indicators", "three_public", "procurement", "cells"):
        orphans = q(sample_store, f"""SELECT count(*) FROM {table} f LEFT JOIN source_rows r USING (doc_id, row_id)
                                      WHERE r.row_id IS NULL""")
        assert orphans == [(0,)], table
    for line_no, cells in q(sample_store, "SELECT line_no, cells FROM source_rows WHERE table_code <> '正文'"):
        assert "\t".join(cells).rstrip("\t") == sample_lines[line_no - 1].rstrip("\t")


def test_validation_report(sample_store: Store) -> None:
    names = {name for (name,) in q(sample_store, "SELECT check_name FROM validations WHERE status = 'ok'")}
    assert {"预算01表 收入总计 = 支出总计", "预算03表 合计行（合计）= 明细行之和",
            "预算05表 合计 ≤ 预算03表 合计", "预算06表 合计 = 预算05表 基本支出",
            "预算01表 一般公共服务支出 = 预算03表 201 类明细之和"} <= names
    assert q(sample_store, "SELECT count(*) FROM validations WHERE status = 'warning'") == [(0,)]


def test_broken_identity_is_a_warning_naming_rows(fresh_store: Store, sample_copy: Path) -> None:
    text = sample_copy.read_text(encoding="utf-8")
    sample_copy.write_text(text.replace("收入总计\t9,715.698690\t支出总计", "收入总计\t9,715.698691\t支出总计", 1),
                           encoding="utf-8")
    (outcome,) = fresh_store.ingest([sample_copy])
    assert outcome.warnings >= 1
    rows = q(fresh_store, """SELECT v.check_name, v.expected, v.actual, list_sort(v.row_ids)
                             FROM validations v WHERE status = 'warning' AND check_name = '预算01表 收入总计 = 支出总计'""")
    (name, expected, actual, row_ids), = rows
    assert (expected, actual) == (Decimal("9715.698691"), Decimal("9715.698690"))
    lines = q(fresh_store, f"SELECT line_no FROM source_rows WHERE row_id IN ({','.join(map(str, row_ids))})")
    assert lines == [(37,)]  # both totals stand on line 37 of the file
    # The published figure is kept as published, not "fixed".
    assert q(fresh_store, "SELECT amount FROM summary_items WHERE item = '收入总计' AND table_code = '预算01表'") == [
        (Decimal("9715.698691"),)]


# ------------------------------------------------------------------ retrieval

def test_chroma_finds_the_indicator_for_a_paraphrase(sample_store: Store) -> None:
    hits = sample_store.vectors().search("政务云每个月的云服务费用最多多少", k=3, kinds=["indicator"])
    assert "单月云服务成本" in hits[0].text
    with sample_store.reader() as con:
        (row,) = con.execute("SELECT table_code, cells FROM source_rows WHERE row_id = ? AND doc_id = ?",
                             [hits[0].metadata["row_id"], hits[0].metadata["doc_id"]]).fetchall()
    assert row[0] == "预算表12" and "125" in row[1]


def test_vector_store_mirrors_duckdb_passages(sample_store: Store) -> None:
    with sample_store.reader() as con:
        ids = {pid for (pid,) in con.execute("SELECT passage_id FROM passages").fetchall()}
    assert ids and ids == sample_store.vectors().ids()


# ------------------------------------------------------------------ idempotency, replacement, atomicity

def test_reingest_unchanged_is_a_no_op(fresh_store: Store, sample_copy: Path) -> None:
    (first,) = fresh_store.ingest([sample_copy])
    before = snapshot(fresh_store)
    (again,) = fresh_store.ingest([sample_copy])
    assert (first.status, again.status) == ("added", "unchanged")
    assert snapshot(fresh_store) == before


def test_changed_file_replaces_its_document(fresh_store: Store, sample_copy: Path) -> None:
    fresh_store.ingest([sample_copy])
    old_vectors = fresh_store.vectors().ids()
    text = sample_copy.read_text(encoding="utf-8").replace("单月云服务成本\t≤\t125", "单月云服务成本\t≤\t120")
    sample_copy.write_text(text, encoding="utf-8")
    (outcome,) = fresh_store.ingest([sample_copy])
    assert outcome.status == "replaced"
    assert q(fresh_store, "SELECT count(*) FROM documents") == [(1,)]
    assert q(fresh_store, "SELECT value FROM indicators WHERE name = '单月云服务成本'") == [("120",)]
    new_vectors = fresh_store.vectors().ids()
    assert new_vectors and not (new_vectors & old_vectors)
    hit = fresh_store.vectors().search("单月云服务成本", k=1, kinds=["indicator"])[0]
    assert "120" in hit.text


def test_gbk_file_is_decoded(fresh_store: Store, sample_copy: Path) -> None:
    gbk = sample_copy.with_name("北京市政务服务中心_2026_部门预算_gbk.txt")
    gbk.write_bytes(sample_copy.read_text(encoding="utf-8").encode("gb18030"))
    (outcome,) = fresh_store.ingest([gbk])
    assert outcome.title == "北京市政务服务中心2026年部门预算"
    assert q(fresh_store, "SELECT project_name FROM projects WHERE total = 1102.076383") == [("政务云服务",)]


def bad_inputs(sample_copy: Path) -> dict[str, tuple[Path, type, str]]:
    folder = sample_copy.parent
    lines = sample_copy.read_text(encoding="utf-8").split("\n")

    def write(name: str, content: str | bytes) -> Path:
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    return {
        "empty": (write("空_2026_部门预算.txt", ""), IngestError, "文件为空"),
        "binary": (write("二进制_2026_部门预算.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256))),
                   IngestError, "二进制"),
        "truncated": (write("截断_2026_部门预算.txt", "\n".join(lines[:70])), ParseError, "第 70 行"),
        "header only": (write("表头_2026_部门预算.txt", "\n".join(lines[:52])), ParseError, "没有数据行"),
        "not a budget": (write("小说_2026_部门预算.txt", "第一章\n很久很久以前，有一座山。\n山里有座庙。\n"),
                         IngestError, "没有找到任何预算表"),
        "bad amount": (write("错数_2026_部门预算.txt", "\n".join(lines).replace("8,721.588540", "8,72l.588540", 1)),
                       ParseError, "第 9 行"),
        "unknown format": (write("表格_2026_部门预算.docx", b"PK\x03\x04"), IngestError, "不支持的文件格式"),
    }


@pytest.mark.parametrize("case", ["empty", "binary", "truncated", "header only", "not a budget", "bad amount",
                                  "unknown format"])
def test_bad_input_is_refused_and_changes_nothing(fresh_store: Store, sample_copy: Path, case: str) -> None:
    fresh_store.ingest([sample_copy])
    before = snapshot(fresh_store)
    path, error, words = bad_inputs(sample_copy)[case]
    with pytest.raises(error) as refused:
        fresh_store.ingest([path])
    assert path.name in refused.value.message_zh and words in refused.value.message_zh
    assert snapshot(fresh_store) == before


def test_one_bad_file_among_several_writes_nothing(fresh_store: Store, sample_copy: Path) -> None:
    bad = bad_inputs(sample_copy)["truncated"][0]
    with pytest.raises(ParseError):
        fresh_store.ingest([sample_copy, bad])
    assert not fresh_store.exists or q(fresh_store, "SELECT count(*) FROM documents") == [(0,)]


def test_crash_in_the_middle_of_an_ingest_leaves_the_store_as_it_was(
        fresh_store: Store, sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh_store.ingest([sample_copy])
    before = snapshot(fresh_store)
    sample_copy.write_text(sample_copy.read_text(encoding="utf-8").replace("≥\t99\t%", "≥\t98\t%"), encoding="utf-8")

    import ingest.load as load

    real_insert = load._insert

    def crash_after_indicators(con, table, rows):
        real_insert(con, table, rows)
        if table == "indicators":
            raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(load, "_insert", crash_after_indicators)
    with pytest.raises(KeyboardInterrupt):
        fresh_store.ingest([sample_copy])
    monkeypatch.undo()
    with fresh_store.writer() as con:  # the next writer reconciles the vector store with DuckDB
        load.reconcile(con, fresh_store.vectors())
    assert snapshot(fresh_store) == before
    (outcome,) = fresh_store.ingest([sample_copy])  # and the same file then goes in cleanly
    assert outcome.status == "replaced"
    assert q(fresh_store, "SELECT value FROM indicators WHERE name = '信息系统可用性'") == [("98",)]


def test_a_file_naming_no_department_is_kept_under_its_name_until_overridden(fresh_store: Store,
                                                                           sample_copy: Path) -> None:
    renamed = sample_copy.with_name("budget.txt")  # the sample's text names no issuer, and now neither does its name
    sample_copy.rename(renamed)
    (guessed,) = fresh_store.ingest([renamed])
    assert guessed.title == "budget部门预算" and guessed.notes == 2  # no department, no year
    notes = [message for (message,) in q(fresh_store, "SELECT message FROM doc_warnings ORDER BY seq")]
    assert "暂以文件名记为“budget”" in notes[0] and "--department" in notes[0] and "--year" in notes[1]
    (outcome,) = fresh_store.ingest([renamed], department="北京市政务服务中心", year=2026)
    assert outcome.title == "北京市政务服务中心2026年部门预算" and outcome.status == "replaced"
    assert q(fresh_store, "SELECT title FROM documents") == [("北京市政务服务中心2026年部门预算",)]
    assert q(fresh_store, "SELECT count(*) FROM doc_warnings") == [(0,)]


def test_a_newer_extraction_reads_an_unchanged_file_again(fresh_store: Store, sample_copy: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.load as load

    fresh_store.ingest([sample_copy])
    monkeypatch.setattr(load, "EXTRACTION_VERSION", "test-next")
    (outcome,) = fresh_store.ingest([sample_copy])
    assert outcome.status == "replaced"
    assert q(fresh_store, "SELECT extraction_version FROM documents") == [("test-next",)]


def test_another_file_of_the_same_identity_never_replaces_silently(fresh_store: Store, sample_copy: Path) -> None:
    """A different file read as the same department, year and kind is refused, naming both files,
    unless --replace is given; the stored document stays as it was."""
    from assistant.errors import IdentityClash

    fresh_store.ingest([sample_copy])
    other = sample_copy.with_name("北京市政务服务中心_2026_部门预算_修订版.txt")
    other.write_text(sample_copy.read_text(encoding="utf-8") + "\n附注：修订版。\n", encoding="utf-8")
    before = snapshot(fresh_store)
    with pytest.raises(IdentityClash) as refused:
        fresh_store.ingest([other])
    assert sample_copy.name in refused.value.message_zh and other.name in refused.value.message_zh
    assert "--replace" in refused.value.message_zh
    assert snapshot(fresh_store) == before
    (outcome,) = fresh_store.ingest([other], replace=True)
    assert outcome.status == "replaced"
    assert q(fresh_store, "SELECT source_name FROM documents") == [(other.name,)]
