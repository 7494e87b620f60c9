-- name: report_warnings
-- doc: What the extractor, the reader and the store noticed in one report but could not settle, with the figures compared and the source lines.
-- grain: one row per warning of the report $report_id
-- params: $report_id VARCHAR, $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL,
--   $city VARCHAR NULL, $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: report_id, warning_no, origin (extractor | reader | store), code, message,
--   line (the main source line), evidence_values (the figures compared), evidence_lines (where each
--   was stated), source_text (the lines' text: 第N行：…, one per line)
with base as (
    select report_id
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
    where report_id = $report_id
),

warning_lines as (
    select
        w.report_id,
        w.warning_no,
        unnest(
            list_sort(
                list_distinct(
                    [x for x in list_concat(coalesce(w.evidence_lines, []), [w.line]) if x is not null]
                )
            )
        ) as line
    from warnings as w
    inner join base as b on b.report_id = w.report_id
),

sources as (
    select
        wl.report_id,
        wl.warning_no,
        string_agg(
            '第' || wl.line || '行：' || left(trim(regexp_replace(sl.text, '\s+', ' ', 'g')), 200),
            chr(10)
            order by wl.line
        ) as source_text
    from warning_lines as wl
    inner join source_lines as sl on sl.report_id = wl.report_id and sl.line = wl.line
    group by wl.report_id, wl.warning_no
),

final as (
    select
        w.report_id as report_id,
        w.warning_no as warning_no,
        w.origin as origin,
        w.code as code,
        w.message as message,
        w.line as line,
        w.evidence_values as evidence_values,
        w.evidence_lines as evidence_lines,
        s.source_text as source_text
    from warnings as w
    inner join base as b on b.report_id = w.report_id
    left join sources as s on s.report_id = w.report_id and s.warning_no = w.warning_no
)

select *
from final
order by warning_no
