-- name: source_files
-- doc: Every source file ingest has seen, how its loading went and why a failed one failed, newest first.
-- grain: one row per source file (a path), loaded, duplicate or failed; $status (loaded | duplicate | failed) keeps one status
-- params: $status VARCHAR NULL
-- columns: name (file name), format (reader that read it: txt, docx, pdf, xlsx, html, …),
--   size_bytes (bytes), status (loaded | duplicate | failed), extract_status (ok | partial | failed),
--   error (one line, for a failed file), loaded_at (when this version was first recorded),
--   path (absolute path), report_id (the report it fed; for a duplicate, the report it repeats),
--   unit_canonical_name, fiscal_year (of that report)
with files as (
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
        u.canonical_name as unit_canonical_name,
        r.fiscal_year as fiscal_year
    from files
    left join reports as r on r.report_id = files.report_id
    left join units as u on u.unit_id = r.unit_id
)

select *
from final
order by
    (status = 'failed') desc,
    loaded_at desc,
    name asc
