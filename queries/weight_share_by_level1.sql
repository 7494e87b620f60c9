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
with base as (
    select
        report_id,
        fiscal_year
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
),

ind as (
    select
        b.fiscal_year,
        b.report_id,
        coalesce(i.level1_std, '未分类') as level1_std,
        i.level1,
        i.weight > 0 and i.score is not null as scored,
        i.weight,
        i.score,
        i.full_marks
    from base as b
    inner join indicator_facts as i on i.report_id = b.report_id
),

final as (
    select
        fiscal_year,
        level1_std,
        string_agg(distinct level1, '; ' order by level1) as level1_variants,
        count(distinct report_id) as report_count,
        count(*) as indicator_count,
        count(*) filter (where scored) as scored_indicator_count,
        sum(weight) filter (where scored) as weight_sum,
        sum(score) filter (where scored) as score_sum,
        round(
            (sum(score) filter (where scored) / sum(weight) filter (where scored) * 100)::double, 2
        ) as score_share_pct,
        count(*) filter (where scored and full_marks) as full_marks_count,
        round(
            count(*) filter (where scored and full_marks)
            / nullif(count(*) filter (where scored), 0) * 100,
            2
        ) as full_marks_share_pct
    from ind
    group by fiscal_year, level1_std
)

select *
from final
order by
    fiscal_year,
    level1_std
