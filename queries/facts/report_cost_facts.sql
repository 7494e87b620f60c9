-- Table report_cost_facts: one row per report with what cost_per_indicator divides — its executed
-- amount, total score and number of indicators (the report's own and its projects') — and its
-- unit, year and kind, so the query neither counts every indicator nor joins the reports on every
-- call. Rebuilt by loaders.facts at the end of each ingest.
--   unit_canonical_name   as filtered_reports gives it (the canonical unit's, else as stated).
create or replace table report_cost_facts as
with indicator_counts as (
    select
        report_id,
        count(*) as indicator_count
    from indicators
    group by report_id
)

select
    r.report_id,
    r.unit_id,
    r.unit_canonical_name,
    r.fiscal_year,
    r.kind,
    r.executed_wan,
    r.total_score,
    coalesce(c.indicator_count, 0) as indicator_count
from filtered_reports(null, null, null, null, null, null, null) as r
left join indicator_counts as c on c.report_id = r.report_id
order by r.unit_id, r.fiscal_year, r.kind, r.report_id;
