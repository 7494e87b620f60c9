-- Table cost_series_kind_facts: cost_series_facts' rows computed for the reports of one kind at a
-- time (column kind: department | project, the two kinds schema.sql knows), each with the stored
-- row's listing_order. A series-year's figures depend on which reports are selected (a unit can
-- state one series in a department and in a project report: the mean of what is selected), so a
-- kind's rows are not a cut of the stored ones; 成本趋势 with only a kind (and years) chosen, a
-- common view, reads them instead of computing its series three times per page (~70 ms each at
-- 100,000 reports). Rebuilt by loaders.facts after cost_series_facts.
create or replace table cost_series_kind_facts as
select
    'department' as kind,
    s.*,
    f.listing_order
from cost_series_years(null, null, null, null, null, 'department', null) as s
inner join cost_series_facts as f on f.series_no = s.series_no and f.fiscal_year = s.fiscal_year
union all
select
    'project' as kind,
    s.*,
    f.listing_order
from cost_series_years(null, null, null, null, null, 'project', null) as s
inner join cost_series_facts as f on f.series_no = s.series_no and f.fiscal_year = s.fiscal_year
order by kind, listing_order;
