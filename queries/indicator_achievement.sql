-- name: indicator_achievement
-- doc: Which targets were met: every performance indicator with its target, actual, direction, whether it was met and by how much.
-- grain: one row per indicator (三级指标) of a report or of a project in it
-- params: $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL, $city VARCHAR NULL,
--   $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
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
with base as (
    select *
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
),

final as (
    select
        i.report_id as report_id,
        i.indicator_no as indicator_no,
        i.project_no as project_no,
        coalesce(p.name, b.subject, b.title) as scope_name,
        b.unit_id as unit_id,
        b.unit_canonical_name as unit_canonical_name,
        b.region_province as region_province,
        b.region_city as region_city,
        b.region_county as region_county,
        b.fiscal_year as fiscal_year,
        b.kind as kind,
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
        round(i.achievement_ratio, 4) as achievement_ratio,
        round(i.beat_pct, 2) as beat_pct,
        i.weight as weight,
        i.score as score,
        round(i.score_ratio, 4) as score_ratio,
        i.full_marks as full_marks,
        i.quantified as quantified,
        i.note as note,
        i.line as line
    from base as b
    inner join indicator_facts as i on i.report_id = b.report_id
    left join projects as p on p.report_id = i.report_id and p.project_no = i.project_no
)

select *
from final
order by
    fiscal_year,
    unit_canonical_name,
    report_id,
    indicator_no
