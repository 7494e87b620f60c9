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

-- The shared report filter every named query uses, filtered_reports(...), is defined with the table
-- it reads, in queries/facts/report_facts.sql (built after every ingest by loaders.facts).

-- Derived per-indicator columns the analytics share (one definition, used by the named queries):
--   level1_std / level2_std  the report's 一级/二级 mapped onto the standard framework (domain.md):
--                            完成指标 → 产出指标, 效果 → 效益指标; level1 kept as written beside it.
--   direction                target_op_effective (≥ ≤ = > <), 'deadline' for a date or a period
--                            (2024年12月31日之前完成, 本年度), 'qualitative' for words (效果显著),
--                            else NULL (no target).
--   quantified               the target is a number, a date or period, or a count in Chinese
--                            numerals (两名, 三次).
--   is_cost                  a 成本 indicator (一级 or 二级).
--   full_marks               weight > 0 and score >= weight.
--   beat_pct                 by how much the actual beats the target, % of the target
--                            (≥: (actual − target) ÷ target; ≤: (target − actual) ÷ target;
--                            =: −|actual − target| ÷ target); negative: missed by. NULL when either
--                            is not a number or the target is 0.
create or replace view v_indicators as
with norm as (
    select
        i.*,
        replace(coalesce(i.level1, ''), ' ', '') as l1,
        replace(coalesce(i.level2, ''), ' ', '') as l2,
        -- the regular expression only where a 年 can make it match (cheap at millions of rows)
        case
            when i.target like '%年%' then regexp_matches(
                i.target, '\d{4}\s*年|^\s*(本|当)?年度?(内|底|末)?前?(完成)?\s*$'
            )
            else false
        end as dated
    from indicators as i
)
select
    n.* exclude (l1, l2, dated),
    case
        when n.l1 like '%成本%' then '成本指标'
        when n.l1 like '%产出%' or n.l1 like '%完成%' then '产出指标'
        when n.l1 like '%效益%' or n.l1 like '%效果%' then '效益指标'
        when n.l1 like '%满意%' then '满意度指标'
        when n.l1 like '%投入%' then '投入指标'
        when n.l1 like '%过程%' then '过程指标'
        when n.l1 <> '' then n.l1
        when regexp_matches(n.l2, '数量|质量|时效|^成本') then '产出指标'
        when regexp_matches(n.l2, '成本') then '成本指标'
        when regexp_matches(n.l2, '效益|可持续') then '效益指标'
        when n.l2 like '%满意%' then '满意度指标'
    end as level1_std,
    case
        when n.l2 like '%数量%' then '数量指标'
        when n.l2 like '%质量%' then '质量指标'
        when n.l2 like '%时效%' then '时效指标'
        when n.l2 like '%经济成本%' then '经济成本指标'
        when n.l2 like '%社会成本%' then '社会成本指标'
        when n.l2 like '%生态成本%' then '生态成本指标'
        when n.l2 like '%成本%' then '成本指标'
        when n.l2 like '%经济效益%' then '经济效益指标'
        when n.l2 like '%社会效益%' then '社会效益指标'
        when n.l2 like '%生态效益%' then '生态效益指标'
        when n.l2 like '%可持续%' then '可持续影响指标'
        when n.l2 like '%满意%' then '服务对象满意度指标'
        when n.l2 <> '' then n.l2
    end as level2_std,
    case
        when n.target_op_effective is not null then n.target_op_effective
        when n.dated then 'deadline'
        when nullif(trim(coalesce(n.target, '')), '') is not null then 'qualitative'
    end as direction,
    case
        when n.target_value is not null or n.dated then true
        when n.target is null then false
        else regexp_matches(n.target, '[一二两三四五六七八九十百千]+\s*[名个件次项人户家所座台套场期篇份]')
    end as quantified,
    n.l1 like '%成本%' or n.l2 like '%成本%' as is_cost,
    coalesce(n.weight > 0 and n.score >= n.weight, false) as full_marks,
    case
        when n.target_value is null or n.actual_value is null or n.target_value = 0 then null
        when n.target_op_effective in ('≥', '>')
            then (n.actual_value - n.target_value) / abs(n.target_value) * 100
        when n.target_op_effective in ('≤', '<')
            then (n.target_value - n.actual_value) / abs(n.target_value) * 100
        when n.target_op_effective = '='
            then -abs(n.actual_value - n.target_value) / abs(n.target_value) * 100
    end::double as beat_pct
from norm as n;

-- One row per scored scope: a report itself (project_no NULL) and each project inside it, with its
-- budget, the sums over its own indicators and what its own figures allow it to score.
--   execution_rate_used_pct  the stated rate, else executed ÷ final × 100.
--   execution_weight         points of the 预算执行率 part: 100 − Σ indicator weights when those sum
--                            to 90 or 100 (the standard 10 + 90 split of 财预〔2020〕10号, or a form
--                            whose indicators carry all 100); the standard 10 when the scope states
--                            no weight at all; NULL when its weights sum to anything else.
--   execution_weight_basis   'weights' (read from the report) | 'standard' (no weights stated).
--   total_recomputed         Σ indicator scores + execution_weight × min(rate, 100) ÷ 100, when the
--                            weights give the execution part and every weighted indicator is scored.
--   score_ceiling            100 − execution_weight + execution_weight × min(rate, 100) ÷ 100: the
--                            most the scope can score at its execution rate, every indicator full.
--   *_line                   source lines: the report's from `evidence`, a project's its own `line`.
create or replace view v_scopes as
with report_lines as (
    select
        report_id,
        max(line) filter (where field = 'total_score') as score_line,
        max(line) filter (where field = 'grade') as grade_line,
        max(line) filter (where field = 'budget.initial_wan') as initial_line,
        max(line) filter (where field = 'budget.final_wan') as final_line,
        max(line) filter (where field = 'budget.executed_wan') as executed_line,
        max(line) filter (where field = 'budget.execution_rate_pct') as rate_line
    from evidence
    group by report_id
),

scopes as (
    select
        r.report_id,
        null::integer as project_no,
        coalesce(r.subject, r.title) as scope_name,
        r.total_score,
        r.grade,
        r.grade_implied,
        r.budget_initial_wan,
        r.budget_final_wan,
        r.executed_wan,
        r.execution_rate_pct,
        r.execution_rate_derived_pct,
        l.score_line,
        l.grade_line,
        l.initial_line,
        l.final_line,
        l.executed_line,
        l.rate_line
    from reports as r
    left join report_lines as l on l.report_id = r.report_id
    union all
    select
        p.report_id,
        p.project_no,
        p.name,
        p.total_score,
        p.grade,
        p.grade_implied,
        p.budget_initial_wan,
        p.budget_final_wan,
        p.executed_wan,
        p.execution_rate_pct,
        p.execution_rate_derived_pct,
        p.line,
        p.line,
        p.line,
        p.line,
        p.line,
        p.line
    from projects as p
),

sums as (
    select
        report_id,
        coalesce(project_no, 0) as scope_key,
        count(*) as indicator_count,
        count(weight) as weighted_count,
        count(score) filter (where weight is not null) as weighted_scored_count,
        sum(weight) as weight_sum,
        sum(score) as score_sum,
        count(*) filter (where weight > 0) as positive_weight_count,
        count(*) filter (where weight > 0 and score >= weight) as full_marks_count
    from indicators
    group by all
),

joined as (
    select
        s.*,
        coalesce(s.execution_rate_pct, s.execution_rate_derived_pct)::double
            as execution_rate_used_pct,
        coalesce(x.indicator_count, 0) as indicator_count,
        coalesce(x.weighted_count, 0) as weighted_count,
        coalesce(x.weighted_scored_count, 0) as weighted_scored_count,
        x.weight_sum,
        x.score_sum,
        coalesce(x.positive_weight_count, 0) as positive_weight_count,
        coalesce(x.full_marks_count, 0) as full_marks_count,
        case
            when x.weight_sum in (90, 100) then 100 - x.weight_sum
            when x.weight_sum is null then 10
        end::double as execution_weight,
        case
            when x.weight_sum in (90, 100) then 'weights'
            when x.weight_sum is null then 'standard'
        end as execution_weight_basis
    from scopes as s
    left join sums as x
        on x.report_id = s.report_id and x.scope_key = coalesce(s.project_no, 0)
)

select
    j.*,
    case
        when j.execution_weight_basis = 'weights'
            and j.weighted_scored_count = j.weighted_count
            and (j.execution_weight = 0 or j.execution_rate_used_pct is not null)
            then j.score_sum::double + case
                when j.execution_weight = 0 then 0
                else j.execution_weight * least(j.execution_rate_used_pct, 100) / 100
            end
    end as total_recomputed,
    case
        when j.execution_rate_used_pct is not null
            then 100 - j.execution_weight
            + j.execution_weight * least(j.execution_rate_used_pct, 100) / 100
    end as score_ceiling
from joined as j;

-- How many decimals a stated figure is printed with (0 to 4): 60.3 → 1, 100 → 0.
create or replace macro printed_decimals(x) as
case
    when x = round(x, 0) then 0
    when x = round(x, 1) then 1
    when x = round(x, 2) then 2
    when x = round(x, 3) then 3
    else 4
end;

-- Does a stated figure agree with the one derived from the report's other figures, at the precision
-- it is printed with? Reports print 99.86 for 99.869 (truncated) and 95.98 for 95.986, 60.3 for
-- 60.29: the derived value rounded or truncated to the stated value's own decimals must give the
-- stated value. NULL when either is NULL.
create or replace macro agrees_as_printed(stated, derived) as
case
    when stated is null or derived is null then null
    else stated::double = round(derived::double, printed_decimals(stated))
        or stated::double = trunc(derived::double * 10 ^ printed_decimals(stated) + 1e-9)
        / 10 ^ printed_decimals(stated)
end;

-- A number as text for messages: at most 4 decimals, no trailing zeros (95.986, 100, 244.68).
create or replace macro num_text(x) as
case
    when x is null then '—'
    else rtrim(rtrim(printf('%.4f', round(x::double, 4)), '0'), '.')
end;

-- The name of a region at one level for grouped rows: the region itself; for the units of a
-- province or city itself (no region at the level asked) the parent with 本级 (怀化市本级);
-- 全部 for the level 'all'; 未知 when nothing is known.
create or replace macro region_label(level, province, city, county) as
case
    when level = 'all' then '全部'
    when level = 'province' then coalesce(province, '未知')
    when level = 'city' then coalesce(city, province || '本级', '未知')
    else coalesce(county, city || '本级', province || '本级', '未知')
end;
