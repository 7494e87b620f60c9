-- Table indicator_extreme_facts: every indicator indicator_extremes can rank (a numeric target
-- beaten or missed), with the columns it shows and its rank within its year, so the extremes are
-- found among each year's top rows (or by a top-N over the filtered rows) instead of by ranking
-- every indicator on every call. Rebuilt by loaders.facts at the end of each ingest.
--   extreme       missed | over_achieved; an over-achievement must beat the target (beat_pct > 0).
--   scope_name    the project's name, else the report's subject, else its title.
--   rank_key      what ranks it, lowest first: beat_pct for a miss, −beat_pct for an
--                 over-achievement; ties are broken by fiscal_year, report_id, indicator_no.
--   year_rank     1 = furthest in its extreme within its fiscal_year, in that order (the top n
--                 of any set of years are among each of those years' top n); kind_year_rank the
--                 same within its fiscal_year and its report's kind (for a kind filter).
--   Stored with the rows in their year's, or their year and kind's, top 100 first (the
--   unfiltered, year- and kind-filtered extremes fetch from the table's first blocks only), the
--   rest by year and report (a filter selecting few reports reads few blocks).
create or replace table indicator_extreme_facts as
with report_units as (
    select
        report_id,
        subject,
        title,
        fiscal_year,
        unit_id,
        unit_canonical_name,
        kind
    from filtered_reports(null, null, null, null, null, null, null)
),

judged as (
    select
        case when i.target_met then 'over_achieved' else 'missed' end as extreme,
        i.report_id,
        i.indicator_no,
        i.project_no,
        coalesce(p.name, r.subject, r.title) as scope_name,
        r.unit_id,
        r.unit_canonical_name,
        r.fiscal_year,
        r.kind,
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
    from indicator_facts as i
    inner join report_units as r on r.report_id = i.report_id
    left join projects as p on p.report_id = i.report_id and p.project_no = i.project_no
    where
        i.beat_pct is not null
        and ((i.target_met and i.beat_pct > 0) or not i.target_met)
)

select
    *,
    case when extreme = 'missed' then beat_pct else -beat_pct end as rank_key,
    row_number() over (
        partition by extreme, fiscal_year
        order by rank_key, report_id, indicator_no
    ) as year_rank,
    row_number() over (
        partition by extreme, fiscal_year, kind
        order by rank_key, report_id, indicator_no
    ) as kind_year_rank
from judged
order by least(year_rank, kind_year_rank) > 100, fiscal_year, report_id, indicator_no;
