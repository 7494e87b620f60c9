"""An ingest worker's job: extract one file and prepare its rows for the store.

This module imports the whole extractor and, when imported, loads the tables
every report needs (the gazetteer, the unit registry). An ingest names its job
(`loaders.ingest.JOB`, a `loaders.parallel.Named`) instead of importing it:
the pool's server imports this module once and forks the workers from it, so
each starts with the extractor loaded (its first report took ~50 ms longer
otherwise), and the writer's process, which never extracts, never imports it
(~0.08 s of its start).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from loaders import units as _units  # noqa: F401 (what the server loads, with the extractor)
from loaders.extract import report as _extractor  # noqa: F401
from loaders.extract.gazetteer import load_gazetteer
from loaders.pipeline import extract_file
from loaders.rows import Extracted, prepare
from loaders.unit_registry import RegistryError, load_registry


def extract_prepared(path: Path) -> Extracted:
    """Extract one file and prepare its rows (pure, like each step)."""
    result = extract_file(path)
    return Extracted(result.format, result.status, result.error, prepare(result))


load_gazetteer()
with contextlib.suppress(RegistryError):  # reported by the first report that needs it
    load_registry()
