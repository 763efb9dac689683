"""Harvest the national subject catalogue (政府收支分类科目) from published budgets that print codes.

    python scripts/build_subject_catalogue.py FOLDER_OR_FILE... > ingest/data/subject_catalogue.tsv

The 支出功能分类 (类/款/项) and 部门/政府预算支出经济分类 names are national standards: every
publication that prints a code beside its name teaches the catalogue. A code's name is the one most
publications print; names that read as a misparse (digits, too short) are skipped. The file lets a
publication that prints names only (the hierarchy by indentation) be read with its codes.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.errors import BudgetQAError  # noqa: E402
from ingest.catalogue import DEPT_ECON, FUNC, GOV_ECON  # noqa: E402
from ingest.formats import PARSERS  # noqa: E402
from ingest.load import prepare  # noqa: E402

_FIELDS = {FUNC: ("func_code", "func_name"), DEPT_ECON: ("dept_econ_code", "dept_econ_name"),
           GOV_ECON: ("gov_econ_code", "gov_econ_name")}
_LENGTHS = {FUNC: (3, 5, 7), DEPT_ECON: (3, 5), GOV_ECON: (3, 5)}


def harvest(paths: list[Path]) -> dict[tuple[str, str], Counter]:
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for path in paths:
        try:
            facts = prepare(path).facts
        except BudgetQAError:
            continue
        seen: set[tuple[str, str, str]] = set()
        for line in facts["line_items"]:
            for scheme, (code_field, name_field) in _FIELDS.items():
                code, name = line[code_field], line[name_field]
                if code and name and len(code) in _LENGTHS[scheme] and _plausible(name):
                    seen.add((scheme, code, name))
        for scheme, code, name in seen:  # one vote per publication
            votes[(scheme, code)][name] += 1
    return votes


def _plausible(name: str) -> bool:
    return len(name) >= 2 and not any(char.isdigit() for char in name) and not name.endswith(("合计", "小计"))


def main(argv: list[str]) -> int:
    paths = [path for arg in argv for path in (Path(arg).rglob("*") if Path(arg).is_dir() else [Path(arg)])
             if path.suffix.lower() in PARSERS]
    votes = harvest(sorted(paths))
    print("# 政府收支分类科目 as printed in published budgets (scripts/build_subject_catalogue.py):")
    print("# each code with the name most publications print. scheme\tcode\tname")
    for (scheme, code), names in sorted(votes.items()):
        print(f"{scheme}\t{code}\t{names.most_common(1)[0][0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
