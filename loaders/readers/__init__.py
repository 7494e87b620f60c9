"""One reader per format; each returns the same `Document` model.

`read(path)` picks the reader by the file's content first (a .txt that is
really a zip, a .docx that is really HTML) and by its suffix second.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from loaders.errors import UnsupportedFormat
from loaders.readers import txt
from loaders.readers.ir import Document
from loaders.readers.sniff import sniff_format

Reader = Callable[[Path], Document]


def _on_first_use(module: str) -> Reader:
    """The `read` of `loaders.readers.<module>`, imported when first called:
    the format libraries (openpyxl pulls in numpy) cost ~0.6 s to import,
    which a run over text files should not pay."""

    def read_with(path: Path) -> Document:
        document: Document = importlib.import_module(f"loaders.readers.{module}").read(path)
        return document

    read_with.__qualname__ = read_with.__name__ = f"{module}.read"
    return read_with


READERS: dict[str, Reader] = {
    "txt": txt.read,
    "docx": _on_first_use("docx"),
    "doc": _on_first_use("doc"),
    "rtf": _on_first_use("doc"),
    "pdf": _on_first_use("pdf"),
    "xlsx": _on_first_use("xlsx"),
    "xls": _on_first_use("xls"),
    "html": _on_first_use("html"),
}

SUFFIX_FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".docm": "docx",
    ".doc": "doc",
    ".wps": "doc",
    ".rtf": "rtf",
    ".pdf": "pdf",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
}


MIN_CJK_CHARS = 16
_CONTAINERS = {"docx", "xlsx", "doc", "xls", "pdf"}  # formats whose files always carry magic


def _plain_text(path: Path) -> bool:
    """The first 4 KB hold no NUL and decode as UTF-8 or GB18030 (a character cut
    at the end of the 4 KB forgiven) into Chinese text: a report, not a few stray
    ASCII bytes (those stay a damaged file of their suffix)."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head.strip() or b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        for cut in range(4 if len(head) == 4096 else 1):
            try:
                text = head[: len(head) - cut].decode(encoding)
            except UnicodeDecodeError:
                continue
            return sum("\u4e00" <= ch <= "\u9fff" for ch in text) >= MIN_CJK_CHARS
    return False


def format_of(path: Path) -> str:
    """The format name of a file: from its content when the bytes show it
    (zip, OLE, PDF, RTF, HTML magic), else from its suffix."""
    by_suffix = SUFFIX_FORMATS.get(path.suffix.lower())
    try:
        by_content = sniff_format(path)
    except OSError as exc:
        raise UnsupportedFormat(f"cannot open the file ({exc.strerror})", path.name) from exc
    fmt = by_content or by_suffix
    if by_content is None and fmt in _CONTAINERS and _plain_text(path):
        fmt = "txt"  # a text report saved under a Word/Excel/PDF name: no magic, text bytes
    if fmt is None or fmt not in READERS:
        raise UnsupportedFormat(f"no reader for '{path.suffix or '(no suffix)'}' files", path.name)
    return fmt


def read(path: Path, fmt: str | None = None) -> Document:
    """Read one file into the document model. Raises `LoaderError` on bad input.
    `fmt` is the file's `format_of`, when the caller has it already."""
    return READERS[fmt or format_of(path)](path)
