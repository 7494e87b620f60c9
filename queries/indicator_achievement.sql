-- name: indicator_achievement
-- doc: Which targets were met: every performance indicator with its target, actual, direction, whether it was met and by how much.
-- grain: one row per indicator (三级指标) of a report or of a project in it
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL, $level1_std VARCHAR NULL,
--   $level2_std VARCHAR NULL, $missed BOOLEAN NULL
-- columns: report_id, indicator_no, project_no (NULL: the report's own), scope_name (the project's
--   name, else the report's subject or title), unit_id, unit_canonical_name, region_province,
--   region_city, region_county, fiscal_year, kind, level1, level2 (as written),
--   level1_std, level2_std (the standard framework), name, measure_unit, target, actual (as written),
--   direction (≥ | ≤ | = | > | < | deadline | qualitative; NULL: no target),
--   target_value, actual_value (numbers in the target / actual, in measure_unit),
--   target_met (NULL when either is not a number), achievement_ratio (actual ÷ target, 4 decimals),
--   beat_pct (% of the target by which the actual beats it, negative: missed by, 2 decimals),
--   weight, score (points), score_ratio (score ÷ weight, 4 decimals), full_marks, quantified,
--   note (偏差原因分析及改进措施), line (source line)
--
-- $level1_std, $level2_std: only the indicators of that standard category; $missed: only the targets
-- judged missed (target_met false). A million indicators at 100,000 reports: the 绩效指标 explorer
-- shows a page of them (queries.run_page) and its download fetches the rest.
--
-- Read from indicator_achievement_facts (every indicator with these columns, in this order, stored
-- at ingest) through selected_indicators (facts/indicator_achievement_facts.sql, the one
-- definition of the explorer's rows, shared with indicator_beat_by_category).
select * exclude (listing_order)
from selected_indicators(
    $years, $units, $province, $city, $county, $kind, $grade, $level1_std, $level2_std, $missed
)
-- listing_order: fiscal_year, unit_canonical_name, report_id, indicator_no
order by listing_order
