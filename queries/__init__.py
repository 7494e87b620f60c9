"""Named SQL queries: one `.sql` file per query, documented by its header.

A query file starts with a header of comment lines::

    -- name: reports                       (must match the file stem)
    -- doc: One line saying what it answers.
    -- grain: one row per report
    -- params: $years INTEGER[] NULL, $kind VARCHAR NULL
    -- columns: unit_name, fiscal_year, budget_final_wan (万元), ...

A header line that does not start a new key (``--   more text``) continues
the previous one. The body is one statement; every value in it is a bound
``$param`` declared in the header, and every declared param is used.

Parameter convention (shared by every query):

* ``NULL`` after the type marks an optional param; a missing optional param
  is bound as NULL, and NULL means "do not filter".
* List params (``INTEGER[]``, ``VARCHAR[]``) take a list; a single value is
  wrapped into a one-element list and an empty list counts as NULL (an empty
  multiselect means "all"). On the command line a list is comma-separated.
* The report filters every query shares are ``$years INTEGER[]``,
  ``$units VARCHAR[]`` (unit ids or canonical names), ``$province``,
  ``$city``, ``$county``, ``$kind`` and ``$grade`` (all ``VARCHAR``), passed
  on in that order to the ``filtered_reports(...)`` table macro of
  ``facts/report_facts.sql``, which holds their one definition.
* Unknown params, a missing required param and a value of the wrong type
  raise `QueryError`; so does a database error while running the query.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from queries.sqltext import split_top_level, strip_comments, unordered

if TYPE_CHECKING:  # results are polars frames (`.pl()` imports it): an ingest never pays it
    import polars as pl

QUERY_DIR = Path(__file__).parent
SCHEMA_NAME = "schema"
FACTS_DIR = QUERY_DIR / "facts"
# Derived tables, in the order they are built (filtered_reports reads report_facts; execution_facts
# reads report_facts and scope_facts; audit_facts reads every table before it; the others read
# filtered_reports, indicator_facts and, for indicator_category_year_facts,
# indicator_category_facts, which indicator_level_year_facts sums over units; unit_cost_facts
# reads report_cost_facts, cost_series_facts
# cost_indicator_facts and indicator_beat_facts indicator_achievement_facts).
FACT_TABLES = (
    "report_facts",
    "source_file_facts",
    "scope_facts",
    "execution_facts",
    "unit_execution_facts",
    "region_execution_facts",
    "unit_coverage_facts",
    "indicator_facts",
    "audit_facts",
    "audit_count_facts",
    "indicator_category_facts",
    "indicator_category_year_facts",
    "indicator_level_year_facts",
    "indicator_extreme_facts",
    "report_cost_facts",
    "cost_indicator_facts",
    "unit_cost_facts",
    "cost_series_facts",
    "cost_series_kind_facts",
    "indicator_achievement_facts",
    "indicator_beat_facts",
)
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_HEADER_KEY_RE = re.compile(r"^--\s*(name|doc|grain|params|columns):\s?(.*)$")
_PARAM_RE = re.compile(
    r"^\$([a-z][a-z0-9_]*)\s+([A-Za-z]+(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])?)(\s+NULL)?$"
)
_BODY_PARAM_RE = re.compile(r"\$([a-z][a-z0-9_]*)")
_INT_TYPES = {"INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER"}
_FLOAT_TYPES = {"DOUBLE", "FLOAT", "REAL", "DECIMAL", "NUMERIC"}


class QueryError(Exception):
    """A named query could not be loaded or run. `name` is the query's name."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        self.message = message
        super().__init__(f"query '{name}': {message}")


@dataclass(frozen=True)
class Param:
    """One declared ``$param``: its name, DuckDB type and whether it may be NULL."""

    name: str
    type: str
    nullable: bool

    @property
    def is_list(self) -> bool:
        return self.type.endswith("[]")

    @property
    def base_type(self) -> str:
        return self.type.removesuffix("[]").split("(")[0].upper()

    def coerce(self, value: Any, query: str) -> Any:
        """The value as it will be bound; raises `QueryError` when it does not fit."""
        if isinstance(value, (list, tuple, set, frozenset)) and not self.is_list:
            raise QueryError(query, f"${self.name} takes one {self.type} value, not a list")
        if self.is_list and value is not None:
            items = sorted(value) if isinstance(value, (set, frozenset)) else value
            items = list(items) if isinstance(items, (list, tuple)) else [items]
            value = [self._coerce_one(v, query) for v in items] or None
        elif value is not None:
            value = self._coerce_one(value, query)
        if value is None and not self.nullable:
            raise QueryError(query, f"${self.name} ({self.type}) is required")
        return value

    def parse_text(self, text: str, query: str) -> Any:
        """A value from the command line (``k=v``): lists are comma-separated."""
        if self.is_list:
            return self.coerce([t.strip() for t in text.split(",") if t.strip()], query)
        return self.coerce(text, query)

    def _coerce_one(self, value: Any, query: str) -> Any:
        base = self.base_type
        try:
            if base in _INT_TYPES:
                if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                    raise ValueError(value)
                return int(value)
            if base in _FLOAT_TYPES:
                return float(value)
            if base == "BOOLEAN":
                if isinstance(value, str):
                    return {"true": True, "1": True, "false": False, "0": False}[value.lower()]
                return bool(value)
        except (ValueError, TypeError, KeyError) as exc:
            raise QueryError(query, f"${self.name} expects {self.type}, got {value!r}") from exc
        return value if not isinstance(value, str) or base != "VARCHAR" else value.strip()


@dataclass(frozen=True)
class Query:
    """A parsed query file."""

    name: str
    doc: str
    grain: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    sql: str
    path: Path

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(self.name, f"unknown parameter '{name}' (known: {known})")

    def bind(self, values: dict[str, Any]) -> dict[str, Any]:
        """All declared params, coerced; unknown names raise `QueryError`."""
        for key in values:
            self.param(key)
        return {p.name: p.coerce(values.get(p.name), self.name) for p in self.params}


def _parse_header(text: str) -> tuple[dict[str, str], str]:
    header: dict[str, str] = {}
    key: str | None = None
    lines = text.splitlines()
    body_start = len(lines)
    for i, line in enumerate(lines):
        if not line.startswith("--"):
            body_start = i
            break
        match = _HEADER_KEY_RE.match(line)
        if match:
            key = match.group(1)
            header[key] = match.group(2).strip()
        elif key is not None and line.strip() != "--" and line.startswith("--  "):
            header[key] = (header[key] + " " + line[2:].strip()).strip()
        else:
            key = None
    return header, "\n".join(lines[body_start:]).strip()


def load(name: str) -> Query:
    """Load and check the query ``queries/<name>.sql``.

    Parameters
    ----------
    name : str
        The file stem, e.g. ``"reports"``.

    Returns
    -------
    Query
        Its header fields and SQL body.

    Raises
    ------
    QueryError
        The name is unknown, the header is incomplete, or declared and used
        params differ.
    """
    if not _NAME_RE.match(name) or name == SCHEMA_NAME:
        raise QueryError(name, "not a query name")
    path = QUERY_DIR / f"{name}.sql"
    if not path.is_file():
        raise QueryError(name, f"no such query (known: {', '.join(list_queries())})")
    header, sql = _parse_header(path.read_text(encoding="utf-8"))
    missing = [k for k in ("name", "doc", "grain", "params", "columns") if k not in header]
    if missing:
        raise QueryError(name, f"header lacks {', '.join('-- ' + k + ':' for k in missing)}")
    if header["name"] != name:
        raise QueryError(name, f"header says name '{header['name']}', file is '{name}.sql'")
    params = []
    for item in split_top_level(header["params"]):
        match = _PARAM_RE.match(item)
        if not match:
            raise QueryError(name, f"bad param declaration '{item}' (want: $name TYPE [NULL])")
        params.append(Param(match.group(1), match.group(2).upper(), bool(match.group(3))))
    declared = {p.name for p in params}
    used = set(_BODY_PARAM_RE.findall(strip_comments(sql)))
    if used != declared:
        raise QueryError(
            name,
            f"params used {sorted(used)} differ from declared {sorted(declared)}",
        )
    columns = tuple(item.split()[0] for item in split_top_level(header["columns"]))
    return Query(name, header["doc"], header["grain"], tuple(params), columns, sql, path)


def list_queries() -> list[str]:
    """Names of every named query (every ``.sql`` file but the schema), sorted."""
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql") if p.stem != SCHEMA_NAME)


def schema_sql() -> str:
    """The DDL of ``schema.sql``, to be applied as a whole."""
    return (QUERY_DIR / f"{SCHEMA_NAME}.sql").read_text(encoding="utf-8")


def facts_sql() -> list[tuple[str, str]]:
    """``(table, statement)`` for each derived table of ``facts/``, in build order."""
    return [
        (table, (FACTS_DIR / f"{table}.sql").read_text(encoding="utf-8")) for table in FACT_TABLES
    ]


def run(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pl.DataFrame:
    """Run a named query with bound parameters.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        An open connection (read-only is enough). Take ``con.cursor()`` per
        thread: one connection must not be shared across threads.
    name : str
        The query's name.
    **params
        Values for the declared ``$params``; see the module docstring.

    Returns
    -------
    polars.DataFrame
        The result, columns in the order of the query.

    Raises
    ------
    QueryError
        Unknown or ill-typed params, or a database error.
    """
    query = load(name)
    return _fetch(con, name, query.sql, query.bind(params), small=False)


def run_small(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pl.DataFrame:
    """`run` for a result of at most some thousands of rows (a chart's, a page's): about a
    third faster, the rows held twice while they are handed over."""
    query = load(name)
    return _fetch(con, name, query.sql, query.bind(params), small=True)


def run_page(
    con: duckdb.DuckDBPyConnection,
    name: str,
    limit: int | None,
    offset: int = 0,
    **params: Any,
) -> pl.DataFrame:
    """Rows ``offset`` … ``offset + limit - 1`` of `run`'s result, in its order: a page of
    a long listing, the rest never sent to Python (``limit=None``: to the end)."""
    query = load(name)
    bound = query.bind(params)
    # Every body is one statement ending in its own ORDER BY: a page of it is that statement
    # with LIMIT/OFFSET added (checked ints, so formatting them in is safe).
    sql = f"{query.sql}\nlimit {_row_count(limit, name)} offset {_row_count(offset, name)}"
    small = limit is not None and limit <= SMALL_RESULT_ROWS
    return _fetch(con, name, sql, bound, small=small)


# A relation (`con.sql(...).pl()`) streams its rows into polars, but DuckDB binds and plans the
# statement twice: once to make the relation, once to run it. For the dashboard's small results
# that second planning was a third of the time (4-8 ms a call at 100,000 reports). `execute`
# plans once and holds the whole result before handing it over: the rows twice in memory for a
# moment, which only a large result would notice.
SMALL_RESULT_ROWS = 20_000
# DuckDB warns about that copy on every small fetch; it is the price chosen above.
warnings.filterwarnings(
    "ignore", message="Arrow output on a DB-API result makes an extra copy", category=UserWarning
)


def _fetch(
    con: duckdb.DuckDBPyConnection, name: str, sql: str, bound: dict[str, Any], *, small: bool
) -> pl.DataFrame:
    try:
        return fetch_frame(con, sql, bound, small=small)
    except duckdb.Error as exc:
        raise _database_error(name, exc) from exc


def fetch_frame(
    con: duckdb.DuckDBPyConnection, sql: str, bound: dict[str, Any], *, small: bool
) -> pl.DataFrame:
    """The result of `sql` as a polars frame: planned once and copied when `small`, else
    streamed (see SMALL_RESULT_ROWS). Database errors pass through."""
    if small:
        import polars as pl  # here: an ingest imports this module, never polars

        small_frame = pl.from_arrow(con.execute(sql, bound).to_arrow_table())
        assert isinstance(small_frame, pl.DataFrame)  # a table, never a lone column
        return small_frame
    frame: pl.DataFrame = con.sql(sql, params=bound).pl()
    return frame


def count(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> int:
    """How many rows `run` would return for these params (without fetching them)."""
    query = load(name)
    bound = query.bind(params)
    try:
        # Counted without the body's final ORDER BY: DuckDB would sort every row, every column
        # of it, only to count them.
        sql = f"select count(*) from (\n{unordered(query.sql)}\n)"
        rows = con.execute(sql, bound).fetchall()
    except duckdb.Error as exc:
        raise _database_error(name, exc) from exc
    return int(rows[0][0])


def _row_count(value: int | None, name: str) -> str:
    if value is None:
        return "all"
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise QueryError(name, f"limit and offset take a whole number ≥ 0, got {value!r}")
    return str(value)


def _database_error(name: str, exc: duckdb.Error) -> QueryError:
    first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return QueryError(name, first_line)


def parse_cli_params(query: Query, pairs: Iterable[str]) -> dict[str, Any]:
    """``["years=2023,2024", "kind=project"]`` → coerced values for `run`."""
    values: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep:
            raise QueryError(query.name, f"parameter '{pair}' is not of the form k=v")
        values[key.strip()] = query.param(key.strip()).parse_text(text, query.name)
    return values
