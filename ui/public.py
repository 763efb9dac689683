"""The public FAQ bot (`budget-qa ui --public`): common questions answered from the published
budgets, and a question box on the same engine. Read-only: no SQL, no upload, no change."""

from __future__ import annotations

import time

import streamlit as st

from assistant import suggest
from ui.state import assistant, shown_errors
from ui.views import show_answer

st.set_page_config(page_title="部门预算公开问答", page_icon="🏛️", layout="centered")


@st.cache_data(show_spinner="正在准备常见问题 …", max_entries=16)
def faq(doc_id: str, generation: int) -> list[suggest.FaqTopic]:
    return suggest.faq(assistant(), doc_id)


@st.cache_data(show_spinner=False, max_entries=256)
def project_answers(doc_id: str, project: str, generation: int):
    return suggest.project_answers(assistant(), doc_id, project)


def allowed() -> bool:
    """Each visitor may ask a few questions a minute."""
    now = time.monotonic()
    asked = [t for t in st.session_state.get("asked_at", []) if now - t < 60]
    if len(asked) >= assistant().settings.public_questions_per_minute:
        st.session_state["asked_at"] = asked
        return False
    st.session_state["asked_at"] = asked + [now]
    return True


def free_question(doc_id: str) -> None:
    st.subheader("我要提问")
    limit = assistant().settings.public_max_question_chars
    with st.form("ask", clear_on_submit=False):
        question = st.text_input("您的问题", max_chars=limit, placeholder="例如：办公设备购置预算多少？")
        sent = st.form_submit_button("提问")
    if not (sent and question.strip()):
        return
    if not allowed():
        st.warning("您提问太频繁了，请一分钟后再试。")
        return
    with st.spinner("正在查找 …"):
        answer = assistant().ask(question.strip()[:limit], docs=[doc_id])
    show_answer(answer, key="free", staff=False)


def show_faq(doc_id: str) -> None:
    generation = assistant().generation
    for n, topic in enumerate(faq(doc_id, generation)):
        st.subheader(topic.topic)
        if topic.each == "project":
            project = st.selectbox("选择项目", topic.choices, key=f"project{n}")
            for k, answer in enumerate(project_answers(doc_id, project, generation)):
                show_answer(answer, key=f"faq{n}-{k}", staff=False)
            continue
        for k, answer in enumerate(topic.answers):
            with st.expander(answer.question, expanded=n == 0):
                show_answer(answer, key=f"faq{n}-{k}", staff=False)


with shown_errors():
    st.title("部门预算公开问答")
    found = assistant().documents()
    titles = {d.doc_id: d.title for d in found}
    doc_id = st.selectbox("预算文件", list(titles), format_func=titles.get) if len(titles) > 1 else next(iter(titles))
    st.caption(f"以下回答全部来自已公开的《{titles[doc_id]}》，每个数字都注明出处。")
    free_question(doc_id)
    show_faq(doc_id)
