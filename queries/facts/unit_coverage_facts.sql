-- Which years each unit has reports for (what the named query coverage lays out), defined once as
-- the table macro unit_coverage(...) and stored for every report as unit_coverage_facts: the query
-- reads the table (each unit's list cut to the selected years) when no filter but the years is set,
-- and the macro otherwise, so 100,000 reports are not grouped per unit on every call. Rebuilt by
-- loaders.facts at the end of each ingest, after report_facts (the macro reads filtered_reports).
--   The arguments are the shared filters (queries/__init__.py), in their order.
--   One row per unit with a report in a stated year; reports with no known unit form one group
--   (unit_id NULL; unit_canonical_name 未识别单位 when they state none).
--   years   the unit's years with a report, ascending: one struct per year (fiscal_year,
--           report_count, department_count, project_count).
create or replace macro unit_coverage(
    p_years, p_units, p_province, p_city, p_county, p_kind, p_grade
) as table
with per_year as (
    select
        unit_id,
        fiscal_year,
        any_value(coalesce(unit_canonical_name, '未识别单位')) as unit_canonical_name,
        any_value(region_province) as region_province,
        any_value(region_city) as region_city,
        any_value(region_county) as region_county,
        count(*) as report_count,
        count(*) filter (where kind = 'department') as department_count,
        count(*) filter (where kind = 'project') as project_count
    from filtered_reports(p_years, p_units, p_province, p_city, p_county, p_kind, p_grade)
    where fiscal_year is not null
    group by unit_id, fiscal_year
)

select
    unit_id,
    any_value(unit_canonical_name) as unit_canonical_name,
    any_value(region_province) as region_province,
    any_value(region_city) as region_city,
    any_value(region_county) as region_county,
    list_sort(
        list(
            {
                'fiscal_year': fiscal_year,
                'report_count': report_count,
                'department_count': department_count,
                'project_count': project_count
            }
        )
    ) as years
from per_year
group by unit_id;

create or replace table unit_coverage_facts as
select *
from unit_coverage(null, null, null, null, null, null, null)
order by unit_canonical_name, unit_id;
