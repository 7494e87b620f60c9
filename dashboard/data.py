"""The dashboard's only door to the database: named queries, read-only, cached.

* The database path comes from ``$JIXIAO_DB`` (set by ``jixiao serve``), else
  ``data/jixiao.duckdb`` under the working directory. It is read on every call,
  never once at import, so tests can point each app run at its own file.
* One read-only connection per database file, held by `_Live`. An ingest never
  writes the live file: it swaps a new file in (``os.replace``). The file's
  identity (inode, mtime, size) is checked on every call; when it changed, the
  old connection is closed (DuckDB otherwise keeps serving the old file from its
  instance cache) and a new one is opened. No restart, no lock on the writer.
* Each query runs on its own cursor (one connection must not be shared by
  Streamlit's session threads) through `queries.run` only; no SQL lives here.
* Results are cached by (file identity, query name, parameter values), so a
  swapped file can never serve stale results and a filter change that was seen
  before is answered from memory. Results are shared, not copied (polars frames
  are immutable).
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import polars as pl
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx

import queries
from dashboard.state import Filters
from queries import QueryError

DB_ENV = "JIXIAO_DB"
PREWARM_ENV = "JIXIAO_PREWARM"
DEFAULT_DB = Path("data") / "jixiao.duckdb"
CACHE_ENTRIES = 256
T = TypeVar("T")
ALL_ROWS: tuple[int | None, int] = (None, 0)  # (limit, offset) of a whole chart-sized result
WHOLE: tuple[int | None, int] = (None, -1)  # every row of a listing of any length (downloads)
FIRST_PAGE: tuple[int | None, int] = (2000, 0)  # a listing's first rows (ui.MAX_TABLE_ROWS)
# DuckDB's own memory, within the dashboard's budget (its default is 80% of the machine's RAM:
# the file's blocks would stay resident once read). Larger work spills to a folder of this
# process's own (a read-only database has none beside it): a download of every finding of
# 100,000 reports needs more than this, and spills.
DUCKDB_MEMORY_LIMIT = "192MB"
SPILL_DIR = Path(tempfile.gettempdir()) / f"jixiao-duckdb-{os.getpid()}"


class QueryMissing(QueryError):
    """A page needs a named query that has not been written yet."""


class NoDatabase(QueryError):
    """There is no database file yet (nothing ingested)."""


@dataclass(frozen=True)
class DbFile:
    """A database file as it is now: its path and identity. Hashable, for cache keys."""

    path: str
    inode: int
    mtime_ns: int
    size: int


def db_path() -> Path:
    """The database the app reads (``$JIXIAO_DB`` or ``data/jixiao.duckdb``)."""
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB).resolve()


def db_file(path: Path | None = None) -> DbFile | None:
    """The current identity of the database file, or None when there is none."""
    target = path or db_path()
    try:
        info = target.stat()
    except FileNotFoundError:
        return None
    return DbFile(str(target), info.st_ino, info.st_mtime_ns, info.st_size)


class _Live:
    """The read-only connection to one path, reopened when the file is swapped."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._file: DbFile | None = None

    def cursor(self, path: str) -> duckdb.DuckDBPyConnection:
        """A new cursor on the file as it is now (reconnecting if it was swapped)."""
        with self._lock:
            file = db_file(Path(path))
            if file is None:
                raise QueryError("connect", f"数据库文件不存在：{path}")
            if self._con is None or self._file != file:
                if self._con is not None:
                    self._con.close()
                    self._con = None
                self._con = duckdb.connect(
                    path,
                    read_only=True,
                    config={"memory_limit": DUCKDB_MEMORY_LIMIT, "temp_directory": str(SPILL_DIR)},
                )
                self._file = file
            return self._con.cursor()

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
            self._con = None
            self._file = None


@st.cache_resource(show_spinner=False)
def _live(path: str) -> _Live:
    return _Live()


def _floats(frame: pl.DataFrame) -> pl.DataFrame:
    """DECIMAL columns as Float64: charts, metrics and exports want plain numbers."""
    casts = [
        pl.col(n).cast(pl.Float64) for n, t in frame.schema.items() if isinstance(t, pl.Decimal)
    ]
    return frame.with_columns(casts) if casts else frame


def _on_fresh_cursor(file: DbFile, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """`work` on a new cursor; once more on a new connection if the file was swapped under it."""
    live = _live(file.path)
    for attempt in range(2):
        cursor = live.cursor(file.path)
        try:
            return work(cursor)
        except QueryError:
            # The file may have been swapped under a running query: retry once on a fresh
            # connection, then let the error through to the page.
            if attempt or db_file(Path(file.path)) == file:
                raise
        finally:
            cursor.close()
    raise AssertionError("unreachable")


Params = tuple[tuple[str, Any], ...]


# cache_resource, not cache_data: a polars DataFrame is immutable, so every session can share
# the one result object; cache_data would pickle and unpickle it on every hit.
@st.cache_resource(show_spinner=False, max_entries=CACHE_ENTRIES)
def _run_cached(
    file: DbFile, name: str, params: Params, rows: tuple[int | None, int] = ALL_ROWS
) -> pl.DataFrame:
    values = _thaw(params)
    limit, offset = rows
    if rows == WHOLE:
        return _on_fresh_cursor(file, lambda cur: _floats(queries.run(cur, name, **values)))
    if rows == ALL_ROWS:
        return _on_fresh_cursor(file, lambda cur: _floats(queries.run_small(cur, name, **values)))
    return _on_fresh_cursor(
        file, lambda cur: _floats(queries.run_page(cur, name, limit, offset, **values))
    )


@st.cache_resource(show_spinner=False, max_entries=CACHE_ENTRIES)
def _count_cached(file: DbFile, name: str, params: Params) -> int:
    values = _thaw(params)
    return _on_fresh_cursor(file, lambda cur: queries.count(cur, name, **values))


def _thaw(params: Params) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in params}


def available(name: str) -> bool:
    """Whether the named query exists (pages show a note for the ones still to come)."""
    return name in queries.list_queries()


def run(name: str, filters: Filters | None = None, **params: Any) -> pl.DataFrame:
    """Run a named query with the shared filters and page params, cached.

    Parameters
    ----------
    name : str
        A query in ``queries/``.
    filters : Filters, optional
        Passed on as far as the query declares the filter params.
    **params
        Other params the query declares (e.g. ``report_id``).

    Returns
    -------
    polars.DataFrame
        DECIMAL columns as Float64.

    Raises
    ------
    QueryMissing
        The query does not exist (yet).
    NoDatabase
        There is no database file.
    QueryError
        Bad params or a database error; also when there is no database file.
    """
    return page(name, filters, None, 0, **params)


def page(
    name: str, filters: Filters | None, limit: int | None, offset: int = 0, **params: Any
) -> pl.DataFrame:
    """Rows ``offset`` … ``offset + limit - 1`` of `run`'s result, cached like it."""
    file, frozen = _call(name, filters, params)
    _remember((name, frozen, (limit, offset)))
    _prewarm(file)
    return _run_cached(file, name, frozen, (limit, offset))


def count(name: str, filters: Filters | None = None, **params: Any) -> int:
    """How many rows `run` returns for these filters and params (cached; rows not fetched)."""
    file, frozen = _call(name, filters, params)
    return _count_cached(file, name, frozen)


@dataclass(frozen=True)
class Listing:
    """A long result as a page shows it: its first rows, how many there are in all, and
    how to fetch them all (for a download, only when asked for)."""

    head: pl.DataFrame
    total: int
    fetch_all: Callable[[], pl.DataFrame]

    @classmethod
    def whole(cls, frame: pl.DataFrame) -> Listing:
        """A result already fetched whole: every row shown, the same rows downloaded."""
        return cls(frame, frame.height, lambda: frame)

    def map(self, change: Callable[[pl.DataFrame], pl.DataFrame]) -> Listing:
        """The same listing with `change` applied to its rows (shown and downloaded)."""
        fetch_all = self.fetch_all
        return Listing(change(self.head), self.total, lambda: change(fetch_all()))


def listing(name: str, filters: Filters | None = None, *, rows: int, **params: Any) -> Listing:
    """The first `rows` rows of a named query, its row count and a loader of every row.

    At 100,000 reports a listing has 100,000 rows: sending them all to Python and to
    the browser on every render is what made pages slow and the process big.
    """
    head = page(name, filters, rows, 0, **params)
    total = head.height if head.height < rows else count(name, filters, **params)
    return Listing(head, total, lambda: whole(name, filters, **params))


def whole(name: str, filters: Filters | None = None, **params: Any) -> pl.DataFrame:
    """Every row of a named query however many there are (a download), cached like `run`;
    `run` is for results of a chart's or a page's size."""
    file, frozen = _call(name, filters, params)
    return _run_cached(file, name, frozen, WHOLE)


def _call(name: str, filters: Filters | None, params: dict[str, Any]) -> tuple[DbFile, Params]:
    """The database file and the frozen params of one call (one cache key however a page
    calls it: every declared param is present)."""
    if not available(name):
        raise QueryMissing(name, "该查询尚未提供")
    declared = {p.name for p in queries.load(name).params}
    values: dict[str, Any] = dict.fromkeys(declared)
    if filters is not None:
        values.update({k: v for k, v in filters.query_params().items() if k in declared})
    values.update(params)
    file = db_file()
    if file is None:
        raise NoDatabase(name, f"数据库文件不存在：{db_path()}")
    return file, _freeze(values)


# --- Prewarming -----------------------------------------------------------------------------
# A page's first render must not wait for every query of a 100,000-report database. When
# `jixiao serve` sets $JIXIAO_PREWARM, the first request that sees a database file (the
# server's first, or the first after an ingest swapped the file) starts one background
# thread that runs the queries of the default views, then the calls users made recently,
# into the cache. Pages never wait for it: a query it has not reached yet runs as usual.

DEFAULT_CALLS: tuple[tuple[str, dict[str, Any], tuple[int | None, int]], ...] = (
    ("filter_options", {}, ALL_ROWS),
    ("coverage", {"top_units": 40}, ALL_ROWS),
    ("coverage", {"per_unit": True}, FIRST_PAGE),
    ("kpi_summary", {}, ALL_ROWS),
    ("grade_counts", {}, ALL_ROWS),
    ("score_vs_execution", {"above_ceiling": True}, ALL_ROWS),
    ("score_execution_density", {}, ALL_ROWS),
    ("execution_by_unit_year", {"lowest_rates": 15, "largest_drops": 15}, ALL_ROWS),
    ("execution_rates", {"lowest_rates": 30}, ALL_ROWS),
    ("execution_by_region_year", {"max_regions": 8}, ALL_ROWS),
    ("execution_rates", {"widest_gaps": 2000}, ALL_ROWS),
    ("execution_by_unit_year", {}, FIRST_PAGE),
    ("execution_rates", {}, FIRST_PAGE),
    ("score_distribution", {}, ALL_ROWS),
    ("score_quantiles", {}, ALL_ROWS),
    ("cost_per_indicator", {}, FIRST_PAGE),
    ("cost_per_indicator", {"top_series": 8}, ALL_ROWS),
    ("cost_indicator_trend", {}, FIRST_PAGE),
    ("cost_indicator_trend", {"top_series": 8, "top_measures": 4}, ALL_ROWS),
    ("indicator_achievement", {}, FIRST_PAGE),
    ("indicator_beat_by_category", {}, ALL_ROWS),
    ("indicator_rollup", {"levels": ["level2"]}, ALL_ROWS),
    ("weight_share_by_level1", {}, ALL_ROWS),
    ("indicator_extremes", {"top": 10}, ALL_ROWS),
)
RECENT_CALLS = 48
Call = tuple[str, Params, tuple[int | None, int]]  # name, params, (limit, offset)
_recent: dict[Call, None] = {}
_warmed: set[DbFile] = set()
_warm_lock = threading.Lock()


def _remember(call: Call) -> None:
    with _warm_lock:
        _recent.pop(call, None)
        _recent[call] = None
        while len(_recent) > RECENT_CALLS:
            _recent.pop(next(iter(_recent)))


def _prewarm(file: DbFile) -> None:
    if not os.environ.get(PREWARM_ENV):
        return
    with _warm_lock:
        if file in _warmed:
            return
        _warmed.add(file)
        calls = [
            (name, _freeze(_with_filter_defaults(name, params)), rows)
            for name, params, rows in DEFAULT_CALLS
            if available(name)
        ]
        calls += [c for c in reversed(list(_recent)) if c not in calls]
    thread = threading.Thread(target=_warm, args=(file, calls), name="jixiao-prewarm", daemon=True)
    add_script_run_ctx(thread)
    thread.start()


def _with_filter_defaults(name: str, params: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = dict.fromkeys(p.name for p in queries.load(name).params)
    values.update(params)
    return values


def _warm(file: DbFile, calls: list[Call]) -> None:
    for name, frozen, rows in calls:
        if db_file(Path(file.path)) != file:
            return  # swapped again: the next request warms the new file
        try:
            _run_cached(file, name, frozen, rows)
        except QueryError:
            continue


def _freeze(values: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    def one(v: Any) -> Any:
        if isinstance(v, list | tuple | set | frozenset):
            return tuple(v)
        return float(v) if isinstance(v, Decimal) else v

    return tuple(sorted((k, one(v)) for k, v in values.items()))
