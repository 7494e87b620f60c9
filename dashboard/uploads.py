"""Uploaded reports: saved beside the database and ingested by the `jixiao` CLI.

The dashboard never imports `loaders` (it only reads the database): an upload is
handed to ``python -m loaders ingest`` in a child process, which writes a copy of
the database and swaps it in; `dashboard.data` notices the new file on the next
query and reconnects. No streamlit here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ACCEPTED = ("txt", "docx", "doc", "pdf", "xlsx", "xls", "html", "htm")
UPLOADS_ENV = "JIXIAO_UPLOADS"
INGEST_TIMEOUT_S = 600
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True)
class IngestRun:
    """The outcome of one ingest child process."""

    returncode: int
    stdout: str
    stderr: str
    folder: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def uploads_dir(db_path: Path) -> Path:
    """Where uploads are kept: ``$JIXIAO_UPLOADS``, else ``uploads/`` beside the database."""
    configured = os.environ.get(UPLOADS_ENV)
    return Path(configured).resolve() if configured else db_path.parent / "uploads"


def safe_name(name: str) -> str:
    """A file name without folders or characters a file system refuses."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip(" .")
    return base or "report"


def save(files: list[tuple[str, bytes]], db_path: Path, now: datetime | None = None) -> Path:
    """Write the uploaded files into a new batch folder; returns the folder."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    folder = uploads_dir(db_path) / stamp
    folder.mkdir(parents=True, exist_ok=False)
    for name, content in files:
        target = folder / safe_name(name)
        stem, suffix, n = target.stem, target.suffix, 1
        while target.exists():
            n += 1
            target = folder / f"{stem}_{n}{suffix}"
        target.write_bytes(content)
    return folder


def ingest(folder: Path, db_path: Path) -> IngestRun:
    """Run ``python -m loaders ingest FOLDER --db DB`` and return what it said."""
    result = subprocess.run(
        [sys.executable, "-m", "loaders", "ingest", str(folder), "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=INGEST_TIMEOUT_S,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    return IngestRun(result.returncode, result.stdout, result.stderr, folder)
