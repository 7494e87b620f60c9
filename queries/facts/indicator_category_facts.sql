-- Table indicator_category_facts: each report's indicators summed per category (level1_std ×
-- level2_std × the 一级 as written), with the report's year and unit: the indicator rollups read
-- about half as many rows as there are indicators, and count reports by summing flags instead of
-- count(distinct) over every indicator. Rebuilt by loaders.facts at the end of each ingest.
--   level1_std, level2_std   as in indicator_facts, 未分类 when unknown.
--   first_in_report          the report's first row; first_in_level1: its first of that level1_std;
--                            first_in_level2: its first of that level1_std × level2_std (a report
--                            counts once per group by summing the flag of the group's finest level).
--   scored_count             indicators with weight > 0 and a score; weight_sum and score_sum are
--                            over those (full_marks implies scored).
--   unit_canonical_name      as filtered_reports gives it (the canonical unit's, else as stated);
--                            kind, the report's (department | project).
create or replace table indicator_category_facts as
with report_units as (
    select
        report_id,
        fiscal_year,
        unit_id,
        unit_canonical_name,
        kind
    from filtered_reports(null, null, null, null, null, null, null)
),

categories as (
    select
        i.report_id,
        coalesce(i.level1_std, '未分类') as level1_std,
        coalesce(i.level2_std, '未分类') as level2_std,
        i.level1,
        count(*) as indicator_count,
        count(*) filter (where i.quantified) as quantified_count,
        count(i.target_met) as judged_count,
        count(*) filter (where i.target_met) as met_count,
        count(*) filter (where not i.target_met) as missed_count,
        count(*) filter (where i.weight > 0 and i.score is not null) as scored_count,
        sum(i.weight) filter (where i.weight > 0 and i.score is not null) as weight_sum,
        sum(i.score) filter (where i.weight > 0 and i.score is not null) as score_sum,
        count(*) filter (where i.full_marks) as full_marks_count,
        count(*) filter (where i.full_marks and not i.target_met) as missed_full_marks_count
    from indicator_facts as i
    group by i.report_id, 2, 3, i.level1
),

-- one window (one sort): a row starts its level1_std, its level1_std × level2_std, when the
-- report's row before it has another
ordered as (
    select
        c.*,
        row_number() over report_rows = 1 as first_in_report,
        lag(c.level1_std) over report_rows as prev_level1_std,
        lag(c.level2_std) over report_rows as prev_level2_std
    from categories as c
    window report_rows as (partition by c.report_id order by c.level1_std, c.level2_std, c.level1)
)

select
    r.fiscal_year,
    r.unit_id,
    r.unit_canonical_name,
    r.kind,
    o.* exclude (first_in_report, prev_level1_std, prev_level2_std),
    o.first_in_report,
    o.first_in_report or o.prev_level1_std <> o.level1_std as first_in_level1,
    o.first_in_report
    or o.prev_level1_std <> o.level1_std
    or o.prev_level2_std <> o.level2_std as first_in_level2
from ordered as o
inner join report_units as r on r.report_id = o.report_id
order by r.fiscal_year, o.report_id, o.level1_std, o.level2_std, o.level1;
