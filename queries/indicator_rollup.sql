-- name: indicator_rollup
-- doc: Targets met, quantified and scored, rolled up per year by 一级 and 二级 category, by unit, and by unit × 一级.
-- grain: one row per fiscal_year × rollup group; rollup_level says which: year (all indicators of the year) | level1 | level2 | unit | unit_level1
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: rollup_level (year | level1 | level2 | unit | unit_level1), fiscal_year,
--   level1_std (未分类 when unknown; NULL on year and unit rows),
--   level2_std (未分类 when unknown; only on level2 rows), unit_id, unit_canonical_name (only on unit
--   and unit_level1 rows), report_count, indicator_count, quantified_count (a number or a date target),
--   quantified_share_pct (0-100, 2 decimals), judged_count (target and actual both numbers),
--   met_count, missed_count, met_share_pct (0-100, of judged, 2 decimals),
--   weight_sum, score_sum (points, over indicators with weight > 0 and a score),
--   score_share_pct (0-100, score_sum ÷ weight_sum, 2 decimals), full_marks_count,
--   missed_full_marks_count (targets missed yet scored full marks)
with base as (
    select
        report_id,
        fiscal_year,
        unit_id,
        unit_canonical_name
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
),

ind as (
    select
        b.report_id,
        b.fiscal_year,
        coalesce(b.unit_id, '') as unit_key,
        b.unit_canonical_name,
        coalesce(i.level1_std, '未分类') as level1_std,
        coalesce(i.level2_std, '未分类') as level2_std,
        i.quantified,
        i.target_met,
        i.weight > 0 and i.score is not null as scored,
        i.weight,
        i.score,
        i.full_marks
    from base as b
    inner join indicator_facts as i on i.report_id = b.report_id
),

agg as (
    select
        case
            when grouping(unit_key) = 0 and grouping(level1_std) = 0 then 'unit_level1'
            when grouping(unit_key) = 0 then 'unit'
            when grouping(level2_std) = 0 then 'level2'
            when grouping(level1_std) = 0 then 'level1'
            else 'year'
        end as rollup_level,
        fiscal_year,
        level1_std,
        level2_std,
        unit_key,
        any_value(unit_canonical_name) as unit_canonical_name,
        count(distinct report_id) as report_count,
        count(*) as indicator_count,
        count(*) filter (where quantified) as quantified_count,
        count(target_met) as judged_count,
        count(*) filter (where target_met) as met_count,
        count(*) filter (where not target_met) as missed_count,
        sum(weight) filter (where scored) as weight_sum,
        sum(score) filter (where scored) as score_sum,
        count(*) filter (where full_marks) as full_marks_count,
        count(*) filter (where full_marks and not target_met) as missed_full_marks_count
    from ind
    group by grouping sets (
        (fiscal_year),
        (fiscal_year, level1_std),
        (fiscal_year, level1_std, level2_std),
        (fiscal_year, unit_key),
        (fiscal_year, unit_key, level1_std)
    )
),

final as (
    select
        rollup_level,
        fiscal_year,
        level1_std,
        level2_std,
        nullif(unit_key, '') as unit_id,
        case when unit_key is not null then unit_canonical_name end as unit_canonical_name,
        report_count,
        indicator_count,
        quantified_count,
        round(quantified_count / indicator_count * 100, 2) as quantified_share_pct,
        judged_count,
        met_count,
        missed_count,
        round(met_count / nullif(judged_count, 0) * 100, 2) as met_share_pct,
        weight_sum,
        score_sum,
        round((score_sum / nullif(weight_sum, 0) * 100)::double, 2) as score_share_pct,
        full_marks_count,
        missed_full_marks_count
    from agg
)

select *
from final
order by
    fiscal_year,
    case rollup_level
        when 'year' then 0 when 'level1' then 1 when 'level2' then 2 when 'unit' then 3 else 4
    end,
    level1_std,
    level2_std,
    unit_canonical_name
