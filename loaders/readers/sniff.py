"""What a file really is, judged by its first bytes.

Published reports often carry the wrong suffix: a `.doc` that is HTML or RTF
(saved from a website), a `.txt` that is a zip, a `.xls` that is an
`.xlsx`. `sniff_format` looks at the magic numbers (zip, OLE, PDF, RTF,
HTML) and, for zips and OLE files, at the names of the parts inside.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from loaders.errors import UnsupportedFormat
from loaders.readers.zipguard import OLE_MAGIC, ZIP_DAMAGE

_HEAD_BYTES = 4096
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html)[\s>]", re.I | re.S
)
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _ole_format(path: Path) -> str | None:
    """doc / xls for an OLE compound file, by the streams it names."""
    data = path.read_bytes()
    if _utf16("EncryptedPackage") in data:
        return None  # a password-protected .docx/.xlsx: its suffix says which
    if _utf16("WordDocument") in data:
        return "doc"
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return "xls"
    return None


def _zip_format(path: Path) -> str | None:
    """docx / xlsx for an Office Open XML zip, by its main part."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except ZIP_DAMAGE:
        return None  # damaged: the reader for its suffix reports it
    if "word/document.xml" in names or any(n.startswith("word/") for n in names):
        return "docx"
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "mimetype" in names or "content.xml" in names:
        raise UnsupportedFormat(
            "an OpenDocument file (.odt/.ods): save it as .docx or .xlsx first", path.name
        )
    raise UnsupportedFormat("a zip archive that is not a Word or Excel file", path.name)


def sniff_format(path: Path) -> str | None:
    """The format the content shows, or None when the bytes do not tell
    (plain text, or a damaged file whose suffix must decide).

    Raises `UnsupportedFormat` for content no reader takes (images, other
    zip archives)."""
    with path.open("rb") as fh:
        head = fh.read(_HEAD_BYTES)
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_format(path)
    if head.startswith(OLE_MAGIC):
        return _ole_format(path)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(_IMAGE_MAGIC):
        raise UnsupportedFormat(
            "an image (a scan?): it holds no text; run OCR on it first", path.name
        )
    text_head = head.lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(text_head):
        return "html"
    return None
