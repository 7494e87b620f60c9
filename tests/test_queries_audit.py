"""The audit (`audit_findings`): on the five samples, built by the real ingest,
and on a small database of hand-made rows, one report per check.

On the samples the audit must find what a reader finds (洪江's two totals, its
missed 整体支出控制额 with full marks, its budget parts; 呈贡's 100 points at
60.3% executed; 青龙's revenue and 基本支出 parts) and nothing a reader would
call wrong (巴彦淖尔's 86 + 9.986 = 95.986 printed 95.98, its expense items
adding to 244.67524 ≈ 244.68). The whole list is asserted, so a new false
alarm fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

import queries
from loaders import facts

HONGJIANG = "001_d561446380a2a949"
BAYANNUR = "000_f85205bb6ece0316"
CHENGGONG = "002_cdb5fd7bd89dc735"
QINGLONG = "003_f6253369dfa87339"
XIQU = "004_e40cd2cf77471691"


def sample_of(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """report_id → sample id."""
    frame = queries.run(con, "reports")
    return {r["report_id"]: r["source_file"].removesuffix(".txt") for r in frame.to_dicts()}


def keyed(con: duckdb.DuckDBPyConnection, **params: Any) -> list[dict[str, Any]]:
    samples = sample_of(con)
    found = queries.run(con, "audit_findings", **params).to_dicts()
    for f in found:
        f["sample"] = samples[f["report_id"]]
    return found


def test_the_samples_findings_are_exactly_what_a_reader_finds(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    found = keyed(sample_con)
    got = sorted(
        (f["sample"], f["code"], f["project_no"] or 0, f["indicator_name"] or "") for f in found
    )
    xiqu_unquantified = [
        # 攀枝花's project tables: 数量/质量 targets written as sentences (时效 本年度 is a period).
        (XIQU, "unquantified_target", 1, "确保信访安保工作质量"),
        (XIQU, "unquantified_target", 2, "保障全年接待上访群众的经费"),
        (XIQU, "unquantified_target", 2, "确保全年不因信访问题引发重大群体性事件。"),
        (XIQU, "unquantified_target", 3, "保障全年无因特殊疑难信访问题引发费缠访、闹访。"),
        (XIQU, "unquantified_target", 3, "本年度无因特殊疑难信访问题引发费缠访、闹访"),
        (XIQU, "unquantified_target", 4, "本年度内进京赴蓉信访事项"),
        (XIQU, "unquantified_target", 4, "确保年度内无滋事倒流情况"),
    ]
    long_name = (
        "解决全年特殊疑难信访问题,保障本年度确保无因特殊疑难信访问题引发的进京赴省缠访、闹访。"
    )
    expected = [
        # 巴彦淖尔: three 效益 indicators lose 1, 2 and 1 points; the report gives no reason.
        (BAYANNUR, "deduction_without_reason", 0, "保障了社会和谐稳定"),
        (BAYANNUR, "deduction_without_reason", 0, "保障群众合法权益"),
        (BAYANNUR, "deduction_without_reason", 0, "信访工作规范化法制化"),
        # 洪江: 98.87 in the prose, 100 in the table; the table's scores give 90 + 10 = 100.
        (HONGJIANG, "conflicting_figures", 0, ""),
        (HONGJIANG, "total_mismatch", 0, ""),
        # 基本支出 163.38 + 项目支出 34 = 197.38, not the 171.38 executed.
        (HONGJIANG, "parts_mismatch", 0, ""),
        (HONGJIANG, "missed_target_full_score", 0, "整体支出控制额"),
        # Every weighted indicator full in the table and in both scored project tables, and
        # every execution rate (the whole and two projects) exactly 100%.
        (HONGJIANG, "uniform_full_marks", 0, ""),
        (HONGJIANG, "uniform_full_marks", 0, ""),
        (HONGJIANG, "uniform_full_marks", 1, ""),
        (HONGJIANG, "uniform_full_marks", 2, ""),
        # A 质量指标 target of 效果明显 in each project.
        (HONGJIANG, "unquantified_target", 1, "提高信访问题审核判定水平"),
        (HONGJIANG, "unquantified_target", 2, "项目绩效目标达成率"),
        # 呈贡: 100 points at 60.3% executed.
        (CHENGGONG, "score_exceeds_execution", 0, ""),
        # 青龙: 115.64 + 114 + 12.24 ≠ 285.87 revenue; 145.72 + 28.15 ≠ 171.87 基本支出.
        (QINGLONG, "parts_mismatch", 0, ""),
        (QINGLONG, "parts_mismatch", 0, ""),
        # 攀枝花: spending by function does not add up to 213.61; all five projects spent
        # exactly their budget.
        (XIQU, "parts_mismatch", 0, ""),
        (XIQU, "uniform_full_marks", 0, ""),
        *xiqu_unquantified,
        (XIQU, "unquantified_target", 5, long_name),
        (XIQU, "unquantified_target", 5, long_name),
    ]
    assert got == sorted(expected)


def test_the_samples_findings_carry_their_evidence(sample_con: duckdb.DuckDBPyConnection) -> None:
    found = keyed(sample_con)

    def pick(sample: str, code: str) -> list[dict[str, Any]]:
        return [f for f in found if f["sample"] == sample and f["code"] == code]

    (conflict,) = pick(HONGJIANG, "conflicting_figures")
    assert (conflict["value_stated"], conflict["value_expected"]) == (98.87, 100.0)
    assert conflict["rule"] == "extractor"
    assert "98.87" in conflict["source_text"]
    (total,) = pick(HONGJIANG, "total_mismatch")
    assert (total["value_stated"], total["value_expected"]) == (98.87, 90 + 10)
    assert total["severity"] == "high"
    (missed,) = pick(HONGJIANG, "missed_target_full_score")
    # ≤127.73 targeted, 161.73 spent, 20/20: the ≤ rule would give 127.73 ÷ 161.73 × 20.
    assert missed["evidence_values"] == [127.73, 161.73, 20.0, 20.0]
    assert missed["value_expected"] == pytest.approx(127.73 / 161.73 * 20, abs=1e-4)
    assert missed["lines"] == [192]
    assert "整体支出控制额" in missed["source_text"]
    (parts,) = pick(HONGJIANG, "parts_mismatch")
    assert (parts["value_stated"], parts["value_expected"]) == (171.38, 163.38 + 34)
    (inflated,) = pick(CHENGGONG, "score_exceeds_execution")
    assert (inflated["value_stated"], inflated["value_expected"]) == (100.0, pytest.approx(96.03))
    assert "60.3%" in inflated["message"]
    qinglong = {f["value_stated"]: f["value_expected"] for f in pick(QINGLONG, "parts_mismatch")}
    assert qinglong == {
        285.87: pytest.approx(115.64 + 114 + 12.24),
        171.87: pytest.approx(145.72 + 28.15),
    }
    (xiqu,) = pick(XIQU, "parts_mismatch")
    assert xiqu["value_stated"] == 213.61
    assert xiqu["value_expected"] < 213.61  # the listed functions add up to less
    for finding in found:
        assert finding["message"]
        assert finding["lines"], finding
        assert finding["severity"] in {"high", "medium", "low"}


def test_the_findings_order_is_total_and_the_documented_one(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    """No two findings share the listing's key (a national check and its local rule-pack twin
    differ by rule), so a rebuild lists them in the same order every time."""
    key = (
        "severity_rank, fiscal_year, unit_canonical_name, report_id, project_no nulls first, "
        "indicator_no nulls first, code, value_stated, rule"
    )
    rows = sample_con.execute(
        f"select finding_order, row_number() over (order by {key}) from audit_facts"
    ).fetchall()
    assert rows
    assert all(stored == documented for stored, documented in rows)
    [(ties,)] = sample_con.execute(
        f"select count(*) - count(distinct ({key.replace(' nulls first', '')})) from audit_facts"
    ).fetchall()
    assert ties == 0


def test_nothing_is_flagged_for_bayannur_but_its_missing_reasons(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    codes = {f["code"] for f in keyed(sample_con) if f["sample"] == BAYANNUR}
    assert codes == {"deduction_without_reason"}


def test_codes_filter_and_filters(sample_con: duckdb.DuckDBPyConnection) -> None:
    found = keyed(sample_con, codes=["parts_mismatch", "total_mismatch"])
    assert sorted(f["sample"] for f in found) == sorted(
        [HONGJIANG, HONGJIANG, QINGLONG, QINGLONG, XIQU]
    )
    assert {f["sample"] for f in keyed(sample_con, years=[2023])} == {CHENGGONG}
    assert keyed(sample_con, codes=["no_such_code"]) == []


def test_the_report_filters_pick_the_findings_of_the_reports_they_pick(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    # A finding carries its report's filter columns: each filter must select exactly the
    # findings of the reports the `reports` listing selects with it.
    every = queries.run(sample_con, "audit_findings")
    listed = queries.run(sample_con, "reports")
    some = listed.row(1, named=True)
    cases: list[dict[str, Any]] = [
        {"province": some["region_province"]},
        {"city": some["region_city"]},
        {"county": some["region_county"]},
        {"grade": "优"},
        {"kind": "department"},
        {"units": [some["unit_canonical_name"]]},
        {"units": [some["unit_id"]], "years": [some["fiscal_year"]]},
    ]
    for params in cases:
        picked = set(queries.run(sample_con, "reports", **params)["report_id"])
        assert picked, params
        found = queries.run(sample_con, "audit_findings", **params)
        assert found.equals(every.filter(pl.col("report_id").is_in(picked))), params


# --- one hand-made report per check ----------------------------------------------

REPORT_DEFAULTS: dict[str, Any] = {
    "key_basis": "facts",
    "source_path": "/nowhere/hand-made.txt",
    "source_sha256": "0" * 64,
    "schema_version": 1,
    "extract_status": "ok",
    "fact_count": 1,
    "fiscal_year": 2024,
    "kind": "project",
}


def insert(con: duckdb.DuckDBPyConnection, table: str, **cols: Any) -> None:
    names = ", ".join(cols)
    marks = ", ".join(f"${k}" for k in cols)
    con.execute(f"insert into {table} ({names}) values ({marks})", cols)


def add_report(con: duckdb.DuckDBPyConnection, report_id: str, **cols: Any) -> None:
    values = {**REPORT_DEFAULTS, "unit_id": f"u-{report_id}", "unit_name": f"单位{report_id}"}
    insert(con, "reports", report_id=report_id, report_key=report_id, **{**values, **cols})


def add_indicators(
    con: duckdb.DuckDBPyConnection, report_id: str, rows: list[dict[str, Any]]
) -> None:
    for no, row in enumerate(rows, start=1):
        insert(con, "indicators", report_id=report_id, indicator_no=no, line=no, **row)


@pytest.fixture(scope="module")
def checks_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audit") / "checks.duckdb"
    con = duckdb.connect(str(path))
    con.execute(queries.schema_sql())
    # grade: 85 points printed 优 (85 is 良).
    add_report(con, "grade", total_score=85, grade="优")
    # rate: 80 of 100 executed, 85% stated.
    add_report(
        con, "rate", budget_final_wan=100, executed_wan=80, execution_rate_pct=85, kind="department"
    )
    # overspent: 120 of 100 executed (120%, stated so).
    add_report(con, "overspent", budget_final_wan=100, executed_wan=120, execution_rate_pct=120)
    # scale: 500000 executed of a 50 budget: 元 written as 万元 (also more than the budget).
    add_report(con, "scale", budget_final_wan=50, executed_wan=500000)
    # weights: 30 + 30 + 20 = 80 points of indicators; items 1, 2, 3 and 20000 (10,000× off).
    add_report(con, "weights", executed_wan=20006)
    add_indicators(
        con,
        "weights",
        [{"name": f"指标{i}", "weight": w, "score": w} for i, w in enumerate((30, 30, 20))],
    )
    for no, item in enumerate((1, 2, 3, 20000), start=1):
        insert(
            con,
            "expenses",
            report_id="weights",
            expense_no=no,
            category=f"费{no}",
            amount_wan=item,
        )
    # parts: items 3.2 + 4.1 + 2.2 = 9.5 and projects 6 + 5.5 = 11.5 against 10.5 executed.
    add_report(con, "parts", executed_wan=10.5, kind="department")
    for no, part in enumerate((3.2, 4.1, 2.2), start=1):
        insert(
            con, "expenses", report_id="parts", expense_no=no, category=f"费{no}", amount_wan=part
        )
    for no, project in enumerate((6.0, 5.5), start=1):
        insert(
            con,
            "projects",
            report_id="parts",
            project_no=no,
            name=f"项目{no}",
            executed_wan=project,
        )
    # uniform: six indicators of 15 all full, 100% executed, 100 points (90 + 10: consistent).
    add_report(
        con,
        "uniform",
        total_score=100,
        budget_final_wan=10,
        executed_wan=10,
        execution_rate_pct=100,
    )
    add_indicators(
        con, "uniform", [{"name": f"指标{i}", "weight": 15, "score": 15} for i in range(6)]
    )
    # reasoned: 88 of 90 with a reason given; one 数量 target in words, one a count.
    add_report(con, "reasoned")
    add_indicators(
        con,
        "reasoned",
        [
            {"name": "甲", "weight": 90, "score": 88, "note": "受疫情影响，部分活动推迟"},
            {"name": "乙", "level2": "数量指标", "target": "大幅增加"},
            {"name": "丙", "level2": "数量指标", "target": "两名"},
        ],
    )
    # printed: 85 + 99.86% × 10 = 94.986, printed four ways; only 94.5 is wrong.
    for report_id, total in (("t9498", 94.98), ("t9499", 94.99), ("t95", 95), ("t945", 94.5)):
        add_report(
            con,
            report_id,
            total_score=total,
            budget_final_wan=245,
            executed_wan=244.68,
            execution_rate_pct=99.86,
        )
        add_indicators(
            con, report_id, [{"name": "指标", "weight": 90, "score": 85, "note": "未全部完成"}]
        )
    facts.refresh(con)
    con.close()
    return path


@pytest.fixture
def checks(checks_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(checks_db), read_only=True)
    try:
        yield con
    finally:
        con.close()


def test_each_check_fires_on_its_report(checks: duckdb.DuckDBPyConnection) -> None:
    found = queries.run(checks, "audit_findings").to_dicts()
    got = sorted((f["report_id"], f["code"], f["value_stated"], f["value_expected"]) for f in found)
    assert got == sorted(
        [
            ("grade", "grade_mismatch", 85.0, None),
            # The standard 10-point execution part at 100%: the ceiling is 100; 85 is under it.
            ("rate", "rate_mismatch", 85.0, 80.0),
            ("overspent", "overspent", 120.0, 100.0),
            ("scale", "overspent", 500000.0, 50.0),
            ("scale", "unit_scale_suspect", 500000.0, 50.0),
            ("weights", "weights_mismatch", 80.0, 90.0),
            ("weights", "unit_scale_suspect", 20000.0, 2.5),  # the median of 1, 2, 3, 20000
            ("parts", "parts_mismatch", 10.5, 9.5),
            ("parts", "parts_mismatch", 10.5, 11.5),
            ("uniform", "uniform_full_marks", 6.0, None),
            ("reasoned", "unquantified_target", None, None),
            ("t945", "total_mismatch", 94.5, pytest.approx(85 + 9.986)),
        ]
    )
    unquantified = [f for f in found if f["code"] == "unquantified_target"]
    assert [f["indicator_name"] for f in unquantified] == ["乙"]  # 两名 is a count


def test_a_finding_names_its_figures_in_chinese(checks: duckdb.DuckDBPyConnection) -> None:
    found = queries.run(checks, "audit_findings", codes=["rate_mismatch"]).to_dicts()
    assert [f["message"] for f in found] == [
        "所报预算执行率85%与全年执行数80万元 ÷ 全年预算数100万元 = 80%不一致"
    ]
