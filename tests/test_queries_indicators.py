"""Indicator, cost and coverage queries on the five samples (real ingest).

Indicators per sample, as the reports print them: 巴彦淖尔 12 (prose rows),
洪江 11 in its 整体支出自评表 and 11 in each of two project tables, 青龙 4
(targets only), 攀枝花 6 in each of 5 project tables, 呈贡 none.
"""

from __future__ import annotations

from typing import Any

import duckdb
import polars as pl
import pytest
from frame_rows import one

import queries

BAYANNUR = "000_f85205bb6ece0316"
HONGJIANG = "001_d561446380a2a949"


def unit_ids(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Sample id → the unit id the store gave its unit (whatever the registry calls it)."""
    frame = queries.run(con, "reports")
    return {r["source_file"].removesuffix(".txt"): r["unit_id"] for r in frame.to_dicts()}


def test_indicator_achievement_per_indicator(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(sample_con, "indicator_achievement")
    assert frame.height == 12 + 3 * 11 + 4 + 5 * 6
    control = one(frame, name="整体支出控制额")
    # ≤127.73万元 targeted, 161.73 spent: missed by (161.73 − 127.73) ÷ 127.73, yet 20 of 20.
    assert (control["direction"], control["target_met"]) == ("≤", False)
    assert control["achievement_ratio"] == pytest.approx(161.73 / 127.73, abs=1e-4)
    assert control["beat_pct"] == pytest.approx(-(161.73 - 127.73) / 127.73 * 100, abs=0.01)
    assert (control["full_marks"], control["line"]) == (True, 192)
    meetings = one(frame, name="召开协调会议")
    assert (meetings["direction"], meetings["target_met"], meetings["measure_unit"]) == (
        "≥",
        True,
        "次",
    )
    assert meetings["beat_pct"] == pytest.approx((35 - 32) / 32 * 100, abs=0.01)  # 2 decimals
    travel = one(frame, name="差旅成本")  # a 成本 二级 under 产出: lower is better
    assert (travel["direction"], travel["level1_std"], travel["level2_std"]) == (
        "≤",
        "产出指标",
        "成本指标",
    )
    calm = one(frame, name="保障了社会和谐稳定")
    assert (calm["direction"], calm["target_met"], calm["quantified"]) == (
        "qualitative",
        None,
        False,
    )
    deadline = one(frame, name="完成及时率")
    assert (deadline["direction"], deadline["quantified"]) == ("deadline", True)
    # 攀枝花's 完成指标 is the legacy name of 产出指标.
    xiqu = frame.filter(pl.col("level1") == "完成指标")
    assert set(xiqu["level1_std"].to_list()) == {"产出指标"}


def test_indicator_achievement_filters_categories_and_misses_in_the_query(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    def names(**params: Any) -> list[str]:
        return queries.run(sample_con, "indicator_achievement", **params)["name"].to_list()

    # 一级 成本指标: 洪江's 经济 / 社会 / 生态成本 in its own table and each of two projects.
    cost = queries.run(sample_con, "indicator_achievement", level1_std="成本指标")
    assert cost.height == 3 * 3
    assert set(cost["level1_std"]) == {"成本指标"}
    assert set(cost["level2_std"]) == {"经济成本指标", "社会成本指标", "生态成本指标"}
    # 二级 成本指标 (under 产出指标): 巴彦淖尔's 差旅 and 培训, 攀枝花's 5 projects' budgets.
    assert sorted(names(level2_std="成本指标")) == sorted(
        ["差旅成本", "培训成本", "区级财政", "区级财政", "区级财政", "区级财政", "上级补助"]
    )
    assert len(names(level1_std="产出指标", level2_std="成本指标")) == 7
    assert names(level1_std="满意度指标", level2_std="成本指标") == []
    # Missed: only 整体支出控制额 (≤127.73万元, 161.73 spent).
    assert names(missed=True) == ["整体支出控制额"]
    assert names(missed=True, level1_std="产出指标") == []
    assert len(names(missed=False)) == len(names()) == 79  # false: every indicator
    # A page of a filtered listing is that slice of it, in its order.
    whole = queries.run(sample_con, "indicator_achievement", level1_std="产出指标")
    page = queries.run_page(sample_con, "indicator_achievement", 5, 3, level1_std="产出指标")
    assert page.equals(whole.slice(3, 5))
    assert queries.count(sample_con, "indicator_achievement", level1_std="产出指标") == 37


def test_beat_quartiles_per_category_worked_by_hand(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(sample_con, "indicator_beat_by_category")
    # Fewest first: 时效 1, 经济成本 3, 质量 3, 服务对象满意度 4, 数量 5, 成本 7.
    assert frame["level2_std"].to_list() == [
        "时效指标",
        "经济成本指标",
        "质量指标",
        "服务对象满意度指标",
        "数量指标",
        "成本指标",
    ]
    assert frame["indicator_count"].to_list() == [1, 3, 3, 4, 5, 7]
    # 成本指标: 0, 0, 0, 33.33, 35.5, 39.38, 45. Q1 at position 6 × 0.25 = 1.5 (0 and 0), the
    # median at 3, Q3 at 4.5 (35.5 + 0.5 × 3.88); whiskers reach 0 and 45 (fences −56.16, 93.6).
    cost = one(frame, level2_std="成本指标")
    assert [cost[k] for k in ("beat_q1_pct", "beat_median_pct", "beat_q3_pct")] == [
        0.0,
        33.33,
        37.44,
    ]
    assert (cost["beat_lower_pct"], cost["beat_upper_pct"], cost["outlier_count"]) == (0, 45, 0)
    # 服务对象满意度: 0, 0, 0, 5.27. Q3 at 2.25 = 0 + 0.25 × 5.27 = 1.32; the upper fence
    # 1.3175 × 2.5 = 3.29 leaves 5.27 outside: the whisker stops at 0, one outlier.
    service = one(frame, level2_std="服务对象满意度指标")
    assert (service["beat_q1_pct"], service["beat_median_pct"], service["beat_q3_pct"]) == (
        0,
        0,
        1.32,
    )
    assert (service["beat_upper_pct"], service["beat_max_pct"], service["outlier_count"]) == (
        0,
        5.27,
        1,
    )


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"level1_std": "产出指标"},
        {"level2_std": "质量指标"},
        {"years": [2021]},
        {"kind": "project"},
    ],
)
def test_beat_quartiles_are_those_of_the_listed_indicators(
    sample_con: duckdb.DuckDBPyConnection, params: dict[str, Any]
) -> None:
    listed = queries.run(sample_con, "indicator_achievement", **params).drop_nulls("beat_pct")
    frame = queries.run(sample_con, "indicator_beat_by_category", **params)
    assert frame["indicator_count"].sum() == listed.height > 0
    for row in frame.to_dicts():
        values = listed.filter(pl.col("level2_std") == row["level2_std"])["beat_pct"]
        q1, q3 = values.quantile(0.25, "linear"), values.quantile(0.75, "linear")
        assert q1 is not None
        assert q3 is not None
        assert row["beat_q1_pct"] == pytest.approx(q1, abs=0.005)
        assert row["beat_median_pct"] == pytest.approx(values.median(), abs=0.005)
        assert row["beat_q3_pct"] == pytest.approx(q3, abs=0.005)
        inside = values.filter(values.is_between(q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)))
        assert (row["beat_lower_pct"], row["beat_upper_pct"]) == (inside.min(), inside.max())
        assert row["outlier_count"] == values.len() - inside.len()


def test_beat_quartiles_follow_the_explorers_filters(sample_con: duckdb.DuckDBPyConnection) -> None:
    def categories(**params: Any) -> list[str]:
        frame = queries.run(sample_con, "indicator_beat_by_category", **params)
        return frame["level2_std"].to_list()

    assert categories(level1_std="成本指标") == ["经济成本指标"]  # 社会 / 生态: words only
    assert categories(level2_std="质量指标") == ["质量指标"]
    missed = queries.run(sample_con, "indicator_beat_by_category", missed=True)
    assert missed.rows() == [("经济成本指标", 1, *[-26.62] * 7, 0)]  # 整体支出控制额 alone
    assert categories(years=[2023]) == []  # 呈贡 lists no indicators


def test_indicator_rollup_for_2024(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(sample_con, "indicator_rollup", years=[2024])
    year = one(frame, rollup_level="year")
    assert year["indicator_count"] == 12 + 33
    # Quantified (a number or a date): 巴彦淖尔 9 of 12 (the three 效益 are words); 洪江's table
    # 7 of 11 and each project 6 of 11 (words: 效益, and a project's 质量).
    assert year["quantified_count"] == 9 + 7 + 6 + 6
    # Judged (both numbers): 巴彦淖尔 8, 洪江 6 + 5 + 5; all met but 整体支出控制额.
    assert (year["judged_count"], year["met_count"], year["missed_count"]) == (24, 23, 1)
    assert year["missed_full_marks_count"] == 1
    cost = one(frame, rollup_level="level1", level1_std="成本指标")
    assert (cost["judged_count"], cost["met_count"]) == (9, 8)
    quantity = one(frame, rollup_level="level2", level1_std="产出指标", level2_std="数量指标")
    assert quantity["indicator_count"] == 2 + 3  # 巴彦淖尔 2, 洪江 1 + 1 + 1
    ids = unit_ids(sample_con)
    units = {r["unit_id"]: r for r in frame.to_dicts() if r["rollup_level"] == "unit"}
    assert set(units) == {ids[BAYANNUR], ids[HONGJIANG]}
    assert units[ids[BAYANNUR]]["score_share_pct"] == pytest.approx(86 / 90 * 100, abs=0.01)


def test_indicator_rollup_levels_keep_only_those_rows(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    whole = queries.run(sample_con, "indicator_rollup", years=[2024])
    level2 = queries.run(sample_con, "indicator_rollup", years=[2024], levels=["level2"])
    assert set(level2["rollup_level"]) == {"level2"}
    assert level2.equals(whole.filter(pl.col("rollup_level") == "level2"))
    both = queries.run(sample_con, "indicator_rollup", levels=["year", "unit"])
    assert set(both["rollup_level"]) == {"year", "unit"}


@pytest.mark.parametrize(
    "name",
    [
        "indicator_rollup",
        "weight_share_by_level1",
        "indicator_beat_by_category",
        "indicator_achievement",
        "indicator_extremes",
    ],
)
def test_stored_sums_and_the_selected_reports_sums_agree(
    trends_con: duckdb.DuckDBPyConnection, name: str
) -> None:
    # With no filter but the years and the kind these read sums stored per year and kind (and
    # unit); with any other filter they sum the selected reports' rows. Selecting every unit
    # selects the same reports through the second path: the results must be the same.
    every_unit = queries.run(trends_con, "reports")["unit_id"].to_list()
    assert None not in every_unit  # else the units filter would drop a report
    for years in (None, [2024]):
        for kind in (None, "project", "department"):
            stored = queries.run(trends_con, name, years=years, kind=kind)
            summed = queries.run(
                trends_con, name, years=years, kind=kind, units=sorted(set(every_unit))
            )
            assert stored.height > 0, (years, kind)
            assert summed.equals(stored), (name, years, kind)


def test_indicator_extremes(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(sample_con, "indicator_extremes", top=2)
    got = [(r["extreme"], r["extreme_rank"], r["scope_name"], r["name"]) for r in frame.to_dicts()]
    # Missed: only 整体支出控制额. Beaten most: 攀枝花's ≤ cost targets, 保安费用 8 → 4.4 (45%) and
    # 矛盾化解 8 → 4.85 (39.4%), ahead of 接访费用 2 → 1.29 (35.5%) and 巴彦淖尔's 35/32 (9.4%).
    assert got == [
        ("missed", 1, "2024年度信访局部门整体支出绩效自评报告", "整体支出控制额"),
        ("over_achieved", 1, "保安费用", "区级财政"),
        ("over_achieved", 2, "矛盾化解和疑难信访问题专项资金", "区级财政"),
    ]
    assert frame.row(0, named=True)["beat_pct"] == pytest.approx(
        -(161.73 - 127.73) / 127.73 * 100, abs=0.01
    )
    assert frame.row(2, named=True)["beat_pct"] == pytest.approx((8 - 4.85) / 8 * 100, abs=0.01)
    # The default is the top 10 of each: 1 missed; 4 攀枝花 costs and 6 of 巴彦淖尔's beaten.
    default = queries.run(sample_con, "indicator_extremes")
    assert default.height == 1 + 10
    assert default.row(10, named=True)["name"] == "转办案件及时率"  # 100/98, tied with 接访率


def test_cost_per_indicator_on_the_samples(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(sample_con, "cost_per_indicator", years=[2024])
    hongjiang = one(frame, unit_id=unit_ids(sample_con)[HONGJIANG])
    # 171.38 executed over 33 indicators (its own 11 and 11 in each of two projects), 98.87 points.
    assert hongjiang["indicator_count"] == 33
    assert hongjiang["executed_per_indicator_wan"] == pytest.approx(171.38 / 33, abs=1e-6)
    assert hongjiang["executed_per_score_point_wan"] == pytest.approx(171.38 / 98.87, abs=1e-6)
    chenggong = one(queries.run(sample_con, "cost_per_indicator", years=[2023]), kind="project")
    # 呈贡 lists no indicators: no funds per indicator, but 21.04 over 100 points.
    assert (chenggong["indicator_basis_report_count"], chenggong["indicator_count"]) == (0, None)
    assert chenggong["executed_per_score_point_wan"] == pytest.approx(0.2104)


def test_cost_indicator_trend_on_the_samples(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(sample_con, "cost_indicator_trend", units=[unit_ids(sample_con)[HONGJIANG]])
    control = one(frame, name="整体支出控制额")
    assert (control["scope_name"], control["series_unit"]) == ("整体", "万元")
    assert (control["target_value"], control["actual_value"]) == (127.73, 161.73)
    projects = {
        r["scope_name"]: (r["series_unit"], r["actual_value"])
        for r in frame.to_dicts()
        if r["name"] == "成本控制"
    }
    assert projects == {"付市驻京办工作经费": ("万元", 25.0), "信访接待工作经费": ("万元", 7.2)}
    assert {r["prev_actual_value"] for r in frame.to_dicts()} == {None}  # one year only


def test_coverage_on_the_samples(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(sample_con, "coverage")
    assert frame.height == 5 * 4  # five units × 2021-2024
    assert frame["has_report"].sum() == 5
    bayannur = frame.filter(pl.col("unit_id") == unit_ids(sample_con)[BAYANNUR])
    assert bayannur["unit_missing_years"][0].to_list() == [2021, 2022, 2023]
    assert bayannur["unit_year_count"][0] == 1
