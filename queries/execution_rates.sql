-- name: execution_rates
-- doc: Who spent what they were given: every report and every project inside one, its budget, what it executed, the rate it states and the rate its own figures give.
-- grain: one row per scope: a report itself (project_no NULL) and each project inside a report
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: report_id, project_no (NULL: the report itself), scope (report | project),
--   scope_name (a project report's subject, else its title; a project's name), unit_id,
--   unit_canonical_name, region_province, region_city, region_county, fiscal_year,
--   kind (of the report), budget_initial_wan (万元, 年初预算), budget_final_wan (万元, 全年预算),
--   executed_wan (万元, 全年执行数), execution_rate_pct (0-100, as stated),
--   execution_rate_derived_pct (0-100, executed ÷ final × 100, 4 decimals),
--   rate_diff_pp (percentage points, stated − derived, 4 decimals),
--   rate_agrees (stated = derived at the stated value's printed precision; NULL: not comparable),
--   final_line, executed_line, rate_line (source lines of the figures)
with base as (
    select *
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
),

final as (
    select
        s.report_id as report_id,
        s.project_no as project_no,
        case when s.project_no is null then 'report' else 'project' end as scope,
        s.scope_name as scope_name,
        b.unit_id as unit_id,
        b.unit_canonical_name as unit_canonical_name,
        b.region_province as region_province,
        b.region_city as region_city,
        b.region_county as region_county,
        b.fiscal_year as fiscal_year,
        b.kind as kind,
        s.budget_initial_wan as budget_initial_wan,
        s.budget_final_wan as budget_final_wan,
        s.executed_wan as executed_wan,
        s.execution_rate_pct as execution_rate_pct,
        round(s.execution_rate_derived_pct, 4) as execution_rate_derived_pct,
        round(s.execution_rate_pct - s.execution_rate_derived_pct, 4) as rate_diff_pp,
        agrees_as_printed(s.execution_rate_pct, s.execution_rate_derived_pct) as rate_agrees,
        s.final_line as final_line,
        s.executed_line as executed_line,
        s.rate_line as rate_line
    from base as b
    inner join scope_facts as s on s.report_id = b.report_id
)

select *
from final
order by
    fiscal_year,
    unit_canonical_name,
    report_id,
    project_no nulls first
