"""The cost queries (成本趋势) on `trends_db` (tests/conftest.py): the samples and three
more reports of 巴彦淖尔市信访局 and 临河区, so units have series over several years.

Every expected value is worked out by hand from the figures in those texts. The `$top_*`
params choose the series the page's charts draw; each test would fail if its param were
ignored (every row would come back).
"""

from __future__ import annotations

from typing import Any

import duckdb
import polars as pl
import pytest
from frame_rows import one, rows

import queries


@pytest.fixture
def units(trends_con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """巴彦淖尔 → the unit id the store gave it (whatever the registry names it)."""
    by_file = {
        r["source_file"]: r["unit_id"] for r in queries.run(trends_con, "reports").to_dicts()
    }
    return {"巴彦淖尔": by_file["000_f85205bb6ece0316.txt"]}


def test_cost_per_indicator_per_unit_and_year(
    trends_con: duckdb.DuckDBPyConnection, units: dict[str, str]
) -> None:
    frame = queries.run(trends_con, "cost_per_indicator", units=[units["巴彦淖尔"]])
    per_indicator = {2023: 117 / 12, 2024: 244.68 / 12, 2025: 190 / 12}  # 12 indicators each
    per_point = {2023: 117 / 95, 2024: 244.68 / 95.98, 2025: 190 / 95.5}
    for year, row in ((r["fiscal_year"], r) for r in frame.to_dicts()):
        assert row["indicator_count"] == 12
        assert row["executed_per_indicator_wan"] == pytest.approx(per_indicator[year], abs=1e-6)
        assert row["executed_per_score_point_wan"] == pytest.approx(per_point[year], abs=1e-6)
    y2024 = one(frame, fiscal_year=2024)
    p, c = round(117 / 95, 6), round(244.68 / 95.98, 6)
    assert y2024["per_score_point_change_pct"] == pytest.approx((c - p) / p * 100, abs=0.006)
    assert y2024["per_indicator_change_pct"] == pytest.approx(
        (244.68 / 12 - 117 / 12) / (117 / 12) * 100, abs=0.006
    )


def test_cost_indicator_trend_keeps_one_unit_of_measure_per_series(
    trends_con: duckdb.DuckDBPyConnection, units: dict[str, str]
) -> None:
    frame = queries.run(trends_con, "cost_indicator_trend", units=[units["巴彦淖尔"]])
    travel = rows(frame, name="差旅成本")
    assert [(r["fiscal_year"], r["series_unit"]) for r in travel] == [
        (2023, "元/天/人"),
        (2024, "元/天/人"),
        (2025, "元/天/人"),
    ]
    assert [(r["target_value"], r["actual_value"]) for r in travel] == [
        (800, 780),
        (800, 800),
        (850, 820),
    ]
    assert travel[1]["actual_change_pct"] == pytest.approx((800 - 780) / 780 * 100, abs=0.006)
    assert travel[2]["actual_change_pct"] == pytest.approx(2.5)
    assert travel[2]["target_change_pct"] == pytest.approx(6.25)
    assert {r["direction"] for r in travel} == {"≤"}  # a cost: lower is better
    series = {(r["name"], r["series_unit"]) for r in frame.to_dicts()}
    assert series == {("差旅成本", "元/天/人"), ("培训成本", "元/天/人")}


def test_cost_per_indicator_top_series_keeps_the_lines_the_charts_draw(
    trends_con: duckdb.DuckDBPyConnection,
) -> None:
    whole = queries.run(trends_con, "cost_per_indicator")
    assert whole.height == 8  # 巴彦淖尔 2023-2025, 临河, 洪江, 攀枝花, 呈贡, 青龙
    assert whole["per_indicator_series_rank"].null_count() == whole.height  # no ranks asked for

    def lines(frame: pl.DataFrame) -> list[tuple[Any, ...]]:
        return [
            (
                r["unit_canonical_name"],
                r["fiscal_year"],
                r["per_indicator_series_rank"],
                r["per_score_point_series_rank"],
            )
            for r in frame.to_dicts()
        ]

    # 巴彦淖尔's project reports have both figures in three years, every other unit in one.
    first = queries.run(trends_con, "cost_per_indicator", top_series=1)
    assert lines(first) == [("巴彦淖尔市信访局", y, 1, 1) for y in (2023, 2024, 2025)]
    # Series with a figure per indicator: 巴彦淖尔, 临河, 洪江, 攀枝花 (呈贡 lists no
    # indicators, 青龙 states no executed amount); per point: 巴彦淖尔, 临河, 洪江, 呈贡
    # (攀枝花 states no score).
    assert (
        set(first["per_indicator_series_count"])
        == set(first["per_score_point_series_count"])
        == {4}
    )
    # One-year series tie: the unit name decides (巴彦淖尔市临河区 before 怀化, 攀枝花 and 昆明).
    two = queries.run(trends_con, "cost_per_indicator", top_series=2)
    assert lines(two) == [("巴彦淖尔市临河区信访局", 2024, 2, 2), *lines(first)]
    # The rows are the listing's own, ranks aside.
    ranks = ["per_indicator_series_rank", "per_score_point_series_rank"]
    counts = ["per_indicator_series_count", "per_score_point_series_count"]
    assert two.drop(ranks + counts).equals(
        whole.filter(pl.col("unit_canonical_name").str.starts_with("巴彦淖尔")).drop(ranks + counts)
    )


def test_cost_indicator_trend_top_series_per_unit_of_measure(
    trends_con: duckdb.DuckDBPyConnection,
) -> None:
    whole = queries.run(trends_con, "cost_indicator_trend")
    assert whole.height == 22
    assert whole["series_rank"].null_count() == whole.height

    def drawn(**params: Any) -> list[tuple[Any, ...]]:
        frame = queries.run(trends_con, "cost_indicator_trend", **params)
        return [
            (
                r["series_unit"],
                r["unit_canonical_name"],
                r["scope_name"],
                r["name"],
                r["series_rank"],
            )
            for r in frame.unique(["series_unit", "unit_canonical_name", "scope_name", "name"])
            .sort("series_unit", "series_rank")
            .to_dicts()
        ]

    # Per unit of measure the series with the most years: 巴彦淖尔's 培训成本 and 差旅成本 have
    # three (培训 first by name); in 万元 and 未注明 every series has one, the unit name, scope
    # and name decide (怀化 before 攀枝花; 付市驻京办 before 信访接待 and 整体; 生态 before 社会).
    assert drawn(top_series=1) == [
        ("万元", "怀化市洪江区信访局", "付市驻京办工作经费", "成本控制", 1),
        ("元/天/人", "巴彦淖尔市信访局", "信访事务经费", "培训成本", 1),
        ("未注明", "怀化市洪江区信访局", "付市驻京办工作经费", "生态环境成本节约率", 1),
    ]
    first = queries.run(trends_con, "cost_indicator_trend", top_series=1)
    travel = first.filter(pl.col("series_unit") == "元/天/人")
    assert travel["fiscal_year"].to_list() == [2023, 2024, 2025]  # every year of the series
    # Series per unit of measure: 未注明 11 (洪江 3 scopes × 2 节约率, 攀枝花 5 projects),
    # 元/天/人 4 (巴彦淖尔 and 临河 × 差旅, 培训), 万元 3 (洪江 2 成本控制 and 整体支出控制额).
    measures = first.unique("series_unit")
    assert sorted(
        measures.select("measure_rank", "series_unit", "measure_series_count").rows()
    ) == [
        (1, "未注明", 11),
        (2, "元/天/人", 4),
        (3, "万元", 3),
    ]
    assert set(measures["measure_count"]) == {3}
    # $top_measures: only the units of measure with the most series.
    assert drawn(top_series=2, top_measures=1) == [
        ("未注明", "怀化市洪江区信访局", "付市驻京办工作经费", "生态环境成本节约率", 1),
        ("未注明", "怀化市洪江区信访局", "付市驻京办工作经费", "社会成本节约率", 2),
    ]


@pytest.mark.parametrize("name", ["cost_per_indicator", "cost_indicator_trend"])
def test_stored_and_computed_rows_agree(
    trends_con: duckdb.DuckDBPyConnection, units: dict[str, str], name: str
) -> None:
    # With no filter but the years (and, per indicator, the kind) the rows are the stored ones;
    # with a unit they are computed for its reports: a unit's rows are the same either way.
    whole = queries.run(trends_con, name)
    unit = queries.run(trends_con, name, units=[units["巴彦淖尔"]])
    assert unit.height > 0
    assert unit.equals(whole.filter(pl.col("unit_id") == units["巴彦淖尔"]))
    if name == "cost_per_indicator":
        for kind in ("project", "department"):
            assert queries.run(trends_con, name, kind=kind).equals(
                whole.filter(pl.col("kind") == kind)
            )
        # the kind with another filter: computed, and the same rows
        both = queries.run(trends_con, name, kind="project", units=[units["巴彦淖尔"]])
        assert both.equals(unit)
    else:
        # A kind alone reads the rows stored per kind; with every unit chosen as well they are
        # computed for the same reports: the same rows, also for the charts' top series.
        every_unit = sorted(set(queries.run(trends_con, "reports")["unit_id"]))
        for kind in ("project", "department"):
            for extra in ({}, {"years": [2024]}, {"top_series": 2}):
                stored = queries.run(trends_con, name, kind=kind, **extra)
                computed = queries.run(trends_con, name, kind=kind, units=every_unit, **extra)
                assert stored.height > 0, (kind, extra)
                assert stored.equals(computed), (kind, extra)
