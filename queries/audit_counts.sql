-- name: audit_counts
-- doc: How many audit findings, of which checks and how severe, in which units: the audit's overview, counted in the database so it stays small at any number of reports.
-- grain: one row per unit × check (code) × severity with findings, plus one 'total' row (unit, code and severity NULL)
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL, $codes VARCHAR[] NULL,
--   $severities VARCHAR[] NULL, $rule_execution_cap BOOLEAN NULL, $rule_easy_target_deduction BOOLEAN NULL
-- columns: row_level (detail | total), unit_id, unit_canonical_name (both NULL: no unit identified),
--   code, severity (high | medium | low), finding_count, report_count (reports with such a finding),
--   unit_count (units with one; total row only, else 1 or 0 for no unit)
-- The findings are those audit_findings lists for the same params; $severities keeps only the listed
-- severities, as it does there.
with findings as (
    select
        f.report_id,
        f.unit_id,
        f.unit_canonical_name,
        f.code,
        f.severity
    from audit_facts as f
    semi join filtered_reports($years, $units, $province, $city, $county, $kind, $grade) as s
        on s.report_id = f.report_id
    where
        ($codes is null or list_contains($codes, f.code))
        and ($severities is null or list_contains($severities, f.severity))
        and (f.rule <> 'local_execution_cap' or coalesce($rule_execution_cap, false))
        and (f.rule <> 'local_easy_target_deduction' or coalesce($rule_easy_target_deduction, false))
),

counted as (
    select
        case when grouping(code) = 0 then 'detail' else 'total' end as row_level,
        unit_id,
        -- reports of no identified unit are counted together, under no name
        case when unit_id is not null then any_value(unit_canonical_name) end
            as unit_canonical_name,
        code,
        severity,
        count(*) as finding_count,
        count(distinct report_id) as report_count,
        count(distinct unit_id) as unit_count
    from findings
    group by grouping sets ((unit_id, code, severity), ())
)

select *
from counted
where finding_count > 0
order by
    row_level = 'detail',
    finding_count desc,
    unit_canonical_name,
    code,
    severity
