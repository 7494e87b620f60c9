-- name: cost_indicator_trend
-- doc: The 成本指标 values a unit reports (差旅成本 元/天/人, 成本控制 万元 …) across years, one series per unit, scope, indicator and unit of measure, with the change from the previous year.
-- grain: one row per series × fiscal_year; a series is unit × scope_name × indicator name × measure unit, so units of measure are never mixed in one series; with $top_series only the rows of the series the charts draw
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL, $top_series INTEGER NULL,
--   $top_measures INTEGER NULL
-- columns: unit_id, unit_canonical_name, scope_name (the project's name, else the report's subject,
--   else 整体 for a department report's own indicators), name (the 三级指标),
--   series_unit (the indicator's measure unit, else the unit written after the target's number,
--   else 未注明), fiscal_year, value_count (indicators behind the figures: more than 1 when one unit
--   reports the same series twice in a year), target_value, actual_value (in series_unit; the mean
--   when value_count > 1, 6 decimals), direction (≤ ≥ = as the indicator states or implies),
--   prev_actual_value, prev_target_value (the same series in fiscal_year − 1),
--   actual_change_pct, target_change_pct (%, 2 decimals), line (source line, the first),
--   series_rank (with $top_series: the series' rank in its series_unit among the series with an
--   actual value in the selected years: 1 = most years with one, ties by unit name, scope_name,
--   name, then the series' first year and unit id), measure_series_count (with $top_series: how
--   many series of its series_unit have one), measure_rank (with $top_series: 1 = the series_unit
--   with the most such series, ties by series_unit), measure_count (with $top_series: how many
--   series_units have one); all four NULL without $top_series
--
-- A cost indicator is one whose 一级 or 二级 names 成本. Only numeric values are kept. The previous
-- year is looked up whatever $years selects.
--
-- $top_series: only the rows of the first $top_series series (by series_rank) of each series_unit
-- (the lines of the 成本趋势 charts, one chart per unit of measure: a chart of 80,000 series draws
-- a few). $top_measures, with $top_series: only those of the $top_measures series_units first by
-- measure_rank. NULL: every row.
--
-- Read from cost_series_facts (these rows for every report, stored at ingest) when no filter but
-- the years is set, from cost_series_kind_facts (the same per kind) when the kind is set too, else
-- computed for the selected reports by cost_series_years (facts/cost_series_facts.sql, the one
-- definition).

-- The rows computed for the selected reports, when a filter other than the years and the kind is
-- set (computed once; else planned away: the params are constants), in the order of the stored
-- rows.
with selected as materialized (
    select
        s.*,
        f.listing_order
    from cost_series_years($years, $units, $province, $city, $county, $kind, $grade) as s
    inner join cost_series_facts as f
        on f.series_no = s.series_no and f.fiscal_year = s.fiscal_year
    where filters_beyond_years($units, $province, $city, $county, null, $grade)
),

-- the stored rows of the selected years when no filter but the years is set, the stored rows of
-- the kind when the kind is set too, else those computed
trend as not materialized (
    select *
    from cost_series_facts
    where
        not filters_beyond_years($units, $province, $city, $county, $kind, $grade)
        and in_years($years, fiscal_year)
    union all
    select * exclude (kind)
    from cost_series_kind_facts
    where
        $kind is not null
        and not filters_beyond_years($units, $province, $city, $county, null, $grade)
        and kind = $kind
        and in_years($years, fiscal_year)
    union all
    select *
    from selected
),

-- With $top_series only: the series with an actual value, their years with one and their first
-- row in the listing's order (what breaks ties: unit name, scope_name, name)
series as (
    select
        series_no,
        any_value(series_unit) as series_unit,
        count(*) as actual_years,
        min(listing_order) as first_row
    from trend
    where $top_series is not null and actual_value is not null
    group by series_no
),

-- per series_unit: how many series, and the first $top_series in order (min_by keeps the n
-- smallest keys: a top-N per group, not a sort of every series)
measures as (
    select
        series_unit,
        count(*) as measure_series_count,
        row_number() over (order by count(*) desc, series_unit) as measure_rank,
        count(*) over () as measure_count,
        min_by(
            series_no,
            {'years': -actual_years, 'first_row': first_row},
            greatest(coalesce($top_series, 0), 1)
        ) as firsts
    from series
    group by series_unit
),

chosen as (
    select
        unnest(firsts) as series_no,
        generate_subscripts(firsts, 1) as series_rank,
        measure_series_count,
        measure_rank,
        measure_count
    from measures
    where $top_measures is null or measure_rank <= $top_measures
),

final as (
    select
        t.*,
        c.series_rank,
        c.measure_series_count,
        c.measure_rank,
        c.measure_count
    from trend as t
    left join chosen as c on c.series_no = t.series_no
    where $top_series is null or c.series_rank is not null
)

select * exclude (series_no, listing_order)
from final
-- listing_order: unit_canonical_name, scope_name, name, series_unit, fiscal_year
order by listing_order
