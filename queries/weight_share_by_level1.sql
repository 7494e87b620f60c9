-- name: weight_share_by_level1
-- doc: Per 一级指标 and year, how much of the weight the reports actually scored themselves: Σ score ÷ Σ weight over the indicators stating both.
-- grain: one row per fiscal_year × level1_std (the 一级 mapped onto the standard framework; 未分类 when unknown)
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: fiscal_year, level1_std (产出指标 | 效益指标 | 满意度指标 | 成本指标 | … | 未分类),
--   level1_variants (the 一级 names as written, sorted, '; '-joined), report_count (reports with an
--   indicator of this 一级), indicator_count, scored_indicator_count (weight > 0 and a score),
--   weight_sum (points, Σ weight of scored indicators), score_sum (points, Σ their scores),
--   score_share_pct (0-100, score_sum ÷ weight_sum × 100, 2 decimals),
--   full_marks_count (scored indicators at full marks), full_marks_share_pct (0-100, 2 decimals)
--
-- Read from indicator_category_facts (per report × category sums, report counts as flags) and,
-- when no filter but the years and the kind is set, from indicator_level_year_facts (those sums per
-- year, kind and category): never every indicator.
with selected_reports as (
    select report_id
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
),

-- Sums per year × category, from one of two sources (the other is planned away: the
-- params are constants): the stored per-year sums when every report of the years is selected
-- (the years tested as filtered_reports tests them), else the selected reports' category rows.
cells as (
    select
        fiscal_year,
        level1_std,
        level1,
        level1_report_count,
        indicator_count,
        scored_count,
        weight_sum,
        score_sum,
        full_marks_count
    from indicator_level_year_facts
    where
        not filters_beyond_years($units, $province, $city, $county, null, $grade)
        and in_years($years, fiscal_year)
        and ($kind is null or kind = $kind)
    union all
    select
        fiscal_year,
        level1_std,
        level1,
        count(*) filter (where first_in_level1) as level1_report_count,
        sum(indicator_count)::bigint as indicator_count,
        sum(scored_count)::bigint as scored_count,
        sum(weight_sum) as weight_sum,
        sum(score_sum) as score_sum,
        sum(full_marks_count)::bigint as full_marks_count
    from indicator_category_facts
    where
        filters_beyond_years($units, $province, $city, $county, null, $grade)
        and report_id in (select report_id from selected_reports)
    group by fiscal_year, level1_std, level1
),

-- (full marks imply a weight > 0 and a score: every full-marks indicator is a scored one)
final as (
    select
        fiscal_year,
        level1_std,
        string_agg(distinct level1, '; ' order by level1) as level1_variants,
        sum(level1_report_count)::bigint as report_count,
        sum(indicator_count)::bigint as indicator_count,
        sum(scored_count)::bigint as scored_indicator_count,
        sum(weight_sum) as weight_sum,
        sum(score_sum) as score_sum,
        round((sum(score_sum) / sum(weight_sum) * 100)::double, 2) as score_share_pct,
        sum(full_marks_count)::bigint as full_marks_count,
        round(
            sum(full_marks_count)::bigint / nullif(sum(scored_count)::bigint, 0) * 100, 2
        ) as full_marks_share_pct
    from cells
    group by fiscal_year, level1_std
)

select *
from final
order by
    fiscal_year,
    level1_std
