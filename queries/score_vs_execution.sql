-- name: score_vs_execution
-- doc: The inflation scatter: each report's and project's total self-score against its execution rate, with the most its own figures allow at that rate.
-- grain: one row per scope (a report itself, project_no NULL, or a project in it) stating both a total score and an execution rate (stated, or executed ÷ final)
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL, $above_ceiling BOOLEAN NULL
-- columns: report_id, project_no (NULL: the report itself), scope (report | project), scope_name,
--   unit_id, unit_canonical_name, region_province, region_city, region_county, fiscal_year, kind,
--   total_score (points, stated), grade (as printed), grade_implied (from total_score),
--   execution_rate_pct (0-100: the stated rate, else executed ÷ final, 4 decimals),
--   rate_source (stated | derived),
--   execution_weight (points of the 预算执行率 part: from the report's weights, else the standard 10),
--   execution_weight_basis (weights | standard),
--   score_ceiling (points: 100 − execution_weight + execution_weight × min(rate, 100) ÷ 100,
--   4 decimals), excess_score (points, total_score − score_ceiling, 4 decimals; > 0: more than its
--   own execution allows), score_line (source line of the total)
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
        s.total_score as total_score,
        s.grade as grade,
        s.grade_implied as grade_implied,
        round(s.execution_rate_used_pct, 4) as execution_rate_pct,
        case when s.execution_rate_pct is not null then 'stated' else 'derived' end as rate_source,
        s.execution_weight as execution_weight,
        s.execution_weight_basis as execution_weight_basis,
        round(s.score_ceiling, 4) as score_ceiling,
        round(s.total_score::double - s.score_ceiling, 4) as excess_score,
        s.score_line as score_line
    from base as b
    inner join scope_facts as s on s.report_id = b.report_id
    where
        s.total_score is not null
        and s.execution_rate_used_pct is not null
        -- $above_ceiling: only the scopes scoring more than their own rate allows (excess_score > 0)
        and (
            not coalesce($above_ceiling, false)
            or round(s.total_score::double - s.score_ceiling, 4) > 0
        )
)

select *
from final
order by
    excess_score desc nulls last,
    fiscal_year,
    report_id,
    project_no nulls first
