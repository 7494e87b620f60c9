-- Table indicator_level_year_facts: indicator_category_year_facts summed over the units, per year ×
-- kind × category (a few hundred rows), what the category rollups read when no filter but the
-- years and the kind is set. The unit grain barely groups anything (a unit files about one report
-- a year), so reading it for a chart of categories meant summing half a million rows at 100,000
-- reports. Rebuilt by loaders.facts at the end of each ingest, after indicator_category_year_facts.
-- Every other column of that table is a sum, summed again here under its own name (report_count,
-- level1_report_count, level2_report_count are summed flags: they still add up over any group).
create or replace table indicator_level_year_facts as
select
    fiscal_year,
    kind,
    level1_std,
    level2_std,
    level1,
    sum(columns(* exclude (fiscal_year, kind, level1_std, level2_std, level1, unit_key,
        unit_canonical_name)))
from indicator_category_year_facts
group by fiscal_year, kind, level1_std, level2_std, level1
order by fiscal_year, kind, level1_std, level2_std, level1;
