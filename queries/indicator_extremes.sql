-- name: indicator_extremes
-- doc: The most-missed and the most over-achieved targets: the indicators whose actual falls furthest short of, or goes furthest beyond, a numeric target.
-- grain: one row per indicator among the $top (default 10) most missed and the $top most over-achieved
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL, $top INTEGER NULL
-- columns: extreme (missed | over_achieved), extreme_rank (1 = furthest), report_id, indicator_no,
--   project_no, scope_name, unit_id, unit_canonical_name, fiscal_year, level1_std, level2_std, name,
--   measure_unit, target, actual (as written), direction (≥ ≤ = > <), target_value, actual_value,
--   beat_pct (% of the target by which the actual beats it; negative: missed by, 2 decimals),
--   weight, score (points), full_marks, line (source line)
--
-- Only numeric targets are ranked (a qualitative one cannot be missed by an amount). Ties are broken
-- by year, report and indicator order so the list is stable.
--
-- Read from indicator_extreme_facts (the rankable indicators with what is shown and their rank in
-- their year), never by ranking every indicator: candidates are picked and ranked on the ranking
-- columns alone, and only the winners' rows are read whole (by rowid).
with selected_reports as (
    select report_id
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
),

-- The selected reports' rows, ranking columns only: read when a filter other than the years and
-- the kind is set (else this and filtered_top are planned away: the params are constants).
filtered_judged as (
    select
        rowid as fact_row,
        extreme,
        rank_key,
        fiscal_year,
        report_id,
        indicator_no
    from indicator_extreme_facts
    where
        filters_beyond_years($units, $province, $city, $county, null, $grade)
        and report_id in (select report_id from selected_reports)
),

-- each extreme's top $top of those (a top-N, not a rank of every row)
filtered_top as (
    select *
    from (
        select *
        from filtered_judged
        where extreme = 'missed'
        order by rank_key, fiscal_year, report_id, indicator_no
        limit greatest(coalesce($top, 10), 0)
    )
    union all
    select *
    from (
        select *
        from filtered_judged
        where extreme = 'over_achieved'
        order by rank_key, fiscal_year, report_id, indicator_no
        limit greatest(coalesce($top, 10), 0)
    )
),

-- What can make the top. With no filter but the years (and the kind), every report of those years
-- (and that kind) is selected (the years tested as filtered_reports tests them), and the top $top
-- of a set of years are among each of those years' top $top (year_rank, or kind_year_rank); else
-- filtered_top.
candidates as (
    select
        rowid as fact_row,
        extreme,
        rank_key,
        fiscal_year,
        report_id,
        indicator_no
    from indicator_extreme_facts
    where
        not filters_beyond_years($units, $province, $city, $county, null, $grade)
        and in_years($years, fiscal_year)
        and ($kind is null or kind = $kind)
        and (case when $kind is null then year_rank else kind_year_rank end) <= coalesce($top, 10)
    union all
    select *
    from filtered_top
),

ranked as (
    select
        fact_row,
        row_number() over (
            partition by extreme
            order by rank_key, fiscal_year, report_id, indicator_no
        ) as extreme_rank
    from candidates
    qualify extreme_rank <= coalesce($top, 10)
),

-- the winners' rows, read whole
winners as (
    select
        rowid as fact_row,
        *
    from indicator_extreme_facts
    where rowid in (select fact_row from ranked)
),

final as (
    select
        w.extreme,
        r.extreme_rank,
        w.report_id,
        w.indicator_no,
        w.project_no,
        w.scope_name,
        w.unit_id,
        w.unit_canonical_name,
        w.fiscal_year,
        w.level1_std,
        w.level2_std,
        w.name,
        w.measure_unit,
        w.target,
        w.actual,
        w.direction,
        w.target_value,
        w.actual_value,
        round(w.beat_pct, 2) as beat_pct,
        w.weight,
        w.score,
        w.full_marks,
        w.line
    from winners as w
    inner join ranked as r on r.fact_row = w.fact_row
)

select *
from final
order by
    extreme,
    extreme_rank
