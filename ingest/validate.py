"""The document's own identities, checked at ingest.

A broken identity is reported (and stored) as a warning naming the rows; the
published figures are never "fixed". Each check is one function in ``CHECKS``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterable

from ingest.catalogue import FUNC, SubjectNames
from ingest.columns import table_measures
from ingest.facts import Facts
from ingest.normalize import enumerator_level, is_enumerated, is_total_label, within_rounding

ZERO = Decimal(0)


@dataclass
class Check:
    name: str
    expected: Decimal | None
    actual: Decimal | None
    detail: str
    row_ids: list[int] = field(default_factory=list)
    at_most: bool = False  # actual ≤ expected (a part of a whole), not equal
    terms: int = 1  # how many published figures the actual adds up
    misnamed: str | None = None  # the identity holds under this other name: the publication mislabels a row

    @property
    def exact(self) -> bool:
        if self.at_most and self.expected is not None and self.actual is not None:
            return self.actual <= self.expected
        if self.expected is None and self.actual == ZERO:
            return True  # a total left blank over parts that are all 0.00: nothing, either way
        return self.expected == self.actual

    @property
    def rounding(self) -> bool:
        """Off by no more than the rounding of its terms (each printed figure rounded from a finer unit,
        at most half a unit of its last decimal): a 尾数误差 of the publication, not a misreading."""
        if self.exact or self.at_most or self.terms < 2 or self.expected is None or self.actual is None:
            return False
        return within_rounding(self.actual, self.expected, self.terms)

    @property
    def blank(self) -> bool:
        """The whole is printed blank while its parts are not: the publication's own omission."""
        return self.expected is None and self.actual not in (None, ZERO)

    @property
    def ok(self) -> bool:
        """Holds, or fails only by a named inconsistency of the publication (尾数误差, a blank total, a row
        printed under the wrong subject name)."""
        return self.exact or self.rounding or self.blank or self.misnamed is not None

    @property
    def status(self) -> str:
        if self.exact:
            return "ok"
        return "rounding" if self.rounding else "blank" if self.blank else "misnamed" if self.misnamed else "warning"

    def as_row(self, doc_id: str) -> dict[str, object]:
        return dict(doc_id=doc_id, check_name=self.name, status=self.status,
                    expected=self.expected, actual=self.actual, detail=self.detail, row_ids=self.row_ids)


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((value for value in values if value is not None), ZERO)


def _label(facts: Facts, table_code: str) -> str:
    title = next((t["table_title"] for t in facts["doc_tables"] if t["table_code"] == table_code), "")
    return f"{table_code} {title}".strip()


def check_summary_tables(facts: Facts, names: SubjectNames) -> list[Check]:
    """收入总计 = 支出总计; 本年合计 = sum of its items; 总计 = 本年合计 + 结转; a parent = its children."""
    checks: list[Check] = []
    by_table: dict[str, list[dict]] = defaultdict(list)
    for item in facts["summary_items"]:
        by_table[item["table_code"]].append(item)
    for code, items in by_table.items():
        label = _label(facts, code)
        first_col = {side: next(i["column_path"] for i in items if i["side"] == side) for side in {i["side"] for i in items}}
        items = [i for i in items if i["column_path"] == first_col[i["side"]]]
        find = lambda side, name: next((i for i in items if i["side"] == side and i["item"] == name), None)  # noqa: E731
        income_total, spend_total = find("收入", "收入总计"), find("支出", "支出总计")
        if income_total and spend_total:
            checks.append(Check(f"{code} 收入总计 = 支出总计", income_total["amount"], spend_total["amount"],
                                f"{label}：收入总计 {income_total['amount']}，支出总计 {spend_total['amount']}",
                                [income_total["row_id"], spend_total["row_id"]]))
        for side in ("收入", "支出"):
            checks += _side_checks(label, code, side, [i for i in items if i["side"] == side])
    return checks


def _side_checks(label: str, code: str, side: str, items: list[dict]) -> list[Check]:
    """本年合计 = its top items; 总计 = 本年合计 + what follows it (结转结余); each item heading others =
    the sum of those (where they stand one level below it: one enumerator level, or one code level)."""
    checks: list[Check] = []
    year_total = next((i for i in items if i["is_total"] and i["item"].startswith("本年")), None)
    grand_total = next((i for i in items if i["is_total"] and i["item"].endswith("总计")), None)
    cut = year_total["seq"] if year_total else None
    own = [i for i in items if i["parent"] is None and not i["is_total"] and (cut is None or i["seq"] < cut)]
    if year_total and own:
        checks.append(Check(f"{code} {side}：{year_total['item']} = 各项之和", year_total["amount"],
                            _sum(i["amount"] for i in own),
                            f"{label}{side}方：{year_total['item']} 与 {len(own)} 个分项之和比较",
                            [year_total["row_id"]] + [i["row_id"] for i in own if i["amount"] is not None],
                            terms=len(own)))
    extra = [i for i in items if cut is not None and i["seq"] > cut and not i["is_total"] and i["parent"] is None]
    if year_total and grand_total:
        parts = [year_total] + extra
        checks.append(Check(f"{code} {side}：{grand_total['item']} = {' + '.join(i['item'] for i in parts)}",
                            grand_total["amount"], _sum(i["amount"] for i in parts),
                            f"{label}{side}方：{grand_total['item']} 与 {'、'.join(i['item'] for i in parts)} 之和比较",
                            [grand_total["row_id"]] + [i["row_id"] for i in parts], terms=len(parts)))
    for parent in items:
        children = [i for i in items if i["parent"] == parent["item"] and i["seq"] > parent["seq"]]
        if children and any(i["amount"] is not None for i in children) and _one_level(children):
            checks.append(Check(f"{code} {side}：{parent['item']} = 其下各项之和", parent["amount"],
                                _sum(i["amount"] for i in children),
                                f"{label}{side}方：{parent['item']} 与其下 {len(children)} 项之和比较",
                                [parent["row_id"]] + [i["row_id"] for i in children], terms=len(children)))
    return checks


def _one_level(children: list[dict]) -> bool:
    """Children all of one level: one enumerator level, or codes of one length (款, or 项)."""
    levels = {enumerator_level(i["item_raw"]) for i in children}
    lengths = {len(i["func_code"]) if i.get("func_code") else None for i in children}
    return (len(levels) == 1 and None not in levels) or (len(lengths) == 1 and None not in lengths) or \
        (levels == {None} and lengths == {None})


def check_column_totals(facts: Facts, names: SubjectNames) -> list[Check]:
    """Every 合计 row equals the sum of the detail rows above it, column by column."""
    roles = {(r["table_code"], r["row_id"]): r["role"] for r in facts["source_rows"]}
    kinds = {t["table_code"]: t["table_kind"] for t in facts["doc_tables"]}
    leaves = _leaf_rows(facts)
    columns: dict[tuple[str, int], dict[str, list[dict]]] = defaultdict(lambda: {"body": [], "total": []})
    single = {code for code, count in Counter(r["table_code"] for r in facts["source_rows"] if r["role"] == "total").items()
              if count == 1}  # a table's only total, whatever its label (the unit's name, printed first)
    for cell in facts["cells"]:
        if kinds[cell["table_code"]] not in ("lines", "procurement"):
            continue
        role = roles[(cell["table_code"], cell["row_id"])]
        label = cell["row_label"].replace(" ", "")
        if role == "total" and label != "合计" and (is_total_label(label) or cell["table_code"] not in single):
            continue  # '人员经费合计' of one column group; a unit's name heading the table is its total
        columns[(cell["table_code"], cell["col_no"])][role].append(cell)
    labels = {(r["table_code"], r["row_id"]): (r["cells"] or [""])[0] for r in facts["source_rows"]}
    heads = {code: _group_heads(columns, code) for code in {code for code, _ in columns}}
    for (code, _col), group in columns.items():
        if heads[code]:  # subtotal rows, found by their sums (unit › items, or 类 › 款 › 项)
            group["body"] = [c for c in group["body"] if c["row_id"] in heads[code]]
        elif code in leaves:  # 项 rows, their 类/款 subtotals left out
            group["body"] = [c for c in group["body"] if c["row_id"] in leaves[code]]
        else:
            group["body"] = _top_level(group["body"], labels)
    checks = []
    for (code, _col), group in columns.items():
        for total in group["total"]:
            if total["amount"] is None and not any(c["amount"] is not None for c in group["body"]):
                continue
            checks.append(Check(f"{code} 合计行（{total['column_path']}）= 明细行之和", total["amount"],
                                _sum(c["amount"] for c in group["body"]),
                                f"{_label(facts, code)}：合计行“{total['column_path']}”列与 {len(group['body'])} 个明细行之和比较",
                                [total["row_id"]] + [c["row_id"] for c in group["body"] if c["amount"] is not None],
                                terms=len(group["body"])))
    return checks


def _group_heads(columns: dict[tuple[str, int], dict[str, list[dict]]], table: str) -> set[int] | None:
    """Rows without codes, grouped under subtotal rows ('广州市交通运输局（本级）' over its 工资福利支出 …
    rows; '货物' over '苏州市审计局' over its items): the top subtotals, found by the identity they
    satisfy — each equals the sum of what follows it up to the next — on the table's fullest column.
    None when the rows do not part that way."""
    fullest = max((group["body"] for (code, _), group in columns.items() if code == table),
                  key=lambda body: sum(c["amount"] is not None for c in body), default=[])
    amounts = [c["amount"] or ZERO for c in fullest]
    if len(amounts) < 3:
        return None
    for nested in (False, True):  # one level of subtotals first; two only when one does not part them
        heads, start = [], 0
        while start is not None and start < len(amounts):
            heads.append(fullest[start]["row_id"])
            start = _group_end(amounts, start, nested)
        if start is not None and len(heads) < len(amounts) / 2:
            return set(heads)
    return None


def _group_end(amounts: list[Decimal], head: int, nested: bool) -> int | None:
    """Where the group headed by ``head`` ends: its children (rows, or subtotal rows with theirs when
    ``nested``) add up to it. None when they never do."""
    running, at = ZERO, head + 1
    while at < len(amounts):
        inner = _group_end(amounts, at, nested=False) if nested else None
        running += amounts[at]
        at = inner if inner is not None else at + 1
        closer = at < len(amounts) and abs(running + amounts[at] - amounts[head]) < abs(running - amounts[head])
        if within_rounding(running, amounts[head], at - head - 1) and not closer:
            return at  # (a next row that brings the sum closer still belongs: 0.01 after 3392.04)
    return None




def _top_level(body: list[dict], labels: dict[tuple[str, int], str]) -> list[dict]:
    """Rows without subject codes grouped under enumerated subtotals ('一、货物类' above its items):
    the subtotals, when they carry the amounts."""
    enumerated = [c for c in body if is_enumerated(labels.get((c["table_code"], c["row_id"]), ""))]
    if enumerated and len(enumerated) < len(body) and any(c["amount"] is not None for c in enumerated):
        return enumerated
    return body


def _leaf_rows(facts: Facts) -> dict[str, set[int]]:
    """Per lines table, rows whose subject code is not a prefix of another row's (项 under 款 under 类)."""
    codes: dict[str, dict[int, str]] = defaultdict(dict)
    for line in facts["line_items"]:
        code = line["func_code"] or line["dept_econ_code"] or line["gov_econ_code"]
        if code:
            codes[line["table_code"]][line["row_id"]] = code
    leaves: dict[str, set[int]] = {}
    for table, rows in codes.items():
        values = set(rows.values())
        leaves[table] = {row for row, code in rows.items()
                         if not any(other != code and other.startswith(code) for other in values)}
        # Rows without a code are leaves too, unless they head the coded rows after them: a unit's
        # subtotal over its subjects (深圳市人力资源和社会保障局本级 › 208 › 20801 …), which the sum of
        # those rows' classes shows
        first = {}
        for cell in sorted((c for c in facts["cells"] if c["table_code"] == table), key=lambda c: c["col_no"]):
            first.setdefault(cell["row_id"], cell["amount"])
        order = sorted(set(first) | set(rows))
        leaves[table] |= {row for row in order if row not in rows and not _heads_coded(row, order, rows, first)}
    return leaves


def _heads_coded(row: int, order: list[int], codes: dict[int, str], first: dict[int, Decimal | None]) -> bool:
    after = order[order.index(row) + 1:]
    block = [r for r in after[:next((i for i, r in enumerate(after) if r not in codes), len(after))]]
    shortest = min((len(codes[r]) for r in block), default=0)
    tops = [first.get(r) or ZERO for r in block if len(codes[r]) == shortest]
    return bool(block) and first.get(row) is not None and within_rounding(_sum(tops), first[row], len(tops))


def check_row_identities(facts: Facts, names: SubjectNames) -> list[Check]:
    """In each subject row: 合计 = 基本支出 + 项目支出; 基本支出 = 人员经费 + 公用经费."""
    rows: dict[tuple[str, int], dict[str, Decimal]] = defaultdict(dict)
    for line in facts["line_items"]:
        rows[(line["table_code"], line["row_id"])][line["measure"]] = line["amount"]
    checks = []
    for (code, row_id), measures in rows.items():
        if "基本支出" not in measures and "项目支出" in measures and {"人员经费", "公用经费"} & set(measures):
            # 基本支出 printed only as its two columns (人员经费 | 公用经费) beside 项目支出
            measures = {**measures, "基本支出": _sum(measures.get(part) for part in ("人员经费", "公用经费"))}
        identities = [("合计", ("基本支出", "项目支出")), ("基本支出", ("人员经费", "公用经费"))]
        if "基本支出" not in measures and "项目支出" not in measures:
            identities.append(("合计", ("人员经费", "公用经费")))  # 基本支出表: its 合计 is all basic spending
        for whole, parts in identities:
            if whole in measures and any(part in measures for part in parts) and len(measures) > 1:
                checks.append(Check(f"{code} 行内：{whole} = {' + '.join(parts)}", measures[whole],
                                    _sum(measures.get(part) for part in parts),
                                    f"{_label(facts, code)} 第 {row_id} 号行：{whole} 与 {'、'.join(parts)} 之和比较",
                                    [row_id], terms=len(parts)))
    return checks


def check_cross_tables(facts: Facts, names: SubjectNames) -> list[Check]:
    """一般公共预算支出表 ≤ 支出总表 (equal when the department has no other funds), measure by measure;
    基本支出表 合计 = 一般公共预算支出表 基本支出."""
    totals = _total_row_measures(facts)
    def find(suffix: str) -> str | None:
        return next((t["table_code"] for t in facts["doc_tables"]
                     if t["table_title"].endswith(suffix) and "收支" not in t["table_title"]), None)
    spending, general, basic = find("支出总表"), find("一般公共预算支出表"), find("基本支出表")
    pairs = [(spending, "合计", general, "合计", True), (spending, "基本支出", general, "基本支出", True),
             (spending, "项目支出", general, "项目支出", True), (basic, "合计", general, "基本支出", False),
             (basic, "人员经费", general, "人员经费", False), (basic, "公用经费", general, "公用经费", False)]
    checks = []
    for left, left_measure, right, right_measure, part in pairs:
        if not (left and right) or left_measure not in totals.get(left, {}) or right_measure not in totals.get(right, {}):
            continue
        (l_amount, l_row), (r_amount, r_row) = totals[left][left_measure], totals[right][right_measure]
        if part:
            checks.append(Check(f"{right} {right_measure} ≤ {left} {left_measure}", l_amount, r_amount,
                                f"{_label(facts, right)} 合计行“{right_measure}”不超过 {_label(facts, left)} 合计行“{left_measure}”",
                                [l_row, r_row], at_most=True))
            continue
        checks.append(Check(f"{left} {left_measure} = {right} {right_measure}", r_amount, l_amount,
                            f"{_label(facts, left)} 合计行“{left_measure}”与 {_label(facts, right)} 合计行“{right_measure}”比较",
                            [l_row, r_row]))
    return checks


def _total_row_measures(facts: Facts) -> dict[str, dict[str, tuple[Decimal | None, int]]]:
    roles = {(r["table_code"], r["row_id"]): r["role"] for r in facts["source_rows"]}
    totals: dict[str, dict[str, tuple[Decimal | None, int]]] = defaultdict(dict)
    paths: dict[str, list[str]] = defaultdict(list)
    for cell in facts["cells"]:
        if cell["column_path"] not in paths[cell["table_code"]]:
            paths[cell["table_code"]].append(cell["column_path"])
    measures = {table: table_measures(columns) for table, columns in paths.items()}
    for cell in facts["cells"]:
        if roles[(cell["table_code"], cell["row_id"])] == "total":
            measure = measures[cell["table_code"]][cell["column_path"]]
            totals[cell["table_code"]].setdefault(measure, (cell["amount"], cell["row_id"]))
    return totals


def check_function_classes(facts: Facts, names: SubjectNames) -> list[Check]:
    """收支总表 支出 by function class (类) = the sum of that class's line items."""
    summary = next((t["table_code"] for t in facts["doc_tables"] if t["table_kind"] == "summary"), None)
    line_tables = [t["table_code"] for t in facts["doc_tables"] if t["table_kind"] == "lines"]
    if not summary or not line_tables:
        return []
    lines_table = next((code for code in line_tables
                        if any(l["table_code"] == code and l["func_code"] for l in facts["line_items"])), None)
    if lines_table is None:
        return []
    leaves = _leaf_rows(facts).get(lines_table, set())
    by_class: dict[str, list[dict]] = defaultdict(list)
    for line in facts["line_items"]:
        if line["table_code"] == lines_table and line["measure"] == "合计" and line["row_id"] in leaves:
            by_class[line["func_class_code"]].append(line)
    checks = []
    side = [item for item in facts["summary_items"] if item["table_code"] == summary and item["side"] == "支出"]
    first_column = side[0]["column_path"] if side else None  # 合计, not 人员经费 or 项目支出 beside it
    for item in side:
        if item["column_path"] != first_column or not is_enumerated(item["item_raw"]) or item["parent"] is not None:
            continue
        class_code = names.code_for_class_name(FUNC, item["item"])
        if class_code is None or (item["amount"] is None and class_code not in by_class):
            continue
        lines = by_class.get(class_code, [])
        listed = {names.code_for_class_name(FUNC, other["item"]) for other in side}
        elsewhere = next((names.name(FUNC, code) or code for code, others in by_class.items() if code not in listed
                          and _sum(l["amount"] for l in others) == item["amount"]), None) if not lines else None
        checks.append(Check(f"{summary} {item['item']} = {lines_table} {class_code} 类明细之和", item["amount"],
                            _sum(l["amount"] for l in lines),
                            f"{_label(facts, summary)}“{item['item_raw']}”与 {_label(facts, lines_table)} 中 {class_code} 类 {len(lines)} 行之和比较"
                            + (f"；同一金额在明细表中列为“{elsewhere}”" if elsewhere else ""),
                            [item["row_id"]] + [l["row_id"] for l in lines], terms=len(lines), misnamed=elsewhere))
    return checks


def check_projects(facts: Facts, names: SubjectNames) -> list[Check]:
    """项目总额 = 财政资金 + 其他资金."""
    checks = []
    for project in facts["projects"]:
        if project["fiscal_funds"] is None and project["other_funds"] is None:
            continue
        checks.append(Check(f"{project['table_code']} {project['project_name']}：项目总额 = 财政资金 + 其他资金",
                            project["total"], _sum((project["fiscal_funds"], project["other_funds"])),
                            f"{_label(facts, project['table_code'])} 项目“{project['project_name']}”", [project["row_id"]],
                            terms=2))
    return checks


CHECKS: tuple[Callable[[Facts, SubjectNames], list[Check]], ...] = (
    check_summary_tables,
    check_column_totals,
    check_row_identities,
    check_cross_tables,
    check_function_classes,
    check_projects,
)


def validate(facts: Facts, names: SubjectNames) -> list[Check]:
    return [check for rule in CHECKS for check in rule(facts, names)]
