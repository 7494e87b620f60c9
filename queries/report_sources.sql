-- name: report_sources
-- doc: The text of one report line by line, each line with the facts read from it, so a reader can check every figure in context.
-- grain: one row per source line of the report $report_id
-- params: $report_id VARCHAR, $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL,
--   $city VARCHAR NULL, $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: report_id, line (1-based), text, fact_refs (what was read from the line, in order:
--   field paths such as total_score or budget.final_wan, project:N, indicator:N, expense:N,
--   warning:N; empty when nothing was)
with base as (
    select report_id
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
    where report_id = $report_id
),

refs as (
    select
        e.report_id,
        e.line,
        1 as ref_kind,
        e.field as ref,
        0 as ref_no
    from evidence as e
    inner join base as b on b.report_id = e.report_id
    union all
    select
        p.report_id,
        p.line,
        2,
        'project:' || p.project_no,
        p.project_no
    from projects as p
    inner join base as b on b.report_id = p.report_id
    union all
    select
        i.report_id,
        i.line,
        3,
        'indicator:' || i.indicator_no,
        i.indicator_no
    from indicators as i
    inner join base as b on b.report_id = i.report_id
    union all
    select
        x.report_id,
        x.line,
        4,
        'expense:' || x.expense_no,
        x.expense_no
    from expenses as x
    inner join base as b on b.report_id = x.report_id
    union all
    select
        w.report_id,
        unnest(list_distinct(list_concat(coalesce(w.evidence_lines, []), [w.line]))) as line,
        5,
        'warning:' || w.warning_no,
        w.warning_no
    from warnings as w
    inner join base as b on b.report_id = w.report_id
),

line_refs as (
    select
        report_id,
        line,
        list(ref order by ref_kind, ref_no, ref) as fact_refs
    from refs
    where line is not null
    group by report_id, line
),

final as (
    select
        sl.report_id as report_id,
        sl.line as line,
        sl.text as text,
        coalesce(r.fact_refs, []) as fact_refs
    from source_lines as sl
    inner join base as b on b.report_id = sl.report_id
    left join line_refs as r on r.report_id = sl.report_id and r.line = sl.line
)

select *
from final
order by line
