-- name: execution_by_unit_year
-- doc: Execution per unit and year: the rate of the summed budgets (not a mean of rates), the reports behind it, and the change from the unit's previous year.
-- grain: one row per unit × fiscal_year × kind (department and project reports are never summed together: a department's whole already holds its projects); with $lowest_rates or $largest_drops only the rows they pick
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL, $lowest_rates INTEGER NULL,
--   $largest_drops INTEGER NULL
-- columns: unit_id, unit_canonical_name, region_province, region_city, region_county,
--   fiscal_year, kind, report_count (reports in the group),
--   rate_report_count (reports stating both a final budget and an executed amount: the rate's basis),
--   budget_final_wan (万元, Σ over rate_report_count reports), executed_wan (万元, Σ over the same),
--   execution_rate_pct (0-100, executed_wan ÷ budget_final_wan × 100, 4 decimals),
--   executed_all_wan (万元, Σ executed over every report stating it), executed_report_count,
--   prev_execution_rate_pct (0-100, the same unit and kind in fiscal_year − 1; NULL: no such year),
--   rate_change_pp (percentage points, this year − previous),
--   prev_executed_all_wan (万元), executed_change_pct (%, executed_all_wan vs the previous year's)
--
-- The previous year is looked up whatever $years selects, so selecting one year still shows its
-- change; the other filters apply to both years.
-- $lowest_rates n: only the n rows with the lowest execution_rate_pct; $largest_drops n: only the n
-- rows whose rate fell most from the previous year (most negative rate_change_pp). Ties go in the
-- listing's order; with both set, the rows either picks. Rows come in the listing's order.
--
-- The rows are unit_year_execution(...) (facts/unit_execution_facts.sql, their one definition):
-- stored for every report in unit_execution_facts, read from there when no filter but the years and
-- the kind is set (kind is in the grain: its rows are those of the kind; the other source is
-- planned away, the params being constants). The stored rows are read per reference (only the
-- columns each needs); the computed ones, when a filter asks for them, once.
with stored as not materialized (
    select *
    from unit_execution_facts
    where
        not filters_beyond_years($units, $province, $city, $county, null, $grade)
        and in_years($years, fiscal_year)
        and ($kind is null or kind = $kind)
),

computed as materialized (
    select *
    from unit_year_execution($years, $units, $province, $city, $county, $kind, $grade)
    where filters_beyond_years($units, $province, $city, $county, null, $grade)
),

rows_all as not materialized (
    select *
    from stored
    union all
    select *
    from computed
),

-- The picks: the keys (unit_id, fiscal_year, kind) of the rows they choose.
lowest as (
    select
        unit_id,
        fiscal_year,
        kind
    from rows_all
    where $lowest_rates is not null and execution_rate_pct is not null
    order by execution_rate_pct, unit_canonical_name, fiscal_year, kind, unit_id
    limit $lowest_rates
),

drops as (
    select
        unit_id,
        fiscal_year,
        kind
    from rows_all
    where $largest_drops is not null and rate_change_pp is not null
    order by rate_change_pp, unit_canonical_name, fiscal_year, kind, unit_id
    limit $largest_drops
),

picks as (
    select *
    from lowest
    union
    select *
    from drops
),

final as (
    select *
    from rows_all
    where $lowest_rates is null and $largest_drops is null
    union all
    select r.*
    from rows_all as r
    semi join picks as p
        on
            p.unit_id is not distinct from r.unit_id
            and p.fiscal_year = r.fiscal_year
            and p.kind is not distinct from r.kind
    where $lowest_rates is not null or $largest_drops is not null
)

select
    unit_id,
    unit_canonical_name,
    region_province,
    region_city,
    region_county,
    fiscal_year,
    kind,
    report_count,
    rate_report_count,
    budget_final_wan,
    executed_wan,
    execution_rate_pct,
    executed_all_wan,
    executed_report_count,
    prev_execution_rate_pct,
    rate_change_pp,
    prev_executed_all_wan,
    executed_change_pct
from final
order by
    unit_canonical_name,
    fiscal_year,
    kind,
    unit_id
