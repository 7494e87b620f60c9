-- name: coverage
-- doc: Which unit has which years: every unit against every year of the selection, so a comparison across years says what is missing.
-- grain: one row per unit × fiscal_year, for every unit with a report in the selection and every year of the selection ($years, else each year from the first to the last reported); reports with no known unit form one group (unit_id NULL, 未识别单位); with $per_unit one row per unit; with $top_units only the units it picks
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL, $top_units INTEGER NULL,
--   $per_unit BOOLEAN NULL
-- columns: unit_id, unit_canonical_name (未识别单位 for reports with no unit), region_province,
--   region_city, region_county, fiscal_year (NULL on a $per_unit row), has_report (NULL on a
--   $per_unit row), report_count, department_count, project_count (in the year; on a $per_unit
--   row over the selection), unit_year_count (years of the selection the unit has a report for),
--   span_year_count (years in the selection), unit_first_year, unit_last_year,
--   unit_missing_years (years of the selection without a report from the unit, ascending)
--
-- $top_units n (the grid chart): only the n units with the most reports in the selection (ties:
-- unit name, unit id). $per_unit (the list of units and their gaps): one row per unit instead of
-- one per unit × year, the units with a report in the most years first (ties: unit name, unit id).
--
-- Each unit's years come from unit_coverage(...) (facts/unit_coverage_facts.sql, their one
-- definition): stored for every report in unit_coverage_facts and cut to the selected years and
-- kind (each year's counts per kind are stored) when no other filter is set (the other source is
-- planned away: the params are constants); computed once for a call with other filters.
with stored as not materialized (
    select
        unit_id,
        unit_canonical_name,
        region_province,
        region_city,
        region_county,
        case
            when $years is null and $kind is null then years
            else list_filter(
                list_transform(
                    years,
                    lambda y: {
                        'fiscal_year': y.fiscal_year,
                        'report_count': case
                            when $kind is null then y.report_count
                            when $kind = 'department' then y.department_count
                            when $kind = 'project' then y.project_count
                            else 0
                        end,
                        'department_count': case
                            when $kind is null or $kind = 'department' then y.department_count
                            else 0
                        end,
                        'project_count': case
                            when $kind is null or $kind = 'project' then y.project_count
                            else 0
                        end
                    }
                ),
                lambda y: in_years($years, y.fiscal_year) and y.report_count > 0
            )
        end as years
    from unit_coverage_facts
    where not filters_beyond_years($units, $province, $city, $county, null, $grade)
),

computed as materialized (
    select *
    from unit_coverage($years, $units, $province, $city, $county, $kind, $grade)
    where filters_beyond_years($units, $province, $city, $county, null, $grade)
),

units_all as (
    select *
    from stored
    union all
    select *
    from computed
),

unit_list as (
    select
        unit_id,
        unit_canonical_name,
        region_province,
        region_city,
        region_county,
        years,
        list_transform(years, lambda y: y.fiscal_year) as unit_years,
        list_sum(list_transform(years, lambda y: y.report_count))::bigint as report_count,
        list_sum(list_transform(years, lambda y: y.department_count))::bigint as department_count,
        list_sum(list_transform(years, lambda y: y.project_count))::bigint as project_count,
        years[1].fiscal_year as unit_first_year,
        years[-1].fiscal_year as unit_last_year
    from units_all
    where len(years) > 0
),

span as (
    select
        coalesce(
            list_sort(list_distinct($years)),
            (select range(min(u.unit_first_year), max(u.unit_last_year) + 1) from unit_list as u)
        )::integer[] as span_years
),

picked as (
    select *
    from unit_list
    where $top_units is null
    union all
    (
        select *
        from unit_list
        where $top_units is not null
        order by report_count desc, unit_canonical_name, unit_id
        limit $top_units
    )
),

units as (
    select
        u.*,
        len(u.unit_years) as unit_year_count,
        len(s.span_years) as span_year_count,
        list_filter(s.span_years, lambda y: not list_contains(u.unit_years, y))
            as unit_missing_years,
        s.span_years
    from picked as u
    cross join span as s
),

-- one row per unit × year of the span, and the unit's counts in the years it has
unit_span as (
    select
        *,
        unnest(span_years) as fiscal_year
    from units
    where not coalesce($per_unit, false)
),

unit_counts as (
    select
        unit_id,
        unnest(years, recursive := true)
    from units
    where not coalesce($per_unit, false)
),

grid as (
    select
        u.unit_id,
        u.unit_canonical_name,
        u.region_province,
        u.region_city,
        u.region_county,
        u.fiscal_year,
        c.report_count is not null as has_report,
        coalesce(c.report_count, 0) as report_count,
        coalesce(c.department_count, 0) as department_count,
        coalesce(c.project_count, 0) as project_count,
        u.unit_year_count,
        u.span_year_count,
        u.unit_first_year,
        u.unit_last_year,
        u.unit_missing_years
    from unit_span as u
    left join unit_counts as c
        on c.unit_id is not distinct from u.unit_id and c.fiscal_year = u.fiscal_year
),

per_unit as (
    select
        unit_id,
        unit_canonical_name,
        region_province,
        region_city,
        region_county,
        null::integer as fiscal_year,
        null::boolean as has_report,
        report_count,
        department_count,
        project_count,
        unit_year_count,
        span_year_count,
        unit_first_year,
        unit_last_year,
        unit_missing_years
    from units
    where coalesce($per_unit, false)
),

final as (
    select *
    from grid
    union all
    select *
    from per_unit
)

select *
from final
order by
    case when coalesce($per_unit, false) then unit_year_count end desc nulls last,
    unit_canonical_name,
    unit_id,
    fiscal_year
