"""The database file: updated as a copy, swapped in atomically.

DuckDB locks a file per process: while a dashboard holds the live database
open read-only, no other process can open it read-write. So an update never
writes the live file. It copies it to ``<db>.tmp-<pid>``, writes the copy,
checkpoints, closes and syncs it (DuckDB itself does not sync the copy: see
`_connect_writer`), and `os.replace`s it over the live file. Readers
keep the old data until they reconnect; a crash or SIGKILL mid-update leaves
the old database intact (and a stale temporary file, removed by the next
update). Updates are serialized by an exclusive lock on ``<db>.tmp.lock``.

A database whose tables were made by another version of ``queries/schema.sql``
is not migrated (views and macros are simply replaced): the update starts
from an empty database and hands back the paths that were recorded in the old
one, for the caller to ingest again.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from queries import schema_sql

DEFAULT_DB = Path("data") / "jixiao.duckdb"
SCHEMA_KEY = "schema_hash"
WRITER_MEMORY = "1GB"
WRITER_CHECKPOINT = "64MB"


def schema_hash() -> str:
    """A hash of the schema's tables (comments and spacing ignored).

    Views and macros are ``create or replace``d on every update, so changing
    them needs no rebuild; a changed table does.
    """
    text = re.sub(r"--[^\n]*", "", schema_sql())
    tables = re.findall(r"create\s+table\b[^;]*;", text, flags=re.IGNORECASE)
    canonical = " ".join(re.sub(r"\s+", " ", t).strip() for t in tables)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table, view and macro that is missing (idempotent)."""
    con.execute(schema_sql())
    con.execute(
        "insert or replace into jixiao_meta values ($key, $value)",
        {"key": SCHEMA_KEY, "value": schema_hash()},
    )


def _stored_schema(con: duckdb.DuckDBPyConnection) -> str | None:
    tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    if not tables:
        return None
    if "jixiao_meta" not in tables:
        return "unknown"
    rows = con.execute("select value from jixiao_meta where key = $k", {"k": SCHEMA_KEY}).fetchall()
    return str(rows[0][0]) if rows else "unknown"


def _recorded_paths(con: duckdb.DuckDBPyConnection) -> list[str]:
    try:
        return [str(r[0]) for r in con.execute("select path from source_files").fetchall()]
    except duckdb.Error:
        return []


@dataclass
class Update:
    """An open update: write through `con`; `requeue` lists the source paths
    of a database that was rebuilt because its schema changed."""

    con: duckdb.DuckDBPyConnection
    db_path: Path
    temp_path: Path
    requeue: list[str] = field(default_factory=list)


def temp_path_of(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.tmp-{os.getpid()}")


def lock_path_of(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.tmp.lock")


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


@contextlib.contextmanager
def _exclusive_lock(lock_path: Path) -> Iterator[None]:
    with lock_path.open("a") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _remove_stale_temps(db_path: Path) -> None:
    """Left by an update that was killed; safe to remove under the lock."""
    for stale in db_path.parent.glob(f"{db_path.name}.tmp-*"):
        _remove(stale)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def updating(db_path: Path) -> Iterator[Update]:
    """Open a writable copy of `db_path`; on a clean exit swap it in.

    Parameters
    ----------
    db_path : Path
        The live database (created when missing, with its folder).

    Yields
    ------
    Update
        The connection to the copy, with the schema applied.

    On an exception the copy is discarded and the live file is untouched.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(lock_path_of(db_path)):
        _remove_stale_temps(db_path)
        temp = temp_path_of(db_path)
        con: duckdb.DuckDBPyConnection | None = None
        try:
            if db_path.exists():
                shutil.copyfile(db_path, temp)
                if wal_of(db_path).exists():
                    shutil.copyfile(wal_of(db_path), wal_of(temp))
            con = _connect_writer(temp)
            requeue: list[str] = []
            stored = _stored_schema(con)
            if stored is not None and stored != schema_hash():
                requeue = _recorded_paths(con)
                con.close()
                _remove(temp)
                _remove(wal_of(temp))
                con = _connect_writer(temp)
            apply_schema(con)
            yield Update(con, db_path, temp, requeue)
            con.execute("checkpoint")
            con.close()
            con = None
            _fsync(temp)
            temp.replace(db_path)
            _remove(wal_of(db_path))
            _fsync(db_path.parent)
        finally:
            if con is not None:
                con.close()
            _remove(temp)
            _remove(wal_of(temp))


def _connect_writer(path: Path) -> duckdb.DuckDBPyConnection:
    """The ingest's connection to its copy: DuckDB's own memory capped at `WRITER_MEMORY`
    (its default, 80% of RAM, let the derived tables of 100k reports take 1.7 GB), larger
    work spilling to a temporary folder beside the file.

    The copy needs no log or sync for safety: a crash discards it, and `updating` syncs it
    to disk itself, once, before swapping it in. So its log is checkpointed into the file
    every `WRITER_CHECKPOINT` of changes rather than DuckDB's 16 MB (each checkpoint rewrites
    the tables' key indexes whole: 2,000 new reports are checkpointed once, at the end,
    instead of twice), and DuckDB does not sync the file at every commit (``fsync_mode``
    NONE): a batch's commit, the derived tables and the checkpoint each waited for the disk,
    ~0.4 s of a 2,000-report ingest. No progress bar of DuckDB's own: the ingest draws its
    own, and a long rebuild must not write bars into logs."""
    con = duckdb.connect(
        str(path),
        config={
            "memory_limit": WRITER_MEMORY,
            "checkpoint_threshold": WRITER_CHECKPOINT,
            "fsync_mode": "NONE",
        },
    )
    con.execute("set enable_progress_bar = false")
    return con


def connect_read_only(db_path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the live database (many may be open at once)."""
    return duckdb.connect(str(db_path), read_only=True)
