"""The staff chat (`budget-qa ui`): ask, browse the tables as published, load and remove documents."""

from __future__ import annotations

import streamlit as st

from ui.state import assistant, shown_errors

st.set_page_config(page_title="预算问答助手", page_icon="📊", layout="wide")


def choose_documents() -> None:
    """The sidebar's document choice: questions naming no document are read in the ones chosen."""
    found = assistant().documents()
    if "select_next" in st.session_state:  # documents just ingested: chosen too, at once
        st.session_state["docs"] = list(dict.fromkeys(st.session_state.get("docs", []) +
                                                      st.session_state.pop("select_next")))
    titles = {d.doc_id: d.title for d in found}
    kept = [doc_id for doc_id in st.session_state.get("docs", []) if doc_id in titles]
    st.session_state["docs"] = kept or list(titles)[:1]
    st.sidebar.multiselect("选择文件", list(titles), key="docs",
                           format_func=titles.get, help="问题没有指明部门时，在所选文件中查找。")
    st.sidebar.caption(f"库中共 {len(found)} 份文件。")


with shown_errors():
    page = st.navigation([st.Page("staff/chat.py", title="问答", icon=":material/chat:", url_path="chat", default=True),
                          st.Page("staff/tables.py", title="表格", icon=":material/table_view:", url_path="tables"),
                          st.Page("staff/documents.py", title="文件", icon=":material/folder_open:",
                                  url_path="documents")])
    st.sidebar.title("预算问答助手")
    choose_documents()
    page.run()
