"""Extracted records as Parquet: the hand-over between a cluster's map step
and the database.

`extract_file` is a pure function of one file, so a province's corpus can be
mapped over many machines; each writes what it extracted with
`write_records` (``jixiao ingest PATH… --parquet OUT``): one row per file,
the contract JSON of its record beside its source path, sha256, status,
error, reader notes and rendered lines, partitioned by fiscal year
(``OUT/fiscal_year=2023/part-<host>-<pid>-<n>.parquet``; unknown years under
``fiscal_year=__HIVE_DEFAULT_PARTITION__``). `ingest_records` reads such
folders back, batch by batch, into the database through the same store as
`jixiao ingest` (idempotent per path and sha256). Both stream: memory is one
batch, whatever the corpus.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loaders import facts, store
from loaders.dbfile import updating
from loaders.ingest import WRITE_BATCH, FileOutcome, Summary
from loaders.model import (
    SCHEMA_VERSION,
    Budget,
    Confidence,
    Expense,
    Indicator,
    Project,
    Report,
    Source,
    Staff,
    Unit,
    Warning,
)
from loaders.pipeline import ExtractResult
from loaders.rows import Prepared, prepare

if TYPE_CHECKING:
    import pyarrow as pa

MARKER = "_jixiao_records.json"
BATCH_ROWS = 2000
COLUMNS = ("path", "sha256", "size_bytes", "format", "status", "error", "notes", "lines", "record")


def _schema() -> pa.Schema:
    """The records' Arrow schema. pyarrow (and, with pyarrow.dataset, pandas) is imported
    here, when records are written or read, never by a plain ingest (~0.5 s)."""
    import pyarrow as pa

    return pa.schema(
        [
            ("path", pa.string()),
            ("sha256", pa.string()),
            ("size_bytes", pa.int64()),
            ("format", pa.string()),
            ("status", pa.string()),
            ("error", pa.string()),
            ("notes", pa.list_(pa.string())),
            ("lines", pa.list_(pa.string())),
            ("record", pa.string()),
            ("fiscal_year", pa.int32()),
        ]
    )


def is_records_folder(path: Path) -> bool:
    """A folder written by `write_records` (it holds the marker file)."""
    return (path / MARKER).is_file()


def _row(result: ExtractResult) -> dict[str, Any]:
    record = result.record
    return {
        "path": str(result.path),
        "sha256": result.sha256,
        "size_bytes": result.path.stat().st_size if result.path.exists() else None,
        "format": result.format,
        "status": result.status,
        "error": result.error,
        "notes": list(result.notes),
        "lines": list(result.lines),
        "record": json.dumps(record.to_dict(), ensure_ascii=False) if record else None,
        "fiscal_year": record.fiscal_year if record else None,
    }


def write_records(results: Iterable[ExtractResult], out: Path) -> int:
    """Write extraction results to `out` as Parquet, partitioned by year; the count."""
    out.mkdir(parents=True, exist_ok=True)
    marker = {"schema_version": SCHEMA_VERSION, "format": "jixiao extracted records"}
    (out / MARKER).write_text(json.dumps(marker), encoding="utf-8")
    prefix = f"part-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    rows: list[dict[str, Any]] = []
    written = batches = 0
    for result in results:
        rows.append(_row(result))
        if len(rows) >= BATCH_ROWS:
            _flush(rows, out, f"{prefix}-{batches}")
            written, batches, rows = written + len(rows), batches + 1, []
    if rows:
        _flush(rows, out, f"{prefix}-{batches}")
        written += len(rows)
    return written


def _flush(rows: list[dict[str, Any]], out: Path, name: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(rows, schema=_schema())
    pq.write_to_dataset(
        table,
        str(out),
        partition_cols=["fiscal_year"],
        basename_template=name + "-{i}.parquet",
        existing_data_behavior="overwrite_or_ignore",
    )


def _budget(d: dict[str, Any] | None) -> Budget:
    return Budget(**(d or {}))


def _indicators(rows: list[dict[str, Any]] | None) -> list[Indicator]:
    return [Indicator(**r) for r in rows or []]


def _expenses(rows: list[dict[str, Any]] | None) -> list[Expense]:
    return [Expense(**r) for r in rows or []]


def report_from_dict(d: dict[str, Any]) -> Report:
    """The `Report` whose `to_dict()` is `d` (the contract JSON)."""
    return Report(
        source=Source(**d["source"]),
        title=d.get("title"),
        unit=Unit(**(d.get("unit") or {})),
        fiscal_year=d.get("fiscal_year"),
        kind=d.get("kind"),
        subject=d.get("subject"),
        report_date=d.get("report_date"),
        total_score=d.get("total_score"),
        grade=d.get("grade"),
        budget=_budget(d.get("budget")),
        staff=Staff(**(d.get("staff") or {})),
        indicators=_indicators(d.get("indicators")),
        projects=[
            Project(
                name=p["name"],
                budget=_budget(p.get("budget")),
                total_score=p.get("total_score"),
                grade=p.get("grade"),
                indicators=_indicators(p.get("indicators")),
                expenses=_expenses(p.get("expenses")),
                line=p.get("line"),
            )
            for p in d.get("projects") or []
        ],
        expenses=_expenses(d.get("expenses")),
        warnings=[Warning(**w) for w in d.get("warnings") or []],
        confidence=Confidence(**(d.get("confidence") or {})),
        evidence=dict(d.get("evidence") or {}),
    )


def read_records(folder: Path) -> Iterator[tuple[store.SourceFile, ExtractResult]]:
    """Every row of a records folder as (source file, extraction result), streamed."""
    import pyarrow.dataset as ds

    dataset = ds.dataset(str(folder), format="parquet", partitioning="hive")
    for batch in dataset.to_batches(columns=list(COLUMNS)):
        for row in batch.to_pylist():
            path = Path(row["path"])
            record = report_from_dict(json.loads(row["record"])) if row["record"] else None
            result = ExtractResult(
                path,
                row["sha256"],
                row["format"],
                record,
                row["status"],
                error=row["error"],
                notes=list(row["notes"] or []),
                lines=list(row["lines"] or []),
            )
            size = row["size_bytes"] if row["size_bytes"] is not None else 0
            yield store.SourceFile(path, row["sha256"], size, row["format"]), result


def _batched(
    rows: Iterator[tuple[store.SourceFile, ExtractResult]], size: int
) -> Iterator[list[tuple[store.SourceFile, ExtractResult]]]:
    batch: list[tuple[store.SourceFile, ExtractResult]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest_records(folders: list[Path], db_path: Path) -> Summary:
    """Load records folders into the database (swapped in atomically, as ingest).

    A path already recorded with the same sha256 (and not failed) is
    unchanged; new files go in batches (`store.write_results`), the others
    one by one (`store.write_result`). Nothing is pruned (`loaders.prune`): a
    records folder is not a report folder, and its rows name files on the
    machines that extracted them, which need not exist here.
    """
    summary = Summary(db_path)
    loaded_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    with updating(db_path) as update:
        con = update.con
        known = {
            str(p): (str(s), str(st))
            for p, s, st in con.execute("select path, sha256, status from source_files").fetchall()
        }
        for folder in folders:
            for batch in _batched(read_records(folder), WRITE_BATCH):
                fresh: list[tuple[store.SourceFile, ExtractResult, Prepared | None]] = []
                for file, result in batch:
                    seen = known.get(file.key)
                    if seen and seen[0] == file.sha256 and seen[1] != "failed":
                        summary.outcomes.append(FileOutcome(file.path, "unchanged"))
                    else:
                        fresh.append((file, result, prepare(result)))
                written = store.write_results(con, fresh, loaded_at)
                for (file, result, one), done in zip(fresh, written, strict=True):
                    outcome = done or store.write_result(con, file, result, loaded_at, one)
                    summary.outcomes.append(
                        FileOutcome(file.path, outcome.status, outcome.report_id, outcome.error)
                    )
        store.prune_units(con)
        changed = any(o.status != "unchanged" for o in summary.outcomes)
        facts.settle(con, rows_changed=changed)
    return summary
