"""Subject codes (政府收支分类科目): levels derived from the code, names of class levels."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

FUNC, GOV_ECON, DEPT_ECON = "func", "gov_econ", "dept_econ"
_LEVELS = {3: "类", 5: "款", 7: "项"}


@lru_cache(maxsize=1)
def standard_names() -> dict[tuple[str, str], str]:
    """(scheme, code) → name, from ingest/data/subject_classes.tsv."""
    text = resources.files("ingest.data").joinpath("subject_classes.tsv").read_text(encoding="utf-8")
    names: dict[tuple[str, str], str] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        scheme, code, name = line.split("\t")
        names[(scheme, code)] = name
    return names


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
