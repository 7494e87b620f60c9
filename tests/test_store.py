"""The store: schema, record → rows, derived columns, identity, per-file transactions.

Records here are built by hand (real `Report` objects, written by the real
store into a real DuckDB file), so each derived value can be checked against
arithmetic done by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from loaders import store
from loaders.dbfile import apply_schema, updating
from loaders.model import Budget, Expense, Indicator, Project, Report, Source, Unit, Warning
from loaders.pipeline import ExtractResult
from loaders.rows import REPORT_TABLES, fact_count, report_key, resolve_unit, text_key

NOW = datetime(2026, 1, 1, 12, 0, 0)
TABLES = (
    "units",
    "source_files",
    "reports",
    "projects",
    "indicators",
    "expenses",
    "warnings",
    "evidence",
    "source_lines",
    "jixiao_meta",
)


@pytest.fixture
def con(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with updating(db_path) as update:
        yield update.con


def report(**fields: Any) -> Report:
    base: dict[str, Any] = {
        "source": Source(file="a.txt", sha256="0" * 64, format="txt"),
        "unit": Unit(name="巴彦淖尔市信访局", city="巴彦淖尔市"),
        "fiscal_year": 2024,
        "kind": "project",
        "subject": "信访事务经费",
    }
    base.update(fields)
    return Report(**base)


def write(
    con: duckdb.DuckDBPyConnection,
    record: Report | None,
    path: str = "/reports/a.txt",
    sha: str = "a" * 64,
    lines: list[str] | None = None,
    error: str | None = None,
) -> store.WriteOutcome:
    file = store.SourceFile(Path(path), sha, 100, "txt")
    status = "ok" if record is not None else "failed"
    result = ExtractResult(
        Path(path), sha, "txt", record, status, error=error, lines=lines or ["第一行", "第二行"]
    )
    return store.write_result(con, file, result, NOW)


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def test_schema_applies_twice_and_has_every_table(con: duckdb.DuckDBPyConnection) -> None:
    apply_schema(con)
    names = {r[0] for r in rows(con, "select table_name from duckdb_tables()")}
    assert set(TABLES) <= names


def test_fact_rows_keep_their_source_line(con: duckdb.DuckDBPyConnection) -> None:
    record = report(
        total_score=95.98,
        indicators=[Indicator("产出指标", "数量指标", "召开协调会议", "次", "32", "35", line=31)],
        expenses=[Expense("办公费", 29.444165, line=21)],
        projects=[Project("子项目", line=40, indicators=[Indicator(None, None, "x", line=41)])],
        warnings=[Warning("score_conflict", "98.87 ≠ 100", line=88, values=[98.87, 100.0])],
        evidence={"total_score": 90, "unit.name": 3},
    )
    write(con, record, lines=[f"line {i}" for i in range(1, 101)])
    assert rows(con, "select indicator_no, project_no, line from indicators order by 1") == [
        (1, None, 31),
        (2, 1, 41),
    ]
    assert rows(con, "select line from expenses") == [(21,)]
    assert rows(con, "select project_no, line from projects") == [(1, 40)]
    assert rows(con, "select code, line, evidence_values from warnings") == [
        ("score_conflict", 88, [98.87, 100.0])
    ]
    assert rows(con, "select field, line from evidence order by 1") == [
        ("total_score", 90),
        ("unit.name", 3),
    ]
    assert rows(con, "select count(*), min(line), max(line) from source_lines") == [(100, 1, 100)]
    assert rows(con, "select text from source_lines where line = 31") == [("line 31",)]


def test_amounts_are_exact_decimals(con: duckdb.DuckDBPyConnection) -> None:
    # 294,441.65元 = 29.444165万元: 分 are the 6th decimal of 万元 and must survive.
    record = report(
        budget=Budget(initial_wan=135, final_wan=245, executed_wan=244.68),
        expenses=[Expense("办公费", 29.444165), Expense("取暖费", 1.21637)],
    )
    write(con, record)
    assert rows(con, "select amount_wan from expenses order by expense_no") == [
        (Decimal("29.444165"),),
        (Decimal("1.216370"),),
    ]
    assert rows(con, "select budget_final_wan, executed_wan from reports") == [
        (Decimal("245"), Decimal("244.68"))
    ]


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (100, "优"),
        (90, "优"),
        (89.99, "良"),
        (80, "良"),
        (79.99, "中"),
        (60, "中"),
        (59.99, "差"),
        (0, "差"),
        (None, None),
    ],
)
def test_grade_implied_bands(
    con: duckdb.DuckDBPyConnection, score: float | None, grade: str
) -> None:
    write(con, report(total_score=score, grade="优"))
    assert rows(con, "select grade, grade_implied from reports") == [("优", grade)]


def test_execution_rate_derived_beside_the_stated_one(con: duckdb.DuckDBPyConnection) -> None:
    # 巴彦淖尔 2024: 244.68 / 245 = 99.8693…%, stated 99.86.
    write(con, report(budget=Budget(135, 245, 244.68, 99.86)))
    [(stated, derived)] = rows(
        con, "select execution_rate_pct, execution_rate_derived_pct from reports"
    )
    assert stated == Decimal("99.86")
    assert derived == pytest.approx(99.869387755, abs=1e-6)


def test_execution_rate_derived_is_null_without_a_final_budget(
    con: duckdb.DuckDBPyConnection,
) -> None:
    write(con, report(budget=Budget(initial_wan=10, executed_wan=21.04, execution_rate_pct=60.3)))
    assert rows(con, "select execution_rate_pct, execution_rate_derived_pct from reports") == [
        (Decimal("60.3"), None)
    ]


@pytest.mark.parametrize(
    ("level2", "op", "target", "actual", "effective", "met"),
    [
        ("数量指标", None, 32, 35, "≥", True),  # a plain number is a floor
        ("数量指标", None, 32, 30, "≥", False),
        ("成本指标", None, 450, 450, "≤", True),  # …except a cost: a ceiling
        ("成本指标", None, 450, 460, "≤", False),
        ("质量指标", "≥", 95, 94.9, "≥", False),
        ("整体支出控制额", "≤", 127.73, 161.73, "≤", False),  # 洪江区: missed, scored 20/20
        ("质量指标", "=", 100, 100, "=", True),
        ("质量指标", "=", 100, 99, "=", False),
        ("质量指标", ">", 90, 90, ">", False),
        ("质量指标", "<", 5, 4, "<", True),
        ("社会效益指标", None, None, None, None, None),  # 效果显著: qualitative
        ("质量指标", "≥", 95, None, "≥", None),  # no actual figure
    ],
)
def test_target_met_respects_the_operator(
    con: duckdb.DuckDBPyConnection,
    level2: str,
    op: str | None,
    target: float | None,
    actual: float | None,
    effective: str | None,
    met: bool | None,
) -> None:
    indicator = Indicator(
        "产出指标", level2, "指标", target_op=op, target_value=target, actual_value=actual
    )
    write(con, report(indicators=[indicator]))
    assert rows(con, "select target_op, target_op_effective, target_met from indicators") == [
        (op, effective, met)
    ]


def test_ratios(con: duckdb.DuckDBPyConnection) -> None:
    indicators = [
        Indicator(
            "产出指标", "数量指标", "a", target_value=32, actual_value=35, weight=10, score=8
        ),
        Indicator("产出指标", "数量指标", "b", target_value=0, actual_value=3, weight=0, score=0),
    ]
    write(con, report(indicators=indicators))
    [(ratio_a, score_a), (ratio_b, score_b)] = rows(
        con, "select achievement_ratio, score_ratio from indicators order by indicator_no"
    )
    assert ratio_a == pytest.approx(35 / 32)
    assert score_a == pytest.approx(0.8)
    assert (ratio_b, score_b) == (None, None)


def test_report_key_from_facts_or_text() -> None:
    record = report()
    unit = resolve_unit(record)
    assert unit is not None
    key, basis = report_key(record, ["x"], unit)
    assert basis == "facts"
    assert key.endswith("|2024|project|信访事务经费")
    # A project report without a subject cannot be told from the unit's other projects.
    key, basis = report_key(report(subject=None), ["x"], unit)
    assert (key, basis) == (f"text:{text_key(['x'])}", "text")
    assert report_key(report(unit=Unit()), ["x"], None)[1] == "text"


def test_text_key_ignores_whitespace_and_wrapping() -> None:
    assert text_key(["巴彦淖尔市", "信访局 2024"]) == text_key(["巴彦淖尔市信访局", "  2024"])
    assert text_key(["巴彦淖尔市信访局"]) != text_key(["巴彦淖尔市信访局。"])


def test_same_report_from_two_files_is_stored_once_the_richer_kept(
    con: duckdb.DuckDBPyConnection,
) -> None:
    poor = report(total_score=95.98)
    rich = report(total_score=95.98, grade="优", budget=Budget(135, 245, 244.68, 99.86))
    assert fact_count(rich) > fact_count(poor)
    first = write(con, poor, path="/r/a.txt", sha="a" * 64)
    second = write(con, rich, path="/r/a.docx", sha="b" * 64)
    assert (first.status, second.status) == ("loaded", "loaded")
    assert second.report_id == first.report_id
    assert rows(con, "select count(*), max(source_path), max(grade) from reports") == [
        (1, "/r/a.docx", "优")
    ]
    assert rows(con, "select path, status, report_id from source_files order by path") == [
        ("/r/a.docx", "loaded", first.report_id),
        ("/r/a.txt", "duplicate", first.report_id),
    ]
    third = write(con, poor, path="/r/a-copy.txt", sha="c" * 64)
    assert (third.status, third.duplicate_of) == ("duplicate", "/r/a.docx")


def test_a_changed_file_replaces_its_rows(con: duckdb.DuckDBPyConnection) -> None:
    old = report(indicators=[Indicator(None, None, f"i{n}") for n in range(5)])
    new = report(indicators=[Indicator(None, None, "only")], total_score=90)
    write(con, old, sha="a" * 64)
    write(con, new, sha="b" * 64)
    assert rows(con, "select name from indicators") == [("only",)]
    assert rows(con, "select count(*), max(total_score) from reports") == [(1, Decimal(90))]
    assert rows(con, "select sha256 from source_files") == [("b" * 64,)]


def test_a_changed_file_with_a_new_identity_hands_back_its_twins(
    con: duckdb.DuckDBPyConnection,
) -> None:
    write(con, report(grade="优"), path="/r/a.txt", sha="a" * 64)
    write(con, report(), path="/r/a.docx", sha="b" * 64)  # a poorer twin: duplicate
    outcome = write(con, report(fiscal_year=2025), path="/r/a.txt", sha="c" * 64)
    assert outcome.orphans == ["/r/a.docx"]  # its report is gone: the twin must be read again
    assert rows(con, "select fiscal_year from reports") == [(2025,)]
    assert rows(con, "select path from source_files") == [("/r/a.txt",)]


def test_a_failed_file_is_recorded_and_its_old_rows_go(con: duckdb.DuckDBPyConnection) -> None:
    write(con, report(), sha="a" * 64)
    outcome = write(con, None, sha="b" * 64, error="a.txt: the file is empty")
    assert (outcome.status, outcome.error) == ("failed", "a.txt: the file is empty")
    assert rows(con, "select status, error, report_id from source_files") == [
        ("failed", "a.txt: the file is empty", None)
    ]
    for table in REPORT_TABLES:
        assert rows(con, f"select count(*) from {table}") == [(0,)]


def test_a_file_is_stored_whole_or_not_at_all(con: duckdb.DuckDBPyConnection) -> None:
    write(con, report(total_score=90), sha="a" * 64)
    before = {t: rows(con, f"select * from {t} order by all") for t in TABLES}
    # 10^13 万元 does not fit DECIMAL(18,6): the insert fails after the old rows were deleted.
    too_big = report(expenses=[Expense("办公费", 1e13)])
    with pytest.raises(duckdb.Error):
        write(con, too_big, sha="b" * 64)
    assert {t: rows(con, f"select * from {t} order by all") for t in TABLES} == before


def test_units_not_referenced_are_pruned(con: duckdb.DuckDBPyConnection) -> None:
    write(con, report(), sha="a" * 64)
    hongjiang = Unit(name="洪江区信访局", province="湖南省", city="怀化市", county="洪江区")
    write(con, report(unit=hongjiang), sha="b" * 64)
    store.prune_units(con)
    [(name,)] = rows(con, "select canonical_name from units")
    assert name.endswith("洪江区信访局")


def test_a_unit_that_cannot_be_identified_is_left_null(con: duckdb.DuckDBPyConnection) -> None:
    write(con, report(unit=Unit(name="我局")), lines=["我局2024年度项目支出绩效自评报告"])
    assert rows(con, "select unit_id, unit_name, key_basis from reports") == [
        (None, "我局", "text")
    ]
    assert rows(con, "select origin, code from warnings") == [("store", "unit_unknown")]
