"""The rows and cells of a table found by its text columns (`pdf_columns`).

Each chunk goes into the column it overlaps (a chunk across columns is a
cell merged across them: split at a gap inside it that falls between them,
else kept whole in the first). Lines are grouped into rows. Where the
vertical gaps between lines come in two sizes (cell padding or paragraph
spacing between rows), a wide gap above a chunk, in its column or across
the table, starts a row. Where all gaps are alike, a chunk starts a row
unless the text above it in its column ran to the column's edge and went
on. A table whose cells are centred vertically (lines of one row half a
line apart) is read cell by cell instead (`pdf_centred`): there a text
line can sit across the line between two rows. The text of a cell merged
down over several rows sits in the middle of them: it is moved up to the
first, where a table with ruling lines has it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from math import inf
from statistics import median

from loaders.readers import pdf_centred
from loaders.readers.builder import join_wrapped
from loaders.readers.pdf_text import OVERLAP, WORD_GAP, WRAP_GAP, Band, Char, Chunk, TextLine


def _place(chunk: Chunk, columns: list[Band], centred: bool = False) -> list[tuple[int, Chunk]]:
    """The column of a chunk; a chunk across columns is split at a gap
    inside it that falls between them, else kept whole in the first. A
    chunk in no column goes to the nearest (where cells are centred: to
    the one on its left, the first of the columns it is merged across)."""
    hit = [k for k, band in enumerate(columns) if chunk.overlaps(band)]
    if not hit and centred:
        return [(max([0, *(k for k, (x0, _) in enumerate(columns) if x0 <= chunk.x0)]), chunk)]
    if not hit:
        return [(min(range(len(columns)), key=lambda k: abs(columns[k][0] - chunk.x0)), chunk)]
    parts: list[tuple[int, Chunk]] = []
    current: list[Char] = []
    col = hit[0]
    for prev, char in zip([None, *chunk.chars], chunk.chars, strict=False):
        if prev is not None and char["x0"] - prev["x1"] >= WORD_GAP:
            nxt = next(
                (k for k in hit if k > col and prev["x1"] <= columns[k][0] <= char["x0"] + 0.5),
                None,
            )
            if nxt is not None:
                parts.append((col, Chunk.of(current)))
                current, col = [], nxt
        current.append(char)
    parts.append((col, Chunk.of(current)))
    return parts


Placed = list[tuple[TextLine, list[tuple[int, Chunk]]]]


def _row_gap(lines: list[TextLine]) -> float | None:
    """The vertical gap above which text starts a new row.

    Between two lines of a table the gap is a wrap inside a cell (the line
    spacing) or a row boundary (that plus cell padding or paragraph
    spacing). Where both show, the limit is halfway across the first wide
    jump between the sorted gaps; where all gaps are alike (no wrapped
    cells, or rows with no space between them) there is none."""
    gaps = sorted(a.gap_below(b) for a, b in pairwise(lines))
    size = median(line.size for line in lines)
    for low, high in pairwise(gaps):
        if high == inf:
            break
        if high - low > 0.4 * size:
            return (low + high) / 2 if low <= WRAP_GAP * size else None
    return None


@dataclass
class _Row:
    page: int
    top: float
    bottom: float
    cells: dict[int, list[Chunk]] = field(default_factory=dict)

    def texts(self, width: int) -> list[str]:
        """Each column's text: its lines top to bottom joined as a wrapped
        cell, two chunks of one line joined with a space."""
        out = []
        for k in range(width):
            lines: list[list[Chunk]] = []
            for chunk in sorted(self.cells.get(k, []), key=lambda c: (c.top, c.x0)):
                if lines and chunk.top < lines[-1][-1].bottom - OVERLAP:
                    lines[-1].append(chunk)
                else:
                    lines.append([chunk])
            out.append(join_wrapped([" ".join(c.text for c in line) for line in lines]))
        return out


def _inner_rights(placed: Placed, columns: list[Band]) -> list[float]:
    """Where text in each column must wrap: the column's right end, but at
    least the narrowest gap between two cells short of the next column (a
    cell merged across a column's empty neighbour can reach further)."""
    gutters = [
        b.x0 - a.x1
        for _, parts in placed
        for (ca, a), (cb, b) in pairwise(parts)
        if cb != ca and abs(a.top - b.top) < OVERLAP and b.x0 > a.x1
    ]
    gutter = min(gutters, default=0.0)
    nexts = [x0 for x0, _ in columns[1:]] + [inf]
    return [min(x1, nxt - gutter) for (_, x1), nxt in zip(columns, nexts, strict=True)]


def rows(lines: list[TextLine], columns: list[Band]) -> tuple[list[list[str]], list[int]]:
    centred = any(line.first != line.last for line in lines)
    if centred:
        size = median(line.size for line in lines)
        columns = pdf_centred.real_columns(columns, [c for ln in lines for c in ln.chunks], size)
    placed: Placed = [
        (ln, [p for c in ln.chunks for p in _place(c, columns, centred)]) for ln in lines
    ]
    row_gap = _row_gap(lines)
    rights = _inner_rights(placed, columns)

    def wrapped(chunk: Chunk, size: float) -> bool:
        """Did the text run to its cell's right edge (the edge of the column
        it ends in), so that it goes on on the next line?"""
        # A text ending left of every column (a damaged file's coordinates) is the first's.
        right = rights[max((k for k, (x0, _) in enumerate(columns) if x0 < chunk.x1), default=0)]
        return right - 1.5 * size <= chunk.x1 <= right + 0.3 * size

    size = median(line.size for line in lines)
    if centred:
        slabs = _centred_rows(placed, columns, row_gap, size)
        _recentre(slabs, len(columns), size)
        return [row.texts(len(columns)) for row in slabs], [row.page for row in slabs]
    rows: list[_Row] = []
    for line, parts in placed:
        row = rows[-1] if rows else None

        def fresh(col: int, chunk: Chunk, line: TextLine = line, row: _Row | None = row) -> bool:
            """Does `chunk`, in column `col`, start a new cell?"""
            if row is None or row.page != line.page:
                return True
            above = row.cells.get(col)
            limit = row_gap if row_gap is not None else WRAP_GAP * line.size
            if chunk.top - row.bottom > limit:
                return True  # a gap across the whole table
            if not above:
                # Beside the row's cells: a cell centred down the row, or in a table
                # of top-aligned cells with nothing between rows, the next row.
                return row_gap is None and not centred
            if chunk.top - above[-1].bottom > limit:
                return True
            return row_gap is None and not wrapped(above[-1], line.size)

        if row is None or any(fresh(col, chunk) for col, chunk in parts):
            row = _Row(line.page, line.top, line.bottom)
            rows.append(row)
        for col, chunk in parts:
            row.cells.setdefault(col, []).append(chunk)
        row.bottom = max(row.bottom, line.bottom)
    return [row.texts(len(columns)) for row in rows], [row.page for row in rows]


def _centred_rows(
    placed: Placed, columns: list[Band], row_gap: float | None, size: float
) -> list[_Row]:
    """The rows of a table whose cells are centred down (`pdf_centred`), page by page."""
    out: list[_Row] = []
    for page in sorted({line.page for line, _ in placed}):
        chunks = [p for line, parts in placed if line.page == page for p in parts]
        out.extend(
            _Row(s.page, s.top, s.bottom, s.cells)
            for s in pdf_centred.slabs(chunks, columns, row_gap, size, page)
        )
    return out


def _recentre(rows: list[_Row], width: int, size: float) -> None:
    """Move the text of a cell merged down over several rows to the first
    of them, where a table with ruling lines has it: in a table whose cells
    are centred vertically it sits in the middle of its rows.

    Only cells of the row headers on a table's left are merged down this
    way: nothing is on the left of the rows a text moves over. Merged
    cells tile their column, so each text's rows start right after
    the previous text's rows end: the text moves up there when it is
    centred on the rows from there down to one before the next text (on
    one page: a cell split by a page break has its text on the first). The
    chain starts at a column's first text, which stays, breaks at a text
    centred on no such rows, and starts again at one centred on its own row
    and the rows below. Where the text is not centred on the rows from
    where the chain gives, its rows start at the first row below that it
    is centred on (that row's cell in this column is a text merged across
    from the left, or the rows of the text before were read short)."""
    for k in range(width):
        filled = [r for r, row in enumerate(rows) if k in row.cells]
        free: int | None = None  # where the next text's rows start, while the chain holds
        for i, r in enumerate(filled):
            stop = filled[i + 1] if i + 1 < len(filled) else len(rows)
            pieces = rows[r].cells[k]
            centre = (min(c.top for c in pieces) + max(c.bottom for c in pieces)) / 2
            # A merged cell split by a page break shows its text on the first page:
            # on the next, the rows above a text in its column may start its cell.
            after = filled[i - 1] + 1 if i else r
            start = free if free is not None else after
            start = min(j for j in range(start, r + 1) if rows[j].page == rows[r].page)
            if free is None and start < r and rows[after].page == rows[r].page:
                start = r  # the chain is broken on this page
            if any(c <= k for j in range(start, r) for c in rows[j].cells):
                start = r  # a merged row header: nothing on its left in the rows it spans

            # the rows the chain gives, else the first from there it is centred on
            # (a text merged across from the left can fill this column's next row)
            ends: list[int] = []
            for first in range(start, r + 1):
                ends = _centred_on(rows, first, r, stop, centre, size)
                if ends:
                    start = first
                    break
            if not ends:
                free = None
                continue
            if start < r:
                rows[start].cells[k] = rows[r].cells.pop(k)
            free = ends[0] + 1


def _centred_on(
    rows: list[_Row], start: int, r: int, stop: int, centre: float, size: float
) -> list[int]:
    """The rows `e` from `r` to before `stop` (on `r`'s page) such that
    the rows from `start` to `e` have their middle at `centre`."""
    return [
        e
        for e in range(r, stop)
        if rows[e].page == rows[r].page
        and abs((rows[start].top + rows[e].bottom) / 2 - centre) <= size / 2
    ]
