-- name: audit_counts
-- doc: How many audit findings, of which checks and how severe, in which units: the audit's overview, counted in the database so it stays small at any number of reports.
-- grain: one 'total' row; one 'code' row per check (code) × severity; one 'unit' row per unit × severity, for the $top_units units with the most findings (NULL: every unit)
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL, $codes VARCHAR[] NULL,
--   $severities VARCHAR[] NULL, $rule_execution_cap BOOLEAN NULL, $rule_easy_target_deduction BOOLEAN NULL,
--   $top_units INTEGER NULL
-- columns: row_level (total | code | unit), unit_id, unit_canonical_name (unit rows; both NULL for
--   the reports of no identified unit, counted together), code (code rows), severity (high | medium
--   | low; NULL on the total row), finding_count, report_count (reports with such findings),
--   unit_count (identified units with such findings), unit_rank (unit rows: 1 = most findings)
-- The findings are those audit_findings lists for the same params; $severities keeps only the listed
-- severities, as it does there. An empty selection gives no rows.
-- Without a filter beyond the years, every report of those years is selected: the years test
-- alone, no join (the other branch is planned away, the params being constants).
with selected as (
    select *
    from audit_count_facts
    where
        not filters_beyond_years($units, $province, $city, $county, $kind, $grade)
        and in_years($years, fiscal_year)
    union all
    select *
    from audit_count_facts
    where
        filters_beyond_years($units, $province, $city, $county, $kind, $grade)
        and report_id in (
            select report_id
            from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
        )
),

findings as materialized (
    select
        f.report_key,
        f.unit_key,
        f.unit_id,
        f.unit_canonical_name,
        f.code,
        f.severity,
        f.finding_count
    from selected as f
    where
        ($codes is null or list_contains($codes, f.code))
        and ($severities is null or list_contains($severities, f.severity))
        and (f.rule <> 'local_execution_cap' or coalesce($rule_execution_cap, false))
        and (f.rule <> 'local_easy_target_deduction' or coalesce($rule_easy_target_deduction, false))
),

total as (
    select
        'total' as row_level,
        sum(finding_count)::bigint as finding_count,
        count(distinct report_key) as report_count,
        count(distinct unit_key) as unit_count
    from findings
    having count(*) > 0
),

-- A report has one row per check and severity unless a local rule pack repeats a national check
-- (the same code under another rule): only then are its reports counted as distinct.
by_code as (
    select
        'code' as row_level,
        code,
        severity,
        sum(finding_count)::bigint as finding_count,
        count(*) as report_count,
        count(distinct unit_key) as unit_count
    from findings
    where not (coalesce($rule_execution_cap, false) or coalesce($rule_easy_target_deduction, false))
    group by code, severity
    union all
    select
        'code' as row_level,
        code,
        severity,
        sum(finding_count)::bigint as finding_count,
        count(distinct report_key) as report_count,
        count(distinct unit_key) as unit_count
    from findings
    where coalesce($rule_execution_cap, false) or coalesce($rule_easy_target_deduction, false)
    group by code, severity
),

unit_ranks as (
    select
        unit_key,
        row_number() over (
            order by sum(finding_count) desc, any_value(unit_canonical_name), any_value(unit_id)
        ) as unit_rank
    from findings
    group by unit_key
),

by_unit as (
    select
        'unit' as row_level,
        any_value(f.unit_id) as unit_id,
        case when f.unit_key is not null then any_value(f.unit_canonical_name) end
            as unit_canonical_name,
        f.severity,
        sum(finding_count)::bigint as finding_count,
        count(distinct f.report_key) as report_count,
        case when f.unit_key is null then 0 else 1 end as unit_count,
        any_value(r.unit_rank) as unit_rank
    from findings as f
    inner join unit_ranks as r on r.unit_key is not distinct from f.unit_key
    where $top_units is null or r.unit_rank <= $top_units
    group by f.unit_key, f.severity
)

select
    row_level,
    null::varchar as unit_id,
    null::varchar as unit_canonical_name,
    null::varchar as code,
    null::varchar as severity,
    finding_count,
    report_count,
    unit_count,
    null::bigint as unit_rank
from total
union all
select
    row_level,
    null,
    null,
    code,
    severity,
    finding_count,
    report_count,
    unit_count,
    null
from by_code
union all
select
    row_level,
    unit_id,
    unit_canonical_name,
    null,
    severity,
    finding_count,
    report_count,
    unit_count,
    unit_rank
from by_unit
order by
    case row_level when 'total' then 0 when 'code' then 1 else 2 end,
    unit_rank,
    finding_count desc,
    code,
    severity
