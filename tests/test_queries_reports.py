"""The named-query loader, the rules every query file follows, and `reports`.

Expected figures are the ones the sample reports state (worked out by hand,
see the seed facts of the shared extract contract), not copied from output.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

import queries
from queries import QueryError

TESTS = Path(__file__).resolve().parent

# sample file id → what the report states (None: the report does not state it).
# rate_derived: executed ÷ final × 100, rounded to 2 places, by hand.
STATED: dict[str, dict[str, Any]] = {
    "000_f85205bb6ece0316": {
        "unit": "巴彦淖尔市信访局",
        "region_city": "巴彦淖尔市",
        "fiscal_year": 2024,
        "kind": "project",
        "total_score": "95.98",
        "grade": "优",
        "budget_initial_wan": "135",
        "budget_final_wan": "245",
        "executed_wan": "244.68",
        "execution_rate_pct": "99.86",
        "rate_derived": 99.87,  # 244.68 / 245 = 99.8694 %
        "project_count": 0,
    },
    "001_d561446380a2a949": {
        "unit": "洪江区信访局",
        "region_province": "湖南省",
        "region_city": "怀化市",
        "region_county": "洪江区",
        "fiscal_year": 2024,
        "kind": "department",
        "total_score": "98.87",
        "grade": "优",
        "budget_initial_wan": "161.73",
        "budget_final_wan": "171.38",
        "executed_wan": "171.38",
        "execution_rate_pct": "100",
        "rate_derived": 100.0,
        "project_count": 3,
    },
    "002_cdb5fd7bd89dc735": {
        "unit": "昆明市呈贡区信访局",
        "region_city": "昆明市",
        "region_county": "呈贡区",
        "fiscal_year": 2023,
        "kind": "project",
        "total_score": "100",
        "grade": None,
        "budget_initial_wan": "10",
        "budget_final_wan": None,  # only implied (10 + 24.9 追加): not stated
        "executed_wan": "21.04",
        "execution_rate_pct": "60.3",
        "rate_derived": None,
        "project_count": 2,
    },
    "003_f6253369dfa87339": {
        "unit": "青龙满族自治县信访局",
        "region_county": "青龙满族自治县",
        "fiscal_year": 2022,
        "kind": "department",
        "total_score": "100",
        "grade": "优",
        "budget_final_wan": "285.87",
        "executed_wan": None,
        "execution_rate_pct": "100",
        "rate_derived": None,
        "project_count": 0,
    },
    "004_e40cd2cf77471691": {
        "unit": "攀枝花市西区信访局",
        "region_city": "攀枝花市",
        "region_county": "西区",
        "fiscal_year": 2021,
        "kind": "department",
        "total_score": None,
        "grade": None,
        "budget_initial_wan": "213.36",
        "executed_wan": "213.61",
        "execution_rate_pct": None,
        "rate_derived": None,
        "project_count": 5,
    },
}


def by_source(frame: pl.DataFrame) -> dict[str, dict[str, Any]]:
    return {row["source_file"].removesuffix(".txt"): row for row in frame.to_dicts()}


def ids(frame: pl.DataFrame) -> set[str]:
    return set(by_source(frame))


# --- every query file -------------------------------------------------------


@pytest.mark.parametrize("name", queries.list_queries())
def test_every_query_has_a_header_and_a_test(name: str) -> None:
    query = queries.load(name)
    assert query.doc
    assert query.grain
    assert query.columns
    quoted = (f'"{name}"', f"'{name}'")
    tested = any(
        q in p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py") for q in quoted
    )
    assert tested, f"no test runs query '{name}' (name it in a tests/test_queries_*.py)"


@pytest.mark.parametrize("name", queries.list_queries())
def test_every_query_returns_the_columns_its_header_declares(
    name: str, sample_con: duckdb.DuckDBPyConnection
) -> None:
    query = queries.load(name)
    if any(not p.nullable for p in query.params):
        pytest.skip("has required params: its own test runs it")
    assert tuple(queries.run(sample_con, name).columns) == query.columns


# The table macros of queries/facts/ that take the shared filters first, in filtered_reports' order.
FILTER_MACROS = ("filtered_reports", "unit_cost_years", "cost_series_years", "selected_indicators")


def test_every_query_passes_the_shared_filters_in_order() -> None:
    """A query may pass null for a filter it applies itself (a trend ignores $years)."""
    names = ("years", "units", "province", "city", "county", "kind", "grade")
    args = r",\s*".join(rf"(?:\${n}|null)" for n in names)
    for name in queries.list_queries():
        sql = queries.load(name).sql
        for macro in FILTER_MACROS:
            calls = len(re.findall(rf"\b{macro}\(", sql))
            assert len(re.findall(rf"\b{macro}\(\s*{args}\s*[,)]", sql)) == calls, (name, macro)


# --- the loader ---------------------------------------------------------------


def test_load_parses_the_header() -> None:
    query = queries.load("reports")
    assert query.name == "reports"
    assert query.grain == "one row per report"
    assert [(p.name, p.type, p.nullable) for p in query.params] == [
        ("years", "INTEGER[]", True),
        ("units", "VARCHAR[]", True),
        ("province", "VARCHAR", True),
        ("city", "VARCHAR", True),
        ("county", "VARCHAR", True),
        ("kind", "VARCHAR", True),
        ("grade", "VARCHAR", True),
    ]
    assert query.columns[:3] == ("report_id", "unit_id", "unit_name")


def write_query(folder: Path, name: str, text: str) -> None:
    (folder / f"{name}.sql").write_text(text, encoding="utf-8")


HEADER = "-- name: q\n-- doc: d\n-- grain: g\n-- columns: x\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-- name: q\n-- doc: d\nselect 1 as x", "header lacks -- grain:, -- params:, -- columns:"),
        (HEADER + "-- params: $a INTEGER NULL\nselect 1 as x", "differ from declared"),
        (HEADER + "-- params:\nselect $b as x", "differ from declared"),
        (HEADER + "-- params: a INTEGER\nselect $a as x", "bad param declaration"),
        (HEADER.replace("name: q", "name: other") + "-- params:\nselect 1", "header says name"),
    ],
)
def test_a_bad_query_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.setattr(queries, "QUERY_DIR", tmp_path)
    write_query(tmp_path, "q", text)
    with pytest.raises(QueryError, match=message):
        queries.load("q")


def test_header_lines_continue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queries, "QUERY_DIR", tmp_path)
    text = HEADER + "-- params: $a INTEGER NULL,\n--   $b DECIMAL(9, 2)\nselect $a as x, $b as y"
    write_query(tmp_path, "q", text)
    query = queries.load("q")
    assert [(p.name, p.type, p.nullable) for p in query.params] == [
        ("a", "INTEGER", True),
        ("b", "DECIMAL(9, 2)", False),
    ]
    con = duckdb.connect()
    assert queries.run(con, "q", b=1.5).to_dicts() == [{"x": None, "y": Decimal("1.50")}]
    with pytest.raises(QueryError, match=r"\$b \(DECIMAL\(9, 2\)\) is required"):
        queries.run(con, "q", a=1)


def test_unknown_names_and_params_are_refused(sample_con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(QueryError, match="no such query"):
        queries.load("nope")
    with pytest.raises(QueryError, match="not a query name"):
        queries.load("schema")
    with pytest.raises(QueryError, match="unknown parameter 'year'"):
        queries.run(sample_con, "reports", year=2024)
    with pytest.raises(QueryError, match=r"\$years expects INTEGER\[\], got '二〇二四'"):
        queries.run(sample_con, "reports", years=["二〇二四"])
    with pytest.raises(QueryError, match="takes one VARCHAR value"):
        queries.run(sample_con, "reports", kind=["project"])


def test_a_database_error_is_a_query_error(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "empty.duckdb"))
    with pytest.raises(QueryError, match=r"reports.*does not exist"):
        queries.run(con, "reports")


def test_cli_values_are_parsed_by_type() -> None:
    query = queries.load("reports")
    assert queries.parse_cli_params(query, ["years=2023, 2024", "kind=project"]) == {
        "years": [2023, 2024],
        "kind": "project",
    }
    with pytest.raises(QueryError, match="not of the form k=v"):
        queries.parse_cli_params(query, ["years"])


# --- reports ------------------------------------------------------------------


def test_reports_lists_the_five_samples_with_their_stated_figures(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    rows = by_source(queries.run(sample_con, "reports"))
    assert set(rows) == set(STATED)
    for sample, stated in STATED.items():
        row = rows[sample]
        assert row["unit_canonical_name"].endswith(stated["unit"]), sample
        for key in ("region_province", "region_city", "region_county"):
            if key in stated:
                assert row[key] == stated[key], (sample, key)
        assert (row["fiscal_year"], row["kind"], row["grade"]) == (
            stated["fiscal_year"],
            stated["kind"],
            stated["grade"],
        ), sample
        for key in ("total_score", "budget_initial_wan", "budget_final_wan", "executed_wan"):
            if key in stated:
                want = None if stated[key] is None else Decimal(stated[key])
                assert row[key] == want, (sample, key)
        rate = stated["execution_rate_pct"]
        assert row["execution_rate_pct"] == (None if rate is None else Decimal(rate)), sample
        assert row["execution_rate_derived_pct"] == stated["rate_derived"], sample
        assert row["project_count"] == stated["project_count"], sample


def test_reports_grade_implied_sits_beside_the_printed_grade(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    rows = by_source(queries.run(sample_con, "reports"))
    # 呈贡区 states 100 points and no grade: the grade the score implies is 优.
    assert (
        rows["002_cdb5fd7bd89dc735"]["grade"],
        rows["002_cdb5fd7bd89dc735"]["grade_implied"],
    ) == (
        None,
        "优",
    )
    assert rows["004_e40cd2cf77471691"]["grade_implied"] is None  # no score at all


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, set(STATED)),
        ({"years": [2024]}, {"000_f85205bb6ece0316", "001_d561446380a2a949"}),
        ({"years": 2023}, {"002_cdb5fd7bd89dc735"}),
        ({"years": []}, set(STATED)),  # an empty selection does not filter
        ({"years": [1999]}, set()),
        ({"kind": "project"}, {"000_f85205bb6ece0316", "002_cdb5fd7bd89dc735"}),
        (
            {"grade": "优"},
            {"000_f85205bb6ece0316", "001_d561446380a2a949", "003_f6253369dfa87339"},
        ),
        ({"province": "湖南省"}, {"001_d561446380a2a949"}),
        ({"city": "攀枝花市"}, {"004_e40cd2cf77471691"}),
        ({"county": "呈贡区"}, {"002_cdb5fd7bd89dc735"}),
        ({"units": ["巴彦淖尔市信访局"]}, {"000_f85205bb6ece0316"}),
        ({"years": [2023, 2024], "kind": "department"}, {"001_d561446380a2a949"}),
    ],
)
def test_reports_filters(
    sample_con: duckdb.DuckDBPyConnection, params: dict[str, Any], expected: set[str]
) -> None:
    frame = queries.run(sample_con, "reports", **params)
    assert ids(frame) == expected
    assert tuple(frame.columns) == queries.load("reports").columns


def test_reports_filter_by_unit_id(sample_con: duckdb.DuckDBPyConnection) -> None:
    everything = by_source(queries.run(sample_con, "reports"))
    unit_id = everything["003_f6253369dfa87339"]["unit_id"]
    assert ids(queries.run(sample_con, "reports", units=unit_id)) == {"003_f6253369dfa87339"}
