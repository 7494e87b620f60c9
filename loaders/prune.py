"""Pruning: what a folder no longer holds leaves the database at its next ingest.

An ingest given a folder mirrors it: every file recorded in `source_files` under that
folder that is no longer on disk is forgotten through the store's one deletion path
(`store.forget_files`): its row and, when it was a report's stored source, that report
with all its rows. The other files that fed such a report come back as orphans, to be
read again, so the report returns from them (the copy of a deleted original).

* "Under" goes by path parts (recorded paths are resolved and absolute): ``/a/b`` holds
  ``/a/b/c.txt``, not ``/a/bc/d.txt``.
* Only given folders prune: a file given alone removes nothing else, and nothing outside
  the given folders is touched. Records folders (`loaders.records`) never come here:
  their rows name files on the machines that extracted them.
* A given folder in which discovery finds no file at all while files are recorded under
  it removes nothing (a share that is not mounted shows up as an empty folder): it comes
  back as `Kept`, for the summary to warn about.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from loaders import store


@dataclass(frozen=True)
class Gone:
    """A recorded file no longer on disk: what it was (loaded | duplicate | failed) and
    the report it fed (None when it failed)."""

    path: Path
    status: str
    report_id: str | None


@dataclass(frozen=True)
class Kept:
    """A given folder holding no files while the database records `files` under it, which
    feed `reports` reports: all kept."""

    folder: Path
    files: int
    reports: int

    def warning(self, shown: str) -> str:
        """The summary's line, naming the folder as `shown`."""
        return (
            f"{shown} holds no files, but {self.files} files are recorded under it: kept them"
            f" and their {self.reports} reports, removed nothing (a share not mounted?)"
        )


@dataclass
class Pruned:
    """What `prune` did: the files removed, the folders kept whole, the orphans to read."""

    removed: list[Gone] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    orphans: list[Path] = field(default_factory=list)


def folders_of(paths: Iterable[Path]) -> list[Path]:
    """The given paths that are folders, resolved as discovery resolves them."""
    return sorted({p.resolve() for p in paths if p.resolve().is_dir()})


def prefix_of(folder: Path) -> str:
    """What the paths under `folder` start with: the folder and a separator (``/a/b/``:
    ``/a/bc/d.txt`` starts with ``/a/b`` too)."""
    text = str(folder)
    return text if text.endswith(os.sep) else text + os.sep


def _recorded_under(
    con: duckdb.DuckDBPyConnection, prefix: str
) -> list[tuple[str, str, str | None]]:
    """Every recorded (path, status, report_id) under a folder's prefix. ``starts_with``,
    not ``like``: a ``_`` or ``%`` in a folder name is no wildcard."""
    rows = con.execute(
        "select path, status, report_id from source_files "
        "where starts_with(path, $prefix) order by path",
        {"prefix": prefix},
    ).fetchall()
    return [(str(p), str(s), None if r is None else str(r)) for p, s, r in rows]


def prune(con: duckdb.DuckDBPyConnection, folders: list[Path], found: list[Path]) -> Pruned:
    """Forget the files recorded under `folders` that are no longer on disk.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The ingest's connection (to its copy of the database: `loaders.dbfile.updating`).
    folders : list of Path
        The given folders, resolved (`folders_of`); nothing outside them is touched.
    found : list of Path
        Every file discovery found under the given paths (`loaders.discovery.discover`).

    Returns
    -------
    Pruned
        The files removed (in path order), the folders kept whole because they hold no
        files, and the orphans: files that fed a removed report, to be read again.
    """
    present = {str(p) for p in found}
    pruned = Pruned()
    guarded: list[str] = []
    gone: dict[str, Gone] = {}
    for folder in folders:
        prefix = prefix_of(folder)
        recorded = _recorded_under(con, prefix)
        if recorded and not any(p.startswith(prefix) for p in present):
            reports = {r for _, _, r in recorded if r is not None}
            pruned.kept.append(Kept(folder, len(recorded), len(reports)))
            guarded.append(prefix)
            continue
        for path, status, report_id in recorded:
            # Not found by discovery (hidden, say, when it was given alone) is not gone.
            if path not in present and not Path(path).is_file():
                gone[path] = Gone(Path(path), status, report_id)
    # A folder kept whole is kept whatever other given folder also holds it.
    pruned.removed = [g for p, g in sorted(gone.items()) if not p.startswith(tuple(guarded))]
    if pruned.removed:
        orphans = store.forget_files(con, [g.path for g in pruned.removed])
        removed = {str(g.path) for g in pruned.removed}
        pruned.orphans = [Path(p) for p in sorted(set(orphans) - removed)]
    return pruned
