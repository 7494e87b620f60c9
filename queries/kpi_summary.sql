-- name: kpi_summary
-- doc: The headline figures for the selection: reports, units, the overall execution rate and the mean score, per year with the change from the previous year, and for all selected years together.
-- grain: one row per fiscal_year in the selection, plus one row (fiscal_year NULL) for all of it
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: fiscal_year (NULL: all selected years), report_count, unit_count (distinct units),
--   rate_report_count (reports stating both a final budget and an executed amount),
--   budget_final_wan (万元, Σ over rate_report_count reports), executed_wan (万元, Σ over the same),
--   execution_rate_pct (0-100, executed_wan ÷ budget_final_wan × 100, 4 decimals),
--   scored_report_count (reports stating a total score), mean_score (points, 4 decimals),
--   full_score_count (reports at 100), full_score_share_pct (0-100, of scored reports, 2 decimals),
--   prev_report_count, prev_unit_count, prev_execution_rate_pct, prev_mean_score
--   (fiscal_year − 1 under the same other filters; NULL on the all-years row),
--   report_count_change, rate_change_pp (percentage points), mean_score_change (points)
--
-- Department and project reports are summed together here (pass $kind to separate them): a unit's
-- project report and its department report of one year may count the same money twice.
with all_years as (
    select
        *,
        budget_final_wan > 0 and executed_wan is not null as has_rate
    from filtered_reports(null, $units, $province, $city, $county, $kind, $grade)
),

per_group as (
    select
        fiscal_year,
        grouping(fiscal_year) = 1 as is_total,
        count(*) as report_count,
        count(distinct unit_id) as unit_count,
        count(*) filter (where has_rate) as rate_report_count,
        sum(budget_final_wan) filter (where has_rate) as budget_final_wan,
        sum(executed_wan) filter (where has_rate) as executed_wan,
        count(total_score) as scored_report_count,
        round(avg(total_score)::double, 4) as mean_score,
        count(*) filter (where total_score >= 100) as full_score_count
    from all_years
    where $years is null or list_contains($years, fiscal_year)
    group by grouping sets ((fiscal_year), ())
),

per_year_all as (
    select
        fiscal_year,
        count(*) as report_count,
        count(distinct unit_id) as unit_count,
        round(
            sum(executed_wan) filter (where has_rate)
            / sum(budget_final_wan) filter (where has_rate) * 100,
            4
        ) as execution_rate_pct,
        round(avg(total_score)::double, 4) as mean_score
    from all_years
    group by fiscal_year
),

final as (
    select
        g.fiscal_year as fiscal_year,
        g.report_count as report_count,
        g.unit_count as unit_count,
        g.rate_report_count as rate_report_count,
        g.budget_final_wan as budget_final_wan,
        g.executed_wan as executed_wan,
        round(g.executed_wan / g.budget_final_wan * 100, 4) as execution_rate_pct,
        g.scored_report_count as scored_report_count,
        g.mean_score as mean_score,
        g.full_score_count as full_score_count,
        round(g.full_score_count / nullif(g.scored_report_count, 0) * 100, 2)
            as full_score_share_pct,
        p.report_count as prev_report_count,
        p.unit_count as prev_unit_count,
        p.execution_rate_pct as prev_execution_rate_pct,
        p.mean_score as prev_mean_score,
        g.report_count - p.report_count as report_count_change,
        round(g.executed_wan / g.budget_final_wan * 100 - p.execution_rate_pct, 4)
            as rate_change_pp,
        round(g.mean_score - p.mean_score, 4) as mean_score_change,
        g.is_total as is_total
    from per_group as g
    left join per_year_all as p on not g.is_total and p.fiscal_year = g.fiscal_year - 1
)

select * exclude (is_total)
from final
order by
    is_total,
    fiscal_year
