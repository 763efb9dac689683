"""Who published the document, for which year, budget or final accounts.

Looked for in this order: the command line (``--department``, ``--year``),
the document's own text (title lines such as ``XX2026年部门预算``), then the
file name (``部门_2026_部门预算.txt``, as publications are commonly named).
"""

from __future__ import annotations

import re
from collections import Counter

from assistant.errors import IngestError
from ingest.model import DocumentMeta, RawTable

_TITLE = re.compile(r"(?P<dept>[\u4e00-\u9fff（）()]{2,40}?)\s*(?P<year>20\d\d)\s*年(?:度)?\s*部门\s*(?P<kind>预算|决算)")
_FILE = re.compile(r"^(?P<dept>[^_]{2,60})_(?P<year>20\d\d)_(?:部门)?(?P<kind>预算|决算)")
_ISSUER = re.compile(r"(?:编制部门|编制单位|单位名称|部门名称|预算主管部门|主管部门)\s*[:：]\s*(?P<dept>[\u4e00-\u9fff（）()]{2,40})")
_YEAR = re.compile(r"(20\d\d)\s*年")


def detect_meta(source_name: str, text_lines: list[str], tables: list[RawTable],
                department: str | None = None, year: int | None = None, kind: str | None = None) -> DocumentMeta:
    from_text = _from_text(text_lines)
    from_file = _FILE.match(source_name)
    department = department or from_text.get("dept") or (from_file and from_file.group("dept")) or None
    if not department:
        raise IngestError(file=source_name,
                          reason_zh="无法从文件中识别编制部门，请用 --department 指定（年度可用 --year 指定）。",
                          reason_en="cannot tell the issuing department from the file; give it with --department "
                                    "(and the year with --year).")
    year = year or _int(from_text.get("year")) or _int(from_file and from_file.group("year")) or _common_year(text_lines)
    kind = kind or from_text.get("kind") or (from_file and from_file.group("kind")) or _kind_from_tables(tables)
    title = f"{department}{year or ''}{'年' if year else ''}部门{kind}"
    return DocumentMeta(department=department, year=year, kind=kind, title=title)


_YEAR_TITLE = re.compile(r"^(?P<year>20\d\d)\s*年(?:度)?\s*部门\s*(?P<kind>预算|决算)$")
_NOT_A_DEPARTMENT = re.compile(r"^第.{1,3}部分|部分$|目录|说明|情况|^[一二三四五六七八九十]+、")


def _from_text(lines: list[str]) -> dict[str, str]:
    """The title ('XX局2024年部门预算'), also printed over two lines (the name, then '2024年度部门决算');
    else the 编制部门 line. A contents entry ('第二部分 2024年度部门决算情况说明') is no title."""
    lines = [line.replace("\t", " ").strip() for line in lines[:400]]
    for index, line in enumerate(lines):
        match = _TITLE.search(line)
        if match and not _NOT_A_DEPARTMENT.search(match.group("dept")):
            return match.groupdict()
        bare = _YEAR_TITLE.match(line)
        if bare and index and re.fullmatch(r"[\u4e00-\u9fff（）()]{4,40}", lines[index - 1]) \
                and not _NOT_A_DEPARTMENT.search(lines[index - 1]):
            return {"dept": lines[index - 1], "year": bare.group("year"), "kind": bare.group("kind")}
    for line in lines:
        match = _ISSUER.search(line)
        if match:
            return {"dept": match.group("dept")}
    return {}


def _kind_from_tables(tables: list[RawTable]) -> str:
    codes = " ".join(table.code + table.title for table in tables)
    return "决算" if codes.count("决算") > codes.count("预算") else "预算"


def _common_year(lines: list[str]) -> int | None:
    years = Counter(int(year) for line in lines for year in _YEAR.findall(line))
    return years.most_common(1)[0][0] if years else None


def _int(value: str | None) -> int | None:
    return int(value) if value else None
