"""Retrieval passages: indicator rows, project goals, narrative text.

Each passage points at its provenance row. Its id carries the file's hash, so a
replaced document's new passages never collide with the old ones.
"""

from __future__ import annotations

import re

from assistant.interfaces import Passage
from ingest.facts import Facts


_HEAD = 32  # characters of a paragraph its vector is computed from: the heading and first words
_FIGURES = re.compile(r"\d[\d,.]*")


def embedding_text(kind: str, text: str) -> str:
    """What a passage's vector is computed from, when not the whole text: a paragraph's head, its
    figures left out (its topic, at a fraction of the cost: the figures and the words after the head
    are BM25's to match)."""
    if kind != "narrative":
        return ""
    head = _FIGURES.sub("", text)[:_HEAD]
    return head if head != text else ""


def build_passages(facts: Facts, doc_id: str, version: str) -> list[Passage]:
    """What retrieval searches: project goals, indicators and the document's prose. (Names of
    projects and subjects are found by the vocabulary, not by retrieval.)"""
    passages: list[Passage] = []

    def add(row_id: int, table_code: str, kind: str, text: str, **metadata: str) -> None:
        passage_id = f"{doc_id}:{version}:{row_id}:{kind}"
        passages.append(Passage(passage_id, doc_id, row_id, table_code, kind, text, metadata,
                                embedding_text(kind, text)))

    for project in facts["projects"]:
        if project["goal"]:
            add(project["row_id"], project["table_code"], "goal",
                f"{project['project_name']}｜绩效目标：{project['goal']}", project=project["project_name"])
    for ind in facts["indicators"]:
        levels = "/".join(level for level in (ind["level1"], ind["level2"]) if level)
        target = ind["value"] or "" if ind["operator"] == "定性" else \
            f"{ind['operator'] or ''}{ind['value'] or ''}{ind['unit'] or ''}"
        add(ind["row_id"], ind["table_code"], "indicator", f"{ind['project_name']}｜{levels}｜{ind['name']}：{target}",
            project=ind["project_name"], indicator=ind["name"])
    for paragraph in facts["narrative"]:
        add(paragraph["row_id"], paragraph["table_code"], "narrative", paragraph["text"])
    return passages
