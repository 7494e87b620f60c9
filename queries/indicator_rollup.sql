-- name: indicator_rollup
-- doc: Targets met, quantified and scored, rolled up per year by 一级 and 二级 category, by unit, and by unit × 一级.
-- grain: one row per fiscal_year × rollup group; rollup_level says which: year (all indicators of the year) | level1 | level2 | unit | unit_level1
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL, $levels VARCHAR[] NULL
-- columns: rollup_level (year | level1 | level2 | unit | unit_level1), fiscal_year,
--   level1_std (未分类 when unknown; NULL on year and unit rows),
--   level2_std (未分类 when unknown; only on level2 rows), unit_id, unit_canonical_name (only on unit
--   and unit_level1 rows), report_count, indicator_count, quantified_count (a number or a date target),
--   quantified_share_pct (0-100, 2 decimals), judged_count (target and actual both numbers),
--   met_count, missed_count, met_share_pct (0-100, of judged, 2 decimals),
--   weight_sum, score_sum (points, over indicators with weight > 0 and a score),
--   score_share_pct (0-100, score_sum ÷ weight_sum, 2 decimals), full_marks_count,
--   missed_full_marks_count (targets missed yet scored full marks)
--
-- $levels keeps only the listed rollup levels (a chart of categories needs none of the 12,500 units'
-- rows of a province).
-- Read from indicator_category_facts (per report × category sums, report counts as flags) and,
-- when no filter but the years and the kind is set, from indicator_category_year_facts (those sums
-- per year, kind, unit and category) for the unit rows and indicator_level_year_facts (per year,
-- kind and category) for the others: never every indicator.
with selected_reports as (
    select report_id
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
),

-- The selected reports' category rows when a filter beyond the years and the kind is set (planned
-- away otherwise: the params are constants), their report flags as counts, so that the groups below
-- sum them like the stored sums.
selected_rows as not materialized (
    select
        fiscal_year,
        coalesce(unit_id, '') as unit_key,
        level1_std,
        level2_std,
        unit_canonical_name,
        first_in_report::bigint as report_count,
        first_in_level1::bigint as level1_report_count,
        first_in_level2::bigint as level2_report_count,
        indicator_count,
        quantified_count,
        judged_count,
        met_count,
        missed_count,
        weight_sum,
        score_sum,
        full_marks_count,
        missed_full_marks_count
    from indicator_category_facts
    where
        filters_beyond_years($units, $province, $city, $county, null, $grade)
        and report_id in (select report_id from selected_reports)
),

-- Sums per year × unit × category: stored when every report of the years is selected (the
-- years tested as filtered_reports tests them), else the selected reports' rows. Not
-- materialized: a call for category rows alone must not read it. (By name: the stored tables
-- have columns no grouping here needs, which the selected rows lack.)
cells as not materialized (
    select *
    from indicator_category_year_facts
    where
        not filters_beyond_years($units, $province, $city, $county, null, $grade)
        and in_years($years, fiscal_year)
        and ($kind is null or kind = $kind)
    union all by name
    select * from selected_rows
),

-- The same sums per year × category, with no unit (a few hundred rows), or the selected rows.
category_cells as not materialized (
    select *
    from indicator_level_year_facts
    where
        not filters_beyond_years($units, $province, $city, $county, null, $grade)
        and in_years($years, fiscal_year)
        and ($kind is null or kind = $kind)
    union all by name
    select * exclude (unit_key, unit_canonical_name) from selected_rows
),

-- The category and the unit groups apart, so a call for category rows never aggregates the
-- units (12,500 of them in a province: most of the work and of the memory).
by_category as (
    select
        case
            when grouping(level2_std) = 0 then 'level2'
            when grouping(level1_std) = 0 then 'level1'
            else 'year'
        end as rollup_level,
        fiscal_year,
        level1_std,
        level2_std,
        null::varchar as unit_key,
        null::varchar as unit_canonical_name,
        -- a report counts once per group: by the flag of the group's finest category level
        case
            when grouping(level2_std) = 0 then sum(level2_report_count)
            when grouping(level1_std) = 0 then sum(level1_report_count)
            else sum(report_count)
        end::bigint as report_count,
        sum(indicator_count)::bigint as indicator_count,
        sum(quantified_count)::bigint as quantified_count,
        sum(judged_count)::bigint as judged_count,
        sum(met_count)::bigint as met_count,
        sum(missed_count)::bigint as missed_count,
        sum(weight_sum) as weight_sum,
        sum(score_sum) as score_sum,
        sum(full_marks_count)::bigint as full_marks_count,
        sum(missed_full_marks_count)::bigint as missed_full_marks_count
    from category_cells
    where
        $levels is null
        or list_contains($levels, 'year')
        or list_contains($levels, 'level1')
        or list_contains($levels, 'level2')
    group by grouping sets (
        (fiscal_year),
        (fiscal_year, level1_std),
        (fiscal_year, level1_std, level2_std)
    )
),

by_unit as (
    select
        case when grouping(level1_std) = 0 then 'unit_level1' else 'unit' end as rollup_level,
        fiscal_year,
        level1_std,
        null::varchar as level2_std,
        unit_key,
        any_value(unit_canonical_name) as unit_canonical_name,
        case
            when grouping(level1_std) = 0 then sum(level1_report_count)
            else sum(report_count)
        end::bigint as report_count,
        sum(indicator_count)::bigint as indicator_count,
        sum(quantified_count)::bigint as quantified_count,
        sum(judged_count)::bigint as judged_count,
        sum(met_count)::bigint as met_count,
        sum(missed_count)::bigint as missed_count,
        sum(weight_sum) as weight_sum,
        sum(score_sum) as score_sum,
        sum(full_marks_count)::bigint as full_marks_count,
        sum(missed_full_marks_count)::bigint as missed_full_marks_count
    from cells
    where
        $levels is null
        or list_contains($levels, 'unit')
        or list_contains($levels, 'unit_level1')
    group by grouping sets ((fiscal_year, unit_key), (fiscal_year, unit_key, level1_std))
),

agg as (
    select * from by_category
    union all
    select * from by_unit
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
where $levels is null or list_contains($levels, rollup_level)
order by
    fiscal_year,
    case rollup_level
        when 'year' then 0 when 'level1' then 1 when 'level2' then 2 when 'unit' then 3 else 4
    end,
    level1_std,
    level2_std,
    unit_canonical_name
