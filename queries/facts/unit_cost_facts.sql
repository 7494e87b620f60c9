-- Table unit_cost_facts: cost_per_indicator's rows for every report (every unit × fiscal_year ×
-- kind, with the previous year's figures), so that with no filter but the years the query reads
-- the stored rows of those years instead of aggregating every report and joining each row to its
-- previous year on every call (the 成本趋势 table's page and count, the charts' ranking).
-- Rebuilt by loaders.facts at the end of each ingest, after report_cost_facts.
--
-- Macro unit_cost_years(years, units, province, city, county, kind, grade): the same rows computed
-- for the reports filtered_reports selects (the one definition of the measures: the table is its
-- result for every report; cost_per_indicator calls it when a filter other than the years is set).
-- Only the selected years and the years before them are aggregated; the previous year is looked
-- up whatever the years select. The columns and measures: queries/cost_per_indicator.sql; the
-- table adds
--   series_no       the series (unit_id × kind: a line of the 成本趋势 charts) as one number;
--   listing_order   the rows' order: unit name, fiscal_year, kind (then unit id).
-- A selection's rows take both from their row (one per unit_id × fiscal_year × kind) instead of
-- ranking and sorting again.
create or replace macro unit_cost_years(
    p_years, p_units, p_province, p_city, p_county, p_kind, p_grade
) as table
with per_report as (
    -- the selected reports' rows of the selected years and the years before them (only those are
    -- shown or looked back to)
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
        report_id in (
            select report_id
            from filtered_reports(null, p_units, p_province, p_city, p_county, p_kind, p_grade)
        )
        and in_years_or_year_before(p_years, fiscal_year)
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
)

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
where in_years(p_years, c.fiscal_year);

create or replace table unit_cost_facts as
select
    *,
    dense_rank() over (order by unit_id, kind) as series_no,
    row_number() over (order by unit_canonical_name, fiscal_year, kind, unit_id) as listing_order
from unit_cost_years(null, null, null, null, null, null, null)
order by listing_order;
