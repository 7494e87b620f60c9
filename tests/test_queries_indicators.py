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

import queries

BAYANNUR = "000_f85205bb6ece0316"
HONGJIANG = "001_d561446380a2a949"


def unit_ids(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Sample id → the unit id the store gave its unit (whatever the registry calls it)."""
    frame = queries.run(con, "reports")
    return {r["source_file"].removesuffix(".txt"): r["unit_id"] for r in frame.to_dicts()}


def one(frame: pl.DataFrame, **match: Any) -> dict[str, Any]:
    found = [r for r in frame.to_dicts() if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


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
