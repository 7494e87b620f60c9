-- name: schema
-- doc: The Jixiao store: every table, the derived columns beside the stated ones, and the shared report filter.
-- grain: DDL, applied by loaders.store on every ingest (idempotent: create ... if not exists / or replace)
-- params:
-- columns:
--
-- Conventions
--   * Stated values are kept exactly as the report states them, as DECIMAL(18,6): amounts in 万元 (元
--     stay exact), scores, weights, rates (0-100). A value the report does not state is NULL.
--   * Derived values are virtual generated columns next to the stated ones, never replacing them:
--     reports.execution_rate_derived_pct, reports.grade_implied, projects.* likewise,
--     indicators.target_op_effective / target_met / achievement_ratio / score_ratio.
--   * Every fact row keeps `line`, the 1-based line of the rendered source text (source_lines) it came
--     from; report-level facts keep theirs in `evidence` (field path -> line).
--   * report_id is a stable hash of the report's content key (see loaders/store.py), not of a file name,
--     so the same report in two encodings or formats is one report.
--   * Grades (domain.md): 优 >= 90; 良 80 <= s < 90; 中 60 <= s < 80; 差 < 60.
--   * target_met: the stated operator (≥ ≤ = > <) when there is one. With no operator and a number,
--     the target is read as a floor (≥), except under a 成本 (cost) 一级/二级 indicator, where it is a
--     ceiling (≤: lower is better). target_op_effective shows which operator was used. A target or
--     actual without a number (qualitative: 效果显著, 好, 满意) gives NULL, never a guess.
--   * No foreign keys (DuckDB cannot update a referenced row); relationships are by report_id and are
--     checked by tests/test_store.py.

create table if not exists jixiao_meta (
    key varchar primary key,
    value varchar not null
);

-- One canonical unit (a 信访局 of one county …), from loaders.units.canonical_unit.
create table if not exists units (
    unit_id varchar primary key,
    canonical_name varchar not null,
    province varchar,
    city varchar,
    county varchar
);

-- Every file ingest has seen, whatever became of it.
--   status: 'loaded'    the file's extraction is the stored report (report_id)
--           'duplicate' the file holds a report already stored from another file (report_id)
--           'failed'    nothing stored; `error` says why in one line
create table if not exists source_files (
    path varchar primary key,          -- resolved absolute path: a file's identity for "changed"
    name varchar not null,
    sha256 varchar not null,
    format varchar,
    size_bytes bigint not null,
    loaded_at timestamp not null,      -- when this version (sha256) was first recorded
    status varchar not null,
    extract_status varchar,            -- ok | partial | failed (loaders.pipeline)
    error varchar,
    report_id varchar
);

create table if not exists reports (
    report_id varchar primary key,
    report_key varchar not null unique, -- unit_id|fiscal_year|kind|subject, or text:<sha256 of the text>
    key_basis varchar not null,          -- 'facts' | 'text'
    source_path varchar not null,        -- the source file whose extraction is stored
    source_sha256 varchar not null,
    source_format varchar,
    schema_version integer not null,     -- of the extract contract
    title varchar,
    unit_id varchar,
    unit_name varchar,                   -- as the report names it
    unit_matched_by varchar,
    unit_province varchar,               -- as stated / extracted
    unit_city varchar,
    unit_county varchar,
    fiscal_year integer,
    kind varchar,                        -- department | project
    subject varchar,
    report_date date,
    total_score decimal(18, 6),
    grade varchar,
    grade_implied varchar generated always as (
        case
            when total_score >= 90 then '优'
            when total_score >= 80 then '良'
            when total_score >= 60 then '中'
            when total_score is not null then '差'
        end
    ) virtual,
    budget_initial_wan decimal(18, 6),
    budget_final_wan decimal(18, 6),
    executed_wan decimal(18, 6),
    execution_rate_pct decimal(18, 6),
    execution_rate_derived_pct double generated always as (
        case when budget_final_wan > 0 then executed_wan / budget_final_wan * 100 end
    ) virtual,
    staff_authorized integer,
    staff_actual integer,
    confidence_header double,
    confidence_budget double,
    confidence_scores double,
    confidence_indicators double,
    extract_status varchar not null,
    fact_count integer not null          -- stated facts + rows: of two sources of one report the richer is kept
);

-- Projects inside a report other than its subject (a department report's 项目支出绩效自评表).
create table if not exists projects (
    report_id varchar not null,
    project_no integer not null,         -- 1-based order in the report
    name varchar not null,
    total_score decimal(18, 6),
    grade varchar,
    grade_implied varchar generated always as (
        case
            when total_score >= 90 then '优'
            when total_score >= 80 then '良'
            when total_score >= 60 then '中'
            when total_score is not null then '差'
        end
    ) virtual,
    budget_initial_wan decimal(18, 6),
    budget_final_wan decimal(18, 6),
    executed_wan decimal(18, 6),
    execution_rate_pct decimal(18, 6),
    execution_rate_derived_pct double generated always as (
        case when budget_final_wan > 0 then executed_wan / budget_final_wan * 100 end
    ) virtual,
    line integer,
    primary key (report_id, project_no)
);

-- Performance indicators (三级指标), of the report (project_no null) or of one of its projects.
create table if not exists indicators (
    report_id varchar not null,
    indicator_no integer not null,       -- 1-based order in the report, projects' after the report's
    project_no integer,
    level1 varchar,
    level2 varchar,
    name varchar not null,
    measure_unit varchar,
    target varchar,                      -- cell text as written: ≤127.73万元, 效果显著
    actual varchar,
    target_op varchar,                   -- as stated: ≥ ≤ = > <, or null
    target_value decimal(18, 6),
    actual_value decimal(18, 6),
    target_op_effective varchar generated always as (
        case
            when target_value is null then null
            when target_op is not null then target_op
            when coalesce(level1, '') like '%成本%' or coalesce(level2, '') like '%成本%' then '≤'
            else '≥'
        end
    ) virtual,
    target_met boolean generated always as (
        case
            when target_value is null or actual_value is null then null
            when target_op_effective = '≥' then actual_value >= target_value
            when target_op_effective = '≤' then actual_value <= target_value
            when target_op_effective = '=' then actual_value = target_value
            when target_op_effective = '>' then actual_value > target_value
            when target_op_effective = '<' then actual_value < target_value
        end
    ) virtual,
    achievement_ratio double generated always as (
        case when target_value <> 0 then actual_value / target_value end
    ) virtual,
    weight decimal(18, 6),
    score decimal(18, 6),
    score_ratio double generated always as (
        case when weight > 0 then score / weight end
    ) virtual,
    note varchar,
    line integer,
    primary key (report_id, indicator_no)
);

-- Spending by category (办公费, 差旅费 …), of the report or of one of its projects.
create table if not exists expenses (
    report_id varchar not null,
    expense_no integer not null,
    project_no integer,
    category varchar not null,
    amount_wan decimal(18, 6) not null,
    line integer,
    primary key (report_id, expense_no)
);

-- What the extractor or reader noticed but could not settle.
--   origin: 'extractor' (record.warnings) | 'reader' (document notes) | 'store' (unit not matched …)
create table if not exists warnings (
    report_id varchar not null,
    warning_no integer not null,
    origin varchar not null,
    code varchar not null,
    message varchar not null,
    line integer,
    evidence_values double[],            -- the figures compared (e.g. both totals of a conflict)
    evidence_lines integer[],            -- where each was stated
    primary key (report_id, warning_no)
);

-- Report-level facts (unit.name, total_score, budget.final_wan …) → the source line they came from.
create table if not exists evidence (
    report_id varchar not null,
    field varchar not null,
    line integer not null,
    primary key (report_id, field)
);

-- The rendered text of the stored source, one row per line, so a fact's line can be shown in context.
create table if not exists source_lines (
    report_id varchar not null,
    line integer not null,
    text varchar not null,
    primary key (report_id, line)
);

-- The shared report filter every named query uses (the convention is in queries/__init__.py):
--   select … from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
-- A NULL argument does not filter. years: INTEGER[]; units: VARCHAR[] of unit_id or canonical unit
-- name; province/city/county: the canonical unit's region, else the region the report states;
-- kind: department | project; grade: the grade as printed.
create or replace macro filtered_reports(
    p_years, p_units, p_province, p_city, p_county, p_kind, p_grade
) as table
with base as (
    select
        r.*,
        coalesce(u.canonical_name, r.unit_name) as unit_canonical_name,
        coalesce(u.province, r.unit_province) as region_province,
        coalesce(u.city, r.unit_city) as region_city,
        coalesce(u.county, r.unit_county) as region_county
    from reports as r
    left join units as u on u.unit_id = r.unit_id
)
select *
from base as b
where
    (p_years is null or list_contains(p_years, b.fiscal_year))
    and (
        p_units is null
        or list_contains(p_units, b.unit_id)
        or list_contains(p_units, b.unit_canonical_name)
    )
    and (p_province is null or b.region_province = p_province)
    and (p_city is null or b.region_city = p_city)
    and (p_county is null or b.region_county = p_county)
    and (p_kind is null or b.kind = p_kind)
    and (p_grade is null or b.grade = p_grade);
