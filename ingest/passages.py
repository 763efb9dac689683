"""Retrieval passages: indicator rows, project goals, project and subject names, narrative text.

Each passage points at its provenance row. Its id carries the file's hash, so a
replaced document's new passages never collide with the old ones.
"""

from __future__ import annotations

from assistant.interfaces import Passage
from ingest.facts import Facts


def build_passages(facts: Facts, doc_id: str, version: str) -> list[Passage]:
    passages: list[Passage] = []

    def add(row_id: int, table_code: str, kind: str, text: str, key: str = "", **metadata: str) -> None:
        passage_id = f"{doc_id}:{version}:{row_id}:{kind}{':' + key if key else ''}"
        passages.append(Passage(passage_id, doc_id, row_id, table_code, kind, text, metadata))

    for project in facts["projects"]:
        add(project["row_id"], project["table_code"], "project", f"项目：{project['project_name']}",
            project=project["project_name"])
        if project["goal"]:
            add(project["row_id"], project["table_code"], "goal",
                f"{project['project_name']}｜绩效目标：{project['goal']}", project=project["project_name"])
    for ind in facts["indicators"]:
        levels = "/".join(level for level in (ind["level1"], ind["level2"]) if level)
        target = ind["value"] or "" if ind["operator"] == "定性" else \
            f"{ind['operator'] or ''}{ind['value'] or ''}{ind['unit'] or ''}"
        add(ind["row_id"], ind["table_code"], "indicator", f"{ind['project_name']}｜{levels}｜{ind['name']}：{target}",
            project=ind["project_name"], indicator=ind["name"])
    seen: set[tuple[str, str]] = set()
    for line in facts["line_items"]:
        for scheme, code, name in (("func", line["func_code"], line["func_name"]),
                                   ("dept_econ", line["dept_econ_code"], line["dept_econ_name"])):
            if code and name and (scheme, code) not in seen:
                seen.add((scheme, code))
                add(line["row_id"], line["table_code"], "subject", f"{code} {name}", key=f"{scheme}{code}",
                    scheme=scheme, code=code, name=name)
    for paragraph in facts["narrative"]:
        add(paragraph["row_id"], paragraph["table_code"], "narrative", paragraph["text"])
    return passages
