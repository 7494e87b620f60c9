-- Table source_file_facts: every source file with the unit and year of the report it fed, stored in
-- the listing order of source_files (failed first, then newest first, then by name: listing_order),
-- so a page of the listing is one scan of one table that stops early, whatever the number of
-- files. Rebuilt by loaders.facts at the end of each ingest.
--   unit_canonical_name, fiscal_year  of the report the file fed (report_facts); NULL for a failed
--                                     file, which fed none.
create or replace table source_file_facts as
select
    f.name,
    f.format,
    f.size_bytes,
    f.status,
    f.extract_status,
    f.error,
    f.loaded_at,
    f.path,
    f.report_id,
    r.unit_canonical_name,
    r.fiscal_year,
    row_number() over (
        order by (f.status = 'failed') desc, f.loaded_at desc, f.name asc, f.path asc
    ) as listing_order
from source_files as f
left join report_facts as r on r.report_id = f.report_id
order by listing_order;
