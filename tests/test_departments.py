"""Departments as questions name them: short forms, a place with or without 市, a name with its other
name in brackets, and one short name that fits two stored departments (科技局 of 广州 and of 苏州).

Real corpus files are read where CI has them, ../shared beside the checkout; they are not copied here."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.pipeline import Engine
from assistant.understand.departments import department_keys
from tests.conftest import engine_on, ingested

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "real" / "corpus"
GUANGZHOU = CORPUS / "广州" / "2026年广州市科学技术局部门预算.pdf"
SUZHOU = CORPUS / "苏州" / "2026年苏州市科技创新局部门预算.pdf"  # its cover: 苏州市科学技术局


def test_the_names_of_a_department() -> None:
    keys = department_keys("广州市科学技术局")
    assert {"广州市科技局", "广州科技局", "科技局", "科学技术局"} <= set(keys)
    aliased = department_keys("上海市统计和大数据研究院（上海市统计数据管理中心）")
    assert {"上海统计和大数据研究院", "统计和大数据研究院", "上海市统计数据管理中心", "统计数据管理中心"} <= set(aliased)
    assert "管理中心" not in aliased  # no short forms of its other name: too many other units are called so


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    store = ingested(tmp_path_factory, "departments", GUANGZHOU, SUZHOU)
    yield from engine_on(store)


def test_one_short_name_for_two_departments(engine: Engine) -> None:
    """'科技局' fits both: asked back with the two, answered in the one a front end has selected, and
    '广州市科技局' (the place with 市) is 广州's alone — never both departments side by side."""
    which = engine.ask("科技局的办公费是多少？")
    assert which.route == "clarify" and not which.figures
    assert "广州市科学技术局" in which.answer and "苏州市科学技术局" in which.answer
    suzhou = next(d.doc_id for d in engine.docs if d.department == "苏州市科学技术局")
    selected = engine.ask("科技局的办公费是多少？", docs=[suzhou])
    assert [f.value for f in selected.figures] == [Decimal("18.00")]
    assert {c.doc for c in selected.citations} == {"苏州市科学技术局2026年部门预算"}
    named = engine.ask("广州市科技局的办公费是多少？")
    assert {c.doc for c in named.citations} == {"广州市科学技术局2026年部门预算"}
    both = engine.ask("广州科技局和苏州科技局的办公费分别是多少？")
    assert both.answer.startswith("共 2 个文件") and Decimal("18.00") in {f.value for f in both.figures}
