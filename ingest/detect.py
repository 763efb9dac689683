"""Who published the document, for which year, budget or final accounts — read from the document.

Evidence, strongest first: the cover or title (``中共XX区委社会工作部2024年度部门决算`` printed over
one to three lines, ``2026年 广州市气象局部门预算``), labelled lines (``预算单位：``, ``编制单位：``,
``单位名称：``, ``部门：`` — on the cover and above each table), running page headers and table
titles, and last the file name, which is only a hint: a crawler's file name can name another
issuer. The year is the year the title gives the budget for (never a year mentioned in passing:
上年, 执行情况); the command line (``--department``, ``--year``, ``--kind``) overrides all. What
could not be read, or disagrees with the file name, is said in ``warnings``.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePath

from ingest.model import DocumentMeta, RawTable
from ingest.normalize import compact

_CJK = r"[\u4e00-\u9fff（）()“”\"]"
_KINDS = r"(?P<kind>预算|决算)"
_DEPT_FIRST = re.compile(rf"^(?P<dept>{_CJK}{{2,40}}?)(?P<year>20\d\d)年度?(?:部门|单位)?{_KINDS}")
_YEAR_FIRST = re.compile(rf"^(?P<year>20\d\d)年度?(?P<dept>{_CJK}{{2,40}}?)(?:部门|单位){_KINDS}")
_LABEL = re.compile(r"(?:编制部门|编制单位|单位名称|部门名称|预算单位|预算主管部门|主管部门|填报单位|报送单位|^部门)[:：]"
                    rf"(?P<dept>{_CJK}{{2,40}}?)(?=金额单位|单位[:：]|$)")
_PREFIX = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|附件\d*[:：]?)")
_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,8}(省|市|区|县|自治区|自治州|州|盟|旗)$")
_NOT_ISSUER = re.compile(r"说明|情况|目录|纳入|编制范围|包括|所属|下属|部分$")
_FILE_WORDS = re.compile(r"(20\d\d)年?度?|部门预算|部门决算|单位预算|单位决算|预算|决算|情况说明|报表|信息公开|公开|[_\-\s]+")
_TITLE_END = re.compile(r"(?:总?表|公开|信息|情况说明|说明|报表|报告|草案)*$")
_TABLE_YEAR = re.compile(r"(20\d\d)年度?(?:部门|单位|预算单位)?")
_SCOPE = re.compile(r"[（(](本级|汇总|部门汇总|单位本级)[)）]$")  # 深圳市气象局（本级）: the department is 深圳市气象局
_MAX_TITLE_LINE = 40


def detect_meta(source_name: str, text_lines: list[str], tables: list[RawTable], cover: list[str] | None = None,
                department: str | None = None, year: int | None = None, kind: str | None = None) -> DocumentMeta:
    lines = [compact(line) for line in text_lines if line.strip()]
    cover_lines = [compact(line) for line in (cover if cover is not None else text_lines[:40]) if line.strip()]
    titles = _titles(cover_lines)
    warnings: list[str] = []
    found_department = _department(titles, cover_lines, lines, tables)
    stem = PurePath(source_name).stem
    hinted = _file_department(stem)
    if department is None:
        if found_department:
            department = found_department
            if hinted and not _same_issuer(hinted, found_department):
                warnings.append(f"文件名“{source_name}”所指单位与文件内容（封面、表头）中的编制单位“{found_department}”不一致，"
                                "以文件内容为准。")
        else:
            department = hinted or stem
            warnings.append(f"未能从文件内容识别编制部门，暂以文件名记为“{department}”；可用 --department 指定。")
    if year is None:
        year = _year(titles, tables, stem)
        if year is None:
            warnings.append("未能从文件内容识别预算年度；可用 --year 指定。")
    kind = kind or _kind(titles, tables, stem)
    title = f"{department}{year or ''}{'年' if year else ''}部门{kind}"
    return DocumentMeta(department=department, year=year, kind=kind, title=title, warnings=warnings)


def _titles(cover: list[str]) -> list[re.Match]:
    """Title matches on the cover: each short line, and two or three consecutive lines joined
    (a title printed over several lines: '中共上海市普陀区委' / '社会工作部2024年度' / '部门决算')."""
    found = []
    short = [line for line in cover if len(line) <= _MAX_TITLE_LINE and not re.search(r"[，。；]", line)]
    for size in (1, 2, 3):
        for start in range(len(short) - size + 1):
            text = _PREFIX.sub("", "".join(short[start:start + size]))
            match = _DEPT_FIRST.match(text) or _YEAR_FIRST.match(text)
            if match and _issuer(match.group("dept")):
                found.append(match)
        if found:
            return found
    return found


def _issuer(name: str) -> str | None:
    """A department name as printed, or None when the text is no issuer (a place alone, a sentence)."""
    name = _SCOPE.sub("", _PREFIX.sub("", name).strip("“”\""))
    if name.endswith("部门") and len(name) > 4:
        name = name[:-2]
    if len(name) < 3 or _PLACE.match(name) or _NOT_ISSUER.search(name):
        return None
    return name


def _department(titles: list[re.Match], cover: list[str], lines: list[str], tables: list[RawTable]) -> str | None:
    votes: Counter[str] = Counter()
    for match in titles:
        votes[_issuer(match.group("dept"))] += 5
    for line in cover:
        for label in _LABEL.finditer(line):
            if name := _issuer(label.group("dept")):
                votes[name] += 4
    labelled = Counter(name for line in lines for label in _LABEL.finditer(line) if (name := _issuer(label.group("dept"))))
    for name, count in labelled.items():
        votes[name] += min(count, 3)
    headed = Counter(name for line in lines if len(line) <= _MAX_TITLE_LINE
                     and (match := _DEPT_FIRST.match(_PREFIX.sub("", line)))
                     and _TITLE_END.fullmatch(line, match.end()) and (name := _issuer(match.group("dept"))))
    for name, count in headed.items():
        votes[name] += min(count, 3)  # running headers and table titles naming the issuer
    votes.pop(None, None)
    return votes.most_common(1)[0][0] if votes else None


def _year(titles: list[re.Match], tables: list[RawTable], stem: str) -> int | None:
    if titles:
        return int(Counter(match.group("year") for match in titles).most_common(1)[0][0])
    years = Counter(int(found) for table in tables for found in _TABLE_YEAR.findall(compact(table.title)))
    if years:
        return years.most_common(1)[0][0]
    in_name = re.search(r"20\d\d", stem)
    return int(in_name.group()) if in_name else None


def _kind(titles: list[re.Match], tables: list[RawTable], stem: str) -> str:
    if titles:
        return Counter(match.group("kind") for match in titles).most_common(1)[0][0]
    codes = " ".join(table.code + table.title for table in tables)
    if "决算" in codes or "预算" in codes:
        return "决算" if codes.count("决算") > codes.count("预算") else "预算"
    return "决算" if "决算" in stem else "预算"


def _file_department(stem: str) -> str | None:
    """The issuer a file name suggests: the words before its year ('北京市政务服务中心_2026_部门预算_单表'),
    else after it ('2026年上海市交通运输局_部门预算'); '000_15adb01119c8ad3f' suggests none."""
    for part in re.split(r"20\d\d\s*年?度?", stem, maxsplit=1):
        name = _FILE_WORDS.sub("", part)
        if re.search(r"[\u4e00-\u9fff]{2}", name):
            return name
    return None


def _same_issuer(hinted: str, found: str) -> bool:
    """The file name's issuer and the document's agree when the shorter reads inside the longer,
    words left out ('住房和建设局' in '广州市住房和城乡建设局', '上海市普陀区万里街道办事处' in
    '上海市普陀区人民政府万里街道办事处')."""
    short, long = sorted((hinted, found), key=len)
    rest = iter(long)
    return all(char in rest for char in short)
