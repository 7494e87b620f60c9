-- Execution per region × year × kind at province, city and county level (what the named query
-- execution_by_region_year lists), defined once as the table macro region_year_execution(...) and
-- stored for every report as region_execution_facts: the query reads the table when no filter but
-- the years is set, and the macro otherwise. Rebuilt by loaders.facts at the end of each ingest,
-- after report_facts (the macro reads filtered_reports).
--   The arguments are the shared filters (queries/__init__.py), in their order. Only the selected
--   years and the years before them are summed; the rows are those of the selected years, each with
--   the same region, level and kind in fiscal_year − 1 (looked up whatever the years select).
create or replace macro region_year_execution(
    p_years, p_units, p_province, p_city, p_county, p_kind, p_grade
) as table
with all_years as (
    select
        *,
        budget_final_wan > 0 and executed_wan is not null as has_rate
    from filtered_reports(null, p_units, p_province, p_city, p_county, p_kind, p_grade)
    where in_years_or_year_before(p_years, fiscal_year)
),

agg as (
    select
        case
            when grouping(region_city) = 1 then 'province'
            when grouping(region_county) = 1 then 'city'
            else 'county'
        end as region_level,
        region_province,
        region_city,
        region_county,
        fiscal_year,
        kind,
        count(*) as report_count,
        count(distinct unit_id) as unit_count,
        count(*) filter (where has_rate) as rate_report_count,
        sum(budget_final_wan) filter (where has_rate) as budget_final_wan,
        sum(executed_wan) filter (where has_rate) as executed_wan
    from all_years
    group by grouping sets (
        (fiscal_year, kind, region_province),
        (fiscal_year, kind, region_province, region_city),
        (fiscal_year, kind, region_province, region_city, region_county)
    )
),

rated as (
    select
        a.*,
        region_label(a.region_level, a.region_province, a.region_city, a.region_county)
            as region_name,
        round(a.executed_wan / a.budget_final_wan * 100, 4) as execution_rate_pct
    from agg as a
)

select
    c.region_level as region_level,
    c.region_province as region_province,
    c.region_city as region_city,
    c.region_county as region_county,
    c.region_name as region_name,
    c.fiscal_year as fiscal_year,
    c.kind as kind,
    c.report_count as report_count,
    c.unit_count as unit_count,
    c.rate_report_count as rate_report_count,
    c.budget_final_wan as budget_final_wan,
    c.executed_wan as executed_wan,
    c.execution_rate_pct as execution_rate_pct,
    p.execution_rate_pct as prev_execution_rate_pct,
    round(c.execution_rate_pct - p.execution_rate_pct, 4) as rate_change_pp
from rated as c
left join rated as p
    on
        p.region_level = c.region_level
        and p.region_province is not distinct from c.region_province
        and p.region_city is not distinct from c.region_city
        and p.region_county is not distinct from c.region_county
        and p.kind is not distinct from c.kind
        and p.fiscal_year = c.fiscal_year - 1
where in_years(p_years, c.fiscal_year);

create or replace table region_execution_facts as
select *
from region_year_execution(null, null, null, null, null, null, null)
order by
    fiscal_year,
    case region_level when 'province' then 1 when 'city' then 2 else 3 end,
    region_province,
    region_city,
    region_county,
    kind;
