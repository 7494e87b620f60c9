-- name: coverage
-- doc: Which unit has which years: every unit against every year of the selection, so a comparison across years says what is missing.
-- grain: one row per unit × fiscal_year, for every unit with a report in the selection and every year of the selection ($years, else each year from the first to the last reported); reports with no known unit form one group (unit_id NULL, 未识别单位)
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: unit_id, unit_canonical_name (未识别单位 for reports with no unit), region_province,
--   region_city, region_county, fiscal_year, has_report, report_count, department_count,
--   project_count, unit_year_count (years of the selection the unit has a report for),
--   span_year_count (years in the selection), unit_first_year, unit_last_year,
--   unit_missing_years (years of the selection without a report from the unit, ascending)
with base as (
    select
        report_id,
        unit_id,
        coalesce(unit_canonical_name, '未识别单位') as unit_canonical_name,
        region_province,
        region_city,
        region_county,
        fiscal_year,
        kind
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
    where fiscal_year is not null
),

span as (
    select unnest(
        coalesce(
            list_sort(list_distinct($years)),
            (select range(min(fiscal_year), max(fiscal_year) + 1) from base)
        )
    ) as fiscal_year
),

unit_list as (
    select
        unit_id,
        any_value(unit_canonical_name) as unit_canonical_name,
        any_value(region_province) as region_province,
        any_value(region_city) as region_city,
        any_value(region_county) as region_county,
        min(fiscal_year) as unit_first_year,
        max(fiscal_year) as unit_last_year
    from base
    group by unit_id
),

per_year as (
    select
        unit_id,
        fiscal_year,
        count(*) as report_count,
        count(*) filter (where kind = 'department') as department_count,
        count(*) filter (where kind = 'project') as project_count
    from base
    group by unit_id, fiscal_year
),

grid as (
    select
        u.unit_id,
        u.unit_canonical_name,
        u.region_province,
        u.region_city,
        u.region_county,
        s.fiscal_year::integer as fiscal_year,
        y.report_count is not null as has_report,
        coalesce(y.report_count, 0) as report_count,
        coalesce(y.department_count, 0) as department_count,
        coalesce(y.project_count, 0) as project_count,
        u.unit_first_year,
        u.unit_last_year
    from unit_list as u
    cross join span as s
    left join per_year as y
        on y.unit_id is not distinct from u.unit_id and y.fiscal_year = s.fiscal_year
),

final as (
    select
        unit_id,
        unit_canonical_name,
        region_province,
        region_city,
        region_county,
        fiscal_year,
        has_report,
        report_count,
        department_count,
        project_count,
        count(*) filter (where has_report) over (partition by unit_id) as unit_year_count,
        count(*) over (partition by unit_id) as span_year_count,
        unit_first_year,
        unit_last_year,
        coalesce(
            list_sort(list(fiscal_year) filter (where not has_report) over (partition by unit_id)),
            []
        ) as unit_missing_years
    from grid
)

select *
from final
order by
    unit_canonical_name,
    unit_id,
    fiscal_year
