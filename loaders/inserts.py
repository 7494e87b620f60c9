"""Rows into DuckDB tables, as `loaders.rows.encode` encodes them: JSON that DuckDB parses.

Every row a store writes goes through `insert_encoded`: the rows of one table
of many files in one statement, each file's rows one JSON string (an object
of one array per column), parsed by DuckDB straight into the table's column
types. Handing DuckDB the values as Python lists took ~1.7x as long, on top
of unpickling them one by one in the writer's process (what crosses from a
worker is one string a table); an Arrow table imports pandas on first use.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb

from loaders.rows import Encoded, encode

Gathered = dict[str, tuple[tuple[str, ...], tuple[str, ...], list[str]]]
"""A batch's rows by table: the table's per-row and shared columns and one JSON doc per file."""


def insert_encoded(
    con: duckdb.DuckDBPyConnection,
    table: str,
    each: tuple[str, ...],
    shared: tuple[str, ...],
    docs: list[str],
    *,
    replace: bool = False,
) -> None:
    """Insert rows encoded by `loaders.rows.encode` (each doc: one JSON object holding an
    array per column in `each` and one value per column in `shared`) by column name;
    `replace`: ``insert or replace``.

    DuckDB parses the JSON itself, into the table's own column types
    (`from_json_strict`: a value that does not fit its column fails the insert,
    never becomes NULL); DECIMAL columns come as decimal text, cast exactly as a
    Decimal would be. Table and column names are ours, never input.
    """
    if not docs:
        return
    structure = _structure(con, table, each, shared)
    select = ", ".join(
        [f'c."{name}" as "{name}"' for name in shared]
        + [f'unnest(c."{name}") as "{name}"' for name in each]
    )
    verb = "insert or replace" if replace else "insert"
    con.execute(
        f"{verb} into {table} by name select {select} from "
        f"(select from_json_strict(doc, '{structure}') as c from unnest($docs) as d(doc))",
        {"docs": docs},
    )


_COLUMN_TYPES: dict[str, dict[str, str]] = {}  # table -> column -> DuckDB type (schema.sql's)
_STRUCTURES: dict[tuple[str, tuple[str, ...], tuple[str, ...]], str] = {}


def _structure(
    con: duckdb.DuckDBPyConnection, table: str, each: tuple[str, ...], shared: tuple[str, ...]
) -> str:
    """The `from_json` structure of a doc of `table`: a JSON array of its type for each
    column in `each`, its type for each column in `shared`."""
    known = _STRUCTURES.get((table, each, shared))
    if known is not None:
        return known
    types = _COLUMN_TYPES.get(table)
    if types is None:
        rows = con.execute(
            "select column_name, data_type from duckdb_columns() "
            "where database_name = current_database() and schema_name = 'main' "
            "and table_name = $table",
            {"table": table},
        ).fetchall()
        types = _COLUMN_TYPES[table] = {str(name): str(kind) for name, kind in rows}

    def json_type(kind: str) -> str | list[Any]:
        return [json_type(kind[:-2])] if kind.endswith("[]") else kind

    shape: dict[str, Any] = {name: json_type(types[name]) for name in shared}
    shape.update((name, [json_type(types[name])]) for name in each)
    structure = _STRUCTURES[table, each, shared] = json.dumps(shape)
    return structure


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]], *, replace: bool = False
) -> None:
    """Insert rows (dicts that all have the same keys) by column name."""
    if rows:
        each, shared, doc = encode(rows)
        insert_encoded(con, table, each, shared, [doc], replace=replace)


def gather(into: Gathered, table: str, encoded: Encoded) -> None:
    """Add one file's rows of `table` to a batch's (every file's have the same columns)."""
    each, shared, doc = encoded
    gathered = into.setdefault(table, (each, shared, []))
    assert gathered[:2] == (each, shared), f"{table}: columns differ between files"
    gathered[2].append(doc)
