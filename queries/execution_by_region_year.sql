-- name: execution_by_region_year
-- doc: Execution per region and year at province, city and county level: the rate of the summed budgets, with the reports and units behind it.
-- grain: one row per region_level (province | city | county) × region × fiscal_year × kind; with $max_regions the rows of one region_level
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL, $max_regions INTEGER NULL
-- columns: region_level (province | city | county), region_province, region_city, region_county,
--   region_name (the region at region_level; XX市本级 / XX省本级 for the units of a city or province
--   itself, which have no region at that level; 未知 when nothing is known), fiscal_year, kind,
--   report_count, unit_count,
--   rate_report_count (reports stating both a final budget and an executed amount: the rate's basis),
--   budget_final_wan (万元, Σ over rate_report_count reports), executed_wan (万元, Σ over the same),
--   execution_rate_pct (0-100, executed_wan ÷ budget_final_wan × 100, 4 decimals),
--   prev_execution_rate_pct (0-100, the same region, level and kind in fiscal_year − 1),
--   rate_change_pp (percentage points, this year − previous)
--
-- Department and project reports are never summed together (kind is in the grain): a department's
-- whole already holds its projects. The previous year is looked up whatever $years selects.
-- $max_regions n (a chart of one line per region): only the rows of the finest level that has more
-- than one and at most n regions (region_name) in the selection; province when none has.
--
-- The rows are region_year_execution(...) (facts/region_execution_facts.sql, their one definition):
-- stored for every report in region_execution_facts, read from there when no filter but the years
-- and the kind is set (kind is in the grain: its rows are those of the kind; the other source is
-- planned away, the params being constants). The stored rows are read per reference (only the
-- columns each needs); the computed ones, when a filter asks for them, once.
with stored as not materialized (
    select *
    from region_execution_facts
    where
        not filters_beyond_years($units, $province, $city, $county, null, $grade)
        and in_years($years, fiscal_year)
        and ($kind is null or kind = $kind)
),

computed as materialized (
    select *
    from region_year_execution($years, $units, $province, $city, $county, $kind, $grade)
    where filters_beyond_years($units, $province, $city, $county, null, $grade)
),

rows_all as not materialized (
    select *
    from stored
    union all
    select *
    from computed
),

region_counts as (
    select
        count(distinct region_name) filter (where region_level = 'county') as county_n,
        count(distinct region_name) filter (where region_level = 'city') as city_n
    from rows_all
    where $max_regions is not null
),

chosen as (
    select
        case
            when county_n between 2 and $max_regions then 'county'
            when city_n between 2 and $max_regions then 'city'
            else 'province'
        end as region_level
    from region_counts
    where $max_regions is not null
)

select
    region_level,
    region_province,
    region_city,
    region_county,
    region_name,
    fiscal_year,
    kind,
    report_count,
    unit_count,
    rate_report_count,
    budget_final_wan,
    executed_wan,
    execution_rate_pct,
    prev_execution_rate_pct,
    rate_change_pp
from rows_all
where $max_regions is null or region_level in (select c.region_level from chosen as c)
order by
    fiscal_year,
    case region_level when 'province' then 1 when 'city' then 2 else 3 end,
    region_province,
    region_city,
    region_county,
    kind
