-- Table report_facts: every report with its canonical unit and region (the columns the shared
-- filter reads), its row counts and its source file's name, stored in the listing order
-- (listing_order), so filtered_reports(...) is one scan of one table and the report listing
-- needs no per-report counting. Rebuilt by loaders.facts at the end of each ingest.
--   unit_canonical_name, region_*  the canonical unit's, else what the report states.
--   indicator_count, project_count, warning_count, source_file  for the report listing.
create or replace table report_facts as
with counted as (
    select
        r.*,
        coalesce(u.canonical_name, r.unit_name) as unit_canonical_name,
        coalesce(u.province, r.unit_province) as region_province,
        coalesce(u.city, r.unit_city) as region_city,
        coalesce(u.county, r.unit_county) as region_county,
        coalesce(i.n, 0) as indicator_count,
        coalesce(p.n, 0) as project_count,
        coalesce(w.n, 0) as warning_count,
        sf.name as source_file
    from reports as r
    left join units as u on u.unit_id = r.unit_id
    left join (select report_id, count(*) as n from indicators group by report_id) as i
        on i.report_id = r.report_id
    left join (select report_id, count(*) as n from projects group by report_id) as p
        on p.report_id = r.report_id
    left join (select report_id, count(*) as n from warnings group by report_id) as w
        on w.report_id = r.report_id
    left join source_files as sf on sf.path = r.source_path
)

select
    *,
    row_number() over (
        order by fiscal_year, unit_canonical_name, kind, subject, report_id
    ) as listing_order
from counted
order by listing_order;

-- The years test of the shared filter.
create or replace macro in_years(p_years, y) as p_years is null or list_contains(p_years, y);

-- The years test of a query that shows each row beside its previous year: a selected year, or the
-- year before one (looked back to, not shown).
create or replace macro in_years_or_year_before(p_years, y) as
    in_years(p_years, y) or list_contains(p_years, y + 1);

-- Whether a filter other than the years is set. With none, filtered_reports(...) selects every
-- report of the selected years, so a query may read a table stored per year instead (tested with
-- in_years, the filter's own years test); the other branch is planned away, the params being
-- constants.
create or replace macro filters_beyond_years(
    p_units, p_province, p_city, p_county, p_kind, p_grade
) as not (
    p_units is null and p_province is null and p_city is null and p_county is null
    and p_kind is null and p_grade is null
);

-- The shared report filter every named query uses (the convention is in queries/__init__.py):
--   select … from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
-- A NULL argument does not filter. years: INTEGER[]; units: VARCHAR[] of unit_id or canonical unit
-- name; province/city/county: the canonical unit's region, else the region the report states;
-- kind: department | project; grade: the grade as printed.
-- report_selected(...) is its one definition, as a test of one row r that carries a report's
-- fiscal_year, unit_id, unit_canonical_name, region_province, region_city, region_county, kind and
-- grade (a table's alias is its row): filtered_report_facts applies it to report_facts, and a
-- derived table holding those columns for its rows may apply it to itself instead of joining the
-- reports (execution_facts does).
-- filtered_report_facts keeps the listing columns above, filtered_reports the reports' own
-- columns and the unit's canonical name and region. (A table macro is bound when it is created,
-- so the macros live here, after the table they read.)
create or replace macro report_selected(
    p_years, p_units, p_province, p_city, p_county, p_kind, p_grade, r
) as
in_years(p_years, r.fiscal_year)
and (
    p_units is null
    or list_contains(p_units, r.unit_id)
    or list_contains(p_units, r.unit_canonical_name)
)
and (p_province is null or r.region_province = p_province)
and (p_city is null or r.region_city = p_city)
and (p_county is null or r.region_county = p_county)
and (p_kind is null or r.kind = p_kind)
and (p_grade is null or r.grade = p_grade);

create or replace macro filtered_report_facts(
    p_years, p_units, p_province, p_city, p_county, p_kind, p_grade
) as table
select *
from report_facts as b
where report_selected(p_years, p_units, p_province, p_city, p_county, p_kind, p_grade, b);

create or replace macro filtered_reports(
    p_years, p_units, p_province, p_city, p_county, p_kind, p_grade
) as table
select * exclude (indicator_count, project_count, warning_count, source_file, listing_order)
from filtered_report_facts(p_years, p_units, p_province, p_city, p_county, p_kind, p_grade);
