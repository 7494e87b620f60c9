-- Table indicator_achievement_facts: every indicator with what indicator_achievement shows (its
-- report's unit, region, year and kind, its scope's name, its derived columns), stored in the
-- listing's order, so a page of the 绩效指标 explorer is a top-N on one table (only the page's rows
-- are read whole) and a count is a scan of a few columns, instead of joining a million indicators
-- to their reports and projects and sorting them on every call. Rebuilt by loaders.facts at the
-- end of each ingest, after indicator_facts.
--   scope_name      the project's name, else the report's subject, else its title.
--   listing_order   the listing's order: fiscal_year, unit_canonical_name, report_id, indicator_no,
--                   as one number (the report's rank in the high 32 bits, indicator_no below),
--                   not a row number: numbering a million wide rows took ~5 s of the rebuild.
-- The columns: queries/indicator_achievement.sql.
create or replace table indicator_achievement_facts as
with report_order as (
    -- the reports in the listing's order, ranked once (100k strings sorted, not a million)
    select
        *,
        row_number() over (order by fiscal_year, unit_canonical_name, report_id) as report_rank
    from filtered_reports(null, null, null, null, null, null, null)
)

select
    i.report_id as report_id,
    i.indicator_no as indicator_no,
    i.project_no as project_no,
    coalesce(p.name, b.subject, b.title) as scope_name,
    b.unit_id as unit_id,
    b.unit_canonical_name as unit_canonical_name,
    b.region_province as region_province,
    b.region_city as region_city,
    b.region_county as region_county,
    b.fiscal_year as fiscal_year,
    b.kind as kind,
    i.level1 as level1,
    i.level2 as level2,
    i.level1_std as level1_std,
    i.level2_std as level2_std,
    i.name as name,
    i.measure_unit as measure_unit,
    i.target as target,
    i.actual as actual,
    i.direction as direction,
    i.target_value as target_value,
    i.actual_value as actual_value,
    i.target_met as target_met,
    round(i.achievement_ratio, 4) as achievement_ratio,
    round(i.beat_pct, 2) as beat_pct,
    i.weight as weight,
    i.score as score,
    round(i.score_ratio, 4) as score_ratio,
    i.full_marks as full_marks,
    i.quantified as quantified,
    i.note as note,
    i.line as line,
    (b.report_rank << 32) + i.indicator_no as listing_order
from report_order as b
inner join indicator_facts as i on i.report_id = b.report_id
left join projects as p on p.report_id = i.report_id and p.project_no = i.project_no
order by listing_order;

-- Macro explorer_match(level1_std, level2_std, missed, <the row's level1_std, level2_std,
-- target_met>): whether an indicator is one the 绩效指标 explorer shows for its pickers: only that
-- standard category (level1_std, level2_std), only the targets judged missed (missed: target_met
-- false); NULL picks all.
create or replace macro explorer_match(
    p_level1_std, p_level2_std, p_missed, level1_std, level2_std, target_met
) as
    (p_level1_std is null or level1_std = p_level1_std)
    and (p_level2_std is null or level2_std = p_level2_std)
    and (not coalesce(p_missed, false) or not target_met);

-- Macro selected_indicators(years, units, province, city, county, kind, grade, level1_std,
-- level2_std, missed): the rows of indicator_achievement_facts that the 绩效指标 explorer's
-- listing and its chart show, the one definition of that choice: the report filters are
-- filtered_reports' (with none but the years and the kind, the rows of those years and that kind
-- are read directly: the other branch is planned away, the arguments being constants), the
-- pickers explorer_match's.
create or replace macro selected_indicators(
    p_years, p_units, p_province, p_city, p_county, p_kind, p_grade,
    p_level1_std, p_level2_std, p_missed
) as table
with chosen as (
    select *
    from indicator_achievement_facts
    where
        not filters_beyond_years(p_units, p_province, p_city, p_county, null, p_grade)
        and in_years(p_years, fiscal_year)
        and (p_kind is null or kind = p_kind)
    union all
    select *
    from indicator_achievement_facts
    where
        filters_beyond_years(p_units, p_province, p_city, p_county, null, p_grade)
        and report_id in (
            select report_id
            from filtered_reports(p_years, p_units, p_province, p_city, p_county, p_kind, p_grade)
        )
)

select *
from chosen
where explorer_match(p_level1_std, p_level2_std, p_missed, level1_std, level2_std, target_met);
