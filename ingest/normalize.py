"""Cell-level normalisation: amounts as Decimal, labels, subject codes, indicator operators.

Money never passes through float: amounts are parsed from their published
text straight into :class:`decimal.Decimal`.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_AMOUNT = re.compile(r"^[+-]?(\d+(,\d{3})+|\d+)(\.\d+)?$")  # '19349,057' too: a grouping some tools print
_BLANK_MARKS = {"", "-", "—", "－", "/", "——", "--"}
_SPACES = re.compile(r"[\s\u3000]+")
_CJK = r"\u3400-\u9fff\uff00-\uffef（）“”《》、，：；"
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
ENUMERATOR = re.compile(r"^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[、.．](?!\d)|[（(]\d+[）)])\s*")
_CODE_NAME = re.compile(r"^\s*([0-9A-Za-z][0-9A-Za-z\s]*?)\s*[-－—]\s*(.+)$")
_SUBJECT_CODE = re.compile(r"^\d{3,9}$")

TOTAL_LABELS = ("合计", "总计", "本年收入合计", "本年支出合计", "收入总计", "支出总计")


def is_blank(cell: str) -> bool:
    return cell.strip() in _BLANK_MARKS


def looks_like_amount(cell: str) -> bool:
    return bool(_AMOUNT.match(cell.strip().replace(" ", "")))


def parse_amount(cell: str) -> Decimal | None:
    """Published amount text → Decimal; blank → None. Raises ValueError for non-numeric text."""
    text = cell.strip().replace(" ", "")
    if text in _BLANK_MARKS:
        return None
    if not _AMOUNT.match(text):
        raise ValueError(text)
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid numbers
        raise ValueError(text) from exc


def within_rounding(total: Decimal, expected: Decimal, terms: int) -> bool:
    """A sum of ``terms`` printed figures and a printed whole, each rounded to the whole's last decimal
    (half a unit each at most), agree within that rounding."""
    half = Decimal(1).scaleb(min(expected.as_tuple().exponent, 0)) / 2
    return abs(total - expected) <= half * (terms + 1)


def compact(text: str) -> str:
    """Remove all white space: '合 计' → '合计', '收 入' → '收入'."""
    return _SPACES.sub("", text)


def tidy(text: str) -> str:
    """Remove stray spaces next to Chinese characters ('政务 云服务' → '政务云服务'), keep others."""
    return _SPACE_IN_CJK.sub("", text.strip())


def strip_enumerator(label: str) -> str:
    """'一、一般公共服务支出' → '一般公共服务支出'."""
    return ENUMERATOR.sub("", label).strip()


def is_enumerated(label: str) -> bool:
    return bool(ENUMERATOR.match(label))


_LEVELS = ((re.compile(r"^\s*[一二三四五六七八九十]+、"), 1), (re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]"), 2),
           (re.compile(r"^\s*\d+[、.．](?!\d)"), 3), (re.compile(r"^\s*[（(]\d+[）)]"), 4))


def enumerator_level(label: str) -> int | None:
    """How deep an enumerated item sits, as Chinese documents number them: 一、 > （一） > 1. > （1）."""
    return next((level for pattern, level in _LEVELS if pattern.match(label)), None)


def is_total_label(label: str) -> bool:
    text = compact(label)
    return text in TOTAL_LABELS or text.endswith("合计") or text.endswith("总计")


def split_code_name(cell: str) -> tuple[str | None, str]:
    """'2010350-事业运行' → ('2010350', '事业运行'); '11000022Y0000 00444656-政务 云服务' keeps
    the code without spaces. A cell without a code gives (None, tidy text)."""
    match = _CODE_NAME.match(cell)
    if match and re.search(r"\d", match.group(1)):
        return compact(match.group(1)), tidy(match.group(2))
    return None, tidy(cell)


_SPACED_SUBJECT = re.compile(r"^\s*[\[【［]?(\d{3}|\d{5}|\d{7})(?!\d)[\]】］]?\s*([\u4e00-\u9fff（(].*)$")


def split_subject(cell: str) -> tuple[str | None, str]:
    """A subject cell: '2010350-事业运行' as split_code_name, and also '205 教育支出' or
    '2050101行政运行' (a 类/款/项 code, 3, 5 or 7 digits, then the name)."""
    code, name = split_code_name(cell)
    if code:
        return code, name
    match = _SPACED_SUBJECT.match(cell)
    return (match.group(1), tidy(match.group(2))) if match else (None, tidy(cell))


def is_subject_code(text: str) -> bool:
    return bool(_SUBJECT_CODE.match(text.strip()))


_OPERATORS = {
    "≥": "≥", ">=": "≥", "＞=": "≥", "大于等于": "≥", "不低于": "≥", "不少于": "≥",
    "≤": "≤", "<=": "≤", "＜=": "≤", "小于等于": "≤", "不高于": "≤", "不超过": "≤",
    "=": "=", "＝": "=", "等于": "=",
    ">": ">", "＞": ">", "大于": ">",
    "<": "<", "＜": "<", "小于": "<",
    "定性": "定性",
}
_VALUE_WITH_OPERATOR = re.compile(r"^\s*(≥|≤|>=|<=|＞=|＜=|=|＝|>|<|＞|＜)\s*(.+)$")


def normalize_operator(cell: str) -> str | None:
    return _OPERATORS.get(compact(cell))


def split_indicator_value(operator_cell: str, value_cell: str) -> tuple[str | None, str, Decimal | None]:
    """Operator, value text and numeric value of an indicator, as published.

    Handles the operator in its own column ('≥', '99') and glued to the value ('≥99%')."""
    operator = normalize_operator(operator_cell) if operator_cell.strip() else None
    value = value_cell.strip()
    if operator is None:
        glued = _VALUE_WITH_OPERATOR.match(value)
        if glued:
            operator, value = normalize_operator(glued.group(1)), glued.group(2).strip()
    number = None
    if value and operator != "定性":
        plain = value.replace(",", "")
        try:
            number = Decimal(plain) if re.fullmatch(r"[+-]?\d+(\.\d+)?", plain) else None
        except InvalidOperation:  # pragma: no cover
            number = None
    return operator, value, number
