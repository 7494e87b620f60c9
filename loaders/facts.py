"""Derived tables (``queries/facts/``), rebuilt from the stored rows after every ingest.

The dashboard's queries read these instead of recomputing, on every call, what
depends only on the stored rows: each scope's sums and ceilings
(`scope_facts`), each indicator's derived columns (`indicator_facts`) and
every audit finding (`audit_facts`). At 100,000 reports that is the
difference between seconds and milliseconds per query.

They are rebuilt whole, inside the ingest's own copy of the database, so the
swapped-in file always holds facts that match its rows (the audit looks across
a unit's years, so one changed report can change another's findings). The hash
of their SQL (and of the schema's views they read) is kept in ``jixiao_meta``:
a database built by an older version gets them rebuilt by the next ingest, or
by `ensure_current`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import duckdb

from loaders.dbfile import updating
from queries import FACT_TABLES, facts_sql, schema_sql

FACTS_KEY = "facts_hash"


def facts_hash() -> str:
    """A hash of everything the derived tables are computed by."""
    text = schema_sql() + "".join(sql for _, sql in facts_sql())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every derived table from the stored rows (call after writing them)."""
    for _table, sql in facts_sql():
        con.execute(sql)
    con.execute(
        "insert or replace into jixiao_meta values ($key, $value)",
        {"key": FACTS_KEY, "value": facts_hash()},
    )


def settle(
    con: duckdb.DuckDBPyConnection,
    *,
    rows_changed: bool,
    announce: Callable[[], None] | None = None,
) -> None:
    """End of an ingest: rebuild the derived tables when rows changed or they are stale,
    calling `announce` first (the rebuild is most of a small ingest into a large database)."""
    if rows_changed or not is_current(con):
        if announce is not None:
            announce()
        refresh(con)


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the derived tables exist and were built by the SQL of this version."""
    tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    if not {"jixiao_meta", *FACT_TABLES} <= tables:
        return False
    rows = con.execute("select value from jixiao_meta where key = $key", {"key": FACTS_KEY})
    stored = rows.fetchall()
    return bool(stored) and stored[0][0] == facts_hash()


def ensure_current(db_path: Path) -> bool:
    """Rebuild the derived tables of `db_path` when they are missing or stale.

    Returns whether they were rebuilt. The file is swapped atomically, like an
    ingest's.
    """
    with duckdb.connect(str(db_path), read_only=True) as con:
        if is_current(con):
            return False
    with updating(db_path) as update:
        refresh(update.con)
    return True
