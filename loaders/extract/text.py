"""Views of a document that the extractor's parts share: prose sentences
with their lines, and cleaned cell text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.readers.ir import Document, Heading, Paragraph, Table
from loaders.readers.normalize import collapse_spaces


@dataclass(frozen=True)
class Line:
    """One paragraph or heading, whitespace collapsed. `heading` is the
    numbering level (1 一、 … 4 （1）) or None for a plain paragraph."""

    text: str
    line: int
    heading: int | None
    index: int  # position of the block in the document


def prose(doc: Document) -> list[Line]:
    out = []
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            out.append(Line(collapse_spaces(block.text), block.loc.line, block.level, index))
        elif isinstance(block, Paragraph):
            out.append(Line(collapse_spaces(block.text), block.loc.line, None, index))
    return out


def pin_line(source_lines: list[str], line: int, value: float | str, reach: int = 6) -> int:
    """The first source line from `line` on (within `reach`) that states `value`."""
    needle = f"{value:g}" if isinstance(value, float) else str(value)
    for n in range(line, min(line + reach, len(source_lines)) + 1):
        if needle in collapse_spaces(source_lines[n - 1]):
            return n
    return line


def clean_cell(text: str) -> str:
    """Cell text with whitespace removed, for matching labels."""
    return collapse_spaces(text)


_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十\d]{1,3}\)|\d{1,2}[、.](?!\d))\s*"
)
_SENTENCE_END = re.compile(r"(?<=[。;!?])")


def strip_numbering(text: str) -> str:
    """`(一)产出指标` → `产出指标`, `1.数量指标` → `数量指标`, `（1）召开…` → `召开…`."""
    return _NUMBERING.sub("", text).strip()


def tables(doc: Document) -> list[tuple[int, Table]]:
    return [(i, b) for i, b in enumerate(doc.blocks) if isinstance(b, Table)]


def sentences(text: str) -> list[str]:
    """Split a paragraph at full stops and semicolons (kept with the sentence)."""
    parts = _SENTENCE_END.split(text)
    return [p for p in parts if p.strip()]
