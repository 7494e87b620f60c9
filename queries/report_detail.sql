-- name: report_detail
-- doc: One report, field by field: every stated fact with the source line it came from, and the derived figures beside them.
-- grain: one row per field of the report $report_id (empty when the report is not in the filtered selection)
-- params: $report_id VARCHAR, $years INTEGER[] NULL, $units VARCHAR[] NULL, $province VARCHAR NULL,
--   $city VARCHAR NULL, $county VARCHAR NULL, $kind VARCHAR NULL, $grade VARCHAR NULL
-- columns: report_id, field_no (display order), field (the extract contract's path: title,
--   unit.name, budget.final_wan …; derived.* for figures computed here), label (Chinese),
--   value (as text; amounts in 万元, rates in %, scores in points; NULL: not stated),
--   derived (true: computed from other fields, not stated by the report),
--   line (source line; NULL for derived or unlocated values), line_text (that line's text)
with base as (
    select *
    from filtered_reports($years, $units, $province, $city, $county, $kind, $grade)
    where report_id = $report_id
),

scope as (
    select s.*
    from scope_facts as s
    -- the constant filter reaches inside the view: only this report's rows are aggregated
    where s.report_id = $report_id and s.project_no is null
),

field_lists as (
    select
        b.report_id,
        [
            {'f': 'title', 'l': '标题', 'v': b.title, 'd': false},
            {'f': 'unit.name', 'l': '单位名称（报告所写）', 'v': b.unit_name, 'd': false},
            {
                'f': 'derived.unit_canonical_name',
                'l': '单位（规范名称）',
                'v': b.unit_canonical_name,
                'd': true
            },
            {'f': 'unit.province', 'l': '省（报告所写）', 'v': b.unit_province, 'd': false},
            {'f': 'unit.city', 'l': '市（报告所写）', 'v': b.unit_city, 'd': false},
            {'f': 'unit.county', 'l': '县（区）（报告所写）', 'v': b.unit_county, 'd': false},
            {
                'f': 'derived.region',
                'l': '所属地区（规范）',
                'v': concat_ws(' ', b.region_province, b.region_city, b.region_county),
                'd': true
            },
            {'f': 'fiscal_year', 'l': '评价年度', 'v': b.fiscal_year::varchar, 'd': false},
            {
                'f': 'kind',
                'l': '报告类型',
                'v': case b.kind
                    when 'department' then '部门整体支出绩效自评'
                    when 'project' then '项目支出绩效自评'
                    else b.kind
                end,
                'd': false
            },
            {'f': 'subject', 'l': '项目名称', 'v': b.subject, 'd': false},
            {'f': 'report_date', 'l': '报告日期', 'v': b.report_date::varchar, 'd': false},
            {
                'f': 'total_score',
                'l': '自评总分（分）',
                'v': num_text(b.total_score),
                'd': false
            },
            {'f': 'grade', 'l': '评价等级（报告所写）', 'v': b.grade, 'd': false},
            {
                'f': 'derived.grade_implied',
                'l': '按总分应得等级',
                'v': b.grade_implied,
                'd': true
            },
            {
                'f': 'derived.total_recomputed',
                'l': '按指标得分重算的总分（分）',
                'v': num_text(s.total_recomputed),
                'd': true
            },
            {
                'f': 'derived.score_ceiling',
                'l': '按执行率可得的最高总分（分）',
                'v': num_text(s.score_ceiling),
                'd': true
            },
            {
                'f': 'budget.initial_wan',
                'l': '年初预算数（万元）',
                'v': num_text(b.budget_initial_wan),
                'd': false
            },
            {
                'f': 'budget.final_wan',
                'l': '全年预算数（万元）',
                'v': num_text(b.budget_final_wan),
                'd': false
            },
            {
                'f': 'budget.executed_wan',
                'l': '全年执行数（万元）',
                'v': num_text(b.executed_wan),
                'd': false
            },
            {
                'f': 'budget.execution_rate_pct',
                'l': '预算执行率（%，报告所写）',
                'v': num_text(b.execution_rate_pct),
                'd': false
            },
            {
                'f': 'derived.execution_rate_pct',
                'l': '预算执行率（%，执行数 ÷ 全年预算数）',
                'v': num_text(b.execution_rate_derived_pct),
                'd': true
            },
            {
                'f': 'staff.authorized',
                'l': '编制数（人）',
                'v': b.staff_authorized::varchar,
                'd': false
            },
            {'f': 'staff.actual', 'l': '实有人数（人）', 'v': b.staff_actual::varchar, 'd': false},
            {'f': 'source.file', 'l': '来源文件', 'v': sf.name, 'd': false},
            {'f': 'extract_status', 'l': '提取状态', 'v': b.extract_status, 'd': false}
        ] as items
    from base as b
    left join scope as s on s.report_id = b.report_id
    left join source_files as sf on sf.path = b.source_path
),

fields as (
    select
        report_id,
        unnest(items) as item,
        generate_subscripts(items, 1) as field_no
    from field_lists
),

final as (
    select
        f.report_id as report_id,
        f.field_no as field_no,
        f.item.f as field,
        f.item.l as label,
        f.item.v as value,
        f.item.d as derived,
        e.line as line,
        sl.text as line_text
    from fields as f
    left join evidence as e on e.report_id = f.report_id and e.field = f.item.f
    left join source_lines as sl on sl.report_id = f.report_id and sl.line = e.line
)

select *
from final
order by field_no
