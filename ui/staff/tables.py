"""表格: every table of every document as published, filterable, downloadable; the validation report."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from assistant.types import table_ref
from ui.export import safe_name
from ui.state import assistant, shown_errors
from ui.views import published_table, rows_frame, show_validation


def page() -> None:
    st.title("表格")
    found = assistant().documents()
    if not found:
        st.info("库中还没有文件，请在“文件”页上传。")
        return
    chosen = st.session_state.get("docs") or [found[0].doc_id]
    titles = {d.doc_id: d.title for d in found}
    doc_id = st.selectbox("文件", [d for d in chosen if d in titles] or list(titles), format_func=titles.get)
    with shown_errors():
        show_table(doc_id)
        show_validation(doc_id)


def show_table(doc_id: str) -> None:
    tables = assistant().tables(doc_id)
    picked = st.selectbox("表", tables, format_func=lambda t: f"{table_ref(t.table_code, t.table_title)}"
                                                            f"（{t.n_rows} 行{'，空表' if t.is_empty else ''}）")
    if picked is None:
        return
    info, rows = published_table(doc_id, picked.table_code)
    st.caption(f"金额单位：{info.unit}" if info.unit else "")
    words = st.text_input("筛选（行中含有这些字，几个词用空格分开）", placeholder="例如：办公 或 事业运行 30201").split()
    frame = rows_frame(rows, info.column_paths)
    if words:
        frame = frame[frame.astype(str).apply(lambda row: all(w in "".join(row) for w in words), axis=1)]
    if frame.empty:
        st.info("没有符合筛选条件的行。")
    else:
        st.dataframe(frame, hide_index=True, width="stretch")
    name = safe_name(table_ref(info.table_code, info.table_title))
    left, right, _rest = st.columns([1, 1, 4])
    left.download_button("下载 CSV", frame.to_csv(index=False).encode("utf-8-sig"), file_name=f"{name}.csv",
                         mime="text/csv", on_click="ignore")
    right.download_button("下载 Excel", excel(frame), file_name=f"{name}.xlsx", on_click="ignore",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def excel(frame: pd.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.to_excel(out, index=False, sheet_name="表格")
    return out.getvalue()


page()
