-- Execution per unit × year × kind (what the named query execution_by_unit_year lists), defined once
-- as the table macro unit_year_execution(...) and stored for every report as unit_execution_facts:
-- the query reads the table when no filter but the years is set, and the macro otherwise, so 100,000
-- reports are not summed per unit on every call. Rebuilt by loaders.facts at the end of each ingest,
-- after report_facts (the macro reads filtered_reports).
--   The arguments are the shared filters (queries/__init__.py), in their order. Only the selected
--   years and the years before them are summed; the rows are those of the selected years, each with
--   the same unit and kind in fiscal_year − 1 (looked up whatever the years select).
--   A row's key is unit_id (NULL: the reports of no known unit), fiscal_year and kind.
create or replace macro unit_year_execution(
    p_years, p_units, p_province, p_city, p_county, p_kind, p_grade
) as table
with all_years as (
    select *
    from filtered_reports(null, p_units, p_province, p_city, p_county, p_kind, p_grade)
    where in_years_or_year_before(p_years, fiscal_year)
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
)

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
where in_years(p_years, c.fiscal_year);

create or replace table unit_execution_facts as
select *
from unit_year_execution(null, null, null, null, null, null, null)
order by unit_canonical_name, fiscal_year, kind, unit_id;
