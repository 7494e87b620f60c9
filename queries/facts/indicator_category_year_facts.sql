-- Table indicator_category_year_facts: indicator_category_facts summed per year × kind × unit ×
-- category, what the indicator rollups read when no filter but the years and the kind is set
-- (every report of those years and that kind is selected; the sums add up over the kinds).
-- Rebuilt by loaders.facts at the end of each ingest, after indicator_category_facts.
--   unit_key                 coalesce(unit_id, ''): reports without a unit are one group.
--   report_count             reports with an indicator in the row; level1_report_count and
--                            level2_report_count: reports whose first row of their level1_std, of
--                            their level1_std × level2_std is here (sum them over a group to count
--                            its reports).
--   unit_canonical_name      any one of the group's (they differ only among reports without a unit).
create or replace table indicator_category_year_facts as
select
    fiscal_year,
    kind,
    coalesce(unit_id, '') as unit_key,
    level1_std,
    level2_std,
    level1,
    any_value(unit_canonical_name) as unit_canonical_name,
    count(*) filter (where first_in_report) as report_count,
    count(*) filter (where first_in_level1) as level1_report_count,
    count(*) filter (where first_in_level2) as level2_report_count,
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
from indicator_category_facts
group by fiscal_year, kind, unit_key, level1_std, level2_std, level1
order by fiscal_year, kind, unit_key, level1_std, level2_std, level1;
