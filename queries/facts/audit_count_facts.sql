-- Table audit_count_facts: audit_facts counted per report × check × severity × rule, with integer
-- keys for the report and the unit, so audit_counts counts distinct reports and units over about
-- two thirds of the rows and over integers instead of text ids (its distinct counts are most of
-- its time at 100,000 reports). Rebuilt by loaders.facts at the end of each ingest.
--   report_key     report_facts.listing_order of the report (one integer per report).
--   unit_key       one integer per identified unit; NULL for the reports of no identified unit.
--   finding_count  the report's findings of this check, severity and rule.
create or replace table audit_count_facts as
with counted as (
    select
        report_id,
        unit_id,
        any_value(unit_canonical_name) as unit_canonical_name,
        fiscal_year,
        code,
        severity,
        rule,
        count(*)::integer as finding_count
    from audit_facts
    group by report_id, unit_id, fiscal_year, code, severity, rule
)

select
    r.listing_order as report_key,
    case when c.unit_id is not null then dense_rank() over (order by c.unit_id) end::integer
        as unit_key,
    c.*
from counted as c
inner join report_facts as r on r.report_id = c.report_id
order by c.fiscal_year, report_key;
