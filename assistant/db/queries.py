"""Named, parameterised queries. Each carries a Chinese description, shown where its rows are cited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import duckdb

from assistant.db.run import Results, run_read_only


@dataclass(frozen=True)
class Query:
    name: str
    description: str
    sql: str

    def run(self, con: duckdb.DuckDBPyConnection, params: Sequence[Any] | Mapping[str, Any] = (),
            row_cap: int = 100_000) -> Results:
        return run_read_only(con, self.sql, params, row_cap=row_cap, checked=False)

    def shown(self, params: Mapping[str, Any]) -> str:
        """The SQL with its parameters written in, for the answer's ``sql`` field."""
        text = " ".join(self.sql.split())
        for name, value in sorted(params.items(), key=lambda item: -len(item[0])):
            literal = "NULL" if value is None else str(value) if isinstance(value, (int, float)) \
                else "'" + str(value).replace("'", "''") + "'"
            text = text.replace(f"${name}", literal)
        return text


DOCUMENTS = Query("documents", "已导入的预算/决算文件", """
    SELECT d.doc_id, d.title, d.department, d.year, d.kind, d.source_name, d.n_tables, d.n_rows,
           d.validation_status,
           (SELECT count(*) FROM validations v WHERE v.doc_id = d.doc_id) AS n_checks,
           (SELECT count(*) FROM validations v WHERE v.doc_id = d.doc_id AND v.status = 'warning') AS n_warnings,
           d.ingested_at, d.sha256,
           (SELECT count(*) FROM doc_warnings w WHERE w.doc_id = d.doc_id) AS n_notes
    FROM documents d ORDER BY d.department, d.year, d.kind""")

WARNINGS = Query("warnings", "导入时核对未通过的勾稽关系", """
    SELECT check_name, expected, actual, detail, row_ids FROM validations
    WHERE doc_id = ? AND status = 'warning' ORDER BY check_name""")

CHECKS = Query("checks", "导入时核对的勾稽关系（全部）", """
    SELECT check_name, status, expected, actual, detail FROM validations
    WHERE doc_id = ? ORDER BY status DESC, check_name""")

DOC_WARNINGS = Query("doc_warnings", "导入时未能读准的表、须确认的识别结果", """
    SELECT scope, table_code, page, message FROM doc_warnings WHERE doc_id = ? ORDER BY seq""")

TABLES = Query("tables", "文件中的表", """
    SELECT table_code, table_title, table_kind, unit, n_rows, is_empty, column_paths
    FROM doc_tables WHERE doc_id = ? ORDER BY seq""")

TABLE_ROWS = Query("table_rows", "表格原文（逐行）", """
    SELECT row_id, row_no, line_no, page, role, cells FROM source_rows
    WHERE doc_id = ? AND table_code = ? ORDER BY row_no""")

SOURCE_ROW = Query("source_row", "事实所在的原表行", """
    SELECT r.doc_id, d.title, r.table_code, t.table_title, r.row_no, r.line_no, r.page, r.cells
    FROM source_rows r JOIN documents d USING (doc_id) JOIN doc_tables t USING (doc_id, table_code)
    WHERE r.doc_id = ? AND r.row_id = ?""")


# ---------------------------------------------------------------- vocabulary (what questions can name)

VOCAB_SUBJECTS = Query("vocab_subjects", "科目名称", """
    SELECT DISTINCT doc_id, 'func' AS scheme, func_code AS code, func_name AS name FROM line_items WHERE func_code IS NOT NULL
    UNION SELECT DISTINCT doc_id, 'func', func_kuan_code, func_kuan_name FROM line_items WHERE func_kuan_name IS NOT NULL
    UNION SELECT DISTINCT doc_id, 'func', func_class_code, func_class_name FROM line_items WHERE func_class_name IS NOT NULL
    UNION SELECT DISTINCT doc_id, 'gov_econ', gov_econ_code, gov_econ_name FROM line_items WHERE gov_econ_code IS NOT NULL
    UNION SELECT DISTINCT doc_id, 'dept_econ', dept_econ_code, dept_econ_name FROM line_items WHERE dept_econ_code IS NOT NULL
    UNION SELECT DISTINCT doc_id, 'dept_econ', dept_econ_class_code, dept_econ_class_name FROM line_items
          WHERE dept_econ_class_name IS NOT NULL""")

VOCAB_SUMMARY = Query("vocab_summary", "收支总表项目（只列在上年结转、结转下年之下的，带上它）", """
    SELECT doc_id, table_code, side, item,
           CASE WHEN bool_and(coalesce(regexp_matches(parent, '结转|结余'), false)) THEN min(parent) END AS carried
    FROM summary_items GROUP BY doc_id, table_code, side, item""")
VOCAB_SUMMARY_PRINTED = Query("vocab_summary_printed", "收支总表中总计的原文名称（合计、总计、收入合计）", """
    SELECT doc_id, table_code, side, item, item_raw FROM summary_items
    WHERE is_total AND item IN ('收入总计', '支出总计') AND item <> item_raw
    GROUP BY doc_id, table_code, side, item, item_raw
    ORDER BY doc_id, table_code, side = '支出', MIN(seq)  -- 收入 before 支出, as printed""")

VOCAB_PROJECTS = Query("vocab_projects", "项目", """
    SELECT doc_id, row_id, project_name, project_code FROM projects""")

VOCAB_INDICATORS = Query("vocab_indicators", "绩效指标", """
    SELECT doc_id, row_id, name, project_name FROM indicators""")

VOCAB_THREE_PUBLIC = Query("vocab_three_public", "“三公”经费项目", """
    SELECT DISTINCT doc_id, table_code, item FROM three_public""")

VOCAB_PROCUREMENT = Query("vocab_procurement", "政府采购类别", """
    SELECT DISTINCT doc_id, table_code, category FROM procurement WHERE NOT is_total""")

COLUMN_YEARS = Query("column_years", "表中按年度分列的金额列", """
    SELECT DISTINCT doc_id, stage FROM three_public WHERE regexp_matches(stage, '20[0-9][0-9]年')
    UNION SELECT DISTINCT doc_id, stage FROM line_items WHERE regexp_matches(stage, '20[0-9][0-9]年')""")

VOCAB_TABLES = Query("vocab_tables", "表", """
    SELECT doc_id, table_code, table_title, table_kind, is_empty, column_paths, unit, decimals
    FROM doc_tables ORDER BY doc_id, seq""")


# ---------------------------------------------------------------- answering

# A stage filter: '' = each table's main figure (决算数 in a 决算 table); '预算' = whichever budget stage a
# table publishes; else that stage (a table publishing one figure per row answers only '').
BUDGET_STAGES = ("全年预算数", "调整预算数", "预算数", "年初预算数")  # preferred first (完成率 is over the last budget)
_STAGE_SQL = ("CASE WHEN $stage = '' THEN coalesce({p}main_stage, true) "
              "WHEN $stage = '预算' THEN {p}stage IN (" + ", ".join(f"'{s}'" for s in BUDGET_STAGES) + ") "
              "ELSE {p}stage = $stage END")
_STAGE, _STAGE_L = _STAGE_SQL.format(p=""), _STAGE_SQL.format(p="l.")
# A unit filter: NULL = the whole department (every block of a table by 预算单位); else that unit's block.
_UNIT, _UNIT_L = "($unit IS NULL OR unit_name = $unit)", "($unit IS NULL OR l.unit_name = $unit)"

LINE_ROWS = Query("line_rows", "支出表中某科目的行", """
    SELECT row_id, table_code, func_code, func_name, gov_econ_code, gov_econ_name, dept_econ_code, dept_econ_name,
           amount, unit, unit_name
    FROM line_items
    WHERE doc_id = $doc AND table_code = $table AND measure = $measure
      AND """ + _STAGE + """ AND """ + _UNIT + """
      AND CASE $scheme WHEN 'func' THEN starts_with(func_code, $code)
                       WHEN 'gov_econ' THEN gov_econ_code = $code
                       ELSE dept_econ_code = $code OR dept_econ_class_code = $code END
    ORDER BY row_id""")

LINE_TABLES_WITH = Query("line_tables_with", "含有某科目的支出表", """
    SELECT l.table_code, count(DISTINCT l.row_id) AS n_rows, list(DISTINCT l.measure) AS measures
    FROM line_items l JOIN doc_tables t USING (doc_id, table_code)
    WHERE l.doc_id = $doc AND """ + _STAGE_L + """ AND """ + _UNIT_L + """
      AND CASE $scheme WHEN 'func' THEN starts_with(l.func_code, $code)
                       WHEN 'gov_econ' THEN l.gov_econ_code = $code
                       ELSE l.dept_econ_code = $code OR l.dept_econ_class_code = $code END
    GROUP BY l.table_code, t.seq ORDER BY t.seq""")

UNIT_BLOCKS = Query("unit_blocks", "支出表中按预算单位分列的单位", """
    SELECT DISTINCT unit_name FROM line_items WHERE doc_id = $doc AND unit_name IS NOT NULL""")

UNIT_BLOCK_ROWS = Query("unit_block_rows", "支出表中各单位的合计行", """
    SELECT c.table_code, c.row_id, c.row_label, c.column_path, c.amount, c.unit FROM cells c
    WHERE c.doc_id = $doc AND c.table_code = $table AND c.row_label IN (
        SELECT DISTINCT unit_name FROM line_items l WHERE l.doc_id = $doc AND l.table_code = $table)
    ORDER BY c.row_id, c.col_no""")

UNIT_ROW = Query("unit_row", "支出表中某单位的合计行", """
    SELECT row_id, column_path, amount, unit FROM cells
    WHERE doc_id = $doc AND table_code = $table AND row_label = $unit ORDER BY row_id, col_no""")

TABLE_MEASURES = Query("table_measures", "支出表的金额列", """
    SELECT t.table_code, t.table_title, t.table_kind, list(DISTINCT l.measure) FILTER (WHERE l.measure IS NOT NULL),
           coalesce(list(DISTINCT l.stage) FILTER (WHERE l.stage IS NOT NULL), [])
             || coalesce(any_value((SELECT list(DISTINCT p.stage) FILTER (WHERE p.stage IS NOT NULL) FROM three_public p
                                    WHERE p.doc_id = t.doc_id AND p.table_code = t.table_code)), []) AS stages,
           coalesce(bool_or(l.gov_econ_code IS NOT NULL OR l.dept_econ_code IS NOT NULL), false) AS has_econ,
           coalesce(bool_or(l.func_code IS NOT NULL), false) AS has_func,
           coalesce(bool_or(l.gov_econ_code IS NOT NULL), false) AS has_gov_econ,
           coalesce(bool_or(l.dept_econ_code IS NOT NULL), false) AS has_dept_econ
    FROM doc_tables t LEFT JOIN line_items l USING (doc_id, table_code)
    WHERE t.doc_id = $doc GROUP BY t.table_code, t.table_title, t.table_kind, t.seq ORDER BY t.seq""")

TOTAL_ROW = Query("total_row", "表的合计行", """
    SELECT c.row_id, c.column_path, c.amount, c.unit, c.row_label
    FROM cells c JOIN source_rows r USING (doc_id, row_id)
    WHERE c.doc_id = $doc AND c.table_code = $table AND r.role = 'total'
    ORDER BY r.row_no, c.col_no""")

SUMMARY_ITEM = Query("summary_item", "收支总表的项目", """
    SELECT row_id, table_code, side, item, item_raw, parent, amount, unit
    FROM summary_items WHERE doc_id = $doc AND table_code = $table AND item = $item
    ORDER BY seq, column_path LIMIT 1""")

SUMMARY_SIDE = Query("summary_side", "收支总表一方的各项", """
    SELECT row_id, item, item_raw, amount, unit, parent, is_total
    FROM summary_items WHERE doc_id = $doc AND table_code = $table AND side = $side ORDER BY seq""")

PROJECTS = Query("projects", "项目支出绩效目标表的项目", """
    SELECT row_id, table_code, project_code, project_name, total, unit, goal, fiscal_funds, other_funds, unit_name
    FROM projects WHERE doc_id = $doc ORDER BY row_id""")

INDICATORS = Query("indicators", "项目的绩效指标", """
    SELECT row_id, table_code, project_name, level1, level2, name, operator, value, unit
    FROM indicators WHERE doc_id = $doc ORDER BY row_id""")

THREE_PUBLIC = Query("three_public", "“三公”经费", """
    SELECT row_id, table_code, item, amount, unit, column_path FROM three_public
    WHERE doc_id = $doc AND """ + _STAGE + """
    ORDER BY row_id, rowid  -- the table's column order""")

PROCUREMENT = Query("procurement", "政府采购", """
    SELECT row_id, table_code, category, is_total, amount, unit FROM procurement WHERE doc_id = $doc ORDER BY row_id""")

COLUMN_CELLS = Query("column_cells", "表中某列的金额", """
    SELECT row_id, column_path, amount, unit, row_label FROM cells
    WHERE doc_id = $doc AND table_code = $table ORDER BY row_id, col_no""")

LINES_GROUPED = Query("lines_grouped", "按科目汇总的支出", """
    SELECT CASE $by WHEN 'func' THEN func_code WHEN 'gov_econ' THEN gov_econ_code ELSE dept_econ_code END AS code,
           any_value(CASE $by WHEN 'func' THEN func_name WHEN 'gov_econ' THEN gov_econ_name ELSE dept_econ_name END) AS name,
           sum(amount) AS amount, any_value(unit) AS unit, list(row_id ORDER BY row_id) AS row_ids,
           list(amount ORDER BY row_id) AS amounts
    FROM line_items WHERE doc_id = $doc AND table_code = $table AND measure = $measure
      AND """ + _STAGE + """ AND """ + _UNIT + """
    GROUP BY 1 HAVING code IS NOT NULL ORDER BY amount DESC, code""")

CITED_ROWS = Query("cited_rows", "引用的原表行", """
    SELECT r.doc_id, r.row_id, d.title, r.table_code, t.table_title, r.row_no, r.line_no, r.page, r.cells,
           coalesce(r.source_file, d.source_name) AS source, r.source_file IS NOT NULL AS one_of_files, r.section
    FROM source_rows r JOIN documents d USING (doc_id) JOIN doc_tables t USING (doc_id, table_code)
    WHERE r.doc_id = $doc AND list_contains($rows, r.row_id) ORDER BY t.seq, r.row_no""")

# A row of a 收入表 by 单位 names a unit of the department: its name ends in the kind of body it is.
UNIT_NAME = r"(局|委员会|委|办公室|办|中心|处|院|所|馆|站|队|学校|校|园|室|会|部|厅|团|社|台|场|宫|库)(（[^）]*）|\([^)]*\))?$"

# a unit's row of a 收入表 by 单位: not a subject's row (its code of 3, 5 or 7 digits first; a unit's own
# code, 068002, may stand there)
_UNIT_ROW = """t.table_kind = 'income' AND regexp_matches(c.row_label, $unit_name)
             AND NOT regexp_matches(coalesce(r.cells[1], ''), '^\\s*([0-9]{3}|[0-9]{5}|[0-9]{7})([^0-9]|$)')
             AND c.row_label NOT IN (SELECT coalesce(func_name, '') FROM line_items l WHERE l.doc_id = c.doc_id
                                     UNION SELECT coalesce(func_kuan_name, '') FROM line_items l WHERE l.doc_id = c.doc_id)"""

VOCAB_ROWS = Query("vocab_rows", "明细表的行（收入表中按单位分列的行）", f"""
    SELECT c.doc_id, c.table_code, c.row_id, any_value(c.row_label) AS label
    FROM cells c JOIN doc_tables t USING (doc_id, table_code) JOIN source_rows r USING (doc_id, row_id)
    WHERE r.role = 'body' AND c.row_label <> '' AND (t.table_kind IN ('purchase_service', 'generic') OR {_UNIT_ROW})
    GROUP BY c.doc_id, c.table_code, c.row_id""")

UNIT_ROWS = Query("unit_rows", "收入表中按单位分列的行", f"""
    SELECT c.table_code, c.row_id, any_value(c.row_label) AS label, first(c.amount ORDER BY c.col_no) AS amount,
           any_value(c.unit) AS unit, any_value(d.department) AS department
    FROM cells c JOIN doc_tables t USING (doc_id, table_code) JOIN source_rows r USING (doc_id, row_id)
         JOIN documents d USING (doc_id)
    WHERE c.doc_id = $doc AND r.role = 'body' AND c.row_label <> '' AND {_UNIT_ROW}
    GROUP BY c.table_code, c.row_id ORDER BY c.table_code, c.row_id""")

TABLE_ROWS_FROM = Query("table_rows_from", "表中某行起的各行（原样）", """
    SELECT row_id, cells FROM source_rows WHERE doc_id = $doc AND table_code = $table AND row_id >= $first
    ORDER BY row_id""")

TABLE_ROW_AMOUNTS = Query("table_row_amounts", "表中各行的金额", """
    SELECT c.row_id, any_value(c.row_label) AS label, first(c.amount ORDER BY c.col_no) AS amount,
           any_value(c.unit) AS unit
    FROM cells c JOIN source_rows r USING (doc_id, row_id)
    WHERE c.doc_id = $doc AND c.table_code = $table AND r.role = 'body'
    GROUP BY c.row_id ORDER BY c.row_id""")

DOCUMENT_SAYS = Query("document_says", "文件原文中出现的词", """
    SELECT count(*) FROM source_rows
    WHERE doc_id = $doc AND contains(replace(array_to_string(cells, ''), ' ', ''), $word)""")

NARRATIVE = Query("narrative", "说明文字（逐段）", """
    SELECT row_id, text FROM passages WHERE doc_id = ? AND kind = 'narrative' ORDER BY row_id""")

VOCAB_NARRATIVE = Query("vocab_narrative", "各文件的说明文字（逐段）", """
    SELECT doc_id, row_id, text FROM passages WHERE kind = 'narrative' ORDER BY doc_id, row_id""")


# ---------------------------------------------------------------- suggested questions (assistant/suggest.py)

SUGGEST_PROJECTS = Query("suggest_projects", "项目（按金额从大到小）", """
    SELECT project_name, max(total_wan) AS amount FROM projects WHERE doc_id = ?
    GROUP BY project_name ORDER BY amount DESC NULLS LAST, project_name""")

SUGGEST_INDICATORS = Query("suggest_indicators", "项目的绩效指标", """
    SELECT name FROM indicators WHERE doc_id = ? AND project_name = ? AND value_num IS NOT NULL
    ORDER BY row_id LIMIT 1""")

SUGGEST_SUBJECT = Query("suggest_subject", "金额最大的经济分类科目", """
    SELECT dept_econ_name FROM line_items WHERE doc_id = ? AND dept_econ_name IS NOT NULL AND main_stage IS NOT FALSE
    GROUP BY dept_econ_name ORDER BY max(amount_wan) DESC NULLS LAST LIMIT 1""")

SUGGEST_CLASS = Query("suggest_class", "金额最大的功能分类类级科目", """
    SELECT func_class_name FROM line_items WHERE doc_id = ? AND func_class_name IS NOT NULL
    AND main_stage IS NOT FALSE GROUP BY func_class_name ORDER BY max(amount_wan) DESC NULLS LAST LIMIT 1""")
