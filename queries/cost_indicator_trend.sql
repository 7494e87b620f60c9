-- name: cost_indicator_trend
-- doc: The 成本指标 values a unit reports (差旅成本 元/天/人, 成本控制 万元 …) across years, one series per unit, scope, indicator and unit of measure, with the change from the previous year.
-- grain: one row per series × fiscal_year; a series is unit × scope_name × indicator name × measure unit, so units of measure are never mixed in one series
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: unit_id, unit_canonical_name, scope_name (the project's name, else the report's subject,
--   else 整体 for a department report's own indicators), name (the 三级指标),
--   series_unit (the indicator's measure unit, else the unit written after the target's number,
--   else 未注明), fiscal_year, value_count (indicators behind the figures: more than 1 when one unit
--   reports the same series twice in a year), target_value, actual_value (in series_unit; the mean
--   when value_count > 1, 6 decimals), direction (≤ ≥ = as the indicator states or implies),
--   prev_actual_value, prev_target_value (the same series in fiscal_year − 1),
--   actual_change_pct, target_change_pct (%, 2 decimals), line (source line, the first)
--
-- A cost indicator is one whose 一级 or 二级 names 成本. Only numeric values are kept. The previous
-- year is looked up whatever $years selects.
--
-- Read from cost_indicator_facts (the cost indicators with their series): all of it when no
-- filter but the years is set, else the rows of the reports filtered_reports selects in any year.
with selected_reports as (
    select report_id
    from filtered_reports(null, $units, $province, $city, $county, $kind, $grade)
),

-- One of two sources (the other is planned away: the params are constants): every report when no
-- filter but the years is set, else the selected reports.
cost_all_years as (
    select
        unit_id,
        unit_canonical_name,
        fiscal_year,
        scope_name,
        name,
        series_unit,
        target_value,
        actual_value,
        direction,
        line
    from cost_indicator_facts
    where
        not filters_beyond_years($units, $province, $city, $county, $kind, $grade)
    union all
    select
        unit_id,
        unit_canonical_name,
        fiscal_year,
        scope_name,
        name,
        series_unit,
        target_value,
        actual_value,
        direction,
        line
    from cost_indicator_facts
    where
        filters_beyond_years($units, $province, $city, $county, $kind, $grade)
        and report_id in (select report_id from selected_reports)
),

-- only the selected years and the years before them are shown or looked back to
cost as (
    select *
    from cost_all_years
    where
        $years is null
        or list_contains($years, fiscal_year)
        or list_contains($years, fiscal_year + 1)
),

series as (
    select
        unit_id,
        any_value(unit_canonical_name) as unit_canonical_name,
        scope_name,
        name,
        series_unit,
        fiscal_year,
        count(*) as value_count,
        avg(target_value)::double as target_value,
        avg(actual_value)::double as actual_value,
        min(direction) as direction,
        min(line) as line
    from cost
    group by unit_id, scope_name, name, series_unit, fiscal_year
),

final as (
    select
        c.unit_id as unit_id,
        c.unit_canonical_name as unit_canonical_name,
        c.scope_name as scope_name,
        c.name as name,
        c.series_unit as series_unit,
        c.fiscal_year as fiscal_year,
        c.value_count as value_count,
        round(c.target_value, 6) as target_value,
        round(c.actual_value, 6) as actual_value,
        c.direction as direction,
        round(p.actual_value, 6) as prev_actual_value,
        round(p.target_value, 6) as prev_target_value,
        round((c.actual_value - p.actual_value) / nullif(p.actual_value, 0) * 100, 2)
            as actual_change_pct,
        round((c.target_value - p.target_value) / nullif(p.target_value, 0) * 100, 2)
            as target_change_pct,
        c.line as line
    from series as c
    left join series as p
        on
            p.unit_id = c.unit_id
            and p.scope_name = c.scope_name
            and p.name = c.name
            and p.series_unit = c.series_unit
            and p.fiscal_year = c.fiscal_year - 1
    where $years is null or list_contains($years, c.fiscal_year)
)

select *
from final
order by
    unit_canonical_name,
    scope_name,
    name,
    series_unit,
    fiscal_year
