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
-- Without a filter beyond the years, the files of those years' reports are the years test alone
-- (no join); unfiltered, every file (a failed one has no year). The branches not taken are
-- planned away, the params being constants.
with selected as (
    select *
    from source_file_facts
    where
        not filters_beyond_years($units, $province, $city, $county, $kind, $grade)
        and ($years is null or list_contains($years, fiscal_year))
    union all
    select *
    from source_file_facts
    where
        filters_beyond_years($units, $province, $city, $county, $kind, $grade)
        and report_id in (
            select report_id
            from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
        )
)

select * exclude (listing_order)
from selected
where $status is null or status = $status
order by listing_order
