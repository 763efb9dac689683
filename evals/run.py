"""Eval runner: known-answer questions → the engine → a score per question.

    python -m evals.run                       # every suite in evals/suites.yaml
    python -m evals.run --suite seed_public   # one suite
    python -m evals.run cases.jsonl --docs budget.txt [--report out.json]

Each suite runs against a fresh store holding exactly its documents. A question
passes when every expected number appears in the answer (as decimals, thousands
separators ignored; a share within 0.006), every expected table is cited, every
expected phrase appears, and an unanswerable one is refused or clarified with no
figures. ``empty`` answers must also say there is none; ``ambiguous`` ones may give
the total or all the parts, or ask which one was meant. Ends with ``N passed, M failed``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
NEGATION = re.compile(r"无|没有|未安排|为空|空表|空白|为0|为零")
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")
_DECREASE = re.compile(r"(减少|下降|降低|压减|缩减|减|少|降)(了)?(约)?\s*$")  # '比上年减少 273.02万元' states −273.02


@dataclass
class Scored:
    item: dict[str, Any]
    answer: dict[str, Any]
    passed: bool
    reasons: list[str] = field(default_factory=list)
    seconds: float = 0.0
    outcome: str = ""  # correct | wrong | partial | refused


OUTCOMES = ("correct", "wrong", "partial", "refused")


def outcome_of(scored: Scored) -> str:
    """correct: passed. refused: an answerable question refused or asked back. wrong: an answer that
    does not answer (none of what it must state), or any answer to an unanswerable question.
    partial: some of what it must state, not all."""
    if scored.passed:
        return "correct"
    item, answer = scored.item, scored.answer
    if not item.get("answerable", True):
        return "wrong"
    if answer["route"] in ("refuse", "clarify"):
        return "refused"
    text = answer["answer"]
    stated, tolerance = stated_numbers(text), tolerance_for(item)
    some = any(has_number(n, stated, tolerance) for n in item.get("expected_numbers", [])) or \
        any(phrase in text for phrase in item.get("expected_text", []))
    return "partial" if some else "wrong"


def numbers(text: str) -> list[Decimal]:
    """The numbers a text states; one written after a word of decrease is stated with its sign too."""
    found = []
    for match in _NUMBER.finditer(text):
        try:
            value = Decimal(match.group(0).replace(",", ""))
        except InvalidOperation:
            continue
        found.append(value)
        if value > 0 and _DECREASE.search(text[max(0, match.start() - 6):match.start()]):
            found.append(-value)
    return found


def stated_numbers(text: str) -> list[Decimal]:
    """Numbers where the answer states them, not in the 来源 lines (which repeat whole cited rows and
    would let a wrong figure pass)."""
    return numbers("\n".join(line for line in text.split("\n") if not line.startswith("来源：")))


def tolerance_for(item: dict[str, Any]) -> Decimal:
    return Decimal("0.006") if item["category"] == "share" else Decimal(0)


def has_number(expected: str, stated: list[Decimal], tolerance: Decimal) -> bool:
    want = Decimal(expected)
    return any(abs(value - want) <= tolerance for value in stated)


def score(item: dict[str, Any], answer: dict[str, Any]) -> Scored:
    text, route = answer["answer"], answer["route"]
    cited = {c["table"] for c in answer["citations"]} | {c.get("table_name") for c in answer["citations"]}  # code or name
    stated, tolerance = stated_numbers(text), tolerance_for(item)
    reasons: list[str] = []
    if not item.get("answerable", True):
        if route not in ("refuse", "clarify"):
            reasons.append(f"should refuse, route was {route}")
        if answer["figures"]:
            reasons.append("a refusal must state no figures")
        return Scored(item, answer, not reasons, reasons)
    expected_numbers = item.get("expected_numbers", [])
    if item["category"] == "ambiguous":
        if route == "clarify":
            return Scored(item, answer, True)
        total_ok = bool(expected_numbers) and has_number(expected_numbers[0], stated, tolerance)
        parts_ok = len(expected_numbers) > 1 and all(has_number(n, stated, tolerance) for n in expected_numbers[1:])
        if not (total_ok or parts_ok):
            reasons.append(f"neither the total {expected_numbers[:1]} nor all parts {expected_numbers[1:]} stated")
        if item.get("expected_tables") and not cited & set(item["expected_tables"]):
            reasons.append(f"cites none of {item['expected_tables']}")
    else:
        for number in expected_numbers:
            if not has_number(number, stated, tolerance):
                reasons.append(f"missing number {number}")
        for table in item.get("expected_tables", []):
            if table not in cited:
                reasons.append(f"table {table} not cited")
    for phrase in item.get("expected_text", []):
        if phrase not in text:
            reasons.append(f"missing text “{phrase}”")
    if item["category"] == "empty" and not NEGATION.search(text):
        reasons.append("does not say there is none")
    if route in ("refuse", "clarify") and item["category"] != "ambiguous":
        reasons.append(f"route {route} for an answerable question")
    return Scored(item, answer, not reasons, reasons)


def run_cases(cases: list[dict[str, Any]], docs: list[Path]) -> list[Scored]:
    from assistant.config import load_settings
    from assistant.pipeline import Engine
    from assistant.store import Store

    with tempfile.TemporaryDirectory(prefix="budget-qa-eval-") as data_dir:
        settings = load_settings(data_dir=Path(data_dir))
        store = Store(settings)
        store.ingest(docs)
        engine = Engine(settings, store)
        try:
            results = []
            for item in cases:
                started = time.perf_counter()
                history = []
                for earlier in item.get("history", []):
                    history.append(engine.ask(earlier, history))
                answer = engine.ask(item["question"], history).to_dict()
                scored = score(item, answer)
                scored.seconds = time.perf_counter() - started
                scored.outcome = outcome_of(scored)
                results.append(scored)
            return results
        finally:
            engine.close()


def load_cases(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def tally(results: list[Scored]) -> str:
    counts = {name: sum(r.outcome == name for r in results) for name in OUTCOMES}
    return " · ".join(f"{name} {n}" for name, n in counts.items())


def report(name: str, results: list[Scored], out: Path | None) -> tuple[int, int]:
    by_category: dict[str, list[bool]] = defaultdict(list)
    for result in results:
        by_category[result.item["category"]].append(result.passed)
    print(f"== {name}: {tally(results)}")
    for category, passes in sorted(by_category.items()):
        print(f"  {category:<10} {sum(passes):>3}/{len(passes):<3} {100 * sum(passes) / len(passes):6.1f}%")
    for result in results:
        if not result.passed:
            print(f"  FAIL {result.item.get('id', '?')} [{result.item['category']}] {result.item['question']}")
            print(f"       expected numbers={result.item.get('expected_numbers')} tables={result.item.get('expected_tables')}"
                  f" text={result.item.get('expected_text')}")
            print(f"       because: {'; '.join(result.reasons)}")
            print("       got: " + result.answer["answer"].replace("\n", "\n            "))
    passed = sum(r.passed for r in results)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps([{"id": r.item.get("id"), "category": r.item["category"], "passed": r.passed,
                                    "outcome": r.outcome, "reasons": r.reasons, "question": r.item["question"], "answer": r.answer,
                                    "seconds": round(r.seconds, 4)} for r in results],
                                  ensure_ascii=False, indent=1), encoding="utf-8")
    return passed, len(results) - passed


def suites() -> dict[str, dict[str, Any]]:
    path = ROOT / "evals" / "suites.yaml"
    if not path.exists():
        return {"seed_public": {"cases": "evals/seed_public.jsonl",
                                "docs": ["assistant/data/sample/北京市政务服务中心_2026_部门预算.txt"]}}
    return yaml.safe_load(path.read_text(encoding="utf-8"))["suites"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", type=Path, help="JSONL case files (default: the suites)")
    parser.add_argument("--suite", action="append", help="run only these suites from evals/suites.yaml")
    parser.add_argument("--docs", nargs="+", type=Path, help="documents for the case files given")
    parser.add_argument("--report", type=Path, default=ROOT / "evals" / "reports" / "latest.json")
    args = parser.parse_args(argv)
    if args.cases:
        plan = {path.stem: (load_cases(path), args.docs or [ROOT / suites()["seed_public"]["docs"][0]])
                for path in args.cases}
    else:
        chosen = {name: spec for name, spec in suites().items() if not args.suite or name in args.suite}
        plan = {name: (load_cases(ROOT / spec["cases"]), [ROOT / doc for doc in spec["docs"]])
                for name, spec in chosen.items()}
    total_passed = total_failed = 0
    everything: list[Scored] = []
    for name, (cases, docs) in plan.items():
        results = run_cases(cases, docs)
        out = args.report.with_name(f"{args.report.stem}-{name}{args.report.suffix}")
        passed, failed = report(name, results, out)
        total_passed, total_failed = total_passed + passed, total_failed + failed
        everything += results
    print(f"all suites: {tally(everything)}")
    print(f"{total_passed} passed, {total_failed} failed")
    return 0 if total_failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
