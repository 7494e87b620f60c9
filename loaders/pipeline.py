"""One file in, one extracted record out: read → extract → validate.

`extract_file` is a pure function of one file (no database, no shared
state), so a batch can be mapped over processes or machines.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from loaders.errors import LoaderError
from loaders.extract.report import extract_report
from loaders.model import Report, Source
from loaders.readers import format_of, read


@dataclass
class ExtractResult:
    path: Path
    sha256: str
    format: str | None
    record: Report | None
    status: str  # "ok" | "partial" | "failed"
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    """The document's rendered text lines (`Document.lines`): the store keeps
    them so every fact's `line` can be shown in context."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def extract_file(path: Path) -> ExtractResult:
    """Read and extract one report. Bad input gives status "failed" with a
    one-line error naming the file; it never raises `LoaderError`."""
    sha = sha256_of(path)
    try:
        fmt = format_of(path)
        doc = read(path)
    except LoaderError as exc:
        return ExtractResult(path, sha, None, None, "failed", error=str(exc))
    record = extract_report(doc, Source(file=path.name, sha256=sha, format=fmt, reader=fmt))
    status = "partial" if record.warnings or doc.notes else "ok"
    return ExtractResult(
        path, sha, fmt, record, status, notes=list(doc.notes), lines=list(doc.lines)
    )
