-- Table cost_indicator_facts: every 成本 (cost) indicator stating a number, with the series it
-- belongs to in cost_indicator_trend (unit, scope, name, unit of measure) and its report's year,
-- so the trend neither scans every indicator nor runs the unit-of-measure regular expression on
-- every call. Rebuilt by loaders.facts at the end of each ingest.
--   scope_name    the project's name, else the report's subject, else 整体 (a department report's
--                 own indicators).
--   series_unit   the indicator's measure unit, else the unit written after the target's number,
--                 else 未注明.
--   unit_canonical_name   as filtered_reports gives it (the canonical unit's, else as stated).
--   series_no     the series (unit_id, scope_name, name, series_unit) as one number, so the series
--                 are grouped and ranked on an integer instead of four strings.
create or replace table cost_indicator_facts as
with cost as (
    select
        r.report_id,
        r.unit_id,
        r.unit_canonical_name,
        r.fiscal_year,
        coalesce(p.name, r.subject, '整体') as scope_name,
        i.name,
        coalesce(
            nullif(trim(i.measure_unit), ''),
            nullif(regexp_extract(i.target, '\d\s*([^\d\s.,;:()（）=≤≥<>]+)\s*$', 1), ''),
            '未注明'
        ) as series_unit,
        i.target_value,
        i.actual_value,
        i.direction,
        i.line
    from filtered_reports(null, null, null, null, null, null, null) as r
    inner join indicator_facts as i on i.report_id = r.report_id
    left join projects as p on p.report_id = i.report_id and p.project_no = i.project_no
    where i.is_cost and (i.target_value is not null or i.actual_value is not null)
)

select
    *,
    dense_rank() over (order by unit_id, scope_name, name, series_unit) as series_no
from cost
order by unit_id, scope_name, name, series_unit, fiscal_year;
