"""Score queries on the five samples, built by the real ingest.

The samples' total self-scores: 巴彦淖尔 2024 95.98, 洪江 2024 98.87, 呈贡 2023
100, 青龙 2022 100, 攀枝花 2021 none. Every figure below is worked out from
those and from the indicator tables the reports print.
"""

from __future__ import annotations

from decimal import Decimal

import duckdb
import polars as pl
import pytest
from frame_rows import one

import queries


def test_score_distribution_bins_every_scored_year(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(sample_con, "score_distribution")
    assert frame.height == 3 * 8  # 2022, 2023, 2024 (2021 states no score) × 8 bins
    counts = {
        (r["fiscal_year"], r["bin_label"]): r["report_count"]
        for r in frame.to_dicts()
        if r["report_count"]
    }
    assert counts == {(2022, "100"): 1, (2023, "100"): 1, (2024, "95-100"): 2}
    bin7 = one(frame, fiscal_year=2024, bin_no=7)
    assert (bin7["bin_lower_score"], bin7["bin_upper_score"], bin7["grade_band"]) == (
        95.0,
        100.0,
        "优",
    )
    assert bin7["share_pct"] == 100.0
    assert one(frame, fiscal_year=2024, bin_no=8)["bin_upper_score"] is None


def test_score_quantiles_interpolate(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(sample_con, "score_quantiles", years=[2024])
    everyone = one(frame, region_level="all")
    assert everyone["region_name"] == "全部"
    assert everyone["scored_count"] == 2
    low, high = 95.98, 98.87
    assert (everyone["min_score"], everyone["max_score"]) == (low, high)
    assert everyone["median_score"] == pytest.approx((low + high) / 2)
    assert everyone["p25_score"] == pytest.approx(low + 0.25 * (high - low))
    assert everyone["p90_score"] == pytest.approx(low + 0.9 * (high - low))
    assert (everyone["full_score_share_pct"], everyone["excellent_share_pct"]) == (0.0, 100.0)
    hunan = one(frame, region_level="province", region_province="湖南省")
    assert (hunan["scored_count"], hunan["median_score"]) == (1, high)


def test_grade_counts_printed_beside_implied(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(sample_con, "grade_counts")
    assert frame.height == 4 * 5  # 2021-2024 × 优 良 中 差 未注明
    got = {
        (r["fiscal_year"], r["grade"]): (r["printed_count"], r["implied_count"])
        for r in frame.to_dicts()
        if r["printed_count"] or r["implied_count"]
    }
    assert got == {
        (2021, "未注明"): (1, 1),  # 攀枝花: neither a grade nor a score
        (2022, "优"): (1, 1),
        (2023, "未注明"): (1, 0),  # 呈贡 prints no grade …
        (2023, "优"): (0, 1),  # … but its 100 points imply 优
        (2024, "优"): (2, 2),
    }
    assert one(frame, fiscal_year=2024, grade="优")["printed_agree_count"] == 2


def test_score_vs_execution_shows_the_inflated_score(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(sample_con, "score_vs_execution")
    # Scopes stating a score and a rate: 巴彦淖尔, 洪江 and its two scored projects, 呈贡, 青龙.
    assert frame.height == 6
    first = frame.row(0, named=True)  # the largest excess first
    # 呈贡: no weights stated, so the standard 10 for the execution part: 90 + 60.3% × 10.
    assert (first["fiscal_year"], first["kind"]) == (2023, "project")
    assert (first["total_score"], first["execution_rate_pct"]) == (100, 60.3)
    assert (first["execution_weight"], first["execution_weight_basis"]) == (10.0, "standard")
    assert first["score_ceiling"] == pytest.approx(90 + 6.03)
    assert first["excess_score"] == pytest.approx(100 - 96.03)
    bayannur = one(frame, total_score=Decimal("95.98"))
    # Its 12 weights sum to 90, so the execution part is 10 points: 90 + 99.86% × 10.
    assert bayannur["execution_weight_basis"] == "weights"
    assert bayannur["score_ceiling"] == pytest.approx(99.986)
    assert bayannur["excess_score"] == pytest.approx(95.98 - 99.986)


def test_score_vs_execution_above_ceiling_keeps_the_inflated_ones(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    above = queries.run(sample_con, "score_vs_execution", above_ceiling=True)
    # Only 呈贡 scores more than its rate allows (100 against 96.03).
    assert [(r["fiscal_year"], r["total_score"]) for r in above.to_dicts()] == [(2023, 100)]
    assert queries.run(sample_con, "score_vs_execution", above_ceiling=False).height == 6


def test_score_execution_density_counts_each_scope_in_its_cell(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    cells = queries.run(sample_con, "score_execution_density")
    assert cells["scope_count"].sum() == 6  # the six scopes score_vs_execution lists
    # 呈贡: 60.3% in the 60-62% cell (centre 61), 100 points in 100-101 (centre 100.5).
    chenggong = cells.filter(pl.col("rate_bin_pct") == 61)
    assert chenggong.select("score_bin", "scope_count").rows() == [(100.5, 1)]
    # 巴彦淖尔: 99.86%, 95.98 points.
    assert cells.filter((pl.col("rate_bin_pct") == 99) & (pl.col("score_bin") == 95.5)).height == 1
    assert (
        queries.run(sample_con, "score_execution_density", years=[2023])["scope_count"].sum() == 1
    )


def test_weight_share_by_level1(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(sample_con, "weight_share_by_level1", years=[2024])
    got = {
        r["level1_std"]: (
            r["scored_indicator_count"],
            float(r["weight_sum"]),
            float(r["score_sum"]),
        )
        for r in frame.to_dicts()
    }
    # 巴彦淖尔: 产出 8 indicators 50/50, 效益 3 at 30/26, 满意度 10/10. 洪江's table and its two
    # scored projects each: 成本 20/20 (two more at weight 0), 产出 40/40, 效益 20/20 (a project's
    # 生态效益 row has no weight), 满意度 10/10.
    assert got == {
        "产出指标": (8 + 3 * 3, 50 + 3 * 40, 50 + 3 * 40),
        "成本指标": (3, 60, 60),
        "效益指标": (3 + 4 + 3 + 3, 30 + 3 * 20, 26 + 3 * 20),
        "满意度指标": (4, 40, 40),
    }
    benefit = one(frame, level1_std="效益指标")
    assert benefit["score_share_pct"] == pytest.approx(86 / 90 * 100, abs=0.005)
    assert benefit["full_marks_count"] == 10  # 洪江's 4 + 3 + 3; 巴彦淖尔 scored 9, 8, 9 of 10
    assert benefit["indicator_count"] == 3 + 4 * 3
