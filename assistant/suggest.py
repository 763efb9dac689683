"""Questions built from a document's own data: the staff chat's suggestions and the public FAQ.

The wordings are data (prompts/suggestions.yaml); this module fills them with the document's
projects, indicators and subjects, and keeps only the questions the engine answers.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from assistant.db import queries
from assistant.service import Assistant
from assistant.types import Answer

_UNANSWERED = ("refuse", "clarify")


@dataclass(frozen=True)
class FaqTopic:
    topic: str
    answers: list[Answer]  # each question with its answer, in order
    each: str | None = None  # 'project': one set of answers per project, asked when one is chosen
    choices: list[str] | None = None


@cache
def wordings() -> dict[str, Any]:
    return yaml.safe_load(resources.files("prompts").joinpath("suggestions.yaml").read_text(encoding="utf-8"))


def fields(assistant: Assistant, doc_id: str) -> dict[str, Any]:
    """What the templates may name, read from the document: its projects (largest first) and more."""
    projects = [name for name, _amount in assistant.rows(queries.SUGGEST_PROJECTS, [doc_id])]
    found: dict[str, Any] = {"projects": projects}
    if projects:
        found["project"] = projects[0]
        indicator = assistant.rows(queries.SUGGEST_INDICATORS, [doc_id, projects[0]])
        if indicator:
            found["indicator"] = indicator[0][0]
    for key, query in (("subject", queries.SUGGEST_SUBJECT), ("class", queries.SUGGEST_CLASS)):
        row = assistant.rows(query, [doc_id])
        if row:
            found[key] = row[0][0]
    return found


def _filled(template: str, found: dict[str, Any]) -> str | None:
    names = [name for _text, name, _spec, _conv in string.Formatter().parse(template) if name]
    if any(name not in found for name in names):
        return None
    return template.format(**{name: found[name] for name in names})


def answered(assistant: Assistant, questions: list[str], doc_id: str) -> list[Answer]:
    """The questions' answers, leaving out the ones the engine refuses or asks back."""
    answers = [assistant.ask(question, docs=[doc_id]) for question in questions]
    return [answer for answer in answers if answer.route not in _UNANSWERED]


def staff_suggestions(assistant: Assistant, doc_id: str, limit: int = 6) -> list[str]:
    found = fields(assistant, doc_id)
    questions = [q for q in (_filled(t, found) for t in wordings()["staff"]) if q]
    return [answer.question for answer in answered(assistant, questions, doc_id)][:limit]


def faq(assistant: Assistant, doc_id: str) -> list[FaqTopic]:
    """The public FAQ of a document: each topic with its answers; per-project topics list the projects."""
    found = fields(assistant, doc_id)
    topics = []
    for entry in wordings()["faq"]:
        if entry.get("each") == "project":
            if found["projects"]:
                topics.append(FaqTopic(entry["topic"], [], "project", found["projects"]))
            continue
        questions = [q for q in (_filled(t, found) for t in entry["questions"]) if q]
        answers = answered(assistant, questions, doc_id)
        if answers:
            topics.append(FaqTopic(entry["topic"], answers))
    return topics


def project_answers(assistant: Assistant, doc_id: str, project: str) -> list[Answer]:
    """The per-project FAQ questions for one project, answered."""
    entry = next(e for e in wordings()["faq"] if e.get("each") == "project")
    questions = [q for q in (_filled(t, {"project": project}) for t in entry["questions"]) if q]
    return answered(assistant, questions, doc_id)
