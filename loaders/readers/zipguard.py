"""Checks on Office files before a library opens them.

.docx and .xlsx files are zip archives. A damaged one, a password-protected
one (an OLE container holding an `EncryptedPackage`) or a zip bomb (a small
file that unpacks to gigabytes) must give a clear `ReadError`, never a
traceback or a machine out of memory.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from loaders.errors import ReadError

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # unpacked ÷ packed; Office XML compresses ~10×
MAX_ENTRIES = 20_000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# What Python's zip module raises on a damaged archive. NotImplementedError is
# a header naming a zip version or a compression method it does not know: one
# flipped byte is enough.
ZIP_DAMAGE = (
    zipfile.BadZipFile,
    OSError,
    ValueError,
    EOFError,
    zlib.error,
    NotImplementedError,
)


def is_encrypted_office(data: bytes) -> bool:
    """True for a password-protected .docx/.xlsx: Office wraps those in an
    OLE container with an `EncryptedPackage` stream."""
    return data.startswith(OLE_MAGIC) and _ENCRYPTED_PACKAGE in data


def check_office_zip(path: Path, kind: str) -> None:
    """Raise `ReadError` unless `path` is a zip archive safe to unpack.

    `kind` names the format for the message ("Word", "Excel"). The sizes
    checked are the ones the archive declares; Python's zip module never
    unpacks an entry beyond its declared size, so they bound the real cost.
    """
    name = path.name
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(OLE_MAGIC):
        if is_encrypted_office(path.read_bytes()):
            raise ReadError(
                f"the {kind} file is password-protected; save a copy without a password "
                "and load that",
                name,
            )
        raise ReadError(
            f"this is an old-style binary {kind} file saved with a new-style name; "
            "open it and save it again as a current file",
            name,
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except ZIP_DAMAGE as exc:
        raise ReadError(
            f"the {kind} file is damaged (not a valid zip archive: {exc}); "
            "ask the sender for a new copy",
            name,
        ) from exc
    if len(infos) > MAX_ENTRIES:
        raise ReadError(f"refused: the {kind} file holds {len(infos)} parts", name)
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if unpacked > MAX_UNPACKED_BYTES or (
        unpacked > 10 * 1024 * 1024 and unpacked / packed > MAX_RATIO
    ):
        raise ReadError(
            f"refused: the {kind} file would unpack to {unpacked / 1024 / 1024:.0f} MB "
            f"from {packed / 1024:.0f} KB (limit {MAX_UNPACKED_BYTES // 1024 // 1024} MB); "
            "it is damaged or malicious",
            name,
        )
    _verify_entries(path, infos, kind)


def _verify_entries(path: Path, infos: list[zipfile.ZipInfo], kind: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            for info in infos:
                with archive.open(info) as member:
                    while member.read(1 << 20):
                        pass
    except ZIP_DAMAGE as exc:
        raise ReadError(
            f"the {kind} file is damaged ({exc}); ask the sender for a new copy", path.name
        ) from exc
