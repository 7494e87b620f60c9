-- Table indicator_beat_facts: how many indicators of each year, report kind, standard category and
-- verdict (target_met) have each beat_pct (2 decimals, as indicator_achievement lists it): a few
-- tens of thousands of rows for a million indicators, from which indicator_beat_by_category
-- computes the quartiles when no filter but the years and the kind is set (the explorer's pickers
-- test these columns; the counts add up over the kinds).
-- Rebuilt by loaders.facts at the end of each ingest, after indicator_achievement_facts.
create or replace table indicator_beat_facts as
select
    fiscal_year,
    kind,
    level1_std,
    level2_std,
    target_met,
    beat_pct,
    count(*) as value_count
from indicator_achievement_facts
where beat_pct is not null
group by fiscal_year, kind, level1_std, level2_std, target_met, beat_pct
order by fiscal_year, kind, level1_std, level2_std, target_met, beat_pct;
