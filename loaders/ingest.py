"""`jixiao ingest`: files and folders → the DuckDB store, idempotently.

1. Walk the given paths (folders recursively, sorted; hidden files and
   folders and the database's own files skipped). Files recorded under a given folder
   that are no longer on disk are forgotten, their reports with them (`loaders.prune`).
2. Plan: a path whose bytes (sha256) are already recorded for it is unchanged and not
   read (unless it failed: failures are retried, since a reader or the extractor may
   have improved); a file with the same bytes as another recorded or planned file is a
   copy and is not read again; every other file is read.
3. Extract the files to read and prepare their rows (`loaders.worker.extract_prepared`,
   pure) over a bounded process pool (`loaders.parallel`, one worker per CPU, its
   server started while the database is opened; results in order, so a tie between two
   sources of one report goes to the first as before) and write them in batches: new
   files whose report is new go in together, one transaction per batch
   (`store.write_results`); any other file in its own transaction (`loaders.store`):
   all or nothing per file. A file that fails is recorded with its one-line error and
   the others go on.
4. Rebuild the derived tables (`loaders.facts`) and swap the copy in (`loaders.dbfile`).

The outcome is a `Summary`: loaded / duplicate / unchanged / failed / removed, with reasons.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import duckdb

from loaders import facts, machine, parallel, prune, store
from loaders.dbfile import updating
from loaders.discovery import discover
from loaders.pipeline import sha256_of
from loaders.readers import SUFFIX_FORMATS
from loaders.rows import Extracted

STATUSES = ("loaded", "duplicate", "unchanged", "failed", "removed")
DERIVED_TABLES_STAGE = "rebuilding the derived tables"  # told to `on_stage`
_MAX_ROUNDS = 5  # orphans re-read: one round suffices, more guards against a loop
SMALL_BATCH = 8  # this many files or fewer are read in this process: no pool to start
# New files written per transaction (store.write_results): each table's insert costs ~2 ms
# of planning whatever its size, 8 per batch; 256 a batch spent 0.1 s of 2,000 reports on it.
WRITE_BATCH = 1000
WRITE_BATCH_S = 1.0  # … or what arrived in this long, so progress keeps moving
IN_FLIGHT = 512  # extracted results taken from the pool but not yet handed on, at most
# A worker's job (`loaders.worker`, named: this process never imports the extractor) and its
# result: the extraction and its rows, or the exception it raised.
JOB = parallel.Named("loaders.worker", "extract_prepared")
Result = Extracted | BaseException
TASK_TIMEOUT_S = 300  # one file's extraction; a 20 MB text file takes ~3 min


@dataclass(frozen=True)
class FileOutcome:
    """What one ingest did with one file."""

    path: Path
    status: str  # loaded | duplicate | unchanged | failed | removed (gone from its folder)
    report_id: str | None = None
    error: str | None = None
    detail: str | None = None


@dataclass
class Summary:
    """Every file's outcome, in the order they were handled."""

    db_path: Path
    outcomes: list[FileOutcome] = field(default_factory=list)
    requeued: int = 0
    kept: list[prune.Kept] = field(default_factory=list)  # folders found empty: not pruned

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    def lines(self) -> list[str]:
        """The human summary: one count line, then one line per problem."""
        counts = ", ".join(f"{s} {self.count(s)}" for s in STATUSES)
        out = [f"ingest → {self.db_path}: {len(self.outcomes)} files: {counts}"]
        if self.requeued:
            out.append(f"  schema changed: database rebuilt, {self.requeued} earlier files re-read")
        out.extend(f"  warning    {k.warning(_display(k.folder))}" for k in self.kept)
        for o in self.outcomes:
            if o.status == "failed":
                out.append(f"  failed     {_one_line(o.error or 'unknown error', o.path)}")
            elif o.status == "duplicate":
                out.append(f"  duplicate  {_display(o.path)}: {o.detail}")
            elif o.status == "removed":
                out.append(f"  removed    {_display(o.path)}: no longer on disk")
        return out


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _one_line(error: str, path: Path) -> str:
    """The error on one line, starting with the file (errors name it already
    when they come from a reader)."""
    first = error.strip().splitlines()[0] if error.strip() else "unknown error"
    if first.startswith(path.name):
        first = first[len(path.name) :].lstrip(": ")
    return f"{_display(path)}: {first}"


@dataclass(frozen=True)
class _Planned:
    file: store.SourceFile
    copy_of: str | None  # another path with the same bytes


def _recorded(
    con: duckdb.DuckDBPyConnection,
) -> tuple[dict[str, store.StoredVersion], dict[str, list[str]]]:
    """Every recorded path's version, and the recorded paths of each sha256 (sorted):
    one query instead of two per file."""
    versions: dict[str, store.StoredVersion] = {}
    by_sha: dict[str, list[str]] = {}
    rows = con.execute(
        "select path, sha256, status, error, report_id from source_files order by path"
    ).fetchall()
    for path, sha, status, error, report_id in rows:
        versions[str(path)] = store.StoredVersion(sha, status, error, report_id)
        by_sha.setdefault(str(sha), []).append(str(path))
    return versions, by_sha


def _plan(
    recorded: tuple[dict[str, store.StoredVersion], dict[str, list[str]]],
    paths: list[Path],
    force: bool,
    unchanged: list[FileOutcome],
    copies: list[_Planned],
) -> Iterator[_Planned]:
    """The files to read, planned one at a time as they are asked for: an ingest's pool
    asks as it goes, so files are hashed while others are extracted. Files unchanged since
    recorded go to `unchanged`, copies of another file to `copies`. Touches no database
    (`recorded` is `_recorded`'s): it may run on the pool's thread."""
    versions, by_sha = recorded
    first_of_sha: dict[str, str] = {}
    for path in paths:
        sha = sha256_of(path)
        fmt = SUFFIX_FORMATS.get(path.suffix.lower())
        file = store.SourceFile(path, sha, path.stat().st_size, fmt)
        previous = versions.get(str(path))
        if (
            not force
            and previous is not None
            and previous.sha256 == sha
            and previous.status != "failed"
        ):
            unchanged.append(
                FileOutcome(path, "unchanged", previous.report_id, previous.error, previous.status)
            )
            continue
        recorded_copy = next((p for p in by_sha.get(sha, []) if p != str(path)), None)
        copy_of = first_of_sha.get(sha) or (None if force else recorded_copy)
        first_of_sha.setdefault(sha, str(path))
        if copy_of is None:
            yield _Planned(file, None)
        else:
            copies.append(_Planned(file, copy_of))


def extract_all(paths: Iterable[Path], workers: int | None = 1) -> Iterator[Result]:
    """Extract files and prepare their rows, results in the order of `paths`, over
    `workers` processes (`loaders.parallel`: bounded in flight, a crashed or stuck
    worker costs only its own file). An exception is a bug in a reader or the
    extractor: it comes back as that file's result, never stops the batch."""
    count = workers or machine.default_workers()
    for _path, result in parallel.map_ordered(
        JOB,
        paths,
        workers=count,
        # Room for the next write batch while one is written: with the map's default (8 per
        # worker) the workers stood idle through every batch write, a third of an ingest.
        max_in_flight=IN_FLIGHT,
        task_timeout=None if count == 1 else TASK_TIMEOUT_S,
        memory_limit_mb=None if count == 1 else machine.memory_per_worker_mb(count),
    ):
        yield result


def _workers_for(count: int, workers: int | None) -> int:
    """Processes worth starting for `count` files: none for a handful, unless asked."""
    if workers is not None:
        return max(1, workers)
    return 1 if count <= SMALL_BATCH else machine.default_workers()


def _batches(
    pairs: Iterator[tuple[_Planned, Result]],
) -> Iterator[list[tuple[_Planned, Result]]]:
    """Consecutive results, up to WRITE_BATCH at a time or what came in WRITE_BATCH_S."""
    batch: list[tuple[_Planned, Result]] = []
    started = time.monotonic()
    for pair in pairs:
        batch.append(pair)
        if len(batch) >= WRITE_BATCH or time.monotonic() - started > WRITE_BATCH_S:
            yield batch
            batch, started = [], time.monotonic()
    if batch:
        yield batch


def _write_batch(
    con: duckdb.DuckDBPyConnection,
    batch: list[tuple[_Planned, Result]],
    loaded_at: datetime,
    raise_on_error: bool,
) -> list[store.WriteOutcome]:
    """New files in one transaction (`store.write_results`), the rest one by one."""
    fast: list[store.WriteOutcome | None] = [None] * len(batch)
    if not raise_on_error:
        ready = [
            (n, store.SourceFile(i.file.path, i.file.sha256, i.file.size_bytes, r.format), r)
            for n, (i, r) in enumerate(batch)
            if not isinstance(r, BaseException)
        ]
        written = store.write_results(con, [(f, r, r.prepared) for _, f, r in ready], loaded_at)
        for (n, _, _), outcome in zip(ready, written, strict=True):
            fast[n] = outcome
    return [
        done if done is not None else _write(con, item, result, loaded_at, raise_on_error)
        for (item, result), done in zip(batch, fast, strict=True)
    ]


def _outcome(path: Path, written: store.WriteOutcome) -> FileOutcome:
    detail = None
    if written.duplicate_of is not None:
        detail = f"same report as {_display(Path(written.duplicate_of))}"
    return FileOutcome(path, written.status, written.report_id, written.error, detail)


def _write(
    con: duckdb.DuckDBPyConnection,
    item: _Planned,
    extracted: Result,
    loaded_at: datetime,
    raise_on_error: bool,
) -> store.WriteOutcome:
    if isinstance(extracted, BaseException):
        if raise_on_error:
            raise extracted
        error = f"internal error ({type(extracted).__name__}: {extracted}); please report it"
        return store.write_failure(con, item.file, error, loaded_at)
    if raise_on_error and extracted.prepared is None:
        raise RuntimeError(extracted.error)
    file = store.SourceFile(
        item.file.path, item.file.sha256, item.file.size_bytes, extracted.format
    )
    try:
        return store.write_prepared(con, file, extracted, extracted.prepared, loaded_at)
    except duckdb.Error as exc:  # a figure that does not fit its column …: this file only
        if raise_on_error:
            raise
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return store.write_failure(con, item.file, f"could not be stored: {reason}", loaded_at)


def _run_batch(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    *,
    force: bool,
    raise_on_error: bool,
    loaded_at: datetime,
    progress: Callable[[FileOutcome], None] | None,
    workers: int | None = None,
) -> tuple[list[FileOutcome], list[Path]]:
    unchanged: list[FileOutcome] = []
    copies: list[_Planned] = []
    reading: deque[_Planned] = deque()  # planned and sent to be read, in order
    recorded = _recorded(con)  # here: the plan itself runs on the pool's thread

    def to_read() -> Iterator[Path]:
        for item in _plan(recorded, paths, force, unchanged, copies):
            reading.append(item)
            yield item.file.path

    outcomes: list[FileOutcome] = []
    orphans: list[Path] = []
    results = extract_all(to_read(), _workers_for(len(paths), workers))
    for batch in _batches((reading.popleft(), result) for result in results):
        for (item, _result), written in zip(
            batch, _write_batch(con, batch, loaded_at, raise_on_error), strict=True
        ):
            orphans.extend(Path(p) for p in written.orphans)
            outcomes.append(_outcome(item.file.path, written))
            if progress:
                progress(outcomes[-1])
    if progress:  # unchanged files, told now: `_plan` may have run on the pool's thread
        for outcome in unchanged:
            progress(outcome)
    outcomes = unchanged + outcomes
    for item in copies:
        assert item.copy_of is not None
        original = store.stored_version(con, Path(item.copy_of))
        if original is None or original.sha256 != item.file.sha256:  # the original changed
            (result,) = extract_all([item.file.path])
            written = _write(con, item, result, loaded_at, raise_on_error)
        else:
            written = store.write_copy(con, item.file, item.copy_of, loaded_at)
        orphans.extend(Path(p) for p in written.orphans)
        outcomes.append(_outcome(item.file.path, written))
        if progress:
            progress(outcomes[-1])
    return outcomes, orphans


def ingest(
    paths: Iterable[Path],
    db_path: Path,
    *,
    force: bool = False,
    raise_on_error: bool = False,
    progress: Callable[[FileOutcome], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> Summary:
    """Load files and folders into the database at `db_path`.

    Parameters
    ----------
    paths : iterable of Path
        Files and folders (walked recursively).
    db_path : Path
        The database; created when missing, replaced atomically when done.
    force : bool
        Read every file again even when its bytes are already recorded (after
        the extractor improved).
    raise_on_error : bool
        Stop at the first file that cannot be loaded (for development).
    progress : callable, optional
        Called with each file's outcome as soon as it is known.
    on_stage : callable, optional
        Told a step after the files as it starts (the derived tables' rebuild: ~20 s at 100k).
    workers : int, optional
        Extraction processes; default: one for a handful of files, else one
        per CPU.

    Returns
    -------
    Summary
        Every file's outcome. Files recorded under a given folder and no longer on disk
        are removed with their reports (`loaders.prune`; told in the summary, not to
        `progress`), unless the folder holds no files at all (`Summary.kept`).

    Raises
    ------
    FileNotFoundError
        A given path does not exist (nothing is written).
    """
    paths = list(paths)  # walked twice: discovered, and its folders pruned
    files = discover(paths, db_path)
    if _workers_for(len(files), workers) > 1:
        parallel.server_context(JOB, start=True)  # loads the extractor while the db opens
    summary = Summary(db_path)
    loaded_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    by_path: dict[Path, FileOutcome] = {}
    with updating(db_path) as update:
        pruned = prune.prune(update.con, prune.folders_of(paths), files)
        summary.kept = pruned.kept
        by_path.update(
            (g.path, FileOutcome(g.path, "removed", g.report_id)) for g in pruned.removed
        )
        requeue = {Path(p) for p in update.requeue if Path(p).is_file()} - set(files)
        summary.requeued = len(requeue)
        # The orphans of a removed file are read again: their report comes back from them.
        pending = sorted(set(files) | requeue | {p for p in pruned.orphans if p.is_file()})
        for _round in range(_MAX_ROUNDS):
            if not pending:
                break
            outcomes, orphans = _run_batch(
                update.con,
                pending,
                force=force,
                raise_on_error=raise_on_error,
                loaded_at=loaded_at,
                progress=progress,
                workers=workers,
            )
            by_path.update((o.path, o) for o in outcomes)
            # Files whose report went with a changed file: read them again.
            pending = sorted({p for p in orphans if p.is_file()})
        store.prune_units(update.con)
        changed = any(o.status != "unchanged" for o in by_path.values())
        announce = partial(on_stage, DERIVED_TABLES_STAGE) if on_stage else None
        facts.settle(update.con, rows_changed=changed, announce=announce)
    summary.outcomes = list(by_path.values())
    return summary
