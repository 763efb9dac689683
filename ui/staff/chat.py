"""问答: a chat with history and follow-ups; each answer with its reading, sources and export."""

from __future__ import annotations

import streamlit as st

from assistant import suggest
from ui.export import file_name, to_excel, to_word
from ui.state import assistant, shown_errors
from ui.views import show_answer

_PLACEHOLDER = "请输入问题，例如：办公设备购置预算多少？"


@st.cache_data(show_spinner=False, max_entries=64)
def suggestions(doc_id: str, generation: int) -> list[str]:
    return suggest.staff_suggestions(assistant(), doc_id)


def page() -> None:
    st.title("预算问答")
    turns = st.session_state.setdefault("turns", [])
    if st.sidebar.button("清空对话", disabled=not turns):
        turns.clear()
    for n, answer in enumerate(turns):
        with st.chat_message("user"):
            st.markdown(answer.question)
        with st.chat_message("assistant"):
            show_answer(answer, key=f"turn{n}")
            export(answer, n)
    question = st.chat_input(_PLACEHOLDER, max_chars=assistant().settings.max_question_chars)
    if not turns and not question:
        question = suggested()
    if question:
        ask(question.strip(), turns)


def suggested() -> str | None:
    docs = st.session_state.get("docs") or []
    if len(docs) != 1:
        return None
    shown = suggestions(docs[0], assistant().generation)
    if not shown:
        return None
    st.caption("可以这样问：")
    columns = st.columns(2)
    for n, question in enumerate(shown):
        if columns[n % 2].button(question, key=f"suggest{n}", width="stretch"):
            return question
    return None


def ask(question: str, turns: list) -> None:
    with st.chat_message("user"):
        st.markdown(question)
    with st.chat_message("assistant"), shown_errors():
        with st.spinner("正在查找 …"):
            answer = assistant().ask(question, turns[-10:], docs=st.session_state.get("docs") or None)
        turns.append(answer)
        show_answer(answer, key=f"turn{len(turns) - 1}")
        export(answer, len(turns) - 1)


def export(answer, n: int) -> None:
    if answer.route in ("refuse", "clarify"):
        return
    left, right, _rest = st.columns([1, 1, 4])
    left.download_button("导出 Excel", to_excel(answer), file_name=file_name(answer, ".xlsx"), key=f"xlsx{n}",
                         on_click="ignore", mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    right.download_button("导出 Word", to_word(answer), file_name=file_name(answer, ".docx"), key=f"docx{n}",
                          on_click="ignore",
                          mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")

page()
