-- Table execution_facts: every scope (a report itself, project_no NULL, and each project in it) with
-- its report's unit, region, year, kind and grade (the shared filter's columns: report_selected(...)
-- applies to it) and the figures execution_rates lists, the stated rate beside the derived one
-- already compared, stored in that listing's order (execution_order): the 预算执行 page reads one
-- table (a page of the listing, the lowest rates, the widest gaps) instead of joining every scope
-- to its report and comparing the rates on every call. Rebuilt by loaders.facts at the end of each
-- ingest, after report_facts and scope_facts.
--   execution_rate_derived_pct, rate_diff_pp   4 decimals, as execution_rates gives them.
--   execution_order   fiscal_year, unit_canonical_name, report_id, project_no (NULL first): 1, 2, ...
create or replace table execution_facts as
select
    s.report_id,
    s.project_no,
    case when s.project_no is null then 'report' else 'project' end as scope,
    s.scope_name,
    b.unit_id,
    b.unit_canonical_name,
    b.region_province,
    b.region_city,
    b.region_county,
    b.fiscal_year,
    b.kind,
    b.grade,
    s.budget_initial_wan,
    s.budget_final_wan,
    s.executed_wan,
    s.execution_rate_pct,
    round(s.execution_rate_derived_pct, 4) as execution_rate_derived_pct,
    round(s.execution_rate_pct - s.execution_rate_derived_pct, 4) as rate_diff_pp,
    agrees_as_printed(s.execution_rate_pct, s.execution_rate_derived_pct) as rate_agrees,
    s.final_line,
    s.executed_line,
    s.rate_line,
    row_number() over (
        order by b.fiscal_year, b.unit_canonical_name, s.report_id, s.project_no nulls first
    ) as execution_order
from report_facts as b
inner join scope_facts as s on s.report_id = b.report_id
order by execution_order;
