"""A PDF page's text lines cut into pieces at their wide gaps.

A line of a table without ruling lines is its cells side by side, with
gaps between them of at least `CELL_GAP` character sizes (a word space is
a third of one): cut there, each piece (`Chunk`) is the text of one cell
on that line. Lines whose heights overlap are taken together: in a table
whose cells are centred vertically, the lines of one row sit half a line
apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import inf
from statistics import median
from typing import Any

CELL_GAP = 0.8  # character sizes: a gap this wide (or wider) separates two cells
WORD_GAP = 3.0  # pt: a narrower gap joins two characters without a space (as pdfplumber does)
WRAP_GAP = 1.0  # character sizes: at most the gap between two lines of one wrapped cell
MAX_LINE_GAP = 2.0  # character sizes: a wider vertical gap ends a table
SAME_SIZE = 0.6  # pt: font sizes this close are one size
OVERLAP = 1.0  # pt: lines whose heights overlap by more are one line (of a centred row)
_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")  # ABCDEF+FontName: a subset of FontName

Char = Mapping[str, Any]
Band = tuple[float, float]


def is_cjk(char: Char) -> bool:
    return ord(char["text"][:1] or " ") > 0x2E80


def line_font(chars: Sequence[Char]) -> tuple[str, float]:
    """The font and size of a line's first Chinese character (Latin digits
    often come in another font), else of its first character."""
    chosen = next((c for c in chars if is_cjk(c)), chars[0] if chars else None)
    if chosen is None:
        return ("", 0.0)
    name = _SUBSET_PREFIX.sub("", str(chosen.get("fontname", "")))
    return (name, round(float(chosen.get("size", 0.0)), 1))


@dataclass
class Chunk:
    """Text on one line with no cell-wide gap inside."""

    chars: list[Char]
    x0: float
    x1: float
    top: float
    bottom: float

    @classmethod
    def of(cls, chars: list[Char]) -> Chunk:
        return cls(
            chars,
            chars[0]["x0"],
            max(c["x1"] for c in chars),
            min(c["top"] for c in chars),
            max(c["bottom"] for c in chars),
        )

    @property
    def text(self) -> str:
        out = ""
        for prev, char in zip([None, *self.chars], self.chars, strict=False):
            if prev is not None and char["x0"] - prev["x1"] > WORD_GAP:
                out += " "
            out += char["text"]
        return out

    def overlaps(self, band: Band | list[float]) -> bool:
        return self.x0 < band[1] and band[0] < self.x1


@dataclass
class TextLine:
    """One text line, or several whose heights overlap: in a table whose
    cells are centred vertically, the lines of one row sit half a line
    apart."""

    first: int  # position of its (first) line among the page's lines
    last: int
    page: int
    top: float
    bottom: float
    size: float
    font: tuple[str, float]
    chunks: list[Chunk]

    @classmethod
    def of(cls, index: int, page: int, line: Mapping[str, Any]) -> TextLine:
        """A pdfplumber text line cut into chunks at its wide gaps."""
        chars = sorted((c for c in line["chars"] if not c["text"].isspace()), key=lambda c: c["x0"])
        size = median(float(c["size"]) for c in chars) if chars else 10.0
        chunks: list[list[Char]] = []
        for char in chars:
            if chunks and char["x0"] - max(c["x1"] for c in chunks[-1]) < CELL_GAP * size:
                chunks[-1].append(char)
            else:
                chunks.append([char])
        font = line_font(chars)
        if not any(is_cjk(c) for c in chars):
            font = ("", font[1])  # digits and Latin: any font of the size
        top, bottom = line["top"], line["bottom"]
        return cls(index, index, page, top, bottom, size, font, [Chunk.of(c) for c in chunks])

    def absorb(self, other: TextLine) -> None:
        """Take in a line whose height overlaps this one's."""
        self.last = other.last
        self.top, self.bottom = min(self.top, other.top), max(self.bottom, other.bottom)
        self.chunks = sorted([*self.chunks, *other.chunks], key=lambda c: (c.x0, c.top))
        if not self.font[0]:
            self.font = other.font

    def gap_below(self, other: TextLine) -> float:
        """The vertical gap from this line down to `other` (none across pages)."""
        return other.top - self.bottom if other.page == self.page else inf


def strips(lines: Sequence[Mapping[str, Any]], page: int) -> list[TextLine]:
    """A page's text lines (pdfplumber's, with their characters) cut into
    chunks, lines whose heights overlap taken together."""
    out: list[TextLine] = []
    for index, raw in enumerate(lines):
        line = TextLine.of(index, page, raw)
        if out and line.top < out[-1].bottom - OVERLAP:
            out[-1].absorb(line)
        else:
            out.append(line)
    return out
