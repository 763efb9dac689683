"""The budget-qa command line, run for real against stores in temp dirs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.store import Store


@pytest.fixture()
def run(sample_store: Store):
    """Run a subcommand against the shared sample store; returns (exit code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str, data_dir: Path | None = None) -> tuple[int, str, str]:
        result = runner.invoke(main, [*args, "--data-dir", str(data_dir or sample_store.settings.data_dir)])
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_docs_lists_documents_with_validation_status(run) -> None:
    code, out, _ = run("docs")
    assert code == 0
    assert "北京市政务服务中心2026年部门预算" in out and "北京市政务服务中心_2026_部门预算.txt" in out
    assert "通过" in out and "99/99" in out


def test_tables_lists_every_table(run) -> None:
    code, out, _ = run("tables")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "北京市政务服务中心2026年部门预算（91431d7bc7）"
    assert sum(1 for line in lines if line.startswith("预算")) == 12
    assert [line.split()[0] for line in lines if line.endswith("空表")] == ["预算07表", "预算08表", "预算11表"]


@pytest.mark.parametrize("name", ["预算03表", "支出总表", "预算 03 表", "预算03表支出总表"])
def test_show_finds_a_table_by_code_or_title(run, name: str) -> None:
    code, out, _ = run("show", name)
    assert code == 0
    assert out.splitlines()[0] == "北京市政务服务中心2026年部门预算 · 预算03表 支出总表  金额单位：万元"
    assert "31002-办公设备购置" in out and "268.920000" in out and "9,715.698690" in out


def test_show_aligns_columns_for_a_terminal(run) -> None:
    from assistant.render import display_width

    code, out, _ = run("show", "预算03表")
    assert code == 0
    lines = out.splitlines()

    def right_edge(marker: str, amount: str) -> int:
        line = next(line for line in lines if marker in line)
        return display_width(line[: line.index(amount) + len(amount)])

    # The 合计 column: a detail row's amount and the total row's amount end at the same screen column.
    assert right_edge("31002-办公设备购置", "268.920000") == right_edge("合 计", "9,715.698690")
    assert "L70" in out  # the source line of each row is shown
    code, out, _ = run("show", "预算表12", "--width", "12")
    assert code == 0 and "11000021Y00…" in out  # long cells are cut to the width, marked


def test_show_unknown_table_suggests(run) -> None:
    code, _, err = run("show", "支出明细表")
    assert code == 1
    assert "表不存在：支出明细表" in err and "支出总表" in err and "No such table" in err
    assert "Traceback" not in err


def test_sql_is_read_only(run, sample_store: Store) -> None:
    code, out, _ = run("sql", "SELECT category, amount FROM procurement ORDER BY row_id")
    assert code == 0 and "C-服务" in out and "3494.751282" in out and "2 行" in out
    for hostile in ("DROP TABLE documents", "'; DROP TABLE facts; --", "SELECT * FROM read_csv('/etc/passwd')",
                    "DELETE FROM line_items", "SELECT 1; DROP TABLE documents"):
        code, _, err = run("sql", hostile)
        assert code == 1 and "只允许只读查询" in err, hostile
    with sample_store.reader() as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)


def test_ingest_reports_and_refuses(tmp_path: Path, sample_path: Path) -> None:
    runner = CliRunner()
    data = tmp_path / "data"
    result = runner.invoke(main, ["ingest", str(sample_path), "--data-dir", str(data)])
    assert result.exit_code == 0
    assert "已导入：北京市政务服务中心2026年部门预算" in result.stdout and "核对全部通过" in result.stdout
    assert "写入" in result.stderr  # progress goes to stderr
    again = runner.invoke(main, ["ingest", str(sample_path), "--data-dir", str(data)])
    assert "未变化" in again.stdout
    empty = tmp_path / "空.txt"
    empty.write_text("")
    refused = runner.invoke(main, ["ingest", str(empty), "--data-dir", str(data)])
    assert refused.exit_code == 1
    assert "错误：文件 空.txt 无法导入：文件为空。" in refused.stderr and "Error: Cannot ingest 空.txt" in refused.stderr


def test_several_documents_need_doc(tmp_path: Path, sample_path: Path) -> None:
    runner = CliRunner()
    data = tmp_path / "data"
    other = tmp_path / "北京市示例局_2025_部门预算.txt"
    shutil.copy(sample_path, other)
    assert runner.invoke(main, ["ingest", str(sample_path), str(other), "--data-dir", str(data)]).exit_code == 0
    ambiguous = runner.invoke(main, ["tables", "--data-dir", str(data)])
    assert ambiguous.exit_code == 1 and "--doc" in ambiguous.stderr and "北京市示例局2025年部门预算" in ambiguous.stderr
    picked = runner.invoke(main, ["tables", "--doc", "示例局", "--data-dir", str(data)])
    assert picked.exit_code == 0 and picked.stdout.startswith("北京市示例局2025年部门预算")


def test_ingesting_several_files_ends_with_a_summary_table(tmp_path: Path, sample_path: Path) -> None:
    fixtures = Path(__file__).parent / "fixtures" / "docs"
    files = [str(sample_path), str(fixtures / "北京市公共资源交易中心_2025_部门预算.txt")]
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", *files, "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["文件", "结果", "识别为"]
    assert [line.split()[1:3] for line in lines[2:4]] == [["已导入", "北京市政务服务中心2026年部门预算"],
                                                          ["已导入", "北京市公共资源交易中心2025年部门预算"]]
    assert lines[4].startswith("共 2 份：导入或替换 2，未变化 0。")
    assert "导入 2 个文件" in result.stderr  # the progress bar's label
    again = runner.invoke(main, ["ingest", *files, "--data-dir", str(tmp_path / "data")])
    assert "共 2 份：导入或替换 0，未变化 2。" in again.stdout


def test_console_script_bootstraps_the_sample_on_first_use(tmp_path: Path) -> None:
    """A fresh data dir: the first command ingests the bundled sample; no other set-up needed."""
    script = Path(sys.executable).with_name("budget-qa")
    env = {**os.environ, "BUDGET_QA_DATA_DIR": str(tmp_path / "fresh"), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([str(script), "show", "三公"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "首次使用" in done.stderr
    assert "财政拨款“三公”经费支出表" in done.stdout and "0.187085" in done.stdout
    assert (tmp_path / "fresh" / "budget.duckdb").exists() and (tmp_path / "fresh" / "chroma").is_dir()


def test_bad_setting_fails_at_start_naming_the_key(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("budget-qa")
    env = {**os.environ, "BUDGET_QA_DATA_DIR": str(tmp_path), "BUDGET_QA_EMBEDDER": "word2vec"}
    done = subprocess.run([str(script), "docs"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    assert "配置项 embedder 无效" in done.stderr and "Traceback" not in done.stderr


def test_ask_json_is_one_object(run) -> None:
    import json

    code, out, _ = run("ask", "三公经费一共多少？", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["route"] == "sql" and data["figures"][0]["value"] == "0.187085"
    assert data["citations"][0]["table"] == "预算09表"


def test_ask_prints_the_answer(run) -> None:
    code, out, _ = run("ask", "北京明天天气怎么样？")
    assert code == 0 and "无法回答" in out


def test_ask_prints_its_reading_first(run) -> None:
    code, out, _ = run("ask", "基本支出是项目支出的几倍？")
    first, second = out.splitlines()[:2]
    assert code == 0 and first.startswith("理解为：基本支出是项目支出的几倍") and "基本支出 ÷ 项目支出" in first
    assert "0.93 倍" in out and "理解为" not in second


def test_chat_keeps_the_conversation(sample_store: Store) -> None:
    result = CliRunner().invoke(main, ["chat", "--data-dir", str(sample_store.settings.data_dir)],
                                input="基本支出是多少？\n那项目支出呢？\n它占支出合计的比例是多少？\n\n")
    assert result.exit_code == 0
    assert "4,669.895598万元" in result.stdout and "5,045.803092万元" in result.stdout and "51.93%" in result.stdout
    assert result.stdout.count("理解为：") == 3  # each answer led by its reading
