"""Pages of a named query (`queries.run_page`) and its row count
(`queries.count`): what a dashboard listing shows of a long result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

import queries
from queries import QueryError
from queries.sqltext import unordered


def _params(con: duckdb.DuckDBPyConnection, name: str) -> dict[str, Any]:
    if any(p.name == "report_id" for p in queries.load(name).params):
        rows = con.execute("select report_id from reports order by report_id limit 1").fetchall()
        return {"report_id": rows[0][0]}
    return {}


@pytest.mark.parametrize("name", queries.list_queries())
def test_a_page_is_that_slice_of_the_whole_result(
    sample_con: duckdb.DuckDBPyConnection, name: str
) -> None:
    params = _params(sample_con, name)
    whole = queries.run(sample_con, name, **params)
    assert queries.count(sample_con, name, **params) == whole.height
    page = queries.run_page(sample_con, name, 2, 1, **params)
    assert page.columns == whole.columns
    assert page.height == max(0, min(2, whole.height - 1))
    # Ties in a query's order may come back either way: compare the rows as sets.
    assert sorted(map(str, page.rows())) == sorted(map(str, whole.slice(1, 2).rows()))


@pytest.mark.parametrize("name", queries.list_queries())
def test_a_small_result_is_the_same_frame_either_way(
    sample_con: duckdb.DuckDBPyConnection, name: str
) -> None:
    # run_small plans once and copies the rows; run streams them: same columns, types, rows.
    params = _params(sample_con, name)
    streamed = queries.run(sample_con, name, **params)
    small = queries.run_small(sample_con, name, **params)
    assert small.schema == streamed.schema
    assert small.equals(streamed)


def test_a_database_error_names_the_query_either_way() -> None:
    empty = duckdb.connect()  # no tables: the database refuses, not the params check
    for run in (queries.run, queries.run_small):
        with pytest.raises(QueryError, match="kpi_summary"):
            run(empty, "kpi_summary")


def test_the_listing_pages_follow_its_order(sample_con: duckdb.DuckDBPyConnection) -> None:
    whole = queries.run(sample_con, "reports")
    assert whole.height == 5
    assert queries.run_page(sample_con, "reports", 2).equals(whole.head(2))
    assert queries.run_page(sample_con, "reports", None, 3).equals(whole.tail(2))
    assert queries.run_page(sample_con, "reports", 0).height == 0
    assert queries.count(sample_con, "reports", years=[2023]) == 1


@pytest.mark.parametrize("bad", [-1, 1.5, "10; drop table reports", True])
def test_a_bad_limit_is_refused(sample_con: duckdb.DuckDBPyConnection, bad: object) -> None:
    with pytest.raises(QueryError, match="limit and offset"):
        queries.run_page(sample_con, "reports", bad)  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="limit and offset"):
        queries.run_page(sample_con, "reports", 1, bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sql", "counted"),
    [
        ("select * from t\norder by a, b", "select * from t"),
        (
            "select list(x order by y) as l from t order by l",
            "select list(x order by y) as l from t",
        ),
        (
            "select 'order by' as s from t -- order by s\norder by s",
            "select 'order by' as s from t",
        ),
        ("select a from t order by a limit 5", "select a from t order by a limit 5"),
        (
            "select row_number() over (order by a) from t",
            "select row_number() over (order by a) from t",
        ),
        ("select border by_x from t", "select border by_x from t"),
    ],
)
def test_a_count_leaves_out_only_the_final_order(sql: str, counted: str) -> None:
    # Sorting every row of every column only to count them cost more than the count itself.
    assert unordered(sql) == counted


@pytest.mark.parametrize(
    ("body", "rows"),
    [
        ("select x from range(5) as t(x)\norder by\n    x desc,\n    x nulls first", 5),
        ("select x from range(5) as t(x)\norder by x\nlimit 2", 2),  # the limit stays
        ("select x from range(5) as t(x)\norder by x\nlimit 3 offset 1", 3),
        ("select x from (select x from range(5) as t(x) order by x limit 4)", 4),
        ("select x from range(5) as t(x)\norder by case when x > 2 then 0 else 1 end", 5),
    ],
)
def test_a_count_skips_only_a_final_sort_that_cannot_change_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, rows: int
) -> None:
    monkeypatch.setattr(queries, "QUERY_DIR", tmp_path)
    header = "-- name: q\n-- doc: d\n-- grain: g\n-- params:\n-- columns: x\n"
    (tmp_path / "q.sql").write_text(header + body, encoding="utf-8")
    con = duckdb.connect()
    assert queries.run(con, "q").height == rows
    assert queries.count(con, "q") == rows
