"""How an answer looks in the apps: the engine's reading first, then the answer, a chart where it
helps, then its sources — each cited table's published rows with the cited cells highlighted."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import altair as alt
import pandas as pd
import streamlit as st

from assistant.catalog import PublishedRow
from assistant.render import cell_text
from assistant.types import Answer, Citation, table_ref
from ui.charts import Chart, chart_for
from ui.state import assistant

_CITED_ROW = "background-color: #fff6d5"
_CITED_CELL = "background-color: #ffd54f; font-weight: 600"
_CHECK_STATUS = {"ok": "通过", "warning": "未通过", "rounding": "原文尾数误差", "blank": "原文合计栏空白",
                 "misnamed": "原文科目名称不一致"}


def show_answer(answer: Answer, key: str, staff: bool = True) -> None:
    """``key``: unique per shown answer (its widgets' keys)."""
    if answer.interpretation:
        st.caption(answer.interpretation.replace("\n", "  \n"))
    body = answer.body  # the sources follow as tables
    if answer.route in ("refuse", "clarify"):
        st.info(body)
    else:
        st.markdown(body.replace("\n", "  \n"))
    chart = chart_for(answer)
    if chart is not None:
        show_chart(chart)
    show_sources(answer, key, staff)


def show_chart(chart: Chart) -> None:
    data = pd.DataFrame({"项目": chart.labels, "金额": [float(v) for v in chart.values],
                         "原文": [format(v, ",f") for v in chart.values]})
    tooltip = ["项目", alt.Tooltip("原文", title=f"金额（{chart.unit}）")]
    if chart.kind == "donut":
        drawn = alt.Chart(data).mark_arc(innerRadius=60).encode(
            theta="金额:Q", color=alt.Color("项目:N", title=None, sort=None), tooltip=tooltip)
    elif chart.kind == "line":
        drawn = alt.Chart(data).mark_line(point=True).encode(
            x=alt.X("项目:N", sort=None, title=None), y=alt.Y("金额:Q", title=f"金额（{chart.unit}）"), tooltip=tooltip)
    else:
        drawn = alt.Chart(data).mark_bar().encode(
            y=alt.Y("项目:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("金额:Q", title=f"金额（{chart.unit}）"), tooltip=tooltip)
    st.caption(f"图：{chart.title}（{chart.unit}）")
    st.altair_chart(drawn.properties(height=max(180, 48 * len(chart.labels))), width="stretch")


def show_sources(answer: Answer, key: str, staff: bool) -> None:
    by_table: dict[tuple[str, str], list[Citation]] = {}
    for citation in answer.citations:
        by_table.setdefault((citation.doc_id, citation.table), []).append(citation)
    values = {figure.value for figure in answer.figures}
    for (doc_id, code), cited in by_table.items():
        first = cited[0]
        rows = "、".join(str(c.row) for c in cited)
        where = "、".join(dict.fromkeys(c.where for c in cited))
        with st.expander(f"来源：{table_ref(first.table, first.table_name)} · 第{rows}行 · {where}"):
            st.caption(first.doc)
            show_rows(doc_id, code, {c.row for c in cited}, values, f"{key}-{doc_id}-{code}")
    if staff and answer.sql:
        with st.expander("查询语句（SQL）"):
            st.code(answer.sql, language="sql")


def published_table(doc_id: str, code: str):
    """A table as published, read once per version of the store (every rerun draws every cited table)."""
    service = assistant()
    return _published_table(doc_id, code, service.generation, str(service.settings.data_dir))


@st.cache_data(show_spinner=False, max_entries=256)
def _published_table(doc_id: str, code: str, generation: int, data_dir: str):  # the last two: the cache key
    return assistant().table(doc_id, code)


def show_rows(doc_id: str, code: str, cited: set[int], values: set[Decimal], key: str) -> None:
    """The cited rows as published; the whole table on request. Cited cells (a figure of the answer) stand out."""
    info, rows = published_table(doc_id, code)
    whole = st.toggle("显示整张表", key=f"whole-{key}")
    frame = rows_frame(rows if whole else [row for row in rows if row.row_no in cited], info.column_paths)
    if not whole:  # the cited rows alone: columns they leave blank say nothing
        frame = frame.loc[:, [c == "行" or frame[c].astype(str).str.strip().ne("").any() for c in frame.columns]]
    st.dataframe(highlighted(frame, cited, values), hide_index=True, width="stretch")


def rows_frame(rows: list[PublishedRow], headers: list[str] | None = None) -> pd.DataFrame:
    """Published rows as a frame: the row number, the page (PDF, Excel) and the cells, under the table's
    own column headings where they fit (收入/预算数), else 第1栏, 第2栏 …"""
    width = max((len(row.cells) for row in rows), default=0)
    names = list(headers) if headers and len(headers) == width else [f"第{j + 1}栏" for j in range(width)]
    names = [name if names.index(name) == j else f"{name}（{j + 1}）" for j, name in enumerate(names)]
    paged = any(row.page for row in rows)
    data = [[row.row_no] + ([row.page] if paged else []) + row.cells + [""] * (width - len(row.cells)) for row in rows]
    return pd.DataFrame(data, columns=["行"] + (["页"] if paged else []) + names)


def highlighted(frame: pd.DataFrame, cited: set[int], values: set[Decimal]):
    lead = 2 if "页" in frame.columns else 1  # 行 (and 页): never a cited cell

    def style(row: pd.Series) -> list[str]:
        if row["行"] not in cited:
            return [""] * len(row)
        return [_CITED_ROW] * lead + [_CITED_CELL if _amount(v) in values else _CITED_ROW for v in row.iloc[lead:]]

    return frame.style.apply(style, axis=1)


def _amount(text: object) -> Decimal | None:
    try:
        return Decimal(str(text).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None


def show_validation(doc_id: str, expanded: bool | None = None) -> None:
    """A document's validation report: the reading's warnings, then every identity checked."""
    report = assistant().validation(doc_id)
    failed = [c for c in report.checks if c[1] == "warning"]
    odd = sum(c[1] not in ("ok", "warning") for c in report.checks)
    label = (f"核对报告：{len(report.checks)} 项勾稽关系，{f'{len(failed)} 项未通过' if failed else '全部通过'}"
             + (f"（{odd} 项是原文自身的出入）" if odd else ""))
    with st.expander(label, expanded=bool(failed) if expanded is None else expanded):
        for _scope, table, page, message in report.warnings:
            where = "，".join(part for part in (table, f"第{page}页" if page else "") if part)
            st.warning(f"{where}：{message}" if where else message)
        st.dataframe(pd.DataFrame([(name, _CHECK_STATUS.get(status, status), cell_text(expected),
                                    cell_text(actual), detail) for name, status, expected, actual, detail
                                   in report.checks], columns=["核对", "结果", "应为", "实为", "说明"]),
                     hide_index=True, width="stretch")
