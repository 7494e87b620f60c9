-- Table scope_facts: v_scopes (schema.sql) stored, one row per scored scope (a report, each of its
-- projects), so the dashboard's queries read its sums and ceilings instead of recomputing them
-- from every indicator on every call. Rebuilt by loaders.facts at the end of each ingest.
create or replace table scope_facts as
select *
from v_scopes
order by report_id, project_no nulls first;
