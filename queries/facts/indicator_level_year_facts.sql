-- Table indicator_level_year_facts: indicator_category_year_facts summed over the units, per year ×
-- kind × category (a few hundred rows), what the category rollups read when no filter but the
-- years and the kind is set. The unit grain barely groups anything (a unit files about one report a year), so reading it
-- for a chart of categories meant summing half a million rows at 100,000 reports.
-- Rebuilt by loaders.facts at the end of each ingest, after indicator_category_year_facts.
--   report_count, level1_report_count, level2_report_count: summed flags (see
--   indicator_category_year_facts), so they still add up over any group of these rows.
create or replace table indicator_level_year_facts as
select
    fiscal_year,
    kind,
    level1_std,
    level2_std,
    level1,
    sum(report_count)::bigint as report_count,
    sum(level1_report_count)::bigint as level1_report_count,
    sum(level2_report_count)::bigint as level2_report_count,
    sum(indicator_count)::bigint as indicator_count,
    sum(quantified_count)::bigint as quantified_count,
    sum(judged_count)::bigint as judged_count,
    sum(met_count)::bigint as met_count,
    sum(missed_count)::bigint as missed_count,
    sum(scored_count)::bigint as scored_count,
    sum(weight_sum) as weight_sum,
    sum(score_sum) as score_sum,
    sum(full_marks_count)::bigint as full_marks_count,
    sum(missed_full_marks_count)::bigint as missed_full_marks_count
from indicator_category_year_facts
group by fiscal_year, kind, level1_std, level2_std, level1
order by fiscal_year, kind, level1_std, level2_std, level1;
