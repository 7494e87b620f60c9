"""A synthetic store built in SQL straight into the tables of queries/schema.sql (`build`): the
volume and shape of a province in seconds, for the scale tests and for tests that need every
year to hold both kinds of report and many units."""

from __future__ import annotations

from pathlib import Path

import duckdb

import queries
from loaders import facts

# Deterministic, built in SQL straight into the tables of queries/schema.sql: units in a few
# cities, reports over 2019-2024 with gaps, 8 indicators each (most met, one in ten missed with
# points deducted and a reason), a few warnings, source lines. The values are made up and look
# it (单位 names are 合成…); they give the queries the volume and shape of a province.

CITIES = ("昆明市", "怀化市", "攀枝花市", "巴彦淖尔市", "秦皇岛市", "曲靖市", "常德市", "绵阳市")
PROVINCES = ("云南省", "湖南省", "四川省", "内蒙古自治区", "河北省", "云南省", "湖南省", "四川省")
AGENCIES = ("信访局", "财政局", "教育局", "卫生健康局", "交通运输局", "民政局", "司法局", "水务局")


def build(path: Path, n_reports: int) -> Path:
    """Write a synthetic database with `n_reports` reports to `path` (replaced if present)."""
    path.unlink(missing_ok=True)
    n_units = max(8, n_reports // 15)
    con = duckdb.connect(str(path))
    try:
        con.execute(queries.schema_sql())
        con.execute(
            """
            insert into units
            select
                'syn' || lpad(i::varchar, 6, '0'),
                $cities[1 + i % 8] || '合成' || (1 + (i // 8) % 40)::varchar || '区'
                    || $agencies[1 + (i // 320) % 8] || (i // 2560)::varchar,
                $provinces[1 + i % 8],
                $cities[1 + i % 8],
                '合成' || (1 + (i // 8) % 40)::varchar || '区'
            from range($n_units) as t(i)
            """,
            {
                "n_units": n_units,
                "cities": list(CITIES),
                "provinces": list(PROVINCES),
                "agencies": list(AGENCIES),
            },
        )
        con.execute(
            """
            create temp table seq as
            select
                i,
                (i * 7919) % $n_units as unit_no,
                2019 + ((i // $n_units) * 5 + (i * 13) % 3) % 6 as fiscal_year,
                case when i % 3 = 0 then 'department' else 'project' end as kind,
                90 - 3 * (i % 5) + least(45 + ((i * 53) % 56), 100) / 10.0 as score,
                45 + ((i * 53) % 56) * 1.0 as rate,
                5 + ((i * 97) % 2000) / 4.0 as final_wan
            from range($n) as t(i)
            """,
            {"n": n_reports, "n_units": n_units},
        )
        con.execute(
            """
            insert into reports by name
            select
                'r' || lpad(i::varchar, 8, '0') as report_id,
                'syn|' || i::varchar as report_key,
                'facts' as key_basis,
                '/synthetic/' || i::varchar || '.txt' as source_path,
                md5(i::varchar) as source_sha256,
                'txt' as source_format,
                1 as schema_version,
                fiscal_year::varchar || '年度合成报告' as title,
                'syn' || lpad(unit_no::varchar, 6, '0') as unit_id,
                u.canonical_name as unit_name,
                'synthetic' as unit_matched_by,
                u.province as unit_province,
                u.city as unit_city,
                u.county as unit_county,
                fiscal_year,
                kind,
                case when kind = 'project' then '合成项目' || (i % 50)::varchar end as subject,
                make_date(fiscal_year + 1, 1 + i % 12, 1 + i % 28) as report_date,
                case
                    when i % 17 = 0 then null
                    when i % 7 = 0 then 100
                    else round(score, 2)
                end as total_score,
                case
                    when i % 17 = 0 then null
                    when i % 7 = 0 or i % 23 = 0 then '优'
                    when score >= 90 then '优'
                    when score >= 80 then '良'
                    when score >= 60 then '中'
                    else '差'
                end as grade,
                round(final_wan * 0.8, 2) as budget_initial_wan,
                final_wan as budget_final_wan,
                round(final_wan * rate / 100, 4) as executed_wan,
                case when i % 19 = 0 then least(rate + 3, 100) else rate end as execution_rate_pct,
                10 + i % 40 as staff_authorized,
                9 + i % 40 as staff_actual,
                0.9 as confidence_header,
                0.9 as confidence_budget,
                0.9 as confidence_scores,
                0.9 as confidence_indicators,
                'ok' as extract_status,
                20 as fact_count
            from seq
            join units as u on u.unit_id = 'syn' || lpad(unit_no::varchar, 6, '0')
            """
        )
        # 8 indicators weighing 90 (+ 10 for the execution rate); most targets met by a
        # little, one in ten missed with points deducted and a reason given.
        con.execute(
            """
            insert into indicators by name
            select
                'r' || lpad(i::varchar, 8, '0') as report_id,
                k + 1 as indicator_no,
                null as project_no,
                ['产出指标', '产出指标', '产出指标', '产出指标', '效益指标', '效益指标',
                 '满意度指标', '产出指标'][1 + k] as level1,
                ['数量指标', '质量指标', '时效指标', '数量指标', '社会效益指标',
                 '可持续影响指标', '服务对象满意度指标', '成本指标'][1 + k] as level2,
                '合成指标' || (k + 1)::varchar as name,
                ['次', '%', '天', '件', '%', '年', '%', '万元'][1 + k] as measure_unit,
                case when k = 7 then '≤' else '≥' end || target_value::varchar as target,
                actual_value::varchar as actual,
                case when k = 7 then '≤' else '≥' end as target_op,
                target_value,
                actual_value,
                [15, 10, 10, 15, 10, 10, 10, 10][1 + k] as weight,
                [15, 10, 10, 15, 10, 10, 10, 10][1 + k] - case when missed then 3 else 0 end
                    as score,
                case when missed then '合成：受客观因素影响未完成' end as note,
                30 + k as line
            from (
                select
                    i,
                    k,
                    k < i % 5 as missed,
                    20 + (i + k) % 80 as target_value,
                    case
                        when k = 7 then 20 + (i + k) % 80 - 1
                        when k < i % 5 then 20 + (i + k) % 80 - 5
                        else 20 + (i + k) % 80 + (i % 3)
                    end as actual_value
                from range($n) as t(i), range($m) as s(k)
            )
            """,
            {"n": n_reports, "m": 8},
        )
        con.execute(
            """
            insert into warnings by name
            select
                'r' || lpad(i::varchar, 8, '0') as report_id,
                1 as warning_no,
                'extractor' as origin,
                'score_conflict' as code,
                '合成提示：两处得分不一致' as message,
                12 as line,
                [95.0, 100.0] as evidence_values,
                [12, 40] as evidence_lines
            from range($n) as t(i)
            where i % 20 = 0
            """,
            {"n": n_reports},
        )
        con.execute(
            """
            insert into source_lines
            select 'r' || lpad(i::varchar, 8, '0'), l, '合成报告第' || l::varchar || '行'
            from range($n) as t(i), range(1, 41) as s(l)
            """,
            {"n": n_reports},
        )
        con.execute(
            """
            insert into source_files
            select
                '/synthetic/' || i::varchar || '.txt', i::varchar || '.txt', md5(i::varchar),
                'txt', 1000, timestamp '2026-01-01', 'loaded', 'ok', null,
                'r' || lpad(i::varchar, 8, '0')
            from range($n) as t(i)
            """,
            {"n": n_reports},
        )
        facts.refresh(con)
        con.execute("checkpoint")
    finally:
        con.close()
    return path
