-- name: cost_per_indicator
-- doc: What the outputs cost: per unit and year, the funds executed per performance indicator and per self-score point, with the change from the previous year.
-- grain: one row per unit × fiscal_year × kind (department and project reports are never summed together)
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: unit_id, unit_canonical_name, fiscal_year, kind, report_count,
--   indicator_basis_report_count (reports stating an executed amount and at least one indicator),
--   indicator_executed_wan (万元, Σ executed over those reports), indicator_count (their indicators:
--   the report's own and its projects'), executed_per_indicator_wan (万元 per indicator, 6 decimals),
--   score_basis_report_count (reports stating an executed amount and a total score),
--   score_executed_wan (万元, Σ executed over those), score_sum (points, Σ their total scores),
--   executed_per_score_point_wan (万元 per point, 6 decimals),
--   prev_executed_per_indicator_wan, prev_executed_per_score_point_wan (the same unit and kind in
--   fiscal_year − 1), per_indicator_change_pct, per_score_point_change_pct (%, 2 decimals)
--
-- Measures (also in README "Measures"): executed_per_indicator_wan = Σ 全年执行数 ÷ Σ indicators over
-- the reports that state both; executed_per_score_point_wan = Σ 全年执行数 ÷ Σ total self-score over
-- the reports that state both. Each is a ratio of sums, never a mean of per-report ratios. The
-- previous year is looked up whatever $years selects.
--
-- Read from report_cost_facts (each report's executed amount, total score and indicator count):
-- all of it when no filter but the years is set, else the rows of the reports filtered_reports
-- selects in any year.
with selected_reports as (
    select report_id
    from filtered_reports(null, $units, $province, $city, $county, $kind, $grade)
),

-- One of two sources (the other is planned away: the params are constants): every report when no
-- filter but the years is set, else the selected reports.
per_report_all_years as (
    select
        unit_id,
        unit_canonical_name,
        fiscal_year,
        kind,
        executed_wan,
        total_score,
        indicator_count
    from report_cost_facts
    where
        not filters_beyond_years($units, $province, $city, $county, $kind, $grade)
    union all
    select
        unit_id,
        unit_canonical_name,
        fiscal_year,
        kind,
        executed_wan,
        total_score,
        indicator_count
    from report_cost_facts
    where
        filters_beyond_years($units, $province, $city, $county, $kind, $grade)
        and report_id in (select report_id from selected_reports)
),

-- only the selected years and the years before them are shown or looked back to
per_report as (
    select *
    from per_report_all_years
    where
        $years is null
        or list_contains($years, fiscal_year)
        or list_contains($years, fiscal_year + 1)
),

agg as (
    select
        unit_id,
        any_value(unit_canonical_name) as unit_canonical_name,
        fiscal_year,
        kind,
        count(*) as report_count,
        count(*) filter (
            where executed_wan is not null and indicator_count > 0
        ) as indicator_basis_report_count,
        sum(executed_wan) filter (
            where executed_wan is not null and indicator_count > 0
        ) as indicator_executed_wan,
        sum(indicator_count) filter (
            where executed_wan is not null and indicator_count > 0
        ) as indicator_count,
        count(*) filter (
            where executed_wan is not null and total_score > 0
        ) as score_basis_report_count,
        sum(executed_wan) filter (
            where executed_wan is not null and total_score > 0
        ) as score_executed_wan,
        sum(total_score) filter (where executed_wan is not null and total_score > 0) as score_sum
    from per_report
    group by unit_id, fiscal_year, kind
),

measured as (
    select
        *,
        round((indicator_executed_wan / indicator_count)::double, 6) as executed_per_indicator_wan,
        round((score_executed_wan / score_sum)::double, 6) as executed_per_score_point_wan
    from agg
),

final as (
    select
        c.unit_id as unit_id,
        c.unit_canonical_name as unit_canonical_name,
        c.fiscal_year as fiscal_year,
        c.kind as kind,
        c.report_count as report_count,
        c.indicator_basis_report_count as indicator_basis_report_count,
        c.indicator_executed_wan as indicator_executed_wan,
        c.indicator_count::bigint as indicator_count,
        c.executed_per_indicator_wan as executed_per_indicator_wan,
        c.score_basis_report_count as score_basis_report_count,
        c.score_executed_wan as score_executed_wan,
        c.score_sum as score_sum,
        c.executed_per_score_point_wan as executed_per_score_point_wan,
        p.executed_per_indicator_wan as prev_executed_per_indicator_wan,
        p.executed_per_score_point_wan as prev_executed_per_score_point_wan,
        round(
            (c.executed_per_indicator_wan - p.executed_per_indicator_wan)
            / nullif(p.executed_per_indicator_wan, 0) * 100,
            2
        ) as per_indicator_change_pct,
        round(
            (c.executed_per_score_point_wan - p.executed_per_score_point_wan)
            / nullif(p.executed_per_score_point_wan, 0) * 100,
            2
        ) as per_score_point_change_pct
    from measured as c
    left join measured as p
        on
            p.unit_id = c.unit_id
            and p.kind = c.kind
            and p.fiscal_year = c.fiscal_year - 1
    where $years is null or list_contains($years, c.fiscal_year)
)

select *
from final
order by
    unit_canonical_name,
    fiscal_year,
    kind
