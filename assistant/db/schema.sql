-- 预算问答助手: the DuckDB schema. Read by ingest (to create) and documented in docs/schema.md.
-- Money is DECIMAL(18,6) in the published unit (amount) and normalised to 万元 (amount_wan).
-- Every fact row carries (doc_id, row_id): the published row it came from, in source_rows.

CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,          -- short id, stable for (department, year, kind)
    department VARCHAR NOT NULL,         -- issuer, e.g. 北京市政务服务中心
    year INTEGER,                        -- budget year, e.g. 2026
    kind VARCHAR NOT NULL,               -- 预算 | 决算
    title VARCHAR NOT NULL,              -- e.g. 北京市政务服务中心2026年部门预算
    source_name VARCHAR NOT NULL,        -- file name as given to ingest
    sha256 VARCHAR NOT NULL,             -- of the file's bytes
    unit VARCHAR,                        -- the document's main money unit (万元 | 元)
    ingested_at TIMESTAMP NOT NULL,
    validation_status VARCHAR NOT NULL,  -- ok | warnings
    n_tables INTEGER NOT NULL,
    n_rows INTEGER NOT NULL,
    extraction_version VARCHAR          -- the extraction that typed it: a newer one re-reads the same file
);
ALTER TABLE documents ADD COLUMN IF NOT EXISTS extraction_version VARCHAR;

CREATE TABLE IF NOT EXISTS doc_tables (
    doc_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,                -- order in the document
    table_code VARCHAR NOT NULL,         -- as printed: 预算03表, 预算表12
    table_title VARCHAR NOT NULL,        -- 支出总表
    table_kind VARCHAR NOT NULL,         -- summary | income | lines | three_public | procurement | purchase_service | performance | generic
    unit VARCHAR,
    heading_line INTEGER NOT NULL,
    n_rows INTEGER NOT NULL,
    is_empty BOOLEAN NOT NULL,           -- no amount anywhere (e.g. only a blank 合计 row)
    column_paths VARCHAR[] NOT NULL,     -- header path per column, e.g. 预算数/基本支出/人员经费
    decimals INTEGER,                    -- decimals the table publishes its amounts with (6 for 万元 tables
                                         -- like 9,715.698690, 2 for 元 tables): answers show amounts so
    PRIMARY KEY (doc_id, table_code)
);
ALTER TABLE doc_tables ADD COLUMN IF NOT EXISTS decimals INTEGER;  -- stores made before the column existed

-- Provenance: every published row of every table, exactly as published.
CREATE TABLE IF NOT EXISTS source_rows (
    doc_id VARCHAR NOT NULL,
    row_id INTEGER NOT NULL,             -- unique within the document
    table_code VARCHAR NOT NULL,
    row_no INTEGER NOT NULL,             -- 1-based within the table, header rows included
    line_no INTEGER NOT NULL,            -- line in the source file (text/CSV) or sheet row (Excel)
    page INTEGER,                        -- PDF page, or the position of the Excel sheet (1-based)
    role VARCHAR NOT NULL,               -- header | body | total | note
    cells VARCHAR[] NOT NULL,
    source_file VARCHAR,                 -- the file the row is in, for a document made of several files
    section VARCHAR,                     -- prose: the heading of its section (三、政府采购预算情况)
    PRIMARY KEY (doc_id, row_id)
);
ALTER TABLE source_rows ADD COLUMN IF NOT EXISTS source_file VARCHAR;
ALTER TABLE source_rows ADD COLUMN IF NOT EXISTS section VARCHAR;

-- Every amount cell of every table, with its row label and column header path.
CREATE TABLE IF NOT EXISTS cells (
    doc_id VARCHAR NOT NULL,
    row_id INTEGER NOT NULL,
    table_code VARCHAR NOT NULL,
    col_no INTEGER NOT NULL,             -- 0-based
    row_label VARCHAR NOT NULL,          -- e.g. 本年收入合计, 2010350-事业运行, '' when the row has none
    column_path VARCHAR NOT NULL,        -- e.g. 预算数/基本支出/人员经费
    amount DECIMAL(18,6),                -- NULL: published blank
    unit VARCHAR,
    amount_wan DECIMAL(18,6)
);

-- Expenditure line items by subject (支出总表, 一般公共预算支出表, 基本支出表, 基金/国资 tables …).
CREATE TABLE IF NOT EXISTS line_items (
    doc_id VARCHAR NOT NULL,
    row_id INTEGER NOT NULL,
    table_code VARCHAR NOT NULL,
    func_code VARCHAR,                   -- 支出功能分类 项 (or 款/类 when the row is a subtotal)
    func_name VARCHAR,
    func_level VARCHAR,                  -- 类 | 款 | 项
    func_class_code VARCHAR,             -- 类: first 3 digits
    func_class_name VARCHAR,
    func_kuan_code VARCHAR,              -- 款: first 5 digits
    func_kuan_name VARCHAR,
    gov_econ_code VARCHAR,               -- 政府支出经济分类
    gov_econ_name VARCHAR,
    dept_econ_code VARCHAR,              -- 部门支出经济分类
    dept_econ_name VARCHAR,
    dept_econ_class_code VARCHAR,        -- 类: first 3 digits (301 工资福利支出 …)
    dept_econ_class_name VARCHAR,
    measure VARCHAR NOT NULL,            -- 合计 | 基本支出 | 项目支出 | 人员经费 | 公用经费 | …
    stage VARCHAR,                       -- 年初预算数 | 全年预算数 | 决算数 … when the table has several
    main_stage BOOLEAN,                  -- the figure a plain question means (决算数 in a 决算 table)
    column_path VARCHAR NOT NULL,
    amount DECIMAL(18,6) NOT NULL,
    unit VARCHAR,
    amount_wan DECIMAL(18,6)
);
ALTER TABLE line_items ADD COLUMN IF NOT EXISTS stage VARCHAR;
ALTER TABLE line_items ADD COLUMN IF NOT EXISTS unit_name VARCHAR;  -- the 预算单位 whose block of rows it is in
ALTER TABLE line_items ADD COLUMN IF NOT EXISTS main_stage BOOLEAN;

-- The two sides of 收支总表 / 财政拨款收支总表.
CREATE TABLE IF NOT EXISTS summary_items (
    doc_id VARCHAR NOT NULL,
    row_id INTEGER NOT NULL,
    table_code VARCHAR NOT NULL,
    side VARCHAR NOT NULL,               -- 收入 | 支出
    seq INTEGER NOT NULL,                -- order on its side
    item VARCHAR NOT NULL,               -- without its enumerator: 一般公共服务支出
    item_raw VARCHAR NOT NULL,           -- as published: 一、一般公共服务支出
    parent VARCHAR,                      -- the item it stands under: 一、公共安全支出 for 司法, 上年结转结余 for its funds
    func_code VARCHAR,                   -- 支出 side: the item's function subject code, where known
    is_total BOOLEAN NOT NULL,
    column_path VARCHAR NOT NULL,
    amount DECIMAL(18,6),                -- NULL: published blank
    unit VARCHAR,
    amount_wan DECIMAL(18,6)
);

ALTER TABLE summary_items ADD COLUMN IF NOT EXISTS func_code VARCHAR;

CREATE TABLE IF NOT EXISTS projects (
    doc_id VARCHAR NOT NULL,
    row_id INTEGER NOT NULL,
    table_code VARCHAR NOT NULL,
    project_code VARCHAR,
    project_name VARCHAR NOT NULL,       -- stray spaces removed: 政务云服务
    project_name_raw VARCHAR NOT NULL,   -- as published: 11000022Y0000 00444656-政务 云服务
    total DECIMAL(18,6),
    fiscal_funds DECIMAL(18,6),
    other_funds DECIMAL(18,6),
    unit VARCHAR,
    total_wan DECIMAL(18,6),
    goal VARCHAR
);
ALTER TABLE projects ADD COLUMN IF NOT EXISTS unit_name VARCHAR;  -- the 预算单位 whose group of projects it is in

CREATE TABLE IF NOT EXISTS indicators (
    doc_id VARCHAR NOT NULL,
    row_id INTEGER NOT NULL,
    table_code VARCHAR NOT NULL,
    project_row_id INTEGER NOT NULL,     -- the project's row
    project_name VARCHAR NOT NULL,
    level1 VARCHAR,                      -- 一级指标: 产出指标
    level2 VARCHAR,                      -- 二级指标: 质量指标
    name VARCHAR NOT NULL,               -- 三级指标: 信息系统可用性
    operator VARCHAR,                    -- ≥ | ≤ | = | > | < | 定性
    value VARCHAR,                       -- as published: 99, 12个月
    value_num DECIMAL(18,6),             -- when the value is a number
    unit VARCHAR                         -- %, 万元, 元/人·次
);

-- “三公”经费: one row per published item (blank cells kept: they are facts too).
CREATE TABLE IF NOT EXISTS three_public (
    doc_id VARCHAR NOT NULL,
    row_id INTEGER NOT NULL,
    table_code VARCHAR NOT NULL,
    item VARCHAR NOT NULL,               -- 合计 | 因公出国（境）费用 | 公务接待费 | 公务用车购置及运行维护费 | 公务用车购置费 | 公务用车运行维护费
    stage VARCHAR,                       -- 预算数 | 决算数 … when the table has several (a 决算's “三公” table)
    main_stage BOOLEAN,                  -- the figure a plain question means (决算数 in a 决算 table)
    column_path VARCHAR NOT NULL,
    amount DECIMAL(18,6),
    unit VARCHAR,
    amount_wan DECIMAL(18,6)
);
ALTER TABLE three_public ADD COLUMN IF NOT EXISTS stage VARCHAR;
ALTER TABLE three_public ADD COLUMN IF NOT EXISTS main_stage BOOLEAN;

CREATE TABLE IF NOT EXISTS procurement (
    doc_id VARCHAR NOT NULL,
    row_id INTEGER NOT NULL,
    table_code VARCHAR NOT NULL,
    category VARCHAR NOT NULL,           -- C-服务, or 合计
    is_total BOOLEAN NOT NULL,
    amount DECIMAL(18,6),
    unit VARCHAR,
    amount_wan DECIMAL(18,6)
);

-- Checks of the document's own identities, run at ingest. A broken one is a warning, never "fixed".
CREATE TABLE IF NOT EXISTS validations (
    doc_id VARCHAR NOT NULL,
    check_name VARCHAR NOT NULL,
    status VARCHAR NOT NULL,             -- ok | warning
    expected DECIMAL(18,6),
    actual DECIMAL(18,6),
    detail VARCHAR NOT NULL,             -- Chinese, names the rows
    row_ids INTEGER[] NOT NULL
);

-- Retrieval passages (the vector store is rebuilt from these).
-- What the parser could not read right, or the identity it had to guess: shown by `docs` and `check`.
CREATE TABLE IF NOT EXISTS doc_warnings (
    doc_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    scope VARCHAR NOT NULL,              -- identity | table
    table_code VARCHAR,                  -- the table concerned (scope table)
    page INTEGER,                        -- PDF page, where known
    message VARCHAR NOT NULL             -- Chinese, says what is odd and what to do
);

CREATE TABLE IF NOT EXISTS passages (
    passage_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL,
    row_id INTEGER NOT NULL,
    table_code VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,               -- indicator | goal | project | subject | narrative
    text VARCHAR NOT NULL,
    metadata VARCHAR NOT NULL            -- JSON: project, indicator, code … for filtering and display
);
