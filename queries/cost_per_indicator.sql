-- name: cost_per_indicator
-- doc: What the outputs cost: per unit and year, the funds executed per performance indicator and per self-score point, with the change from the previous year.
-- grain: one row per unit × fiscal_year × kind (department and project reports are never summed together); with $top_series only the rows of the series a chart draws
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL, $top_series INTEGER NULL
-- columns: unit_id, unit_canonical_name, fiscal_year, kind, report_count,
--   indicator_basis_report_count (reports stating an executed amount and at least one indicator),
--   indicator_executed_wan (万元, Σ executed over those reports), indicator_count (their indicators:
--   the report's own and its projects'), executed_per_indicator_wan (万元 per indicator, 6 decimals),
--   score_basis_report_count (reports stating an executed amount and a total score),
--   score_executed_wan (万元, Σ executed over those), score_sum (points, Σ their total scores),
--   executed_per_score_point_wan (万元 per point, 6 decimals),
--   prev_executed_per_indicator_wan, prev_executed_per_score_point_wan (the same unit and kind in
--   fiscal_year − 1), per_indicator_change_pct, per_score_point_change_pct (%, 2 decimals),
--   per_indicator_series_rank, per_score_point_series_rank (with $top_series: the rank of the row's
--   series, unit × kind, among the series with an executed_per_indicator_wan, an
--   executed_per_score_point_wan in the selected years: 1 = most years with one, ties by unit name,
--   then the series' first year and kind; NULL beyond the first $top_series, and without
--   $top_series),
--   per_indicator_series_count, per_score_point_series_count (with $top_series: how many series
--   have one; NULL without $top_series)
--
-- Measures (also in README "Measures"): executed_per_indicator_wan = Σ 全年执行数 ÷ Σ indicators over
-- the reports that state both; executed_per_score_point_wan = Σ 全年执行数 ÷ Σ total self-score over
-- the reports that state both. Each is a ratio of sums, never a mean of per-report ratios. The
-- previous year is looked up whatever $years selects.
--
-- $top_series: only the rows of the $top_series series ranked first by per_indicator_series_rank
-- and of the $top_series ranked first by per_score_point_series_rank (the lines of the two trend
-- charts of 成本趋势; a chart of 24,000 units' series draws a few). NULL: every row.
--
-- Read from unit_cost_facts (these rows for every report, stored at ingest) when no filter but the
-- years and the kind is set, else computed for the selected reports by unit_cost_years (both in
-- facts/unit_cost_facts.sql, the one definition of the measures).

-- The rows computed for the selected reports, when a filter other than the years and the kind is
-- set (computed once; else planned away: the params are constants), in the order of the stored
-- rows.
with selected as materialized (
    select
        s.*,
        f.series_no,
        f.listing_order
    from unit_cost_years($years, $units, $province, $city, $county, $kind, $grade) as s
    inner join unit_cost_facts as f
        on
            f.unit_id is not distinct from s.unit_id
            and f.fiscal_year = s.fiscal_year
            and f.kind = s.kind
    where filters_beyond_years($units, $province, $city, $county, null, $grade)
),

-- the stored rows of the selected years (and kind) when no filter but the years (and the kind) is
-- set, else those: the kind is a column of the grain, a row sums reports of its own kind only
costs as not materialized (
    select *
    from unit_cost_facts
    where
        not filters_beyond_years($units, $province, $city, $county, null, $grade)
        and in_years($years, fiscal_year)
        and ($kind is null or kind = $kind)
    union all
    select *
    from selected
),

-- With $top_series only: each series' years with a figure and its first row in the listing's
-- order (what breaks ties: unit name, then year and kind), and the first $top_series series of
-- each measure (a top-N, not a rank of every series)
series as (
    select
        series_no,
        count(executed_per_indicator_wan) as per_indicator_years,
        count(executed_per_score_point_wan) as per_score_point_years,
        min(listing_order) as first_row
    from costs
    where $top_series is not null
    group by series_no
),

series_counts as (
    select
        count(*) filter (where per_indicator_years > 0) as per_indicator_series_count,
        count(*) filter (where per_score_point_years > 0) as per_score_point_series_count
    from series
    having $top_series is not null
),

per_indicator_top as (
    select
        series_no,
        row_number() over (order by per_indicator_years desc, first_row)
            as per_indicator_series_rank
    from (
        select *
        from series
        where per_indicator_years > 0
        order by per_indicator_years desc, first_row
        limit greatest(coalesce($top_series, 0), 0)
    )
),

per_score_point_top as (
    select
        series_no,
        row_number() over (order by per_score_point_years desc, first_row)
            as per_score_point_series_rank
    from (
        select *
        from series
        where per_score_point_years > 0
        order by per_score_point_years desc, first_row
        limit greatest(coalesce($top_series, 0), 0)
    )
),

ranked as (
    select
        coalesce(i.series_no, s.series_no) as series_no,
        i.per_indicator_series_rank,
        s.per_score_point_series_rank
    from per_indicator_top as i
    full join per_score_point_top as s on s.series_no = i.series_no
),

final as (
    select
        c.*,
        r.per_indicator_series_rank,
        r.per_score_point_series_rank,
        n.per_indicator_series_count,
        n.per_score_point_series_count
    from costs as c
    left join ranked as r on r.series_no = c.series_no
    left join series_counts as n on true
    where $top_series is null or r.series_no is not null
)

select * exclude (series_no, listing_order)
from final
-- listing_order: unit_canonical_name, fiscal_year, kind
order by listing_order
