-- name: filter_options
-- doc: What the shared filters can offer: every identified unit with its region and the years it has reports for (one small row per unit, read once per database for the sidebar).
-- grain: one row per identified unit (unit_id not NULL) with a report in a stated year
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: unit_id, unit_canonical_name, region_province, region_city, region_county,
--   years (INTEGER[], the fiscal years it has a report for, ascending), report_count
select
    unit_id,
    any_value(unit_canonical_name) as unit_canonical_name,
    any_value(region_province) as region_province,
    any_value(region_city) as region_city,
    any_value(region_county) as region_county,
    list_sort(list_distinct(list(fiscal_year))) as years,
    count(*) as report_count
from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
where unit_id is not null and fiscal_year is not null
group by unit_id
order by unit_canonical_name, unit_id
