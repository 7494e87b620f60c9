-- name: indicator_beat_by_category
-- doc: How far actuals land from numeric targets, per 二级 category: the quartiles and whiskers of beat_pct, computed in the database so the chart needs one row per category at any number of indicators.
-- grain: one row per level2_std (未分类 when unknown) among the indicators indicator_achievement lists for the same params that have a beat_pct
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL, $level1_std VARCHAR NULL,
--   $level2_std VARCHAR NULL, $missed BOOLEAN NULL
-- columns: level2_std, indicator_count (indicators with a beat_pct), beat_min_pct,
--   beat_lower_pct (the lowest beat_pct ≥ Q1 − 1.5 × (Q3 − Q1): the lower whisker's end),
--   beat_q1_pct, beat_median_pct, beat_q3_pct (quartiles, interpolated linearly between the two
--   nearest values, as quantile_cont), beat_upper_pct (the highest beat_pct ≤ Q3 + 1.5 × (Q3 −
--   Q1)), beat_max_pct (all in % of the target by which the actual beats it, negative: missed by;
--   2 decimals), outlier_count (indicators beyond the whiskers)
--
-- The indicators are selected_indicators' (facts/indicator_achievement_facts.sql), the rows the
-- 绩效指标 explorer lists for these params, with beat_pct as it lists it (2 decimals). Computed
-- from how many indicators have each value (a few thousand distinct values, not a million rows;
-- stored per year in indicator_beat_facts): the quartile at p is the value at position
-- (n − 1) × p of the sorted values, interpolated.
with raw_counts as (
    -- the stored counts of the selected years (and kind) when no filter but the years and the
    -- kind is set (the pickers tested as selected_indicators tests them)
    select
        level2_std,
        beat_pct,
        sum(value_count)::bigint as value_count
    from indicator_beat_facts
    where
        not filters_beyond_years($units, $province, $city, $county, null, $grade)
        and in_years($years, fiscal_year)
        and ($kind is null or kind = $kind)
        and explorer_match($level1_std, $level2_std, $missed, level1_std, level2_std, target_met)
    group by level2_std, beat_pct
    union all
    -- else the selected indicators, counted (planned away when not needed: the params are
    -- constants)
    select
        level2_std,
        beat_pct,
        count(*) as value_count
    from selected_indicators(
        $years, $units, $province, $city, $county, $kind, $grade, $level1_std, $level2_std, $missed
    )
    where
        filters_beyond_years($units, $province, $city, $county, null, $grade)
        and beat_pct is not null
    group by level2_std, beat_pct
),

-- (grouped on the stored category first: cheaper than on the coalesced one)
counts as (
    select
        coalesce(level2_std, '未分类') as level2_std,
        beat_pct,
        sum(value_count) as value_count
    from raw_counts
    group by 1, 2
),

-- each value's last position + 1 in its category's sorted values (0-based), and the category's size
positioned as (
    select
        level2_std,
        beat_pct,
        sum(value_count) over (
            partition by level2_std
            order by beat_pct
            rows between unbounded preceding and current row
        ) as next_pos,
        sum(value_count) over (partition by level2_std) as indicator_count
    from counts
),

-- the quartile at p lies between the values at positions floor(h) and floor(h) + 1, h = (n − 1) × p;
-- the value at position k is the smallest one whose next_pos > k
bounds as (
    select
        level2_std,
        any_value(indicator_count) as indicator_count,
        min(beat_pct) filter (where next_pos > floor((indicator_count - 1) * 0.25)) as q1_below,
        min(beat_pct) filter (where next_pos > floor((indicator_count - 1) * 0.25) + 1) as q1_above,
        min(beat_pct) filter (where next_pos > floor((indicator_count - 1) * 0.5)) as median_below,
        min(beat_pct) filter (where next_pos > floor((indicator_count - 1) * 0.5) + 1)
            as median_above,
        min(beat_pct) filter (where next_pos > floor((indicator_count - 1) * 0.75)) as q3_below,
        min(beat_pct) filter (where next_pos > floor((indicator_count - 1) * 0.75) + 1) as q3_above
    from positioned
    group by level2_std
),

fenced as (
    select
        level2_std,
        indicator_count,
        q1_below + ((indicator_count - 1) * 0.25 - floor((indicator_count - 1) * 0.25))
        * (coalesce(q1_above, q1_below) - q1_below) as beat_q1_pct,
        median_below + ((indicator_count - 1) * 0.5 - floor((indicator_count - 1) * 0.5))
        * (coalesce(median_above, median_below) - median_below) as beat_median_pct,
        q3_below + ((indicator_count - 1) * 0.75 - floor((indicator_count - 1) * 0.75))
        * (coalesce(q3_above, q3_below) - q3_below) as beat_q3_pct
    from bounds
),

whiskers as (
    select
        c.level2_std,
        min(c.beat_pct) as beat_min_pct,
        max(c.beat_pct) as beat_max_pct,
        min(c.beat_pct) filter (
            where c.beat_pct >= f.beat_q1_pct - 1.5 * (f.beat_q3_pct - f.beat_q1_pct)
        ) as beat_lower_pct,
        max(c.beat_pct) filter (
            where c.beat_pct <= f.beat_q3_pct + 1.5 * (f.beat_q3_pct - f.beat_q1_pct)
        ) as beat_upper_pct,
        coalesce(
            sum(c.value_count) filter (
                where
                    c.beat_pct < f.beat_q1_pct - 1.5 * (f.beat_q3_pct - f.beat_q1_pct)
                    or c.beat_pct > f.beat_q3_pct + 1.5 * (f.beat_q3_pct - f.beat_q1_pct)
            ),
            0
        )::bigint as outlier_count
    from counts as c
    inner join fenced as f on f.level2_std = c.level2_std
    group by c.level2_std
)

select
    f.level2_std,
    f.indicator_count::bigint as indicator_count,
    round(w.beat_min_pct, 2) as beat_min_pct,
    round(w.beat_lower_pct, 2) as beat_lower_pct,
    round(f.beat_q1_pct, 2) as beat_q1_pct,
    round(f.beat_median_pct, 2) as beat_median_pct,
    round(f.beat_q3_pct, 2) as beat_q3_pct,
    round(w.beat_upper_pct, 2) as beat_upper_pct,
    round(w.beat_max_pct, 2) as beat_max_pct,
    w.outlier_count
from fenced as f
inner join whiskers as w on w.level2_std = f.level2_std
order by
    f.indicator_count,
    f.level2_std
