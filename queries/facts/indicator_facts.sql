-- Table indicator_facts: v_indicators (schema.sql) stored, one row per indicator with its derived
-- columns (standard levels, direction, beat_pct …): the view's regular expressions and string
-- matching cost seconds at millions of indicators. Rebuilt by loaders.facts at the end of each
-- ingest.
create or replace table indicator_facts as
select *
from v_indicators
order by report_id, indicator_no;
