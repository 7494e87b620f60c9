"""The format-neutral document model every reader produces.

A reader turns one file into a `Document`: an ordered list of blocks
(`Heading`, `Paragraph`, `Table`), each carrying the `Location` it came
from. The extractor works on this model only, so it never knows whether a
fact came from a text file, a Word table or a spreadsheet cell.

Text in every block is already normalized (see `loaders.readers.normalize`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """Where a piece of text came from.

    `line` is 1-based and always set: the line of a text file, or the
    running line number of a reader's rendered text for other formats
    (one per paragraph, one per table row). `page` (PDF), `sheet` and
    `cell` (spreadsheets, "B7") are set when the format has them.
    """

    line: int
    page: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def describe(self) -> str:
        """A short human form: "p.3 line 41", "sheet 自评表 B7", "line 12"."""
        parts = []
        if self.page is not None:
            parts.append(f"p.{self.page}")
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.cell is not None:
            parts.append(self.cell)
        else:
            parts.append(f"line {self.line}")
        return " ".join(parts)


@dataclass(frozen=True)
class Heading:
    """A numbered or titled heading. `level`: 1 for 一、, 2 for （一）, 3 for 1., 4 for （1）;
    0 for a document title."""

    text: str
    level: int
    loc: Location


@dataclass(frozen=True)
class Paragraph:
    text: str
    loc: Location


@dataclass(frozen=True, init=False)
class Cell:
    text: str
    loc: Location

    def __init__(self, text: str, loc: Location) -> None:
        # Frozen all the same: set once, here, in the instance's dict. The __init__ a frozen
        # dataclass gets calls object.__setattr__ per field, ~0.3 µs more a cell, and a
        # text reader makes ~90 cells a report (~2% of an ingest worker's time).
        self.__dict__["text"] = text
        self.__dict__["loc"] = loc


@dataclass(frozen=True)
class Table:
    """Rows of cells in reading order. A merged cell appears once, in its
    first row and column; the positions it spans hold empty cells, so
    columns stay aligned. Rows may have different lengths."""

    rows: tuple[tuple[Cell, ...], ...]
    loc: Location

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


Block = Heading | Paragraph | Table


@dataclass
class Document:
    """One read file. `notes` are reader-level observations that are not
    errors (a scanned page with no text, an empty sheet skipped)."""

    source: Path
    format: str
    blocks: list[Block]
    notes: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    """The document as plain text, one entry per source line, so a fact's
    line can be shown in context. Readers of non-text formats render it."""

    def iter_text(self) -> Iterator[tuple[str, Location]]:
        """Every paragraph and heading text, and every table row joined by
        tabs, in document order."""
        for block in self.blocks:
            if isinstance(block, Table):
                for row in block.rows:
                    if row:
                        yield "\t".join(c.text for c in row), row[0].loc
            else:
                yield block.text, block.loc
