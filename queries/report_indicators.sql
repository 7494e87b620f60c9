-- name: report_indicators
-- doc: One report's performance indicators, its own and its projects', each with target, actual, whether it was met, its score and the source line it came from.
-- grain: one row per indicator of the report $report_id (empty when the report is not in the filtered selection)
-- params: $report_id VARCHAR, $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL,
--   $city VARCHAR NULL, $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: report_id, indicator_no, project_no (NULL: the report's own), project_name,
--   level1, level2 (as written), level1_std, level2_std (standard framework), name, measure_unit,
--   target, actual (as written), direction (≥ ≤ = > < deadline qualitative), target_value,
--   actual_value (in measure_unit), target_met, beat_pct (% of the target by which the actual beats
--   it, 2 decimals), weight, score (points), full_marks, quantified, note (偏差原因分析及改进措施),
--   line (source line), line_text (that line's text)
with base as (
    select report_id
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
    where report_id = $report_id
),

final as (
    select
        i.report_id as report_id,
        i.indicator_no as indicator_no,
        i.project_no as project_no,
        p.name as project_name,
        i.level1 as level1,
        i.level2 as level2,
        i.level1_std as level1_std,
        i.level2_std as level2_std,
        i.name as name,
        i.measure_unit as measure_unit,
        i.target as target,
        i.actual as actual,
        i.direction as direction,
        i.target_value as target_value,
        i.actual_value as actual_value,
        i.target_met as target_met,
        round(i.beat_pct, 2) as beat_pct,
        i.weight as weight,
        i.score as score,
        i.full_marks as full_marks,
        i.quantified as quantified,
        i.note as note,
        i.line as line,
        sl.text as line_text
    from base as b
    inner join indicator_facts as i on i.report_id = b.report_id and i.report_id = $report_id
    left join projects as p on p.report_id = i.report_id and p.project_no = i.project_no
    left join source_lines as sl on sl.report_id = i.report_id and sl.line = i.line
)

select *
from final
order by indicator_no
