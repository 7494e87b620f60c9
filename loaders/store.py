"""Writing to DuckDB: one extracted file per transaction, all or nothing.

Rows come from `loaders.rows`; the report's identity is its key from there,
so the same report in two files is stored once, and every file that fed it
has its own `source_files` row (status 'loaded' for the one stored,
'duplicate' for the others). Of two sources of one report the one with more
stated facts is stored (the first on a tie). Opening, copying and swapping
the database file is `loaders.dbfile`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import duckdb

from loaders.inserts import Gathered, gather, insert_encoded, insert_rows
from loaders.pipeline import ExtractResult
from loaders.rows import REPORT_TABLES, Prepared, prepare


@dataclass(frozen=True)
class SourceFile:
    """One version of one file on disk."""

    path: Path
    sha256: str
    size_bytes: int
    format: str | None = None

    @property
    def key(self) -> str:
        return str(self.path)


@dataclass(frozen=True)
class StoredVersion:
    """What `source_files` holds for a path."""

    sha256: str
    status: str
    error: str | None
    report_id: str | None


class Reported(Protocol):
    """How an extraction went, as a file's record keeps it (`ExtractResult`, or
    `loaders.rows.Extracted` from an ingest worker)."""

    @property
    def status(self) -> str: ...  # ok | partial | failed

    @property
    def error(self) -> str | None: ...


@dataclass
class WriteOutcome:
    """What became of one file: status 'loaded' | 'duplicate' | 'failed'.

    `orphans` are the paths of files that fed a report this write removed;
    their rows are gone and they must be ingested again.
    """

    status: str
    report_id: str | None = None
    error: str | None = None
    duplicate_of: str | None = None
    orphans: list[str] = field(default_factory=list)


def first_row(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]
) -> tuple[Any, ...] | None:
    """The first row of a query, or None. Reads the whole result: DuckDB 2
    refuses further work on a connection while a result is half read."""
    rows = con.execute(sql, params).fetchall()
    return tuple(rows[0]) if rows else None


def stored_version(con: duckdb.DuckDBPyConnection, path: Path) -> StoredVersion | None:
    """The recorded version of a path, or None when it was never seen."""
    row = first_row(
        con,
        "select sha256, status, error, report_id from source_files where path = $path",
        {"path": str(path)},
    )
    return StoredVersion(*row) if row else None


def _delete_report(con: duckdb.DuckDBPyConnection, report_id: str) -> None:
    for table in REPORT_TABLES:
        con.execute(f"delete from {table} where report_id = $id", {"id": report_id})


def _forget(con: duckdb.DuckDBPyConnection, path: Path, new_report_id: str | None) -> list[str]:
    """Remove what an earlier version of `path` produced; return the paths of
    other files whose report went with it (to be ingested again)."""
    old = stored_version(con, path)
    orphans: list[str] = []
    if old is not None and old.status == "loaded" and old.report_id:
        _delete_report(con, old.report_id)
        if old.report_id != new_report_id:
            orphans = [
                str(r[0])
                for r in con.execute(
                    "select path from source_files where report_id = $id and path <> $path",
                    {"id": old.report_id, "path": str(path)},
                ).fetchall()
            ]
            con.execute(
                "delete from source_files where report_id = $id and path <> $path",
                {"id": old.report_id, "path": str(path)},
            )
    con.execute("delete from source_files where path = $path", {"path": str(path)})
    return orphans


def _source_row(
    file: SourceFile,
    loaded_at: datetime,
    status: str,
    *,
    extract_status: str | None,
    error: str | None,
    report_id: str | None = None,
) -> dict[str, Any]:
    """A source_files row; always the same keys (`insert_rows` relies on it)."""
    return {
        "path": file.key,
        "name": file.path.name,
        "sha256": file.sha256,
        "format": file.format,
        "size_bytes": file.size_bytes,
        "loaded_at": loaded_at,
        "status": status,
        "extract_status": extract_status,
        "error": error,
        "report_id": report_id,
    }


def write_result(
    con: duckdb.DuckDBPyConnection,
    file: SourceFile,
    result: ExtractResult,
    loaded_at: datetime,
    prepared: Prepared | None = None,
) -> WriteOutcome:
    """Store one extracted file in one transaction (all or nothing); `prepared`: its
    `loaders.rows.prepare`, when the worker that extracted it made it."""
    return write_prepared(con, file, result, prepared or prepare(result), loaded_at)


def write_prepared(
    con: duckdb.DuckDBPyConnection,
    file: SourceFile,
    reported: Reported,
    one: Prepared | None,
    loaded_at: datetime,
) -> WriteOutcome:
    """As `write_result`, given how the extraction went and its prepared rows (None: it
    failed)."""
    status, error = reported.status, reported.error
    report_id = one.report_id if one is not None else None
    if one is None:
        previous = stored_version(con, file.path)
        if previous == StoredVersion(file.sha256, "failed", error, None):
            return WriteOutcome("failed", error=error)  # the same failure: nothing changes
    con.begin()
    try:
        orphans = _forget(con, file.path, report_id)
        if one is None:
            error = error or "extraction failed"
            insert_rows(
                con,
                "source_files",
                [_source_row(file, loaded_at, "failed", extract_status="failed", error=error)],
            )
            outcome = WriteOutcome("failed", error=error, orphans=orphans)
        else:
            report_id = one.report_id
            current = first_row(
                con,
                "select source_path, fact_count from reports where report_id = $id",
                {"id": report_id},
            )
            if current is None or one.fact_count > int(current[1]):
                if current is not None:
                    _delete_report(con, report_id)
                    con.execute(
                        "update source_files set status = 'duplicate' where path = $path",
                        {"path": current[0]},
                    )
                for table, (each, shared, doc) in one.tables.items():
                    insert_encoded(con, table, each, shared, [doc])
                unit = one.unit
                if unit is not None:
                    con.execute(
                        "insert or replace into units "
                        "values ($id, $name, $province, $city, $county)",
                        {
                            "id": unit.unit_id,
                            "name": unit.canonical_name,
                            "province": unit.province,
                            "city": unit.city,
                            "county": unit.county,
                        },
                    )
                outcome = WriteOutcome("loaded", report_id, orphans=orphans)
            else:
                outcome = WriteOutcome(
                    "duplicate", report_id, duplicate_of=str(current[0]), orphans=orphans
                )
            insert_rows(
                con,
                "source_files",
                [
                    _source_row(
                        file,
                        loaded_at,
                        outcome.status,
                        extract_status=status,
                        error=None,
                        report_id=report_id,
                    )
                ],
            )
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return outcome


def write_copy(
    con: duckdb.DuckDBPyConnection, file: SourceFile, original: str, loaded_at: datetime
) -> WriteOutcome:
    """Record a file whose bytes equal an already recorded file's: it feeds the
    same report (or fails with the same error) without being read again."""
    row = first_row(
        con,
        "select status, extract_status, error, report_id, format from source_files where path = $p",
        {"p": original},
    )
    assert row is not None, f"{original} is not recorded"
    status, extract_status, error, report_id, fmt = row
    copy_status = "failed" if status == "failed" else "duplicate"
    con.begin()
    try:
        orphans = _forget(con, file.path, report_id)
        row_file = SourceFile(file.path, file.sha256, file.size_bytes, fmt)
        copy_row = _source_row(
            row_file,
            loaded_at,
            copy_status,
            extract_status=extract_status,
            error=error,
            report_id=report_id,
        )
        insert_rows(con, "source_files", [copy_row])
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return WriteOutcome(copy_status, report_id, error, duplicate_of=original, orphans=orphans)


def write_failure(
    con: duckdb.DuckDBPyConnection, file: SourceFile, error: str, loaded_at: datetime
) -> WriteOutcome:
    """Record a file that could not be processed at all (its earlier rows go)."""
    failed = ExtractResult(file.path, file.sha256, file.format, None, "failed", error=error)
    return write_result(con, file, failed, loaded_at)


def forget_files(con: duckdb.DuckDBPyConnection, paths: Sequence[Path]) -> list[str]:
    """Forget files gone from disk, in one transaction (`loaders.prune`): each one's
    `source_files` row and, when it was a report's stored source, that report with all its
    rows (`_forget`). Returns the other files that fed those reports: read them again."""
    orphans: list[str] = []
    con.begin()
    try:
        for path in paths:
            orphans.extend(_forget(con, path, None))
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return orphans


def prune_units(con: duckdb.DuckDBPyConnection) -> None:
    """Drop units no report refers to any more."""
    con.execute(
        "delete from units where unit_id not in "
        "(select unit_id from reports where unit_id is not null)"
    )


def _fresh(con: duckdb.DuckDBPyConnection, column: str, table: str, values: list[str]) -> set[str]:
    """The values that already occur in `table.column` (identifiers are ours, not input)."""
    if not values:
        return set()
    rows = con.execute(
        f"select {column} from {table} where {column} in (select unnest($values))",
        {"values": values},
    ).fetchall()
    return {str(r[0]) for r in rows}


def write_results(
    con: duckdb.DuckDBPyConnection,
    items: Sequence[tuple[SourceFile, Reported, Prepared | None]],
    loaded_at: datetime,
) -> list[WriteOutcome | None]:
    """Store many new files in one transaction; the fast path of a large ingest.

    A file qualifies when nothing is recorded for its path yet and its report
    is neither stored nor fed by another file of the batch: writing it alone
    (`write_result`) would insert its rows and touch nothing else, so all of
    them go in together, one insert per table. The others come back as None,
    for the caller to write one by one with `write_result`, in order (they do
    not interact with the qualifying ones). When the batch insert fails (a
    figure that does not fit its column …) it is rolled back and every item
    comes back as None.

    Each item is a file, how its extraction went (an `ExtractResult` or a
    worker's `loaders.rows.Extracted`) and its `loaders.rows.prepare`.

    Returns
    -------
    list
        Per item, its `WriteOutcome` when written here, else None.
    """
    known_paths = _fresh(con, "path", "source_files", [f.key for f, _, _ in items])
    ids = [p.report_id for _, _, p in items if p is not None]
    stored_ids = _fresh(con, "report_id", "reports", ids)
    seen = Counter(ids)
    outcomes: list[WriteOutcome | None] = [None] * len(items)
    tables: Gathered = {}
    sources: list[dict[str, Any]] = []
    units: dict[str, dict[str, Any]] = {}
    for n, (file, result, one) in enumerate(items):
        if file.key in known_paths:
            continue
        if one is None:
            error = result.error or "extraction failed"
            sources.append(
                _source_row(
                    file, loaded_at, "failed", extract_status="failed", error=error, report_id=None
                )
            )
            outcomes[n] = WriteOutcome("failed", error=error)
            continue
        rid, unit = one.report_id, one.unit
        if rid in stored_ids or seen[rid] > 1:
            continue
        for table, encoded in one.tables.items():
            gather(tables, table, encoded)
        if unit is not None:
            units[unit.unit_id] = {
                "unit_id": unit.unit_id,
                "canonical_name": unit.canonical_name,
                "province": unit.province,
                "city": unit.city,
                "county": unit.county,
            }
        sources.append(
            _source_row(
                file, loaded_at, "loaded", extract_status=result.status, error=None, report_id=rid
            )
        )
        outcomes[n] = WriteOutcome("loaded", rid)
    if not sources:
        return outcomes
    con.begin()
    try:
        for table, (each, shared, docs) in tables.items():
            insert_encoded(con, table, each, shared, docs)
        insert_rows(con, "source_files", sources)
        insert_rows(con, "units", list(units.values()), replace=True)
        con.commit()
    except duckdb.Error:
        con.rollback()
        return [None] * len(items)
    except BaseException:
        con.rollback()
        raise
    return outcomes
