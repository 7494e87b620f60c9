"""Decoding the bytes of a text file: BOM, then strict UTF-8, then GB18030."""

from __future__ import annotations

import codecs
import re

from loaders.errors import ReadError

MAX_REPLACED = 8  # undecodable sequences a damaged text file may hold (or 1 in 500 characters)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")  # below 32, but not \t \n \v \f \r


def _looks_like_text(text: str) -> bool:
    """Decoded binary shows control characters; real reports have almost none."""
    if not text:
        return True
    controls = len(_CONTROL.findall(text))
    return "\x00" not in text and controls <= len(text) * 0.001


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    text, encoding = _decode(data, name)
    if not _looks_like_text(text):
        raise ReadError("binary content, not a text report", name)
    return text, encoding


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding). A BOM wins; else strict UTF-8; else strict
    GB18030 (a superset of GBK and GB2312); else BOM-less UTF-16 when the
    NUL pattern shows it. Anything else is a `ReadError`: guessing an
    encoding would put wrong characters into names."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"bad {encoding} after its byte-order mark ({exc.reason})", name
                ) from exc
    if b"\x00" not in data:
        for encoding in ("utf-8", "gb18030"):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                continue
    elif len(data) % 2 == 0:
        # UTF-16 without a BOM: ASCII characters leave NULs in every other byte.
        even, odd = data[0::2].count(0), data[1::2].count(0)
        encoding = "utf-16-le" if odd > even else "utf-16-be"
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    return _damaged(data, name)


def _damaged(data: bytes, name: str) -> tuple[str, str]:
    """A UTF-8 or GB18030 file with a few bytes that are no character (a file cut
    mid-character, stray bytes pasted into the middle): decoded with those bytes
    replaced by U+FFFD, in whichever of the two leaves fewer, rather than losing
    the whole report. The encoding names the damage; the text reader notes it."""
    if b"\x00" not in data:
        best = min(
            ((data.decode(e, errors="replace"), e) for e in ("utf-8", "gb18030")),
            key=lambda found: found[0].count("\ufffd"),
        )
        text, encoding = best
        bad = text.count("\ufffd")
        if bad <= max(MAX_REPLACED, len(text) // 500):
            return text, f"{encoding}, {bad} undecodable byte sequence(s) replaced by U+FFFD"
    raise ReadError("not a text file in UTF-8, UTF-16 or GB18030 (binary content?)", name)
