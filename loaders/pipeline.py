"""One file in, one extracted record out: read → extract → validate.

`extract_file` is a pure function of one file (no database, no shared
state), so a batch can be mapped over processes or machines.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from loaders.errors import LoaderError, ReadError
from loaders.model import Report, Source

# The largest file read, by format: text reports are kilobytes (the biggest sample is 16 KB),
# Word/PDF files with scans can be tens of megabytes (the dashboard accepts uploads ≤ 100 MB).
MAX_BYTES = {"txt": 8 * 2**20, "html": 16 * 2**20, "rtf": 64 * 2**20}
MAX_DOCUMENT_BYTES = 160 * 2**20


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


def check_size(path: Path, fmt: str) -> None:
    """Refuse a file far larger than any report of its format (`ReadError`):
    reading it would take minutes and gigabytes (a 20 MB text file: ~3 min)."""
    limit = MAX_BYTES.get(fmt, MAX_DOCUMENT_BYTES)
    size = path.stat().st_size
    if size > limit:
        raise ReadError(
            f"too large for a report: {size / 2**20:.0f} MB "
            f"(the limit for {fmt} files is {limit / 2**20:.0f} MB)",
            path.name,
        )


def extract_text(text: str, name: str = "snippet.txt") -> Report:
    """Extract a report given as text (a pasted snippet, a scorer's inline case):
    the text reader and the extractor, as for a .txt file."""
    from loaders.extract.report import extract_report
    from loaders.readers.txt import read_text

    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return extract_report(read_text(text, Path(name)), Source(file=name, sha256=sha, format="txt"))


def extract_file(path: Path) -> ExtractResult:
    """Read and extract one report. Bad input gives status "failed" with a
    one-line error naming the file; it never raises `LoaderError`."""
    # The extractor and the readers are imported here, where they run: an ingest's writer
    # imports this module for ExtractResult and sha256_of, and never extracts (~0.08 s).
    from loaders.extract.report import extract_report
    from loaders.readers import format_of, read

    sha = sha256_of(path)
    try:
        fmt = format_of(path)
        check_size(path, fmt)
        doc = read(path, fmt)
    except LoaderError as exc:
        return ExtractResult(path, sha, None, None, "failed", error=str(exc))
    record = extract_report(doc, Source(file=path.name, sha256=sha, format=fmt, reader=fmt))
    status = "partial" if record.warnings or doc.notes else "ok"
    return ExtractResult(
        path, sha, fmt, record, status, notes=list(doc.notes), lines=list(doc.lines)
    )
