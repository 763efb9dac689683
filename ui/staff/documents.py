"""文件: the documents in the store; upload files, see what `check` makes of them, ingest, remove."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from assistant.render import INGEST_STATUS
from ui.state import assistant, shown_errors
from ui.views import show_validation

_TYPES = ["pdf", "xlsx", "xlsm", "xls", "csv", "txt"]
_STATUS = {**INGEST_STATUS, "unchanged": "未变化（与库中相同）"}


def page() -> None:
    st.title("文件")
    for message in st.session_state.pop("ingested", []):  # what the last run did, before it drew again
        st.success(message)
    with shown_errors():
        listing()
    st.subheader("上传文件")
    files = st.file_uploader("预算或决算文件（PDF、Excel、CSV、文本），可多选", type=_TYPES,
                             accept_multiple_files=True, key=f"upload{st.session_state.get('uploads', 0)}")
    as_one = st.checkbox("这几个文件是同一份公开文件（报表 + 情况说明）", disabled=len(files or []) < 2)
    if files:
        with shown_errors():
            upload(files, as_one)
    with shown_errors():
        removal()


def listing() -> None:
    found = assistant().documents()
    st.dataframe(pd.DataFrame([(d.title, d.source_name, d.n_tables, d.n_rows,
                                "通过" if d.n_warnings == 0 else f"{d.n_warnings} 项未通过",
                                f"{d.ingested_at:%Y-%m-%d %H:%M}") for d in found],
                              columns=["文件", "来源", "表", "行", "核对", "导入时间（UTC）"]),
                 hide_index=True, width="stretch")
    for doc in found:
        st.caption(doc.title)
        show_validation(doc.doc_id, expanded=False)


def saved(files) -> list[Path]:
    """The uploads written under the data dir (one folder per content, the browser's file name kept)."""
    paths = []
    for file in files:
        data = file.getvalue()
        folder = assistant().settings.data_dir / "uploads" / hashlib.sha256(data).hexdigest()[:16]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / (Path(file.name).name or "upload")
        if not path.exists():
            path.write_bytes(data)
        paths.append(path)
    return paths


def upload(files, as_one: bool) -> None:
    paths = saved(files)
    key = (tuple(str(p) for p in paths), as_one)
    checked = st.session_state.setdefault("checked", {})
    if key not in checked:
        with st.spinner("正在检查文件 …"):
            checked[key] = assistant().check(paths, as_one)
    reports = checked[key]
    for report in reports:
        show_report(report)
    if as_one:
        good = [] if reports[0].refused else paths
    else:
        good = [path for path, report in zip(paths, reports) if not report.refused]
    if not good or not st.button(f"导入 {len(good)} 个文件", type="primary"):
        return
    bar = st.progress(0.0, text="开始导入 …")
    steps = [0]

    def progress(message: str) -> None:
        steps[0] += 1
        bar.progress(min(0.95, steps[0] / (3 * len(good) + 1)), text=message)

    outcomes = assistant().ingest(good, progress=progress, as_one=as_one)
    bar.progress(1.0, text="导入完成")
    st.session_state["ingested"] = [f"{_STATUS[o.status]}：{o.title}（{o.source_name}，{o.n_tables} 张表，"
                                    f"{o.n_rows} 行，核对未通过 {o.warnings} 项）" for o in outcomes]
    st.session_state["select_next"] = [outcome.doc_id for outcome in outcomes]
    st.session_state.pop("checked", None)
    st.session_state["uploads"] = st.session_state.get("uploads", 0) + 1  # a new, empty uploader
    st.rerun()  # the sidebar and the list above were drawn before: draw them again with the new documents


def show_report(report) -> None:
    if report.refused:
        st.error(f"{report.name}：不能导入。{report.refused.splitlines()[0]}")
        return
    year = f"{report.year}年" if report.year else "年度未识别"
    odd = f"，另有 {len(report.inconsistencies)} 项是原文自身的尾数误差或空白" if report.inconsistencies else ""
    shown = st.warning if report.failed else st.success
    shown(f"{report.name} → {report.department} {year} 部门{report.kind}：{len(report.tables)} 张表，"
          f"{report.rows} 行，文字说明 {report.paragraphs} 段；核对 {len(report.checks)} 项，"
          f"未通过 {len(report.failed)} 项{odd}。")
    with st.expander(f"{report.name} 的检查详情"):
        st.dataframe(pd.DataFrame([(t.code, t.title, ", ".join(map(str, t.pages)), t.rows, t.unit or "")
                                   for t in report.tables], columns=["表号", "表名", "页", "行", "单位"]),
                     hide_index=True, width="stretch")
        for check in report.failed:
            st.warning(f"{check.name}：{check.detail}")
        for warning in report.warnings:
            st.info(warning)


def removal() -> None:
    found = assistant().documents()
    st.subheader("删除文件")
    if len(found) < 2:
        st.caption("库中只有这一份文件：最后一份不能删除（没有文件就无从回答）。")
        return
    titles = {d.doc_id: d.title for d in found}
    doc_id = st.selectbox("要删除的文件", ["", *titles], format_func=lambda d: titles.get(d, "（选择文件）"),
                          key="remove_doc")
    sure = st.checkbox("确认删除（原文件不受影响，可重新导入）", disabled=not doc_id)
    if st.button("删除", disabled=not (doc_id and sure)) and assistant().remove(doc_id):
        st.session_state["ingested"] = [f"已删除：{titles[doc_id]}（原文件不受影响，可重新导入）"]
        st.rerun()


page()
