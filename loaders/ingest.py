"""`jixiao ingest`: files and folders → the DuckDB store, idempotently.

1. Walk the given paths (folders recursively, sorted; hidden files and
   folders and the database's own files skipped).
2. Plan: a path whose bytes (sha256) are already recorded for it is
   unchanged and not read (unless it failed: failures are retried, since a
   reader or the extractor may have improved); a file with the same bytes as another recorded or
   planned file is a copy and is not read again; every other file is read.
3. Extract the files to read (`loaders.pipeline.extract_file`, a pure
   function: the seam where a process pool will go) and write each one in its
   own transaction (`loaders.store`): all or nothing per file. A file that
   fails is recorded with its one-line error and the others go on.
4. Swap the updated copy in (`loaders.dbfile.updating`).

The outcome is a `Summary`: loaded / duplicate / unchanged / failed, with
reasons.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from loaders import store
from loaders.dbfile import updating
from loaders.pipeline import ExtractResult, extract_file, sha256_of
from loaders.readers import SUFFIX_FORMATS

STATUSES = ("loaded", "duplicate", "unchanged", "failed")
_MAX_ROUNDS = 5  # orphans re-read: one round suffices, more guards against a loop


@dataclass(frozen=True)
class FileOutcome:
    """What one ingest did with one file."""

    path: Path
    status: str  # loaded | duplicate | unchanged | failed
    report_id: str | None = None
    error: str | None = None
    detail: str | None = None


@dataclass
class Summary:
    """Every file's outcome, in the order they were handled."""

    db_path: Path
    outcomes: list[FileOutcome] = field(default_factory=list)
    requeued: int = 0

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    def lines(self) -> list[str]:
        """The human summary: one count line, then one line per problem."""
        counts = ", ".join(f"{s} {self.count(s)}" for s in STATUSES)
        out = [f"ingest → {self.db_path}: {len(self.outcomes)} files: {counts}"]
        if self.requeued:
            out.append(f"  schema changed: database rebuilt, {self.requeued} earlier files re-read")
        for o in self.outcomes:
            if o.status == "failed":
                out.append(f"  failed     {_one_line(o.error or 'unknown error', o.path)}")
            elif o.status == "duplicate":
                out.append(f"  duplicate  {_display(o.path)}: {o.detail}")
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


def _hidden(name: str) -> bool:
    return name.startswith(".")


def discover(paths: Iterable[Path], db_path: Path | None = None) -> list[Path]:
    """Every file under `paths`, resolved, sorted and unique.

    Hidden files and folders (``.git``, ``.DS_Store``) are skipped, and so are
    the database's own files (``jixiao.duckdb``, its WAL and temporaries).
    A path that does not exist raises `FileNotFoundError`.
    """
    skip_prefix = db_path.resolve().name if db_path is not None else None
    skip_dir = db_path.resolve().parent if db_path is not None else None
    found: set[Path] = set()
    for given in paths:
        root = given.resolve()
        if not root.exists():
            raise FileNotFoundError(f"no such file or folder: {given}")
        if root.is_file():
            found.add(root)
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not _hidden(d))
            for name in files:
                path = Path(folder) / name
                if _hidden(name) or not path.is_file():
                    continue
                if skip_prefix and path.parent == skip_dir and name.startswith(skip_prefix):
                    continue
                found.add(path)
    return sorted(found)


@dataclass(frozen=True)
class _Planned:
    file: store.SourceFile
    copy_of: str | None  # another path with the same bytes


def _plan(
    con: duckdb.DuckDBPyConnection, paths: list[Path], force: bool
) -> tuple[list[FileOutcome], list[_Planned]]:
    unchanged: list[FileOutcome] = []
    planned: list[_Planned] = []
    first_of_sha: dict[str, str] = {}
    for path in paths:
        sha = sha256_of(path)
        fmt = SUFFIX_FORMATS.get(path.suffix.lower())
        file = store.SourceFile(path, sha, path.stat().st_size, fmt)
        previous = store.stored_version(con, path)
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
        copy_of = first_of_sha.get(sha) or (None if force else store.find_copy(con, sha, path))
        planned.append(_Planned(file, copy_of))
        first_of_sha.setdefault(sha, str(path))
    return unchanged, planned


def extract_all(paths: list[Path]) -> Iterator[ExtractResult | BaseException]:
    """Extract files in order. The seam for a bounded process pool: results
    must come back in the same order, one at a time."""
    for path in paths:
        try:
            yield extract_file(path)
        except Exception as exc:  # a bug in a reader/extractor: reported, not fatal
            yield exc


def _outcome(path: Path, written: store.WriteOutcome) -> FileOutcome:
    detail = None
    if written.duplicate_of is not None:
        detail = f"same report as {_display(Path(written.duplicate_of))}"
    return FileOutcome(path, written.status, written.report_id, written.error, detail)


def _write(
    con: duckdb.DuckDBPyConnection,
    item: _Planned,
    result: ExtractResult | BaseException,
    loaded_at: datetime,
    raise_on_error: bool,
) -> store.WriteOutcome:
    if isinstance(result, BaseException):
        if raise_on_error:
            raise result
        error = f"internal error ({type(result).__name__}: {result}); please report it"
        return store.write_failure(con, item.file, error, loaded_at)
    if raise_on_error and result.record is None:
        raise RuntimeError(result.error)
    file = store.SourceFile(item.file.path, item.file.sha256, item.file.size_bytes, result.format)
    try:
        return store.write_result(con, file, result, loaded_at)
    except duckdb.Error as exc:  # a figure that does not fit its column …: this file only
        if raise_on_error:
            raise
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return store.write_failure(con, item.file, f"could not be stored: {reason}", loaded_at)


def _read_and_write(
    con: duckdb.DuckDBPyConnection, item: _Planned, loaded_at: datetime, raise_on_error: bool
) -> store.WriteOutcome:
    (result,) = extract_all([item.file.path])
    return _write(con, item, result, loaded_at, raise_on_error)


def _run_batch(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    *,
    force: bool,
    raise_on_error: bool,
    loaded_at: datetime,
    progress: Callable[[FileOutcome], None] | None,
) -> tuple[list[FileOutcome], list[Path]]:
    outcomes, planned = _plan(con, paths, force)
    for o in outcomes:
        if progress:
            progress(o)
    to_read = [p for p in planned if p.copy_of is None]
    copies = [p for p in planned if p.copy_of is not None]
    orphans: list[Path] = []
    for item, result in zip(to_read, extract_all([p.file.path for p in to_read]), strict=True):
        written = _write(con, item, result, loaded_at, raise_on_error)
        orphans.extend(Path(p) for p in written.orphans)
        outcomes.append(_outcome(item.file.path, written))
        if progress:
            progress(outcomes[-1])
    for item in copies:
        assert item.copy_of is not None
        original = store.stored_version(con, Path(item.copy_of))
        if original is None or original.sha256 != item.file.sha256:  # the original changed
            written = _read_and_write(con, item, loaded_at, raise_on_error)
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

    Returns
    -------
    Summary
        Every file's outcome.

    Raises
    ------
    FileNotFoundError
        A given path does not exist (nothing is written).
    """
    files = discover(paths, db_path)
    summary = Summary(db_path)
    loaded_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    by_path: dict[Path, FileOutcome] = {}
    with updating(db_path) as update:
        requeue = {Path(p) for p in update.requeue if Path(p).is_file()} - set(files)
        summary.requeued = len(requeue)
        pending = sorted(set(files) | requeue)
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
            )
            by_path.update((o.path, o) for o in outcomes)
            # Files whose report went with a changed file: read them again.
            pending = sorted({p for p in orphans if p.is_file()})
        store.prune_units(update.con)
    summary.outcomes = list(by_path.values())
    return summary
