"""Queries across years and units, on a real DuckDB built by the real ingest.

The five samples hold one year per unit, so `trends_db` (tests/conftest.py) adds
three reports written like sample 000 (巴彦淖尔市信访局, prose indicator rows) with
other figures: the same unit in 2023 and 2025, and a second unit of the same city
(临河区) in 2024. Every expected value below is worked out by hand from the
figures written into those texts and the samples, not read from the output.
The cost queries on the same database: tests/test_queries_costs.py.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pytest
from frame_rows import one, rows

import queries


@pytest.fixture
def units(trends_con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """巴彦淖尔 and 临河 → the unit id the store gave each (whatever the registry names it)."""
    by_file = {
        r["source_file"]: r["unit_id"] for r in queries.run(trends_con, "reports").to_dicts()
    }
    return {"巴彦淖尔": by_file["000_f85205bb6ece0316.txt"], "临河": by_file["007_linhe_2024.txt"]}


def near(value: float) -> Any:
    return pytest.approx(value, abs=1e-4)


# --- execution per unit and region ------------------------------------------


def test_execution_by_unit_year_changes_from_the_previous_year(
    trends_con: duckdb.DuckDBPyConnection, units: dict[str, str]
) -> None:
    frame = queries.run(trends_con, "execution_by_unit_year", units=[units["巴彦淖尔"]])
    assert [r["fiscal_year"] for r in frame.to_dicts()] == [2023, 2024, 2025]
    y2023 = one(frame, fiscal_year=2023)
    assert y2023["execution_rate_pct"] == near(117 / 130 * 100)
    assert y2023["prev_execution_rate_pct"] is None
    y2024 = one(frame, fiscal_year=2024)
    assert y2024["execution_rate_pct"] == near(244.68 / 245 * 100)
    assert y2024["prev_execution_rate_pct"] == near(90.0)
    assert y2024["rate_change_pp"] == near(244.68 / 245 * 100 - 90)
    assert y2024["executed_change_pct"] == near((244.68 - 117) / 117 * 100)
    y2025 = one(frame, fiscal_year=2025)
    assert (y2025["report_count"], y2025["rate_report_count"]) == (1, 1)
    assert y2025["rate_change_pp"] == near(95 - 244.68 / 245 * 100)
    assert y2025["executed_change_pct"] == near((190 - 244.68) / 244.68 * 100)


def test_selecting_one_year_still_shows_its_change(
    trends_con: duckdb.DuckDBPyConnection, units: dict[str, str]
) -> None:
    frame = queries.run(
        trends_con, "execution_by_unit_year", units=[units["巴彦淖尔"]], years=[2025]
    )
    row = one(frame, fiscal_year=2025)
    assert row["prev_execution_rate_pct"] == near(244.68 / 245 * 100)
    assert frame.height == 1


def test_execution_by_region_year_is_the_rate_of_the_sums(
    trends_con: duckdb.DuckDBPyConnection,
) -> None:
    frame = queries.run(trends_con, "execution_by_region_year", years=[2024], kind="project")
    city = one(frame, region_level="city", region_name="巴彦淖尔市")
    # 巴彦淖尔市信访局 245 → 244.68 and 临河区信访局 100 → 50.
    assert (city["report_count"], city["unit_count"], city["rate_report_count"]) == (2, 2, 2)
    assert float(city["budget_final_wan"]) == 345
    assert float(city["executed_wan"]) == pytest.approx(294.68)
    assert city["execution_rate_pct"] == near(294.68 / 345 * 100)  # not (99.87 + 50) / 2
    assert city["prev_execution_rate_pct"] == near(117 / 130 * 100)  # 2023: the city unit alone
    assert city["rate_change_pp"] == near(294.68 / 345 * 100 - 90)
    counties = {r["region_name"]: r for r in rows(frame, region_level="county")}
    assert set(counties) >= {"临河区", "巴彦淖尔市本级"}
    assert counties["临河区"]["execution_rate_pct"] == near(50.0)
    assert counties["巴彦淖尔市本级"]["execution_rate_pct"] == near(244.68 / 245 * 100)
    province = one(frame, region_level="province", region_name="内蒙古自治区")
    assert province["execution_rate_pct"] == city["execution_rate_pct"]


def test_kpi_summary_compares_with_the_previous_year(trends_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(trends_con, "kpi_summary", years=[2024])
    year = one(frame, fiscal_year=2024)
    # 2024: 巴彦淖尔 245/244.68 (95.98), 洪江 171.38/171.38 (98.87), 临河 100/50 (91).
    assert (year["report_count"], year["unit_count"], year["rate_report_count"]) == (3, 3, 3)
    assert year["execution_rate_pct"] == near((244.68 + 171.38 + 50) / (245 + 171.38 + 100) * 100)
    assert year["mean_score"] == near((95.98 + 98.87 + 91) / 3)
    # 2023: 巴彦淖尔 130/117 (95) and 呈贡 (100 points, no final budget).
    assert (year["prev_report_count"], year["prev_unit_count"]) == (2, 2)
    assert year["prev_execution_rate_pct"] == near(90.0)
    assert year["prev_mean_score"] == near(97.5)
    assert year["report_count_change"] == 1
    assert year["mean_score_change"] == near((95.98 + 98.87 + 91) / 3 - 97.5)
    total = one(frame, fiscal_year=None)
    assert total["report_count"] == 3
    assert total["prev_report_count"] is None


# --- coverage -------------------------------------------------------------------


def test_coverage_says_which_years_are_missing(
    trends_con: duckdb.DuckDBPyConnection, units: dict[str, str]
) -> None:
    frame = queries.run(trends_con, "coverage", units=[units["巴彦淖尔"], units["临河"]])
    # The selection spans 2023 (巴彦淖尔's first) to 2025 (its last).
    bayannur = rows(frame, unit_id=units["巴彦淖尔"])
    assert [(r["fiscal_year"], r["has_report"]) for r in bayannur] == [
        (2023, True),
        (2024, True),
        (2025, True),
    ]
    assert bayannur[0]["unit_missing_years"] == []
    linhe = rows(frame, unit_id=units["临河"])
    assert [(r["fiscal_year"], r["has_report"], r["report_count"]) for r in linhe] == [
        (2023, False, 0),
        (2024, True, 1),
        (2025, False, 0),
    ]
    assert linhe[0]["unit_missing_years"] == [2023, 2025]
    assert (linhe[0]["unit_year_count"], linhe[0]["span_year_count"]) == (1, 3)


def test_coverage_spans_the_selected_years(
    trends_con: duckdb.DuckDBPyConnection, units: dict[str, str]
) -> None:
    frame = queries.run(trends_con, "coverage", units=[units["巴彦淖尔"]], years=[2025, 2022, 2024])
    assert [(r["fiscal_year"], r["has_report"]) for r in frame.to_dicts()] == [
        (2022, False),
        (2024, True),
        (2025, True),
    ]
    assert frame["unit_missing_years"][0].to_list() == [2022]


def test_filter_options_list_each_unit_with_its_years(
    trends_con: duckdb.DuckDBPyConnection, units: dict[str, str]
) -> None:
    frame = queries.run(trends_con, "filter_options")
    by_unit = {r["unit_id"]: r for r in frame.to_dicts()}
    assert by_unit[units["巴彦淖尔"]]["years"] == [2023, 2024, 2025]
    assert by_unit[units["巴彦淖尔"]]["report_count"] == 3
    linhe = by_unit[units["临河"]]
    assert (linhe["years"], linhe["region_city"]) == ([2024], "巴彦淖尔市")
    assert None not in by_unit  # reports of no identified unit offer no unit to pick
    assert frame.height == len(set(frame["unit_id"]))
    only_2023 = queries.run(trends_con, "filter_options", years=[2023])
    assert [r["years"] for r in only_2023.to_dicts() if r["unit_id"] == units["巴彦淖尔"]] == [
        [2023]
    ]


# --- audit across years ---------------------------------------------------------


def findings(
    trends_con: duckdb.DuckDBPyConnection, code: str, **params: Any
) -> list[dict[str, Any]]:
    return queries.run(trends_con, "audit_findings", codes=[code], **params).to_dicts()


def test_target_lowered_after_being_beaten(trends_con: duckdb.DuckDBPyConnection) -> None:
    found = findings(trends_con, "target_lowered")
    got = {(f["fiscal_year"], f["indicator_name"]): f for f in found}
    # 2023: 督办案件 30 → 40 (beaten by 33%); 2024 keeps 30. 召开协调会议 25 → 35, 2024 raises
    # it to 32 (not flagged). 2024: 32 → 35 and 30 → 32; 2025 lowers them to 30 and 28.
    assert set(got) == {(2024, "督办案件"), (2025, "召开协调会议"), (2025, "督办案件")}
    assert got[(2024, "督办案件")]["evidence_values"][:2] == [30, 30]
    assert "仍为" in got[(2024, "督办案件")]["message"]
    assert got[(2025, "召开协调会议")]["evidence_values"][:2] == [32, 30]
    assert "反而降为" in got[(2025, "召开协调会议")]["message"]
    # Selecting 2025 alone still compares it with 2024.
    assert {f["indicator_name"] for f in findings(trends_con, "target_lowered", years=[2025])} == {
        "召开协调会议",
        "督办案件",
    }


def test_easy_targets_and_the_local_deduction(trends_con: duckdb.DuckDBPyConnection) -> None:
    easy = findings(trends_con, "easy_target")
    # Beaten by ≥ 30% with full marks: 2023 召开协调会议 35/25 (+40%), 督办案件 40/30 (+33%);
    # 2025 召开协调会议 40/30 (+33%), 督办案件 45/28 (+61%). 2024's best is 35/32 (+9%).
    assert {(f["fiscal_year"], f["indicator_name"], f["rule"]) for f in easy} == {
        (2023, "召开协调会议", "national"),
        (2023, "督办案件", "national"),
        (2025, "召开协调会议", "national"),
        (2025, "督办案件", "national"),
    }
    beat = {(f["fiscal_year"], f["indicator_name"]): f["evidence_values"][2] for f in easy}
    assert beat[(2025, "督办案件")] == pytest.approx((45 - 28) / 28 * 100)
    local = [
        f
        for f in findings(trends_con, "easy_target", rule_easy_target_deduction=True)
        if f["rule"] == "local_easy_target_deduction"
    ]
    assert {(f["fiscal_year"], f["indicator_name"], f["value_expected"]) for f in local} == {
        (2023, "召开协调会议", 8.0),
        (2023, "督办案件", 3.0),
        (2025, "召开协调会议", 8.0),
        (2025, "督办案件", 3.0),
    }


def test_execution_cap_rule_pack_is_off_by_default(trends_con: duckdb.DuckDBPyConnection) -> None:
    def capped(**params: Any) -> set[tuple[int, float]]:
        return {
            (f["fiscal_year"], f["value_expected"])
            for f in findings(trends_con, "score_exceeds_execution", **params)
            if f["rule"] == "local_execution_cap"
        }

    assert capped() == set()
    # 呈贡 2023: 60.3% → at most 79, states 100; 临河 2024: 50% → at most 69, states 91.
    assert capped(rule_execution_cap=True) == {(2023, 79.0), (2024, 69.0)}
