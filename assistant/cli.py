"""``budget-qa``: the command line. Parses input, calls the store / catalog, renders; nothing else."""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
import traceback
import uuid
from pathlib import Path
from typing import Any, Callable

import click

from assistant import catalog, render
from assistant.config import Settings, load_settings
from assistant.db.run import run_read_only
from assistant.errors import BudgetQAError
from assistant.render import aligned, cell_text
from assistant.types import table_ref
from assistant.store import Store

log = logging.getLogger("budget_qa")


def _progress(message: str) -> None:
    click.echo(message, err=True)


def handle_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """The CLI's one error edge: user errors → message (zh + en), exit 1; anything else → a short
    reference, the traceback in the data dir's log, exit 2 (re-raised when settings.raise_errors)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        settings: Settings | None = None
        try:
            settings = load_settings(data_dir=kwargs.pop("data_dir", None))
            return command(settings, *args, **kwargs)
        except BudgetQAError as exc:
            click.echo(f"错误：{exc.message_zh}\nError: {exc.message_en}", err=True)
            sys.exit(1)
        except BrokenPipeError:  # output piped into `head`: the reader left, nothing went wrong
            sys.stderr.close()
            sys.exit(0)
        except Exception:
            if settings is None or settings.raise_errors:
                raise
            reference = uuid.uuid4().hex[:8]
            _log_traceback(settings, reference)
            click.echo(f"内部错误（编号 {reference}），详情已记录到 {settings.data_dir / 'errors.log'}。\n"
                       f"Internal error (reference {reference}); details logged.", err=True)
            sys.exit(2)

    return wrapper


def _log_traceback(settings: Settings, reference: str) -> None:
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        with open(settings.data_dir / "errors.log", "a", encoding="utf-8") as log_file:
            log_file.write(f"--- {reference}\n{traceback.format_exc()}\n")
    except OSError:
        traceback.print_exc()


data_dir_option = click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                               help="数据目录 Data dir (default: $BUDGET_QA_DATA_DIR or the user data dir).")
doc_option = click.option("--doc", default=None, help="文件：编号、文件名或标题 Document id, file name or title.")


@click.group()
@click.version_option(package_name="budget-qa")
def main() -> None:
    """预算问答助手 — exact, cited answers from published department budgets."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--department", default=None, help="编制部门（覆盖自动识别） Issuing department override.")
@click.option("--year", type=int, default=None, help="年度（覆盖自动识别） Year override.")
@click.option("--kind", type=click.Choice(["预算", "决算"]), default=None, help="预算 or 决算 override.")
@click.option("--replace", is_flag=True,
              help="以新文件替换库中同一部门、年度、类型的另一文件 Replace a stored document from another file.")
@click.option("--as-one", is_flag=True, help="几个文件合为一份（报表 + 情况说明） The files are one publication.")
@data_dir_option
@handle_errors
def ingest(settings: Settings, paths: tuple[Path, ...], department: str | None, year: int | None,
           kind: str | None, replace: bool, as_one: bool) -> None:
    """导入预算文件 Ingest budget files (a bad file changes nothing)."""
    store = Store(settings)
    options = dict(progress=_progress, replace=replace, as_one=as_one, workers=os.cpu_count() or 1)
    if len(paths) > 1:
        with click.progressbar(length=1000, label=f"导入 {len(paths)} 个文件", file=sys.stderr) as bar:
            def steps(done: int, total: int) -> None:
                bar.update(done * 1000 // total - bar.pos)

            outcomes = store.ingest(list(paths), department, year, kind, steps=steps,
                                    **dict(options, progress=lambda message: None))
        click.echo(render.ingest_summary(outcomes))
        return
    for outcome in store.ingest(list(paths), department, year, kind, **options):
        checks = f"，{outcome.warnings} 项核对未通过" if outcome.warnings else "，核对全部通过"
        checks += f"；{outcome.notes} 条提示，见 budget-qa docs" if outcome.notes else ""
        click.echo(f"{render.INGEST_STATUS[outcome.status]}：{outcome.title}（{outcome.source_name}，编号 {outcome.doc_id}，"
                   f"{outcome.n_tables} 张表，{outcome.n_rows} 行{checks}）")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--department", default=None, help="编制部门（覆盖自动识别） Issuing department override.")
@click.option("--year", type=int, default=None, help="年度（覆盖自动识别） Year override.")
@click.option("--kind", type=click.Choice(["预算", "决算"]), default=None, help="预算 or 决算 override.")
@click.option("--as-one", is_flag=True, help="几个文件合为一份（报表 + 情况说明） The files are one publication.")
@click.option("--brief", is_flag=True, help="不列出未通过的核对 Do not list the failed checks.")
@data_dir_option
@handle_errors
def check(settings: Settings, paths: tuple[Path, ...], department: str | None, year: int | None, kind: str | None,
          as_one: bool, brief: bool) -> None:
    """检查文件能否导入（不写入数据库） Parse and validate files without storing anything."""
    from ingest.check import check_publications

    checked = refused = 0
    for report in check_publications(list(paths), as_one, department, year, kind):  # printed as each is read
        checked, refused = checked + 1, refused + (report.refused is not None)
        click.echo(render.check_report(report, show_checks=not brief))
    if checked > 1:
        click.echo(f"共 {checked} 个文件：可导入 {checked - refused}，不能导入 {refused}。")
    sys.exit(1 if refused else 0)


@main.command()
@click.option("--checks", is_flag=True, help="列出未通过的核对 Show failed checks.")
@data_dir_option
@handle_errors
def docs(settings: Settings, checks: bool) -> None:
    """已导入的文件及核对结果 Documents and their validation status."""
    with Store(settings).reader(progress=_progress) as con:
        found = catalog.documents(con)
        rows = [(d.doc_id, d.title, d.source_name, d.n_tables, d.n_rows,
                 "通过" if d.n_warnings == 0 else f"{d.n_warnings} 项警告", f"{d.n_checks - d.n_warnings}/{d.n_checks}",
                 f"{d.ingested_at:%Y-%m-%d %H:%M}") for d in found]
        click.echo(aligned(["编号", "文件", "来源", "表", "行", "核对", "通过/总数", "导入时间(UTC)"], rows))
        from assistant.db import queries

        for doc in found:
            for _scope, _table, page, message in queries.DOC_WARNINGS.run(con, [doc.doc_id]).rows:
                click.echo(f"提示 {doc.doc_id}{f' 第{page}页' if page else ''}：{message}")
        if checks:
            for doc in found:
                for name, expected, actual, detail, _rows in queries.WARNINGS.run(con, [doc.doc_id]).rows:
                    click.echo(f"⚠ {doc.doc_id} {name}：应为 {cell_text(expected)}，实为 {cell_text(actual)}。{detail}")


@main.command()
@doc_option
@data_dir_option
@handle_errors
def tables(settings: Settings, doc: str | None) -> None:
    """文件中的表 Tables of a document."""
    with Store(settings).reader(progress=_progress) as con:
        picked = catalog.pick_document(con, doc)
        rows = [(t.table_code, t.table_title, t.unit or "", t.n_rows, "空表" if t.is_empty else "")
                for t in catalog.tables(con, picked.doc_id)]
        click.echo(f"{picked.title}（{picked.doc_id}）")
        click.echo(aligned(["表号", "表名", "单位", "行数", ""], rows))


@main.command()
@click.argument("table")
@doc_option
@click.option("--width", type=int, default=40, show_default=True, help="每列最大显示宽度 Max column width.")
@data_dir_option
@handle_errors
def show(settings: Settings, table: str, doc: str | None, width: int) -> None:
    """按原样显示一张表 Show a table as published (TABLE: 预算03表 or 支出总表)."""
    with Store(settings).reader(progress=_progress) as con:
        picked = catalog.pick_document(con, doc)
        info = catalog.pick_table(con, picked.doc_id, table)
        rows = catalog.table_rows(con, picked.doc_id, info.table_code)
        unit = f"  金额单位：{info.unit}" if info.unit else ""
        click.echo(f"{picked.title} · {table_ref(info.table_code, info.table_title)}{unit}")
        n_cols = max(len(row.cells) for row in rows) if rows else 0
        body = [[row.row_no, _where(row)] + row.cells for row in rows]
        click.echo(aligned(["行", "原文位置"] + [f"{j + 1}" for j in range(n_cols)], body, max_width=width))


def _where(row: catalog.PublishedRow) -> str:
    return f"P{row.page} L{row.line_no}" if row.page else f"L{row.line_no}"


@main.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="输出一个 JSON 对象 One JSON object on stdout.")
@data_dir_option
@handle_errors
def ask(settings: Settings, question: str, as_json: bool) -> None:
    """提问（离线，无需大模型） Ask a question; the answer cites the table rows it came from."""
    from assistant.pipeline import Engine

    engine = Engine(settings, Store(settings))
    try:
        answer = engine.ask(question)
    finally:
        engine.close()
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False))
    else:
        click.echo(shown(answer))


def shown(answer) -> str:
    """The engine's reading first (one line to check), then the answer with its sources."""
    return f"{answer.interpretation}\n{answer.answer}" if answer.interpretation else answer.answer


@main.command()
@data_dir_option
@handle_errors
def chat(settings: Settings) -> None:
    """多轮对话（输入空行或 exit 结束） A multi-turn session; follow-ups refer to earlier answers."""
    from assistant.pipeline import Engine

    engine = Engine(settings, Store(settings))
    history = []
    click.echo("预算问答助手：请输入问题（空行或 exit 结束）。", err=True)
    try:
        while True:
            try:
                question = click.prompt("问", prompt_suffix="> ", default="", show_default=False)
            except (EOFError, click.Abort):
                break
            if question.strip() in ("", "exit", "quit", "退出"):
                break
            answer = engine.ask(question, history)
            history = (history + [answer])[-10:]
            click.echo(shown(answer) + "\n")
    finally:
        engine.close()


@main.command()
@click.argument("query")
@data_dir_option
@handle_errors
def sql(settings: Settings, query: str) -> None:
    """只读 SQL 查询（供工作人员使用） Read-only SQL over the store."""
    with Store(settings).reader(progress=_progress) as con:
        results = run_read_only(con, query, row_cap=settings.sql_row_cap, timeout_s=settings.sql_timeout_s)
        click.echo(aligned(results.columns, results.rows))
        more = f"（仅显示前 {settings.sql_row_cap} 行）" if results.truncated else ""
        click.echo(f"{len(results.rows)} 行{more}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址 Address to listen on.")
@click.option("--port", type=int, default=8501, show_default=True, help="端口 Port.")
@click.option("--public", is_flag=True, help="面向公众的问答页（只读，无上传） The public FAQ bot.")
@data_dir_option
@handle_errors
def ui(settings: Settings, host: str, port: int, public: bool) -> None:
    """打开工作人员问答界面（或 --public 公众问答页） Start the staff chat (or the public FAQ bot)."""
    from ui.launch import run_streamlit

    Store(settings).ensure_sample(_progress)
    sys.exit(run_streamlit(settings, host, port, public, announce=_progress))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址 Address to listen on.")
@click.option("--port", type=int, default=8000, show_default=True, help="端口 Port.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="进程数 Worker processes.")
@data_dir_option
@handle_errors
def serve(settings: Settings, host: str, port: int, workers: int) -> None:
    """启动只读 HTTP API（FastAPI） Start the read-only HTTP API."""
    from assistant.api import serve as run_api

    Store(settings).ensure_sample(_progress)  # before the workers start: they only read
    _progress(f"HTTP API：http://{host}:{port}（接口说明 http://{host}:{port}/docs）")
    run_api(settings, host, port, workers)


if __name__ == "__main__":  # pragma: no cover
    main()
