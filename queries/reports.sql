-- name: reports
-- doc: Every report with its unit, region, year, kind, scores and budget figures, stated and derived side by side.
-- grain: one row per report
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: report_id, unit_id, unit_name (as the report names it), unit_canonical_name,
--   region_province, region_city, region_county, fiscal_year, kind (department | project), subject,
--   total_score (points, stated), grade (as printed), grade_implied (from total_score),
--   budget_initial_wan (万元), budget_final_wan (万元), executed_wan (万元),
--   execution_rate_pct (0-100, stated), execution_rate_derived_pct (0-100, executed ÷ final, 2 decimals),
--   indicator_count, project_count, warning_count, source_file (name of the stored source)
with base as (
    select *
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
),

counts as (
    select
        b.report_id,
        (select count(*) from indicators as i where i.report_id = b.report_id) as indicator_count,
        (select count(*) from projects as p where p.report_id = b.report_id) as project_count,
        (select count(*) from warnings as w where w.report_id = b.report_id) as warning_count
    from base as b
),

final as (
    select
        b.report_id as report_id,
        b.unit_id as unit_id,
        b.unit_name as unit_name,
        b.unit_canonical_name as unit_canonical_name,
        b.region_province as region_province,
        b.region_city as region_city,
        b.region_county as region_county,
        b.fiscal_year as fiscal_year,
        b.kind as kind,
        b.subject as subject,
        b.total_score as total_score,
        b.grade as grade,
        b.grade_implied as grade_implied,
        b.budget_initial_wan as budget_initial_wan,
        b.budget_final_wan as budget_final_wan,
        b.executed_wan as executed_wan,
        b.execution_rate_pct as execution_rate_pct,
        round(b.execution_rate_derived_pct, 2) as execution_rate_derived_pct,
        c.indicator_count as indicator_count,
        c.project_count as project_count,
        c.warning_count as warning_count,
        sf.name as source_file
    from base as b
    inner join counts as c on c.report_id = b.report_id
    left join source_files as sf on sf.path = b.source_path
)

select *
from final
order by
    fiscal_year,
    unit_canonical_name,
    kind,
    subject,
    report_id
