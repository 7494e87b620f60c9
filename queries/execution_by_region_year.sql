-- name: execution_by_region_year
-- doc: Execution per region and year at province, city and county level: the rate of the summed budgets, with the reports and units behind it.
-- grain: one row per region_level (province | city | county) × region × fiscal_year × kind
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
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
with all_years as (
    select
        *,
        budget_final_wan > 0 and executed_wan is not null as has_rate
    from filtered_reports(null, $units, $province, $city, $county, $kind, $grade)
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
),

final as (
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
    where $years is null or list_contains($years, c.fiscal_year)
)

select *
from final
order by
    fiscal_year,
    case region_level when 'province' then 1 when 'city' then 2 else 3 end,
    region_province,
    region_city,
    region_county,
    kind
