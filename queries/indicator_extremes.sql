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
with base as (
    select *
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
),

judged as (
    select
        case when i.target_met then 'over_achieved' else 'missed' end as extreme,
        i.report_id,
        i.indicator_no,
        i.project_no,
        coalesce(p.name, b.subject, b.title) as scope_name,
        b.unit_id,
        b.unit_canonical_name,
        b.fiscal_year,
        i.level1_std,
        i.level2_std,
        i.name,
        i.measure_unit,
        i.target,
        i.actual,
        i.direction,
        i.target_value,
        i.actual_value,
        i.beat_pct,
        i.weight,
        i.score,
        i.full_marks,
        i.line
    from base as b
    inner join indicator_facts as i on i.report_id = b.report_id
    left join projects as p on p.report_id = i.report_id and p.project_no = i.project_no
    where
        i.beat_pct is not null
        and ((i.target_met and i.beat_pct > 0) or not i.target_met)
),

ranked as (
    select
        *,
        row_number() over (
            partition by extreme
            order by
                case when extreme = 'missed' then beat_pct else -beat_pct end,
                fiscal_year,
                report_id,
                indicator_no
        ) as extreme_rank
    from judged
),

final as (
    select
        extreme,
        extreme_rank,
        report_id,
        indicator_no,
        project_no,
        scope_name,
        unit_id,
        unit_canonical_name,
        fiscal_year,
        level1_std,
        level2_std,
        name,
        measure_unit,
        target,
        actual,
        direction,
        target_value,
        actual_value,
        round(beat_pct, 2) as beat_pct,
        weight,
        score,
        full_marks,
        line
    from ranked
    where extreme_rank <= coalesce($top, 10)
)

select *
from final
order by
    extreme,
    extreme_rank
