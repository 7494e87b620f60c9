"""Shared fixtures: real files, a real DuckDB built by the real ingest.

* `sample_db`: a database built once per test session by ingesting
  ``data/reports`` (the five bundled sample reports) with `loaders.ingest`,
  so every test that reads it also exercises the write path. Treat it as
  read-only; build your own with `ingest_into` to change anything.
* `sample_con`: a read-only connection to it, closed after the test.
* `db_path`: a fresh database path in the test's tmp folder (not created).
* `ingest_into`: ``ingest_into(db, *paths)`` → `Summary`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from loaders.dbfile import connect_read_only
from loaders.ingest import Summary, ingest

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_REPORTS = REPO_ROOT / "data" / "reports"
SAMPLE_IDS = (
    "000_f85205bb6ece0316",
    "001_d561446380a2a949",
    "002_cdb5fd7bd89dc735",
    "003_f6253369dfa87339",
    "004_e40cd2cf77471691",
)


@pytest.fixture(scope="session")
def sample_reports() -> Path:
    """The folder of the five bundled sample reports."""
    return SAMPLE_REPORTS


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built by really ingesting ``data/reports`` (once per session)."""
    db = tmp_path_factory.mktemp("sample_db") / "jixiao.duckdb"
    summary = ingest([SAMPLE_REPORTS], db)
    assert summary.count("loaded") == len(SAMPLE_IDS), summary.lines()
    return db


@pytest.fixture
def sample_con(sample_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to `sample_db`."""
    con = connect_read_only(sample_db)
    try:
        yield con
    finally:
        con.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's own database goes (not created yet)."""
    return tmp_path / "db" / "jixiao.duckdb"


@pytest.fixture
def ingest_into() -> Callable[..., Summary]:
    """``ingest_into(db, *paths, force=False)``: the real ingest."""

    def run(db: Path, *paths: Path, force: bool = False) -> Summary:
        return ingest(list(paths), db, force=force, raise_on_error=False)

    return run


DbDump = dict[str, list[tuple[Any, ...]]]


@pytest.fixture
def dump_db() -> Callable[[Path], DbDump]:
    """``dump_db(path)``: every table's rows, sorted, to compare whole databases
    (``source_files.loaded_at`` left out: it is the time of the run)."""

    def dump(db: Path) -> DbDump:
        con = connect_read_only(db)
        try:
            tables = [
                r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()
            ]
            out: DbDump = {}
            for table in sorted(tables):
                columns = "* exclude (loaded_at)" if table == "source_files" else "*"
                out[table] = con.execute(f"select {columns} from {table} order by all").fetchall()
            return out
        finally:
            con.close()

    return dump
