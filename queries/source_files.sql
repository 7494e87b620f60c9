-- name: source_files
-- doc: Every source file ingest has seen, how its loading went and why a failed one failed; failed files first, then newest first.
-- grain: one row per source file (a path); with any report filter set, only the files that fed a report of the selection (a failed file fed none, so it shows only unfiltered)
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL, $status VARCHAR NULL
-- columns: name (file name), format (reader that read it: txt, docx, pdf, xlsx, html, …),
--   size_bytes (bytes), status (loaded | duplicate | failed), extract_status (ok | partial | failed),
--   error (one line, for a failed file), loaded_at (when this version was first recorded),
--   path (absolute path), report_id (the report it fed; for a duplicate, the report it repeats),
--   unit_canonical_name, fiscal_year (of that report)
with unfiltered as (
    select
        $years is null
        and $units is null
        and $province is null
        and $city is null
        and $county is null
        and $kind is null
        and $grade is null as yes
),

selected as (
    select
        report_id,
        unit_canonical_name,
        fiscal_year
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
),

files as (
    select
        f.name,
        f.format,
        f.size_bytes,
        f.status,
        f.extract_status,
        f.error,
        f.loaded_at,
        f.path,
        f.report_id
    from source_files as f
    where ($status is null or f.status = $status)
),

final as (
    select
        files.*,
        s.unit_canonical_name as unit_canonical_name,
        s.fiscal_year as fiscal_year
    from files
    left join selected as s on s.report_id = files.report_id
    where s.report_id is not null or (select yes from unfiltered)
)

select *
from final
order by
    (status = 'failed') desc,
    loaded_at desc,
    name asc
