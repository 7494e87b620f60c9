"""The audit's counts (`audit_counts`) agree with its listing (`audit_findings`):
totals, per check, per unit, under every filter the listing takes.
"""

from __future__ import annotations

from typing import Any

import duckdb
import polars as pl

import queries


def test_audit_counts_add_up_to_the_listed_findings(sample_con: duckdb.DuckDBPyConnection) -> None:
    found = queries.run(sample_con, "audit_findings")
    counts = queries.run(sample_con, "audit_counts")
    total = counts.filter(pl.col("row_level") == "total").to_dicts()
    assert len(total) == 1
    assert total[0]["finding_count"] == found.height
    assert total[0]["report_count"] == found["report_id"].n_unique()
    assert total[0]["unit_count"] == found["unit_id"].drop_nulls().n_unique()
    codes = counts.filter(pl.col("row_level") == "code")
    assert sorted(codes.select("code", "severity", "finding_count").rows()) == sorted(
        found.group_by("code", "severity").len().rows()
    )
    units = counts.filter(pl.col("row_level") == "unit")
    assert units["finding_count"].sum() == found.height
    # 洪江's findings, per severity, as the listing has them; the units ranked by findings.
    hongjiang = found.filter(pl.col("unit_canonical_name").str.contains("洪江"))
    mine = units.filter(pl.col("unit_id") == hongjiang["unit_id"][0])
    assert sorted(mine.select("severity", "finding_count").rows()) == sorted(
        hongjiang.group_by("severity").len().rows()
    )
    per_unit = units.group_by("unit_rank").agg(pl.col("finding_count").sum()).sort("unit_rank")
    assert per_unit["unit_rank"].to_list() == list(range(1, per_unit.height + 1))
    assert per_unit["finding_count"].to_list() == sorted(per_unit["finding_count"], reverse=True)
    top = queries.run(sample_con, "audit_counts", top_units=1)
    top_units = top.filter(pl.col("row_level") == "unit")
    assert set(top_units["unit_rank"]) == {1}
    assert top.filter(pl.col("row_level") != "unit").equals(
        counts.filter(pl.col("row_level") != "unit")
    )


def test_audit_counts_and_the_listing_take_the_same_filters(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    cases: list[dict[str, Any]] = [
        {"severities": ["high"]},
        {"codes": ["uniform_full_marks", "parts_mismatch"]},
        {"years": [2024], "severities": ["low", "medium"]},
        {"rule_execution_cap": True, "rule_easy_target_deduction": True},
        {"kind": "project", "rule_easy_target_deduction": True},
        {"grade": "优"},
    ]
    for params in cases:
        found = queries.run(sample_con, "audit_findings", **params)
        counts = queries.run(sample_con, "audit_counts", **params)
        total = counts.filter(pl.col("row_level") == "total")["finding_count"].sum()
        assert total == found.height, params
        # Reports and units per check: distinct, even where a local rule repeats a national check.
        per_code = found.group_by("code", "severity").agg(
            pl.col("report_id").n_unique(), pl.col("unit_id").drop_nulls().n_unique()
        )
        codes = counts.filter(pl.col("row_level") == "code")
        assert sorted(codes.select("code", "severity", "report_count", "unit_count").rows()) == (
            sorted(per_code.rows())
        ), params
        if "severities" in params:
            assert set(found["severity"]) <= set(params["severities"])
    assert queries.run(sample_con, "audit_counts", codes=["no_such_code"]).is_empty()
