"""Subject codes (政府收支分类科目): levels derived from the code, names of class levels."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

FUNC, GOV_ECON, DEPT_ECON = "func", "gov_econ", "dept_econ"
_LEVELS = {3: "类", 5: "款", 7: "项"}


@lru_cache(maxsize=1)
def standard_names() -> dict[tuple[str, str], str]:
    """(scheme, code) → name: the national catalogue (subject_catalogue.tsv), the curated class names
    (subject_classes.tsv) over it."""
    names: dict[tuple[str, str], str] = {}
    for file in ("subject_catalogue.tsv", "subject_classes.tsv"):
        text = resources.files("ingest.data").joinpath(file).read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            scheme, code, name = line.split("\t")
            names[(scheme, code)] = name
    return names


@lru_cache(maxsize=4)
def codes_named(scheme: str) -> dict[str, tuple[str, ...]]:
    """name → every code of the scheme printed with it ('行政运行' → 2010101, 2010301, …)."""
    found: dict[str, list[str]] = {}
    for (entry_scheme, code), name in standard_names().items():
        if entry_scheme == scheme:
            found.setdefault(name, []).append(code)
    return {name: tuple(sorted(codes)) for name, codes in found.items()}


@lru_cache(maxsize=1)
def class_names() -> frozenset[str]:
    """Names of the class (类) level of every scheme: 一般公共服务支出, 工资福利支出 …"""
    return frozenset(name for (_, code), name in standard_names().items() if len(code) == 3)


def code_for_name(scheme: str, name: str, after: str | None) -> str | None:
    """The code of a subject printed by name only, read in the order of its table: ``after`` is the
    code of the subject row above it. A child of that row first (its 款 or 项), then a sibling (the
    next 项 of the same 款), then anything under the same 款, then the same 类; a name that only one
    code carries needs no context."""
    codes = codes_named(scheme).get(name, ())
    if after and len(after) < 7 and after in codes and name.startswith("其他"):
        return after + "99"  # '其他…支出' under its own 款 '其他…支出': the 项 99 of that 款
    if len(codes) == 1 or not codes:
        return codes[0] if codes else None
    if after:
        siblings = lambda c: len(c) == len(after) and c[:-2] == after[:-2]  # noqa: E731
        for test in (lambda c: c.startswith(after) and c != after, siblings, lambda c: c[:5] == after[:5],
                     lambda c: c[:3] == after[:3]):
            chosen = sorted((c for c in codes if test(c)), key=len)
            if chosen:
                return chosen[0]
    classes = [code for code in codes if len(code) == 3]
    return classes[0] if len(classes) == 1 else None


def func_level(code: str) -> str | None:
    return _LEVELS.get(len(code))


class SubjectNames:
    """Names of subject codes: the document's own first, the standard catalogue second."""

    def __init__(self) -> None:
        self._own: dict[tuple[str, str], str] = {}

    def learn(self, scheme: str, code: str | None, name: str | None) -> None:
        if code and name:
            self._own.setdefault((scheme, code), name)

    def name(self, scheme: str, code: str | None) -> str | None:
        if not code:
            return None
        return self._own.get((scheme, code)) or standard_names().get((scheme, code))

    def code_for_class_name(self, scheme: str, name: str) -> str | None:
        """'一般公共服务支出' → '201' (class level only)."""
        for (entry_scheme, code), entry_name in {**standard_names(), **self._own}.items():
            if entry_scheme == scheme and len(code) == 3 and entry_name == name:
                return code
        return None
