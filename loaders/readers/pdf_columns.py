"""Tables without ruling lines, found by the columns of their text.

A Word table printed without borders leaves no lines for `find_tables`,
only text whose cells sit side by side: a row is a text line with wide
gaps between its cells (`pdf_text`), and consecutive such lines whose
pieces fall into the same columns are one table.

- Columns are bands of x where chunks overlap. Narrow chunks are placed
  first, so a chunk overlapping two bands is a cell merged across columns.
- A table starts at a line of two or more cells and grows down over the
  lines that fit its columns: lines of cells, text wrapping inside a cell,
  and, only if more rows follow, text on its own placed like a cell (a
  one-cell row, a label merged across columns). It ends at the first line
  that does not fit: a wide vertical gap, body text across the columns, a
  title in another font or starting where the paragraphs start.
- A table has three lines of cells, or two with three cells in one: fewer
  (label: value pairs side by side) are not a table, unless at the top or
  bottom of a page, where they may be part of a table that runs across
  the page break (`Grid.continued_by`); if not, the reader keeps the lines.
  Nor is a title spaced out character by character.
- Rows and cells are read by `pdf_rows`.

It works on pdfplumber's text lines (`extract_text_lines(return_chars=True)`)
and knows nothing of the reports' words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from loaders.readers.pdf_rows import rows
from loaders.readers.pdf_text import (
    MAX_LINE_GAP,
    SAME_SIZE,
    WRAP_GAP,
    Band,
    Chunk,
    TextLine,
    is_cjk,
    strips,
)


@dataclass
class _Bands:
    """Column bands grown chunk by chunk; disjoint by construction."""

    spans: list[list[float]] = field(default_factory=list)
    members: list[list[Chunk]] = field(default_factory=list)

    @classmethod
    def of(cls, lines: list[TextLine]) -> _Bands:
        """The columns of these lines. Narrow chunks are placed first, so a
        wide one merged across columns does not join two into one."""
        bands = cls()
        for chunk in sorted((c for ln in lines for c in ln.chunks), key=lambda c: c.x1 - c.x0):
            bands.add(chunk)
        return bands

    def hits(self, chunk: Chunk) -> list[int]:
        return [k for k, span in enumerate(self.spans) if chunk.overlaps(span)]

    def add(self, chunk: Chunk) -> None:
        hit = self.hits(chunk)
        if not hit:
            self.spans.append([chunk.x0, chunk.x1])
            self.members.append([chunk])
        elif len(hit) == 1:
            span = self.spans[hit[0]]
            span[0], span[1] = min(span[0], chunk.x0), max(span[1], chunk.x1)
            self.members[hit[0]].append(chunk)

    def width(self) -> float:
        return max(x1 for _, x1 in self.spans) - min(x0 for x0, _ in self.spans)

    def placed_like_cells(self, chunk: Chunk, hit: list[int], size: float) -> bool:
        """Is a lone piece of text placed like a cell of this table (a
        one-cell row, a label merged across columns), not like a title
        between two tables: like the cells of its column, at the left of
        the columns it spans, or centred on the whole table?"""
        tol = max(1.0, 0.2 * size)
        left, right = min(x0 for x0, _ in self.spans), max(x1 for _, x1 in self.spans)
        if abs(chunk.x0 + chunk.x1 - left - right) <= 2 * tol:
            return True
        if len(hit) > 1:
            return any(abs(self.spans[k][0] - chunk.x0) <= size / 2 for k in hit)
        return self._aligned(chunk, hit[0], tol)

    def _aligned(self, chunk: Chunk, k: int, tol: float) -> bool:
        """Is `chunk` placed like the text of column `k`: at the left, the
        centre or the right, whichever most of the column's text shares?"""
        best, at = -1, 0.0
        for side in (0.0, 0.5, 1.0):  # left, centre, right
            xs = [m.x0 + side * (m.x1 - m.x0) for m in self.members[k]]
            for x in xs:
                agree = sum(abs(o - x) <= tol for o in xs)
                if agree > best:
                    best, at = agree, abs(chunk.x0 + side * (chunk.x1 - chunk.x0) - x)
        return at <= tol


@dataclass
class Grid:
    """A table without ruling lines: its text lines, on one page or run on
    over several."""

    lines: list[TextLine]
    raw: list[Mapping[str, Any]]  # the pdfplumber lines it was found in
    tentative: bool = False  # too few cells, at a page's edge: a table only if run on

    @property
    def start(self) -> int:
        return self.lines[0].first

    @property
    def stop(self) -> int:
        return self.lines[-1].last + 1

    def columns(self) -> list[Band]:
        """Each column's x extent, left to right."""
        return sorted((x0, x1) for x0, x1 in _Bands.of(self.lines).spans)

    def continued_by(self, more: Grid) -> bool:
        """Does `more` (the table opening the next page) carry on this one:
        in its fonts, most cells of one part in the other part's columns?"""
        last_page = [line for line in self.lines if line.page == self.lines[-1].page]

        def fit(part: list[TextLine], columns: list[Band]) -> bool:
            chunks = [c for line in part if len(line.chunks) >= 2 for c in line.chunks]
            placed = sum(any(c.overlaps(band) for band in columns) for c in chunks)
            return bool(chunks) and placed >= 0.8 * len(chunks)

        return (
            more.lines[0].page == self.lines[-1].page + 1
            and _same_font(more.lines[0], self.lines)
            and (fit(more.lines, self.columns()) or fit(last_page, more.columns()))
        )

    def extend(self, more: Grid) -> None:
        """Take in the part of the table on the next page."""
        self.lines += more.lines
        self.raw += more.raw
        self.tentative = False

    def cells(self) -> tuple[list[list[str]], list[int]]:
        """The rows of cell texts, and the page of each row."""
        return rows(self.lines, self.columns())


def find_grids(
    lines: Sequence[Mapping[str, Any]], page: int, body_edges: set[float] | None = None
) -> list[Grid]:
    """Tables without ruling lines among a page's text lines.

    Parameters
    ----------
    lines
        pdfplumber text lines with their characters, top to bottom.
    page
        The page number, kept on each line.
    body_edges
        Where the document's paragraphs start (`body_edges`): text on its
        own that starts there ends a table.

    Returns
    -------
    list[Grid]
        The tables, each on a run of consecutive lines.
    """
    found = strips(lines, page)
    grids: list[Grid] = []
    i = 0
    while i < len(found):
        region = _grow(found, i, body_edges or set())
        if region is None:
            i += 1
            continue
        done = grids[-1].stop if grids else 0
        before = [s for s in found[:i] if s.first >= done]
        region = _above(before, region, page_top=not grids) + region
        cells = [s for s in region if len(s.chunks) >= 2]
        several = len(cells) >= 3 or (len(cells) == 2 and max(len(s.chunks) for s in cells) >= 3)
        at_edge = region[0] is found[0] or region[-1] is found[-1]
        if _letter_spaced(cells) or not (several or at_edge):
            # Two lines of two pieces (label: value pairs) are not a table, nor is one
            # line of cells: at a page's top or bottom they may be part of one run on
            # across the page break (tentative: kept as lines if nothing carries on).
            i += 1
            continue
        raw = list(lines[region[0].first : region[-1].last + 1])
        grids.append(Grid(region, raw, tentative=not several))
        i = found.index(region[-1]) + 1
    return grids


# ------------------------------------------------------------------ finding
def _letter_spaced(lines: list[TextLine]) -> bool:
    """Are these lines text spaced out character by character (a title set
    as 部　门　整　体), not cells: mostly pieces of one Chinese character?"""
    chunks = [c for line in lines for c in line.chunks]
    return 2 * sum(len(c.chars) == 1 and is_cjk(c.chars[0]) for c in chunks) >= len(chunks)


def body_edges(pages: Sequence[Sequence[Mapping[str, Any]]]) -> set[float]:
    """Where a document's paragraphs start: the left ends shared by many of
    its long lines of running text (at least 60% as wide as their page's
    text; a fifth of them start at the margin or the first-line indent, a
    wide cell of a table is one of a few).

    Parameters
    ----------
    pages
        Each page's pdfplumber text lines.

    Returns
    -------
    set[float]
        The x positions, rounded to the point.
    """
    starts: Counter[float] = Counter()
    for page, lines in enumerate(pages):
        page_lines = strips(lines, page)
        if not page_lines:
            continue
        left = min(c.x0 for s in page_lines for c in s.chunks)
        right = max(c.x1 for s in page_lines for c in s.chunks)
        starts.update(
            round(s.chunks[0].x0)
            for s in page_lines
            if len(s.chunks) == 1 and s.chunks[0].x1 - s.chunks[0].x0 >= 0.6 * (right - left)
        )
    total = sum(starts.values())
    return {x for x, n in starts.items() if n >= max(2, total / 5)}


def _same_font(line: TextLine, lines: list[TextLine]) -> bool:
    return any(
        line.font[0] in (other.font[0], "") and abs(line.font[1] - other.font[1]) <= SAME_SIZE
        for other in lines
    )


def _fits(
    line: TextLine, region: list[TextLine], bands: _Bands, body_edges: set[float]
) -> str | None:
    """Does `line` (just below the region) belong to its table? "row" for a
    line of cells in its columns or text wrapping in a cell; "maybe" for a
    piece of text that belongs only if more rows follow (a label merged
    across columns, a one-cell row); None for a line that ends the table."""
    above = region[-1]
    gap = above.gap_below(line)
    if gap > MAX_LINE_GAP * max(line.size, above.size):
        return None
    if len(line.chunks) >= 2:  # a line of cells, in the table's columns and size
        sized = any(abs(line.size - other.size) <= SAME_SIZE for other in region)
        return "row" if sized and any(bands.hits(c) for c in line.chunks) else None
    if not _same_font(line, region):
        return None
    (chunk,) = line.chunks
    hit = bands.hits(chunk)
    wraps = gap <= WRAP_GAP * line.size
    running = any(abs(chunk.x0 - x) <= 1.0 for x in body_edges)  # starts like a paragraph
    if len(hit) == 1 and wraps:
        return "row"  # text wrapping in a cell
    if running and len(hit) != 1 and chunk.x1 - chunk.x0 >= 0.6 * bands.width():
        return None  # running text across the columns
    if wraps and any(abs(c.x0 - chunk.x0) <= line.size / 2 for c in above.chunks):
        return "row"  # text wrapping in a cell merged across columns
    if not hit:  # a column of its own: close below the table, it may be a cell centred down
        return "maybe" if wraps else None
    # Text on its own between rows: a one-cell row or a label merged across
    # columns, unless it starts where the page's paragraphs do and not where
    # the table's cells do (a title between two tables).
    return "maybe" if bands.placed_like_cells(chunk, hit, line.size) or not running else None


def _grow(lines: list[TextLine], start: int, body_edges: set[float]) -> list[TextLine] | None:
    """The lines of a table starting at line `start`, if that is a line
    of two or more cells."""
    if len(lines[start].chunks) < 2:
        return None
    region = [lines[start]]
    pending: list[TextLine] = []
    bands = _Bands.of(region)
    for line in lines[start + 1 :]:
        fit = _fits(line, region + pending, bands, body_edges)
        if fit is None:
            pending = []  # a merged label or one-cell row must have rows after it
            break
        if fit == "maybe":
            pending.append(line)
            continue
        region += [*pending, line]
        pending = []
        bands = _Bands.of(region)
    region += pending  # one-cell rows ending the page: the table runs on
    return region


def _above(before: list[TextLine], region: list[TextLine], page_top: bool) -> list[TextLine]:
    """Lines just above a table's first line of cells that belong to it:
    text in one of its columns, wrapping down to the table (a first cell
    of two lines, centred beside one-line cells), or, at the very top of a
    page, every line above (rows of a table run on from the page before,
    one cell each)."""
    bands = _Bands.of(region)

    def sits(line: TextLine) -> bool:
        return (
            len(line.chunks) == 1
            and _same_font(line, region)
            and len(bands.hits(line.chunks[0])) == 1
        )

    if not before:
        return []
    below = [*before[1:], region[0]]
    if page_top and all(
        (sits(line) or (len(line.chunks) >= 2 and any(bands.hits(c) for c in line.chunks)))
        and line.gap_below(nxt) <= MAX_LINE_GAP * line.size
        for line, nxt in zip(before, below, strict=True)
    ):
        return before
    taken: list[TextLine] = []
    for line, nxt in reversed(list(zip(before, below, strict=True))):
        if not sits(line) or line.gap_below(nxt) > WRAP_GAP * line.size:
            break
        taken.insert(0, line)
    return taken
