"""The real corpus as a user's folder of downloads: what `budget-qa check` makes of every file.

    python benchmarks/corpus.py [FOLDER] [--workers 2] [--failures] [--json out.json]

FOLDER defaults to ../shared/real/corpus. Prints per file the identity found, tables, rows, checks
passed/failed, warnings and seconds, then the totals: files accepted, files passing every check,
documents/s, rows/s. ``--failures`` lists every failed check (to tell a real inconsistency of the
publication from a misreading).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.check import FileReport, check_files  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "real" / "corpus"


def _one(path: str) -> FileReport:
    return check_files([Path(path)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--failures", action="store_true", help="list every failed check")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    files = sorted(str(path) for path in args.folder.rglob("*") if path.suffix.lower() in
                   (".pdf", ".xlsx", ".xls", ".csv", ".txt"))
    if not files:
        print(f"no budget files under {args.folder}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        reports = list(pool.map(_one, files))
    wall = time.perf_counter() - started
    for path, report in zip(files, reports):
        name = str(Path(path).relative_to(args.folder))
        if report.refused:
            print(f"{report.seconds:6.2f}s  REFUSED  {name}: {report.refused.splitlines()[0]}")
            continue
        print(f"{report.seconds:6.2f}s  {'ok     ' if not report.failed else 'CHECKS '}  {name}: "
              f"{report.department} {report.year} {report.kind} · {len(report.tables)} 表 {report.rows} 行 "
              f"{report.paragraphs} 段 · 核对 "
              f"{len(report.checks) - len(report.failed)}/{len(report.checks)} (原文出入 {len(report.inconsistencies)}) · "
              f"提示 {len(report.warnings)}")
        if args.failures:
            for check in report.failed:
                print(f"           ✗ {check.name}: 应为 {check.expected} 实为 {check.actual}")
            for warning in report.warnings:
                print(f"           ! {warning}")
    accepted = [r for r in reports if not r.refused]
    clean = [r for r in accepted if not r.failed]
    rows = sum(r.rows for r in accepted)
    cpu = sum(r.seconds for r in reports)
    print(f"\n{len(files)} files · accepted {len(accepted)} ({100 * len(accepted) / max(1, len(files)):.1f}%) · "
          f"every check passed {len(clean)} ({100 * len(clean) / max(1, len(files)):.1f}%) · "
          f"checks {sum(len(r.checks) - len(r.failed) for r in accepted)}/{sum(len(r.checks) for r in accepted)} · "
          f"warnings {sum(len(r.warnings) for r in accepted)}")
    print(f"wall {wall:.1f} s with {args.workers} workers · {len(files) / wall:.2f} documents/s · "
          f"{rows / wall:.0f} rows/s · per file p50 {sorted(r.seconds for r in reports)[len(reports) // 2]:.2f} s, "
          f"max {max(r.seconds for r in reports):.2f} s · cpu {cpu:.1f} s")
    if args.json:
        args.json.write_text(json.dumps([{"file": f, "refused": r.refused, "department": r.department, "year": r.year,
                                          "kind": r.kind, "tables": len(r.tables), "rows": r.rows,
                                          "checks": len(r.checks), "failed": [c.name for c in r.failed],
                                          "warnings": r.warnings, "seconds": round(r.seconds, 3)}
                                         for f, r in zip(files, reports)], ensure_ascii=False, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
