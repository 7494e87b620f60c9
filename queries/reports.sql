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
select
    report_id,
    unit_id,
    unit_name,
    unit_canonical_name,
    region_province,
    region_city,
    region_county,
    fiscal_year,
    kind,
    subject,
    total_score,
    grade,
    grade_implied,
    budget_initial_wan,
    budget_final_wan,
    executed_wan,
    execution_rate_pct,
    round(execution_rate_derived_pct, 2) as execution_rate_derived_pct,
    indicator_count,
    project_count,
    warning_count,
    source_file
from filtered_report_facts($years, $units, $province, $city, $county, $kind, $grade)
-- listing_order: fiscal_year, unit_canonical_name, kind, subject, report_id
order by listing_order
