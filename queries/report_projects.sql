-- name: report_projects
-- doc: One report and the projects inside it: budget, execution, score, and what the scores and weights add up to, with source lines.
-- grain: one row per scope of the report $report_id: the report itself (project_no NULL) first, then each project
-- params: $report_id VARCHAR, $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL,
--   $city VARCHAR NULL, $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: report_id, project_no (NULL: the report itself), scope (report | project), scope_name,
--   budget_initial_wan, budget_final_wan, executed_wan (万元), execution_rate_pct (0-100, stated),
--   execution_rate_derived_pct (0-100, executed ÷ final, 4 decimals), total_score (points),
--   grade (as printed), grade_implied, indicator_count, weight_sum, score_sum (points, over its own
--   indicators), execution_weight (points of the 预算执行率 part), total_recomputed (points,
--   4 decimals), score_ceiling (points, 4 decimals), expense_count, expenses_wan (万元, Σ items),
--   line (where the scope starts: the total score's line for the report, the project's heading),
--   line_text
with base as (
    select report_id
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
    where report_id = $report_id
),

expense_sums as (
    select
        e.report_id,
        coalesce(e.project_no, 0) as scope_key,
        count(*) as expense_count,
        sum(e.amount_wan) as expenses_wan
    from expenses as e
    inner join base as b on b.report_id = e.report_id
    group by all
),

final as (
    select
        s.report_id as report_id,
        s.project_no as project_no,
        case when s.project_no is null then 'report' else 'project' end as scope,
        s.scope_name as scope_name,
        s.budget_initial_wan as budget_initial_wan,
        s.budget_final_wan as budget_final_wan,
        s.executed_wan as executed_wan,
        s.execution_rate_pct as execution_rate_pct,
        round(s.execution_rate_derived_pct, 4) as execution_rate_derived_pct,
        s.total_score as total_score,
        s.grade as grade,
        s.grade_implied as grade_implied,
        s.indicator_count as indicator_count,
        s.weight_sum as weight_sum,
        s.score_sum as score_sum,
        s.execution_weight as execution_weight,
        round(s.total_recomputed, 4) as total_recomputed,
        round(s.score_ceiling, 4) as score_ceiling,
        coalesce(x.expense_count, 0) as expense_count,
        x.expenses_wan as expenses_wan,
        s.score_line as line,
        sl.text as line_text
    from base as b
    -- the constant filter reaches inside the view: only this report's rows are aggregated
    inner join scope_facts as s on s.report_id = b.report_id and s.report_id = $report_id
    left join expense_sums as x
        on x.report_id = s.report_id and x.scope_key = coalesce(s.project_no, 0)
    left join source_lines as sl on sl.report_id = s.report_id and sl.line = s.score_line
)

select *
from final
order by project_no nulls first
