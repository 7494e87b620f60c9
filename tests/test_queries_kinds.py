"""Rows stored per kind against rows computed for the same reports.

With no filter but the years and the kind, the indicator and cost queries read rows stored at
ingest per kind (sums added up over kinds, or cost series and extremes kept per kind); with any
other filter they compute from the selected reports. On a synthetic store where every year holds
both kinds, choosing every unit as well selects the same reports through the computing path: the
two must agree, row for row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb
import pytest
from synthetic_store import build

import queries
from loaders.dbfile import connect_read_only

# query → the calls the dashboard makes of it (besides the plain one)
CALLS: dict[str, list[dict[str, Any]]] = {
    "indicator_rollup": [{"levels": ["level2"]}],
    "weight_share_by_level1": [],
    "indicator_beat_by_category": [{"missed": True}],
    "indicator_achievement": [{"level1_std": "产出指标"}],
    "indicator_extremes": [{"top": 1}, {"top": 3}],
    "cost_indicator_trend": [{"top_series": 2, "top_measures": 1}],
    "cost_per_indicator": [{"top_series": 2}],
}


@pytest.fixture(scope="module")
def kinds_con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    db = build(tmp_path_factory.mktemp("kinds") / "jixiao.duckdb", 3000)
    with connect_read_only(db) as con:
        yield con


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_kinds_stored_rows_are_its_computed_rows(
    kinds_con: duckdb.DuckDBPyConnection, name: str
) -> None:
    every_unit = sorted(set(queries.run(kinds_con, "reports")["unit_id"]))
    for kind in ("project", "department"):
        for years in (None, [2022]):
            for extra in ({}, *CALLS[name]):
                params = {"kind": kind, "years": years, **extra}
                stored = queries.run(kinds_con, name, **params)
                computed = queries.run(kinds_con, name, units=every_unit, **params)
                assert stored.height > 0, params
                assert stored.equals(computed), params


def test_every_year_of_the_store_holds_both_kinds(kinds_con: duckdb.DuckDBPyConnection) -> None:
    # what makes the test above bite: a year's top or mean is not its kinds' top or mean
    kinds = kinds_con.execute(
        "select fiscal_year, count(distinct kind) from reports group by all"
    ).fetchall()
    assert len(kinds) >= 5
    assert all(n == 2 for _, n in kinds)
