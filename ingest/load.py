"""A budget file → one document in DuckDB and its passages in the vector store, atomically.

Steps (``ingest_paths``): parse and check every file first — one bad file and
nothing is written; then per document one DuckDB transaction (a changed file
replaces its document whole; an unchanged one is a no-op). DuckDB is the
source of truth: passages are added to the vector store under new ids before
the transaction commits, and :func:`reconcile` then drops whatever the store
holds that DuckDB does not (an old version's passages, or the leftovers of a
crash), so the two never disagree for long and retrieval never serves a
passage DuckDB does not know.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from collections import Counter
from dataclasses import dataclass, field
from dataclasses import replace as copy_with
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import duckdb

from assistant.errors import IdentityClash, IngestError, ParseError
from assistant.interfaces import Passage, VectorStore
from ingest.detect import detect_meta
from ingest.extract import extract
from ingest.facts import Facts
from ingest.model import Paragraph, ParsedDocument, ParsedFile, RawTable
from ingest.passages import build_passages, embedding_text
from ingest.formats import PARSERS
from ingest.validate import Check, validate

Progress = Callable[[str], None]
Steps = Callable[[int, int], None]  # (done, total)
# Bumped when typing or validation changes what a file yields: an unchanged file is then read again.
EXTRACTION_VERSION = "8"  # 8: “三公” column groups by year (2025年预算数 | 2026年预算数); 7: 其中：基本支出 and a lone 预算 column named as measures; 3: “三公” items by stage; 4: the pdfium reader, warnings kept per table; 5: 收入总计 named, （本级） dropped; 6: 三公 by fund and year rows
_TABLES_NEEDING_TOTAL = ("lines", "summary", "procurement")
# Order of deletion and insertion; documents last in, first out.
FACT_TABLES = ("doc_tables", "source_rows", "cells", "line_items", "summary_items", "projects", "indicators",
               "three_public", "procurement", "validations", "doc_warnings", "passages")


@dataclass
class Prepared:
    """A file parsed, typed and checked, ready to write."""

    doc: ParsedDocument
    doc_id: str
    facts: Facts
    checks: list[Check]
    passages: list[Passage]
    paths: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class IngestOutcome:
    source_name: str
    doc_id: str
    title: str
    status: str  # added | replaced | unchanged
    n_tables: int
    n_rows: int
    warnings: int  # identity checks that failed
    notes: int = 0  # what the reading itself warns of (a guessed identity, a table not fully read)


def document_id(department: str, year: int | None, kind: str) -> str:
    """Stable for a department's budget of a year: a revised file of it replaces it."""
    return hashlib.sha1(f"{department}|{year}|{kind}".encode("utf-8")).hexdigest()[:10]


def parse(path: Path) -> ParsedFile:
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        raise IngestError(file=path.name,
                          reason_zh=f"不支持的文件格式“{path.suffix or '无扩展名'}”，支持：{'、'.join(PARSERS)}。",
                          reason_en=f"unsupported file type '{path.suffix or 'none'}'; supported: {', '.join(PARSERS)}.")
    if not path.is_file():
        raise IngestError(file=str(path), reason_zh="文件不存在。", reason_en="no such file.")
    return parser(path)


def prepare(path: Path, department: str | None = None, year: int | None = None, kind: str | None = None) -> Prepared:
    return prepare_together([path], department, year, kind)


def prepare_together(paths: list[Path], department: str | None = None, year: int | None = None,
                     kind: str | None = None) -> Prepared:
    """One document from one file, or from several that are one publication (报表.pdf and
    情况说明.pdf): their tables and prose together, each row knowing its file."""
    parts = [(path, parse(path)) for path in paths]
    warnings = [warning for path, parsed in parts for warning in check_structure(path, parsed, alone=len(parts) == 1)]
    parsed = parts[0][1] if len(parts) == 1 else merge_files(parts)
    name = " + ".join(path.name for path, _ in parts)
    sha256 = hashlib.sha256(b"".join(path.read_bytes() for path, _ in parts)).hexdigest() if len(parts) > 1 \
        else hashlib.sha256(paths[0].read_bytes()).hexdigest()
    meta = detect_meta(paths[0].name, parsed.lines, parsed.tables, parsed.cover, department, year, kind)
    doc = ParsedDocument(name, sha256, meta, parsed.tables, parsed.narrative)
    doc_id = document_id(meta.department, meta.year, meta.kind)
    facts, names = extract(doc, doc_id)
    for message in meta.warnings:
        facts.add("doc_warnings", scope="identity", table_code=None, page=None, message=message)
    for table, page, message in warnings:
        facts.add("doc_warnings", scope="table", table_code=table, page=page, message=message)
    checks = validate(facts, names)
    return Prepared(doc, doc_id, facts, checks, build_passages(facts, doc_id, sha256[:8]), paths)


def merge_files(parts: list[tuple[Path, ParsedFile]]) -> ParsedFile:
    """Several files of one publication as one: tables and prose in file order, each row and paragraph
    tagged with its file (pages are the file's own), line numbers running on, table codes kept unique."""
    tables: list[RawTable] = []
    narrative: list[Paragraph] = []
    lines: list[str] = []
    cover: list[str] = []
    offset = 0
    codes: set[str] = set()
    for path, parsed in parts:
        for table in parsed.tables:
            code = table.code if table.code not in codes else f"{table.code}({path.stem})"
            codes.add(code)
            rows = [copy_with(row, line_no=row.line_no + offset, source=path.name) for row in table.rows]
            tables.append(copy_with(table, code=code, heading_line=table.heading_line + offset, rows=rows))
        narrative += [p._replace(line_no=p.line_no + offset, source=path.name) for p in parsed.narrative]
        lines += parsed.lines
        cover += parsed.cover if parsed.cover is not None else parsed.lines[:40]
        offset += len(parsed.lines)
    return ParsedFile(tables, narrative, lines, cover)


_CUT_OFF_FORMATS = (".txt", ".tsv", ".csv")  # formats a file can be cut short in and still be read


def check_structure(path: Path, parsed: ParsedFile, alone: bool = True) -> list[tuple[str, int | None, str]]:
    """Refuse what is no budget or is cut off; anything else odd about a table is a warning
    (table code, page, what is odd), and the table is kept."""
    from ingest.extract import classify

    name = path.name
    if not parsed.tables and not _budget_text(parsed):
        raise IngestError(file=name,
                          reason_zh="没有找到任何预算表（例如“预算01表 收支总表”），这似乎不是部门预算或决算文件。",
                          reason_en="no budget table found (such as '预算01表 收支总表'); this does not look like a budget.")
    warnings: list[tuple[str, int | None, str]] = []
    if not parsed.tables and alone:
        warnings.append(("", None, "文件中没有预算表，只导入了文字说明（情况说明）；表格数字须与报表文件一起导入"
                                   "（budget-qa ingest 报表.pdf 说明.pdf --as-one）。"))
    for table in parsed.tables:
        where = table.rows[-1].line_no if table.rows else table.heading_line
        page = table.rows[-1].page if table.rows else None
        no_rows = not [row for row in table.body_rows if row.role != "note"] and not table.says_empty
        no_total = classify(table.title) in _TABLES_NEEDING_TOTAL and not table.says_empty \
            and not any(r.role == "total" for r in table.rows)
        if (no_rows or no_total) and table is parsed.tables[-1] and _ends_file(parsed, table) \
                and path.suffix.lower() in _CUT_OFF_FORMATS:
            what = "没有数据行" if no_rows else "缺少合计行"
            raise ParseError(file=name, line=where, page=page,
                             reason_zh=f"表“{table.code} {table.title}”{what}，文件可能被截断。",
                             reason_en=f"table '{table.code}' has no {'data rows' if no_rows else 'total row'}; "
                                       "the file may be truncated.")
        if no_rows:
            warnings.append((table.code, page, f"表“{table.name}”没有读出数据行。"))
        elif no_total:
            warnings.append((table.code, page, f"表“{table.name}”没有读出合计行，"
                                               "其合计无法核对。"))
    return warnings


def _ends_file(parsed: ParsedFile, table: RawTable) -> bool:
    """The table is the last thing in the file: nothing after it but blank lines."""
    last = max((row.line_no for row in table.rows), default=table.heading_line)
    return not any(paragraph.line_no > last for paragraph in parsed.narrative)


_BUDGET_WORDS = re.compile(r"(部门|单位)(预算|决算)|预算|决算")
_MONEY = re.compile(r"\d[\d,]*(\.\d+)?\s*(万元|元|亿元)")


def _budget_text(parsed: ParsedFile) -> bool:
    """A 情况说明 published apart from its tables: budget words and amounts in 万元/元 in its prose."""
    text = "\n".join(paragraph.text for paragraph in parsed.narrative)
    return len(_BUDGET_WORDS.findall(text)) >= 3 and len(_MONEY.findall(text)) >= 3


def ingest_paths(con: duckdb.DuckDBPyConnection, vectors: VectorStore, paths: list[Path],
                 department: str | None = None, year: int | None = None, kind: str | None = None,
                 progress: Progress = lambda message: None, replace: bool = False,
                 as_one: bool = False, workers: int = 1, steps: Steps = lambda done, total: None) -> list[IngestOutcome]:
    """Parse and check every file, then write each document; ``as_one`` makes one document of all.
    ``steps(done, total)`` counts the work for a progress bar: each file parsed, each document written."""
    if as_one:
        progress(f"解析 {' + '.join(path.name for path in paths)}（合为一份文件）…")
        prepared = [prepare_together(paths, department, year, kind)]
        steps(1, 2)
    else:
        prepared = prepare_all(paths, department, year, kind, progress, workers,
                               lambda done: steps(done, 2 * len(paths)))
        prepared = pair_narratives(prepared, department, year, kind, progress)
    check_identities(con, prepared, replace)
    outcomes = []
    parsed = 1 if as_one else len(paths)
    for item in prepared:
        outcomes.append(write_document(con, vectors, item, progress))
        steps(parsed + len(outcomes), parsed + len(prepared))
    reconcile(con, vectors)
    return outcomes


def prepare_all(paths: list[Path], department: str | None, year: int | None, kind: str | None,
                progress: Progress, workers: int = 1, parsed: Callable[[int], None] = lambda done: None
                ) -> list[Prepared]:
    """Every file parsed and checked, in order, the first error raised as it would be one by one.
    With ``workers`` > 1, in that many fresh worker processes (parsing is CPU-bound Python); only an
    entry point that guards its main module (the CLI, a script) may ask for them."""
    workers = min(len(paths), workers, os.cpu_count() or 1)
    if workers < 2:
        prepared = []
        for path in paths:
            progress(f"解析 {path.name} …")
            prepared.append(prepare(path, department, year, kind))
            parsed(len(prepared))
        return prepared
    progress(f"解析 {len(paths)} 个文件（{workers} 个进程）…")
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(prepare, path, department, year, kind) for path in paths]
        prepared = []
        for path, future in zip(paths, futures):
            prepared.append(future.result())
            progress(f"已解析 {path.name}")
            parsed(len(prepared))
        return prepared


def pair_narratives(prepared: list[Prepared], department: str | None, year: int | None, kind: str | None,
                    progress: Progress) -> list[Prepared]:
    """A tables file and a text-only file (its 情况说明) of the same department, year and kind, given
    in one command, are one publication: they are read again as one document."""
    by_id: dict[str, list[Prepared]] = {}
    for item in prepared:
        by_id.setdefault(item.doc_id, []).append(item)
    result = []
    for items in by_id.values():
        with_tables = [item for item in items if item.doc.tables]
        if len(items) == 2 and len(with_tables) == 1:
            paths = with_tables[0].paths + [item for item in items if not item.doc.tables][0].paths
            progress(f"{paths[1].name} 是 {paths[0].name} 的情况说明，合为一份文件导入。")
            result.append(prepare_together(paths, department, year, kind))
        else:
            result += items
    return result


def check_identities(con: duckdb.DuckDBPyConnection, prepared: list[Prepared], replace: bool) -> None:
    """A file never silently takes the place of another: two files of one command, or a new file and a
    stored document, that resolve to the same department, year and kind are refused (unless
    ``replace``). The same file again, or a changed file of the same name, is fine."""
    seen: dict[str, Prepared] = {}
    for item in prepared:
        other = seen.setdefault(item.doc_id, item)
        if other is not item and other.doc.sha256 != item.doc.sha256:
            raise IdentityClash(title=item.doc.meta.title, first=other.doc.source_name, second=item.doc.source_name,
                                hint="若两者是同一份公开文件的报表和情况说明，请加 --as-one 合并导入；否则请用 "
                                     "--department/--year 分别指定。",
                                hint_en="if they are the tables and the narrative of one publication, add --as-one; "
                                        "otherwise set --department/--year for each.")
        stored = con.execute("SELECT source_name, sha256 FROM documents WHERE doc_id = ?", [item.doc_id]).fetchone()
        if stored and not replace and stored[0] != item.doc.source_name and stored[1] != item.doc.sha256:
            raise IdentityClash(title=item.doc.meta.title, first=stored[0], second=item.doc.source_name,
                                hint="如确要以新文件替换库中的文件，请加 --replace；如二者是不同的单位或年度，请用 "
                                     "--department/--year 指定。",
                                hint_en="to replace the stored file with the new one, add --replace; if they are "
                                        "different departments or years, set --department/--year.")


def write_document(con: duckdb.DuckDBPyConnection, vectors: VectorStore, item: Prepared,
                   progress: Progress = lambda message: None) -> IngestOutcome:
    doc, facts = item.doc, item.facts
    existing = con.execute("SELECT sha256, extraction_version FROM documents WHERE doc_id = ?",
                           [item.doc_id]).fetchone()
    warnings = sum(not check.ok for check in item.checks)
    same = existing is not None and existing[0] == doc.sha256 and existing[1] == EXTRACTION_VERSION
    # The same file stored before under another identity (read before an override set it): superseded.
    superseded = [doc_id for (doc_id,) in con.execute(
        "SELECT doc_id FROM documents WHERE sha256 = ? AND source_name = ? AND doc_id <> ?",
        [doc.sha256, doc.source_name, item.doc_id]).fetchall()]
    outcome = IngestOutcome(doc.source_name, item.doc_id, doc.meta.title,
                            "unchanged" if same else "replaced" if existing or superseded else "added",
                            len(doc.tables), len(facts["source_rows"]), warnings, len(facts["doc_warnings"]))
    if outcome.status == "unchanged":
        progress(f"{doc.source_name} 未变化，跳过。")
        return outcome
    if superseded:
        progress(f"{doc.source_name} 已在库中，改记为 {doc.meta.title}。")
    progress(f"向量化 {len(item.passages)} 段文本 …")
    vectors.upsert(item.passages)
    progress(f"写入 {len(facts['source_rows'])} 行 …")
    con.execute("BEGIN TRANSACTION")
    try:
        for doc_id in [item.doc_id, *superseded]:
            _delete(con, doc_id)
        _insert(con, "documents", [_document_row(item, warnings)])
        facts.rows["validations"] = [check.as_row(item.doc_id) for check in item.checks]
        facts.rows["doc_warnings"] = [dict(doc_id=item.doc_id, seq=seq, **warning)
                                      for seq, warning in enumerate(facts["doc_warnings"], start=1)]
        facts.rows["passages"] = [dict(passage_id=p.id, doc_id=p.doc_id, row_id=p.row_id, table_code=p.table_code,
                                       kind=p.kind, text=p.text, metadata=json.dumps(p.metadata, ensure_ascii=False))
                                  for p in item.passages]
        for table in FACT_TABLES:
            _insert(con, table, facts[table])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return outcome


def remove_document(con: duckdb.DuckDBPyConnection, vectors: VectorStore, doc_id: str) -> bool:
    """Delete one document and everything read from it, in one transaction; False if it is not stored."""
    if con.execute("SELECT 1 FROM documents WHERE doc_id = ?", [doc_id]).fetchone() is None:
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        _delete(con, doc_id)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    reconcile(con, vectors)
    return True


def _delete(con: duckdb.DuckDBPyConnection, doc_id: str) -> None:
    """A document and everything read from it, inside the caller's transaction."""
    for table in reversed(FACT_TABLES):
        con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])
    con.execute("DELETE FROM documents WHERE doc_id = ?", [doc_id])


def _document_row(item: Prepared, warnings: int) -> dict[str, object]:
    meta = item.doc.meta
    units = Counter(table.unit for table in item.doc.tables if table.unit)
    return dict(doc_id=item.doc_id, department=meta.department, year=meta.year, kind=meta.kind, title=meta.title,
                source_name=item.doc.source_name, sha256=item.doc.sha256,
                unit=units.most_common(1)[0][0] if units else None,
                ingested_at=datetime.now(timezone.utc).replace(tzinfo=None),
                validation_status="warnings" if warnings else "ok",
                n_tables=len(item.doc.tables), n_rows=len(item.facts["source_rows"]),
                extraction_version=EXTRACTION_VERSION)


_ROWS_PER_INSERT = 500  # one multi-row VALUES statement: an order of magnitude faster than executemany


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, object]]) -> None:
    if not rows:
        return
    columns = list(dict.fromkeys(column for row in rows for column in row))  # a fact some extractors leave unset
    placeholders = "(" + ", ".join("?" for _ in columns) + ")"
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[start:start + _ROWS_PER_INSERT]
        con.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([placeholders] * len(chunk))}",
                    [row.get(column) for row in chunk for column in columns])


def reconcile(con: duckdb.DuckDBPyConnection, vectors: VectorStore) -> tuple[int, int]:
    """Make the vector store hold exactly DuckDB's passages: (added, removed)."""
    known = {row[0]: row for row in con.execute(
        "SELECT passage_id, doc_id, row_id, table_code, kind, text, metadata FROM passages").fetchall()}
    held = vectors.ids()
    stale = held - set(known)
    if stale:
        vectors.delete_ids(sorted(stale))
    missing = [Passage(*known[passage_id][:6], json.loads(known[passage_id][6]),
                       embedding_text(known[passage_id][4], known[passage_id][5]))
               for passage_id in sorted(set(known) - held)]
    if missing:
        vectors.upsert(missing)
    return len(missing), len(stale)
