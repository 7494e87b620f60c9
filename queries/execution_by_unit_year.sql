-- name: execution_by_unit_year
-- doc: Execution per unit and year: the rate of the summed budgets (not a mean of rates), the reports behind it, and the change from the unit's previous year.
-- grain: one row per unit × fiscal_year × kind (department and project reports are never summed together: a department's whole already holds its projects)
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: unit_id, unit_canonical_name, region_province, region_city, region_county,
--   fiscal_year, kind, report_count (reports in the group),
--   rate_report_count (reports stating both a final budget and an executed amount: the rate's basis),
--   budget_final_wan (万元, Σ over rate_report_count reports), executed_wan (万元, Σ over the same),
--   execution_rate_pct (0-100, executed_wan ÷ budget_final_wan × 100, 4 decimals),
--   executed_all_wan (万元, Σ executed over every report stating it), executed_report_count,
--   prev_execution_rate_pct (0-100, the same unit and kind in fiscal_year − 1; NULL: no such year),
--   rate_change_pp (percentage points, this year − previous),
--   prev_executed_all_wan (万元), executed_change_pct (%, executed_all_wan vs the previous year's)
--
-- The previous year is looked up whatever $years selects, so selecting one year still shows its
-- change; the other filters apply to both years.
with all_years as (
    select *
    from filtered_reports(null, $units, $province, $city, $county, $kind, $grade)
),

agg as (
    select
        unit_id,
        any_value(unit_canonical_name) as unit_canonical_name,
        any_value(region_province) as region_province,
        any_value(region_city) as region_city,
        any_value(region_county) as region_county,
        fiscal_year,
        kind,
        count(*) as report_count,
        count(*) filter (
            where budget_final_wan > 0 and executed_wan is not null
        ) as rate_report_count,
        sum(budget_final_wan) filter (
            where budget_final_wan > 0 and executed_wan is not null
        ) as budget_final_wan,
        sum(executed_wan) filter (
            where budget_final_wan > 0 and executed_wan is not null
        ) as executed_wan,
        sum(executed_wan) as executed_all_wan,
        count(executed_wan) as executed_report_count
    from all_years
    group by unit_id, fiscal_year, kind
),

rated as (
    select
        a.*,
        round(a.executed_wan / a.budget_final_wan * 100, 4) as execution_rate_pct
    from agg as a
),

final as (
    select
        c.unit_id as unit_id,
        c.unit_canonical_name as unit_canonical_name,
        c.region_province as region_province,
        c.region_city as region_city,
        c.region_county as region_county,
        c.fiscal_year as fiscal_year,
        c.kind as kind,
        c.report_count as report_count,
        c.rate_report_count as rate_report_count,
        c.budget_final_wan as budget_final_wan,
        c.executed_wan as executed_wan,
        c.execution_rate_pct as execution_rate_pct,
        c.executed_all_wan as executed_all_wan,
        c.executed_report_count as executed_report_count,
        p.execution_rate_pct as prev_execution_rate_pct,
        round(c.execution_rate_pct - p.execution_rate_pct, 4) as rate_change_pp,
        p.executed_all_wan as prev_executed_all_wan,
        round(
            (c.executed_all_wan - p.executed_all_wan) / nullif(p.executed_all_wan, 0) * 100, 4
        ) as executed_change_pct
    from rated as c
    left join rated as p
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
