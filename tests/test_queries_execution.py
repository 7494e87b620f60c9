"""Execution queries on the five samples, built by the real ingest.

Expected figures are what the reports state (see the seed facts of the
shared extract contract) and rates worked out by hand from them.
"""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest
from frame_rows import one

import queries

# (sample, project name or None) → initial, final, executed (万元), stated rate (%).
SCOPES: dict[tuple[str, str | None], tuple[str | None, ...]] = {
    ("000_f85205bb6ece0316", None): ("135", "245", "244.68", "99.86"),
    ("001_d561446380a2a949", None): ("161.73", "171.38", "171.38", "100"),
    ("001_d561446380a2a949", "付市驻京办工作经费"): ("25", "25", "25", "100"),
    ("001_d561446380a2a949", "信访接待工作经费"): ("7.2", "7.2", "7.2", "100"),
    ("001_d561446380a2a949", "网络投诉中心工作经费"): ("1.8", None, "1.8", None),
    ("002_cdb5fd7bd89dc735", None): ("10", None, "21.04", "60.3"),
    ("002_cdb5fd7bd89dc735", "信访维稳专项经费"): ("6.5", None, None, None),
    ("002_cdb5fd7bd89dc735", "办公业务经费"): ("3.5", None, None, None),
    ("003_f6253369dfa87339", None): (None, "285.87", None, "100"),
    ("004_e40cd2cf77471691", None): ("213.36", None, "213.61", None),
    ("004_e40cd2cf77471691", "保安费用"): (None, "8", "8", None),
    ("004_e40cd2cf77471691", "接访费用"): (None, "2", "2", None),
    ("004_e40cd2cf77471691", "矛盾化解和疑难信访问题专项资金"): (None, "8", "8", None),
    ("004_e40cd2cf77471691", "驻京驻蓉费用"): (None, "5", "5", None),
    ("004_e40cd2cf77471691", "解决特殊疑难信访问题中央补助资金"): (None, "15", "15", None),
}


def report_ids(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    frame = queries.run(con, "reports")
    return {r["source_file"].removesuffix(".txt"): r["report_id"] for r in frame.to_dicts()}


def unit_ids(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Sample id → the unit id the store gave its unit (whatever the registry calls it)."""
    frame = queries.run(con, "reports")
    return {r["source_file"].removesuffix(".txt"): r["unit_id"] for r in frame.to_dicts()}


def dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def test_execution_rates_lists_every_report_and_project(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    ids = report_ids(sample_con)
    sample_of = {v: k for k, v in ids.items()}
    frame = queries.run(sample_con, "execution_rates")
    got = {}
    for row in frame.to_dicts():
        key = (sample_of[row["report_id"]], None if row["scope"] == "report" else row["scope_name"])
        got[key] = row
    assert set(got) == set(SCOPES)
    for key, (initial, final, executed, rate) in SCOPES.items():
        row = got[key]
        assert (
            row["budget_initial_wan"],
            row["budget_final_wan"],
            row["executed_wan"],
            row["execution_rate_pct"],
        ) == (dec(initial), dec(final), dec(executed), dec(rate)), key
        if final is not None and executed is not None:
            assert row["execution_rate_derived_pct"] == pytest.approx(
                float(executed) / float(final) * 100, abs=1e-4
            ), key
        else:
            assert row["execution_rate_derived_pct"] is None, key


def test_execution_rates_compares_stated_and_derived(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    ids = report_ids(sample_con)
    frame = queries.run(sample_con, "execution_rates")
    bayannur = one(frame, report_id=ids["000_f85205bb6ece0316"], scope="report")
    # 244.68 ÷ 245 = 99.8694%; the report prints 99.86 (truncated): a difference, not a mismatch.
    assert bayannur["rate_diff_pp"] == pytest.approx(99.86 - 244.68 / 245 * 100, abs=1e-4)
    assert bayannur["rate_agrees"] is True
    assert bayannur["final_line"] == 14
    assert bayannur["executed_line"] == 15
    chenggong = one(frame, report_id=ids["002_cdb5fd7bd89dc735"], scope="report")
    assert (chenggong["rate_diff_pp"], chenggong["rate_agrees"]) == (None, None)  # no final


def test_execution_by_unit_year_on_the_samples(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(sample_con, "execution_by_unit_year")
    assert frame.height == 5  # one report per unit, each its own unit × year × kind
    units = unit_ids(sample_con)
    bayannur = one(frame, unit_id=units["000_f85205bb6ece0316"])
    assert (bayannur["fiscal_year"], bayannur["kind"], bayannur["rate_report_count"]) == (
        2024,
        "project",
        1,
    )
    assert bayannur["execution_rate_pct"] == pytest.approx(244.68 / 245 * 100, abs=1e-4)
    assert bayannur["prev_execution_rate_pct"] is None  # no 2023 report
    xiqu = one(frame, unit_id=units["004_e40cd2cf77471691"])
    # 攀枝花 states what it executed (213.61) but no final budget: no rate, the count says why.
    assert (xiqu["rate_report_count"], xiqu["execution_rate_pct"]) == (0, None)
    assert (xiqu["executed_report_count"], xiqu["executed_all_wan"]) == (1, Decimal("213.61"))


def test_execution_by_region_year_on_the_samples(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(sample_con, "execution_by_region_year", years=[2024])
    hunan = one(frame, region_level="province", region_name="湖南省")
    assert (hunan["report_count"], hunan["execution_rate_pct"]) == (1, 100.0)
    assert {r["region_level"] for r in frame.to_dicts()} == {"province", "city", "county"}
    # 巴彦淖尔市信访局 is the city's own unit: at county level it is 巴彦淖尔市本级.
    own = one(frame, region_level="county", region_name="巴彦淖尔市本级")
    assert own["region_city"] == "巴彦淖尔市"


def test_kpi_summary_on_the_samples(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(sample_con, "kpi_summary")
    total = one(frame, fiscal_year=None)
    assert (total["report_count"], total["unit_count"]) == (5, 5)
    # Rates need both figures: 巴彦淖尔 245 → 244.68 and 洪江 171.38 → 171.38 only.
    assert total["rate_report_count"] == 2
    assert total["execution_rate_pct"] == pytest.approx(
        (244.68 + 171.38) / (245 + 171.38) * 100, abs=1e-4
    )
    # Scores: 95.98, 98.87, 100 (呈贡), 100 (青龙); 攀枝花 states none.
    assert total["scored_report_count"] == 4
    assert total["mean_score"] == pytest.approx((95.98 + 98.87 + 100 + 100) / 4, abs=1e-4)
    assert (total["full_score_count"], total["full_score_share_pct"]) == (2, 50.0)
    y2024 = one(frame, fiscal_year=2024)
    assert y2024["prev_report_count"] == 1  # 呈贡 2023
    assert y2024["report_count_change"] == 1
