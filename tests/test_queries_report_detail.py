"""The one-report queries (report_detail, report_indicators, report_projects,
report_warnings, report_sources) on the samples built by the real ingest:
every figure comes with the line it was read from, and that line states it.
"""

from __future__ import annotations

import re
from decimal import Decimal

import duckdb
import pytest

import queries
from queries import QueryError

HONGJIANG = "001_d561446380a2a949"
BAYANNUR = "000_f85205bb6ece0316"


def report_id(con: duckdb.DuckDBPyConnection, sample: str) -> str:
    frame = queries.run(con, "reports")
    by_file = {r["source_file"].removesuffix(".txt"): r["report_id"] for r in frame.to_dicts()}
    return str(by_file[sample])


def squeeze(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def test_report_detail_every_stated_field_is_on_its_line(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    frame = queries.run(sample_con, "report_detail", report_id=report_id(sample_con, HONGJIANG))
    fields = {r["field"]: r for r in frame.to_dicts()}
    assert [r["field_no"] for r in frame.to_dicts()] == list(range(1, frame.height + 1))
    assert fields["total_score"]["value"] == "98.87"
    assert fields["grade"]["value"] == "优"  # printed 优秀
    assert fields["budget.final_wan"]["value"] == "171.38"
    assert fields["derived.total_recomputed"]["value"] == "100"  # 90 + 10
    assert fields["derived.total_recomputed"]["derived"] is True
    assert fields["derived.total_recomputed"]["line"] is None
    located = [r for r in frame.to_dicts() if r["line"] is not None and r["field"] != "report_date"]
    assert {r["field"] for r in located} >= {"title", "total_score", "budget.executed_wan"}
    for row in located:
        assert squeeze(row["value"]) in squeeze(row["line_text"]), row


def test_report_detail_respects_the_filters(sample_con: duckdb.DuckDBPyConnection) -> None:
    rid = report_id(sample_con, HONGJIANG)
    assert queries.run(sample_con, "report_detail", report_id=rid, years=[2023]).is_empty()
    assert queries.run(sample_con, "report_detail", report_id="no-such-report").is_empty()
    with pytest.raises(QueryError, match=r"\$report_id \(VARCHAR\) is required"):
        queries.run(sample_con, "report_detail")


def test_report_indicators_name_their_lines(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(sample_con, "report_indicators", report_id=report_id(sample_con, HONGJIANG))
    assert frame.height == 11 * 3  # the 整体 table and two project tables
    first = frame.row(0, named=True)
    assert (first["name"], first["target"], first["actual"], first["line"]) == (
        "整体支出控制额",
        "≤127.73万元",
        "=161.73万元",
        192,
    )
    assert first["target_met"] is False
    projects = {r["project_name"] for r in frame.to_dicts()}
    assert projects == {None, "付市驻京办工作经费", "信访接待工作经费"}
    for row in frame.to_dicts():
        assert squeeze(row["name"]) in squeeze(row["line_text"]), row


def test_report_projects(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(sample_con, "report_projects", report_id=report_id(sample_con, HONGJIANG))
    got = [(r["scope"], r["project_no"], r["scope_name"]) for r in frame.to_dicts()]
    assert got[0][:2] == ("report", None)
    assert [g[2] for g in got[1:]] == [
        "付市驻京办工作经费",
        "信访接待工作经费",
        "网络投诉中心工作经费",
    ]
    beijing = frame.row(1, named=True)
    assert (
        float(beijing["budget_final_wan"]),
        float(beijing["executed_wan"]),
        float(beijing["total_score"]),
    ) == (25, 25, 100)
    # Its indicators: 20 + 0 + 0 + 15 + 15 + 10 + 5 + 10 + 5 + 10 = 90 weighted and scored.
    assert (float(beijing["weight_sum"]), float(beijing["score_sum"])) == (90, 90)
    assert beijing["total_recomputed"] == 100.0
    assert "付市驻京办工作经费" in beijing["line_text"]
    bayannur = queries.run(
        sample_con, "report_projects", report_id=report_id(sample_con, BAYANNUR)
    ).row(0, named=True)
    # 16 expense items in 元: 294441.65 + 25000 + 90000 + 4000 + 30000 + 12163.7 + 265000 + 578420
    # + 145000 + 196000 + 58720 + 17380 + 329763.05 + 44906 + 299898 + 56060 = 2,446,752.4 元.
    assert bayannur["expense_count"] == 16
    assert bayannur["expenses_wan"] == Decimal("244.67524")


def test_report_warnings_show_both_figures(sample_con: duckdb.DuckDBPyConnection) -> None:
    frame = queries.run(sample_con, "report_warnings", report_id=report_id(sample_con, HONGJIANG))
    conflicts = [r for r in frame.to_dicts() if r["code"] == "score_conflict"]
    assert len(conflicts) == 1
    conflict = conflicts[0]
    assert conflict["evidence_values"] == [98.87, 100.0]
    assert "98.87" in conflict["source_text"]
    assert "总分" in conflict["source_text"]  # the 自评表's 总分 row
    assert [r["warning_no"] for r in frame.to_dicts()] == list(range(1, frame.height + 1))


def test_report_sources_say_what_was_read_from_each_line(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    frame = queries.run(sample_con, "report_sources", report_id=report_id(sample_con, BAYANNUR))
    lines = {r["line"]: r for r in frame.to_dicts()}
    assert sorted(lines) == list(range(1, frame.height + 1))
    assert "95.98" in lines[44]["text"]
    assert {"total_score", "grade"} <= set(lines[44]["fact_refs"])
    assert lines[23]["fact_refs"] == ["indicator:1"]  # 召开协调会议
    assert lines[17]["fact_refs"] == [f"expense:{n}" for n in range(1, 17)]
    assert lines[2]["fact_refs"] == []
