-- name: audit_findings
-- doc: What a finance bureau would distrust: every check of domain.md "What finance bureaus distrust" the stored data allows, one row per finding with its evidence.
-- grain: one row per finding: one check (code) failing for a report, a project in it or an indicator
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL, $codes VARCHAR[] NULL,
--   $severities VARCHAR[] NULL, $rule_execution_cap BOOLEAN NULL,
--   $rule_easy_target_deduction BOOLEAN NULL
-- columns: report_id, unit_id, unit_canonical_name, fiscal_year, kind,
--   project_no (NULL: the report itself), scope_name (the project's name, else the report's subject
--   or title), indicator_no, indicator_name (NULL unless the finding is about one indicator),
--   code (total_mismatch | grade_mismatch | score_exceeds_execution | missed_target_full_score |
--   rate_mismatch | parts_mismatch | conflicting_figures | uniform_full_marks | unquantified_target |
--   easy_target | weights_mismatch | deduction_without_reason | overspent | unit_scale_suspect |
--   target_lowered), severity (high | medium | low),
--   rule (national: domain.md and 财预〔2020〕10号; extractor: a figure conflict the extractor
--   found; local_execution_cap / local_easy_target_deduction: an optional local rule pack),
--   message (Chinese, with the figures), value_stated (the figure the report states),
--   value_expected (what the report's other figures give, or the limit; NULL when none),
--   evidence_values (every figure compared), lines (source lines, ascending),
--   source_text (those lines' text: 第N行：…, one per line)
--
-- $codes keeps only the listed codes, $severities only the listed severities. Local rule packs
-- are listed only when their param is true:
--   $rule_execution_cap          rule local_execution_cap (a self-score capped by the execution rate)
--   $rule_easy_target_deduction  rule local_easy_target_deduction (−2 points for an easy target)
-- The checks themselves, their tolerances and reasons: queries/facts/audit_facts.sql, computed for
-- every report at ingest; a report's findings do not depend on the filters (target_lowered looks
-- back over every year of the unit, whatever $years selects). Each finding carries its report's
-- filter columns, so the shared filter's own test (report_selected) picks them without a join: a
-- first page is then the stored order's first rows.
select
    f.report_id,
    f.unit_id,
    f.unit_canonical_name,
    f.fiscal_year,
    f.kind,
    f.project_no,
    f.scope_name,
    f.indicator_no,
    f.indicator_name,
    f.code,
    f.severity,
    f.rule,
    f.message,
    f.value_stated,
    f.value_expected,
    f.evidence_values,
    f.lines,
    f.source_text
from audit_facts as f
where
    report_selected($years, $units, $province, $city, $county, $kind, $grade, f)
    and ($codes is null or list_contains($codes, f.code))
    and ($severities is null or list_contains($severities, f.severity))
    and (f.rule <> 'local_execution_cap' or coalesce($rule_execution_cap, false))
    and (f.rule <> 'local_easy_target_deduction' or coalesce($rule_easy_target_deduction, false))
order by f.finding_order
