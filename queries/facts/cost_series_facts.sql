-- Table cost_series_facts: cost_indicator_trend's rows for every report (every cost indicator
-- series × fiscal_year, with the previous year's values), so that with no filter but the years the
-- query reads the stored rows of those years instead of averaging every cost indicator and joining
-- each series-year to its previous year on every call (the 成本趋势 table's page and count, the
-- charts' ranking). Rebuilt by loaders.facts at the end of each ingest, after
-- cost_indicator_facts.
--
-- Macro cost_series_years(years, units, province, city, county, kind, grade): the same rows
-- computed for the reports filtered_reports selects (the one definition: the table is its result
-- for every report; cost_indicator_trend calls it when a filter other than the years is set).
-- Only the selected years and the years before them are read; the previous year is looked up
-- whatever the years select. The columns: queries/cost_indicator_trend.sql, and
--   series_no       the series as one number (cost_indicator_facts);
-- the table adds
--   listing_order   the rows' order: unit name, scope, indicator name, measure unit, fiscal_year
--                   (then unit id); a selection's rows take their row's (one per series_no ×
--                   fiscal_year) instead of sorting again.
create or replace macro cost_series_years(
    p_years, p_units, p_province, p_city, p_county, p_kind, p_grade
) as table
with cost as (
    -- the selected reports' cost indicators of the selected years and the years before them (only
    -- those are shown or looked back to)
    select
        series_no,
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
        report_id in (
            select report_id
            from filtered_reports(null, p_units, p_province, p_city, p_county, p_kind, p_grade)
        )
        and in_years_or_year_before(p_years, fiscal_year)
),

series as (
    select
        series_no,
        any_value(unit_id) as unit_id,
        any_value(unit_canonical_name) as unit_canonical_name,
        any_value(scope_name) as scope_name,
        any_value(name) as name,
        any_value(series_unit) as series_unit,
        fiscal_year,
        count(*) as value_count,
        avg(target_value)::double as target_value,
        avg(actual_value)::double as actual_value,
        min(direction) as direction,
        min(line) as line
    from cost
    group by series_no, fiscal_year
)

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
    c.line as line,
    c.series_no as series_no
from series as c
-- (a series of no identified unit or no indicator name has no previous year, as when it was
-- joined on those columns)
left join series as p
    on
        p.series_no = c.series_no
        and p.fiscal_year = c.fiscal_year - 1
        and c.unit_id is not null
        and c.name is not null
where in_years(p_years, c.fiscal_year);

create or replace table cost_series_facts as
select
    *,
    row_number() over (
        order by unit_canonical_name, scope_name, name, series_unit, fiscal_year, unit_id
    ) as listing_order
from cost_series_years(null, null, null, null, null, null, null)
order by listing_order;
