"""Building a `Document` from a format that has no text lines of its own.

Readers of structured formats (Word, PDF, spreadsheets, HTML) add blocks in
reading order through a `DocumentBuilder`. It normalizes the text, decides
heading or paragraph by the same rule as the text reader, and renders the
document as plain text: one line per paragraph or heading and one line per
table row (cells joined by tabs). `Location.line` is the line of that
rendered text, so `Document.lines[loc.line - 1]` shows a fact in context.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from loaders.readers.ir import Block, Cell, Document, Heading, Location, Paragraph, Table
from loaders.readers.normalize import normalize_text
from loaders.readers.txt import heading_level

HEADING_MAX_CHARS = 40  # the text reader's rule: a longer numbered line is a paragraph

_LATIN_END = re.compile(r"[A-Za-z0-9.,;:%)]$")
_LATIN_START = re.compile(r"^[A-Za-z(]")
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")


def clean_text(text: str) -> str:
    """Normalize one piece of text and fold its whitespace (line breaks
    included) to single spaces."""
    return re.sub(r"\s+", " ", normalize_text(text)).strip()


def join_wrapped(parts: Sequence[str]) -> str:
    """Join the lines of one wrapped paragraph or cell.

    Chinese wraps anywhere, so lines are joined without a space, except
    between two Latin words (`total\\nbudget` → `total budget`)."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and _LATIN_END.search(out) and _LATIN_START.match(part) and out[-1].isalpha():
            out += " "
        out += part
    return out


def drop_cjk_spaces(text: str) -> str:
    """Remove single spaces a PDF's justification put between two Chinese
    characters (`服 务 对 象` → `服务对象`)."""
    return _SPACE_BETWEEN_CJK.sub("", text)


def text_block_kind(text: str, style_level: int | None = None) -> int | None:
    """The heading level of a paragraph, or None for body text.

    A numbered line (一、 （一） 1. （1）) short enough and without a comma is a
    heading, as in the text reader; a heading style (`style_level`, 0 for a
    title) makes any short text a heading."""
    level = heading_level(text)
    if level is not None and len(text) <= HEADING_MAX_CHARS and "," not in text:
        return level
    if style_level is not None and len(text) <= HEADING_MAX_CHARS * 2:
        return style_level
    return None


@dataclass
class DocumentBuilder:
    """Collects blocks in reading order and renders their text lines."""

    source: Path
    format: str
    blocks: list[Block] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def _next_line(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)

    def add_text(
        self,
        text: str,
        *,
        style_level: int | None = None,
        page: int | None = None,
        sheet: str | None = None,
        cell: str | None = None,
    ) -> Block | None:
        """Add a paragraph or heading; empty text is skipped. Returns the block."""
        text = clean_text(text)
        if not text:
            return None
        loc = Location(line=self._next_line(text), page=page, sheet=sheet, cell=cell)
        level = text_block_kind(text, style_level)
        block: Block = Paragraph(text, loc) if level is None else Heading(text, level, loc)
        self.blocks.append(block)
        return block

    def add_table(
        self,
        rows: Sequence[Sequence[str]],
        *,
        pages: Sequence[int | None] | None = None,
        sheet: str | None = None,
        cell_refs: Sequence[Sequence[str | None]] | None = None,
    ) -> Table | None:
        """Add a table from rows of cell texts (a merged cell already once,
        its spanned positions empty). Trailing all-empty rows and tables
        without any text are dropped. `pages` gives each row's page,
        `cell_refs` each cell's spreadsheet reference."""
        cleaned = [[clean_text(c) for c in row] for row in rows]
        keep = [i for i, row in enumerate(cleaned) if any(row)]
        if not keep:
            return None
        out_rows: list[tuple[Cell, ...]] = []
        first_loc: Location | None = None
        for i in keep:
            page = pages[i] if pages is not None else None
            line = self._next_line("\t".join(cleaned[i]))
            refs = cell_refs[i] if cell_refs is not None else None
            cells = tuple(
                Cell(
                    text,
                    Location(line=line, page=page, sheet=sheet, cell=refs[j] if refs else None),
                )
                for j, text in enumerate(cleaned[i])
            )
            out_rows.append(cells)
            if first_loc is None:
                first_loc = Location(line=line, page=page, sheet=sheet)
        assert first_loc is not None
        table = Table(rows=tuple(out_rows), loc=first_loc)
        self.blocks.append(table)
        return table

    def note(self, message: str) -> None:
        """Record a reader-level observation; it names the file."""
        self.notes.append(f"{self.source.name}: {message}")

    def build(self) -> Document:
        return Document(
            source=self.source,
            format=self.format,
            blocks=self.blocks,
            notes=self.notes,
            lines=self.lines,
        )
