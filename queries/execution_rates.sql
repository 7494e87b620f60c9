-- name: execution_rates
-- doc: Who spent what they were given: every report and every project inside one, its budget, what it executed, the rate it states and the rate its own figures give.
-- grain: one row per scope: a report itself (project_no NULL) and each project inside a report; with $lowest_rates or $widest_gaps only the scopes they pick
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL, $lowest_rates INTEGER NULL,
--   $widest_gaps INTEGER NULL
-- columns: report_id, project_no (NULL: the report itself), scope (report | project),
--   scope_name (a project report's subject, else its title; a project's name), unit_id,
--   unit_canonical_name, region_province, region_city, region_county, fiscal_year,
--   kind (of the report), budget_initial_wan (万元, 年初预算), budget_final_wan (万元, 全年预算),
--   executed_wan (万元, 全年执行数), execution_rate_pct (0-100, as stated),
--   execution_rate_derived_pct (0-100, executed ÷ final × 100, 4 decimals),
--   rate_diff_pp (percentage points, stated − derived, 4 decimals),
--   rate_agrees (stated = derived at the stated value's printed precision; NULL: not comparable),
--   final_line, executed_line, rate_line (source lines of the figures),
--   pick_count (with $lowest_rates or $widest_gaps: how many scopes the rows were picked among;
--   else NULL), pick_year (with $lowest_rates: the one year the pick was kept to; else NULL)
--
-- $lowest_rates n (the bar chart): the reports themselves (not their projects) with a rate, the
-- stated one, else the derived one; the n lowest of them (ties: unit, unknown first, then listing
-- order). When the selection has more than n such reports, only those of its focus year are picked
-- among: the latest of $years, else the latest year the selection has a report in.
-- $widest_gaps n (the scatter of stated against derived): the scopes stating a rate whose own
-- figures give one too; the n furthest apart (largest |rate_diff_pp|; ties: listing order).
-- One of the two at a time (both set: an error). Rows come in the listing's order either way.
--
-- Read from execution_facts, filtered by the shared filter's own test (report_selected, in
-- facts/report_facts.sql): every column a filter reads is there, so no join to the reports.
with base as not materialized (
    select *
    from execution_facts as e
    where
        report_selected($years, $units, $province, $city, $county, $kind, $grade, e)
        and (
            $lowest_rates is null
            or $widest_gaps is null
            or error('execution_rates: $lowest_rates and $widest_gaps are one at a time')
        )
),

-- $lowest_rates: the reports with a rate, then those of the focus year when there are too many.
-- The picks rank the few columns they need and fetch the picked scopes whole at the end.
rated_reports as (
    select
        execution_order,
        fiscal_year,
        unit_canonical_name,
        coalesce(execution_rate_pct, execution_rate_derived_pct) as rate_used_pct
    from base
    where
        $lowest_rates is not null
        and scope = 'report'
        and coalesce(execution_rate_pct, execution_rate_derived_pct) is not null
),

focus as (
    select
        count(*) > $lowest_rates as too_many,
        coalesce(list_max($years), (select max(b.fiscal_year) from base as b)) as focus_year
    from rated_reports
),

lowest_pool as (
    select
        r.execution_order,
        r.unit_canonical_name,
        r.rate_used_pct,
        case when f.too_many then f.focus_year end as pick_year
    from rated_reports as r
    cross join focus as f
    where not f.too_many or f.focus_year is null or r.fiscal_year = f.focus_year
),

lowest as (
    select
        p.execution_order,
        n.pick_count,
        p.pick_year
    from (
        select *
        from lowest_pool
        order by rate_used_pct, unit_canonical_name nulls first, execution_order
        limit $lowest_rates
    ) as p
    cross join (select count(*) as pick_count from lowest_pool) as n
),

-- $widest_gaps: the scopes with both rates, furthest from agreeing first.
gaps as (
    select
        execution_order,
        rate_diff_pp
    from base
    where $widest_gaps is not null and rate_diff_pp is not null
),

widest as (
    select
        p.execution_order,
        n.pick_count,
        null::integer as pick_year
    from (
        select *
        from gaps
        order by abs(rate_diff_pp) desc, execution_order
        limit $widest_gaps
    ) as p
    cross join (select count(*) as pick_count from gaps) as n
),

picks as (
    select *
    from lowest
    union all
    select *
    from widest
)

select
    report_id,
    project_no,
    scope,
    scope_name,
    unit_id,
    unit_canonical_name,
    region_province,
    region_city,
    region_county,
    fiscal_year,
    kind,
    budget_initial_wan,
    budget_final_wan,
    executed_wan,
    execution_rate_pct,
    execution_rate_derived_pct,
    rate_diff_pp,
    rate_agrees,
    final_line,
    executed_line,
    rate_line,
    p.pick_count,
    p.pick_year
from base as b
left join picks as p on p.execution_order = b.execution_order
where ($lowest_rates is null and $widest_gaps is null) or p.execution_order is not null
order by b.execution_order
