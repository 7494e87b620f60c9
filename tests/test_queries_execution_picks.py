"""The params that make the 预算执行 and 总览 pages fetch only the rows they draw, on the five
samples built by the real ingest (and, for changes from a previous year, the samples with one
more year of 巴彦淖尔市信访局: sample 000 written as 2025, 196 of 245 万元 executed, 80%).

Each test would fail if its param were ignored: the whole result has other rows. The rows a
param picks are also checked against the whole result, so a pick is never a second definition.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

import queries
from loaders.dbfile import connect_read_only
from loaders.ingest import ingest
from queries import QueryError

REPORTS = Path(__file__).resolve().parent.parent / "data" / "reports"
BAYANNUR = "巴彦淖尔市信访局"
HONGJIANG = "怀化市洪江区信访局"
CHENGGONG = "昆明市呈贡区信访局"
QINGLONG = "青龙满族自治县信访局"


@pytest.fixture(scope="module")
def later_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("later_reports")
    for sample in REPORTS.glob("*.txt"):
        (folder / sample.name).write_bytes(sample.read_bytes())
    text = (REPORTS / "000_f85205bb6ece0316.txt").read_text(encoding="utf-8")
    for old, new in (
        (" 2024年度信访事务经费", " 2025年度信访事务经费"),
        (
            "全年执行数244.68万元、执行率为99.86%，其中：财政拨款244.68万元",
            "全年执行数196万元、执行率为80%，其中：财政拨款196万元",
        ),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (folder / "005_bayannur_2025.txt").write_text(text, encoding="utf-8")
    db = tmp_path_factory.mktemp("later_db") / "jixiao.duckdb"
    assert ingest([folder], db).count("loaded") == 6
    return db


@pytest.fixture
def later_con(later_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with connect_read_only(later_db) as con:
        yield con


def picked(frame: pl.DataFrame, *columns: str) -> list[tuple[Any, ...]]:
    return [tuple(r[c] for c in columns) for r in frame.to_dicts()]


# --- execution_rates: the bar chart's lowest rates, the scatter's widest gaps --------------


def test_lowest_rates_are_the_reports_with_a_rate_lowest_first(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    frame = queries.run(sample_con, "execution_rates", lowest_rates=10)
    # 4 reports state or give a rate (攀枝花's states neither, nor a final budget); no projects.
    assert set(frame["scope"]) == {"report"}
    assert sorted(picked(frame, "unit_canonical_name", "fiscal_year")) == sorted(
        [(QINGLONG, 2022), (CHENGGONG, 2023), (BAYANNUR, 2024), (HONGJIANG, 2024)]
    )
    assert set(frame["pick_count"]) == {4}
    assert set(frame["pick_year"]) == {None}  # all fit: no year left out
    assert queries.run(sample_con, "execution_rates").height == 15


def test_lowest_rates_keep_to_the_focus_year_when_there_are_more(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    # 4 > 2: only the latest year's (2024: 巴彦淖尔 99.86 and 洪江 100).
    frame = queries.run(sample_con, "execution_rates", lowest_rates=1)
    assert picked(frame, "unit_canonical_name", "pick_count", "pick_year") == [(BAYANNUR, 2, 2024)]
    # The focus year is the latest selected one; with fewer than asked for, nothing is left out.
    frame = queries.run(sample_con, "execution_rates", lowest_rates=1, years=[2022, 2023])
    assert picked(frame, "unit_canonical_name", "pick_count", "pick_year") == [(CHENGGONG, 1, 2023)]
    frame = queries.run(sample_con, "execution_rates", lowest_rates=2, years=[2022, 2023])
    assert picked(frame, "unit_canonical_name", "pick_year") == [
        (QINGLONG, None),
        (CHENGGONG, None),
    ]


def test_widest_gaps_are_the_scopes_furthest_from_agreeing(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    whole = queries.run(sample_con, "execution_rates")
    both = whole.filter(pl.col("rate_diff_pp").is_not_null())
    # 巴彦淖尔 (99.86 stated, 99.8694 derived) and 洪江's report and two projects (100 = 100).
    assert both.height == 4
    frame = queries.run(sample_con, "execution_rates", widest_gaps=1)
    assert picked(frame, "unit_canonical_name", "scope", "rate_diff_pp", "pick_count") == [
        (BAYANNUR, "report", pytest.approx(-0.0094), 4)
    ]
    frame = queries.run(sample_con, "execution_rates", widest_gaps=100)
    assert frame.drop("pick_count", "pick_year").equals(both.drop("pick_count", "pick_year"))


def test_lowest_rates_and_widest_gaps_are_one_at_a_time(
    sample_con: duckdb.DuckDBPyConnection,
) -> None:
    with pytest.raises(QueryError, match="one at a time"):
        queries.run(sample_con, "execution_rates", lowest_rates=3, widest_gaps=3)


# --- execution_by_unit_year: the overview's lowest rates and largest drops ------------------


def test_unit_years_lowest_rates_and_largest_drops(
    later_con: duckdb.DuckDBPyConnection,
) -> None:
    whole = queries.run(later_con, "execution_by_unit_year")
    assert whole.height == 6
    lowest = queries.run(later_con, "execution_by_unit_year", lowest_rates=1)
    assert picked(lowest, "unit_canonical_name", "fiscal_year", "execution_rate_pct") == [
        (BAYANNUR, 2025, 80.0)
    ]
    drops = queries.run(later_con, "execution_by_unit_year", largest_drops=5)
    # Only 巴彦淖尔 has a previous year: 99.8694% → 80%.
    assert picked(drops, "fiscal_year", "rate_change_pp") == [
        (2025, pytest.approx(80 - 244.68 / 245 * 100, abs=1e-4))
    ]
    both = queries.run(later_con, "execution_by_unit_year", lowest_rates=2, largest_drops=1)
    assert picked(both, "unit_canonical_name", "fiscal_year") == [
        (BAYANNUR, 2024),  # 99.87%, the second lowest rate
        (BAYANNUR, 2025),  # the lowest rate and the largest drop: listed once
    ]
    assert both.equals(whole.filter(pl.col("unit_canonical_name") == BAYANNUR))


def test_no_previous_year_no_drop(sample_con: duckdb.DuckDBPyConnection) -> None:
    assert queries.run(sample_con, "execution_by_unit_year", largest_drops=5).is_empty()


# --- execution_by_region_year: one region level ----------------------------------------------


def test_max_regions_keeps_the_finest_readable_level(
    sample_con: duckdb.DuckDBPyConnection, later_con: duckdb.DuckDBPyConnection
) -> None:
    whole = queries.run(sample_con, "execution_by_region_year")
    # Five units, each in its own province, city and county.
    eight = queries.run(sample_con, "execution_by_region_year", max_regions=8)
    assert set(eight["region_level"]) == {"county"}
    assert eight.equals(whole.filter(pl.col("region_level") == "county"))
    four = queries.run(sample_con, "execution_by_region_year", max_regions=4)
    assert set(four["region_level"]) == {"province"}  # none readable: the coarsest
    # 2024 of the later database: 2 counties (巴彦淖尔市本级, 洪江区), 2 cities, 2 provinces.
    two = queries.run(later_con, "execution_by_region_year", max_regions=2, years=[2024])
    assert set(two["region_name"]) == {"巴彦淖尔市本级", "洪江区"}
    one = queries.run(later_con, "execution_by_region_year", max_regions=1, years=[2024])
    assert set(one["region_level"]) == {"province"}


# --- coverage: the grid's top units, the list of units ---------------------------------------


def test_top_units_are_the_units_with_the_most_reports(
    later_con: duckdb.DuckDBPyConnection,
) -> None:
    whole = queries.run(later_con, "coverage")
    assert whole["unit_canonical_name"].n_unique() == 5
    top = queries.run(later_con, "coverage", top_units=2)
    # 巴彦淖尔 has 2 reports; then the ties of 1 by name: 怀化市洪江区信访局.
    assert set(top["unit_canonical_name"]) == {BAYANNUR, HONGJIANG}
    assert top.equals(whole.filter(pl.col("unit_canonical_name").is_in([BAYANNUR, HONGJIANG])))


def test_per_unit_lists_each_unit_once_most_years_first(
    later_con: duckdb.DuckDBPyConnection,
) -> None:
    grid = queries.run(later_con, "coverage")
    units = queries.run(later_con, "coverage", per_unit=True)
    assert units.height == 5
    assert set(units["fiscal_year"]) == {None}
    first = units.row(0, named=True)
    assert (first["unit_canonical_name"], first["report_count"], first["unit_year_count"]) == (
        BAYANNUR,
        2,
        2,
    )
    assert first["unit_missing_years"] == [2021, 2022, 2023]  # the span is 2021-2025
    # Each unit's row is its grid rows summed.
    sums = grid.group_by("unit_id").agg(pl.col("report_count").sum())
    assert dict(sums.iter_rows()) == dict(units.select("unit_id", "report_count").iter_rows())
    top = queries.run(later_con, "coverage", per_unit=True, top_units=1)
    assert top.equals(units.head(1))


# --- the stored rows and the rows computed for a filter are the same rows ----------------------


QUERIES = ("execution_rates", "execution_by_unit_year", "execution_by_region_year", "coverage")


@pytest.mark.parametrize("name", QUERIES)
@pytest.mark.parametrize("kind", [None, "department", "project"])
def test_a_filter_selecting_every_unit_gives_the_stored_rows(
    later_con: duckdb.DuckDBPyConnection, name: str, kind: str | None
) -> None:
    # No filter but the years and the kind: the stored rows; a unit filter: rows computed from
    # the reports.
    unit_ids = sorted(set(queries.run(later_con, "reports")["unit_id"].drop_nulls()))
    assert len(unit_ids) == 5
    years = [2023, 2024, 2025]
    stored = queries.run(later_con, name, years=years, kind=kind)
    computed = queries.run(later_con, name, years=years, kind=kind, units=unit_ids)
    assert stored.height > 0
    assert computed.equals(stored)


@pytest.mark.parametrize("name", QUERIES[:3])
@pytest.mark.parametrize("kind", ["department", "project"])
def test_a_kind_filter_keeps_the_rows_of_that_kind(
    later_con: duckdb.DuckDBPyConnection, name: str, kind: str
) -> None:
    whole = queries.run(later_con, name)
    filtered = queries.run(later_con, name, kind=kind)
    assert filtered.height > 0
    assert filtered.equals(whole.filter(pl.col("kind") == kind))


def test_a_unit_filter_gives_the_units_stored_coverage(
    later_con: duckdb.DuckDBPyConnection,
) -> None:
    years = [2023, 2024, 2025]
    whole = queries.run(later_con, "coverage", years=years)
    unit_id = whole.filter(pl.col("unit_canonical_name") == BAYANNUR)["unit_id"][0]
    one = queries.run(later_con, "coverage", years=years, units=[unit_id])
    assert one.height == 3
    assert one.equals(whole.filter(pl.col("unit_id") == unit_id))
