"""How a question names a stored department.

Its full name; the name without its region (政务服务中心 for 北京市政务服务中心), or with the region's
level alone (市委宣传部, 市政府办公厅); 政府 for 人民政府; and the short forms officialdom builds from
the first characters of a name's words (科学技术局 → 科技局, 卫生健康委员会 → 卫健委, 教育委员会 → 教委, 人力资源和社会
保障局 → 人社局, 住房和城乡建设局 → 住建局). Short forms always keep the kind of body (局, 委, 办 …),
so they are not taken for budget names.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from itertools import product

from assistant.understand.vocabulary import fold

# A district or county-level city has a name of two characters or more (城市管理局 is no 城市); a 县 or 旗
# may have one (沛县).
_REGION = re.compile(r"^(中共)?([\u4e00-\u9fff]{2,4}?(?P<top>省|自治区|市))?"
                     r"(?:[\u4e00-\u9fff]{2,4}?(?P<low>区|市)|[\u4e00-\u9fff]{1,4}?(?P<county>县|旗))?(?P<body>人民政府|委)?")
_SUFFIXES = ("街道办事处", "办事处", "委员会")
# The kind of body a name ends with, and how a short form ends for it.
_BODY_KINDS = (("委员会", ("委", "委员会")), ("办公厅", ("办公厅", "办")), ("办公室", ("办公室", "办")),
               ("局", ("局",)), ("中心", ("中心",)), ("厅", ("厅",)), ("署", ("署",)), ("馆", ("馆",)),
               ("院", ("院",)), ("所", ("所",)), ("站", ("站",)), ("台", ("台",)))
_CONJUNCTIONS = re.compile(r"和|与|及")
_MAX_WORDS = 6  # 3 ** 6 short forms at most
# Words too general to name a body on their own (管理办公室, 研究院 of 统计和大数据研究院).
_GENERIC = ("管理", "研究", "服务", "事务", "综合", "发展", "工作", "联合", "交易", "执法", "监督", "技术", "改革")


def department_keys(department: str) -> list[str]:
    """The ways of naming ``department``, longest first. A name with its other name in brackets
    (上海市统计和大数据研究院（上海市统计数据管理中心）) is named by either."""
    full = fold(department)
    aliased = re.fullmatch(r"(?P<name>[^()]{4,})\((?P<other>[^()]{4,})\)", full)
    if aliased:
        other = aliased["other"]  # its other name in full, with or without its region (no short forms of it)
        keys = {full, other, other[_REGION.match(other).end():] or other} | set(department_keys(aliased["name"]))
        return sorted((key for key in keys if len(key) >= 2), key=len, reverse=True)
    keys = {full, full.removeprefix("中共")}
    region = _REGION.match(full)
    own = full[region.end():] or full
    keys.add(own)
    level, body = region.group("low") or region.group("county") or region.group("top"), region.group("body")
    if level and body:  # 重庆市委宣传部 → 市委宣传部; 广州市人民政府办公厅 → 市人民政府办公厅
        keys.add(level + body + own)
    if body == "人民政府":  # 市政府办公厅, 政府办公厅, 政府办, 市府办公厅
        keys |= {key.replace("人民政府", "政府") for key in keys} | {"政府" + own} | short_forms("政府" + own)
        keys |= {level + "府" + own, level + "府办"} if level else set()
    for suffix in _SUFFIXES:
        if own.endswith(suffix) and len(own) > len(suffix) + 1:
            keys.add(own[: -len(suffix)])
            if suffix == "街道办事处":
                keys.add(own[: -len(suffix)] + "街道")
    keys |= short_forms(own)
    inner = re.search(r"(局|委员会|委|厅|办公室)(?P<unit>[\u4e00-\u9fff]{4,})$", own)
    if inner:  # 应急管理局执法总队: 执法总队, 应急管理执法总队; …管理委员会人才开发评价中心: 住建委人才开发评价中心
        keys |= {inner.group("unit"), own[: inner.start()] + inner.group("unit")}
        keys |= {parent + inner.group("unit") for parent in short_forms(own[: inner.end(1)])}
    place = region.group(2) and region.group(2).removesuffix(region.group("top") or "")
    if place and region.group("top") == "市" and not region.group("low"):  # 上海应急管理执法总队, 深圳水务局
        keys |= {place + city + key for key in keys if not key.startswith(("市", place)) and len(key) >= 3
                 for city in ("", "市")}  # 广州科技局, 广州市科技局
    return sorted((key for key in keys if len(key) >= 2), key=len, reverse=True)


def short_forms(own: str) -> set[str]:
    """Names made of each word's first character, the whole word, or nothing (at least two
    characters kept), followed by the body's kind: 科学技术局 → 科技局, 科学技术局, 科学局 …"""
    for suffix, endings in _BODY_KINDS:
        if own.endswith(suffix) and len(own) > len(suffix) + 1:
            body = own[: -len(suffix)]
            break
    else:
        return set()
    words = [word for part in _CONJUNCTIONS.split(body) if part for word in _words(part)]
    if not words or len(words) > _MAX_WORDS:
        return set()
    firsts = [(words[0][0], words[0])] + [(word[0], word, "") for word in words[1:]]  # the first word stays: 发改委, not 改委
    bodies = {"".join(choice) for choice in product(*firsts)}
    bodies |= {"".join(words[n:]) for n in range(1, len(words)) if words[n] not in _GENERIC}  # 中医文献馆 → 文献馆
    least = 1 if len(words) == 1 and suffix == "委员会" else 2  # 教育委员会 → 教委
    return {short + ending for short in bodies if len(short) >= least for ending in endings if len(short + ending) >= 2}


def _words(part: str) -> list[str]:
    """A conjunct's words: two characters each (科学技术 → 科学, 技术), or as jieba cuts a conjunct of odd
    length (信息化; 钻石宝玉石交易联合管理 → 钻石, 宝玉石, 交易 …), a one-character word joined to its neighbour."""
    if len(part) % 2 == 0:
        return [part[i:i + 2] for i in range(0, len(part), 2)]
    import jieba

    words: list[str] = []
    for word in jieba.cut(part, HMM=False):
        if words and (len(words[-1]) == 1 or len(word) == 1):
            words[-1] += word  # 大 数据 → 大数据
        else:
            words.append(word)
    return words


def department_pieces(department: str) -> set[str]:
    """Every 4+ character part of a name (公共资源交易 of 北京市公共资源交易中心)."""
    full = fold(department)
    return {full[i:j] for i in range(len(full)) for j in range(i + 4, len(full) + 1)}


def place_of(department: str) -> str | None:
    """The place a department belongs to (深圳 of 深圳市退役军人事务局, 上海市 …): naming it is naming the department."""
    found = re.match(r"(?:中共)?([\u4e00-\u9fff]{2,3}?)(市|省|自治区|区|县)", fold(department))
    return found.group(1) if found else None


def named_departments(folded: str, keys: dict[str, list[str]]) -> list[str]:
    """The ids whose department the question names. A name inside a longer name of another
    department does not count (水务局 inside 深圳市水务局 names only 深圳's)."""
    found = [(m.start(), m.end(), doc_id) for doc_id, names in keys.items() for key in names
             for m in re.finditer(re.escape(key), folded)]
    kept = {doc_id for start, end, doc_id in found
            if not any(s <= start and end <= e and e - s > end - start and other != doc_id
                       and not _same_names(keys[other], keys[doc_id]) for s, e, other in found)}
    return [doc_id for doc_id in keys if doc_id in kept]


def _same_names(a: list[str], b: list[str]) -> bool:
    return a[0] == b[0]  # two documents (years) of one department


def names_department(organisation: str, department: str, keys: list[str]) -> bool:
    """An issuer the question names ('科技局', '广州科技局', '深圳市水务局') is this stored department:
    one of its names, or one of them after words that are not another place (福利彩票公益金项目占民政局)."""
    full = fold(department)
    if organisation in full or organisation in keys:
        return True
    key = next((key for key in keys if organisation.endswith(key)), None)
    return key is not None and not _another_place(organisation[: -len(key)], full)


def _another_place(before: str, full: str) -> bool:
    """'深圳市' or '深圳' (a known place, ``places.txt``) before 水务局 names another city than 苏州市水务局's;
    '广州', '市', '和' or the words of a sentence ('比较一下广州市', '比较一下') do not."""
    place = _SENTENCE.split(before.removeprefix("中共"))[-1]
    if _PLACE_END.search(place):
        return place[-3:-1] not in full  # the place's name: the two characters before 市/省/区/县
    named = next((name for name in _places() if place.endswith(name)), None)  # 深圳 of 深圳气象局
    return named is not None and named not in full


@lru_cache(maxsize=1)
def _places() -> tuple[str, ...]:
    text = resources.files("assistant.understand").joinpath("places.txt").read_text(encoding="utf-8")
    names = {name for line in text.splitlines() if not line.startswith("#") for name in line.split()}
    return tuple(sorted(names, key=len, reverse=True))


_SENTENCE = re.compile(r"[和与及、的是比跟同对在给说讲写问里把从向按]")
_PLACE_END = re.compile(r"(省|市|区|县|州)$")
