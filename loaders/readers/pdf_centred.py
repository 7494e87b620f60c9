"""The rows of a table without ruling lines whose cells are centred down.

In such a table a cell's text sits in the middle of its row: beside a cell
of two lines, a cell of one line sits half a line lower, and a cell merged
down over several rows sits in the middle of them, often across the line
between two of them. Where the rows are set solid (no paragraph spacing in
the cells) the gap between two rows is the gap between two lines of one
cell, so a row cannot be told by a gap alone. It is read cell by cell:

- Columns made only by text merged across two (`real_columns`) are not
  columns: its text goes to the first of the two.
- In each column, its lines are joined into cells (`pdf_cells`).
- A cell that reaches down over two cells of another column is merged down
  over their rows (a row header on the table's left).
- Rows are the runs of the other cells that overlap one another from top to
  bottom: a cell of a row lies within its row, a row starts where no cell
  of the row above goes on.
- A cell is cut in two where it is two cells of two rows read as one:
  centred where none of its row is, its upper and lower lines centred with
  the cells beside each; or, read as merged down, with a cell starting on
  its left at one of its lines.
- A cell merged down goes into the first row it reaches; `pdf_rows` moves
  it up to the first row of its merged cell.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from loaders.readers.pdf_cells import Cell, Placed, cells
from loaders.readers.pdf_text import CELL_GAP, OVERLAP, Band, Chunk


@dataclass
class Slab:
    """A row: its extent down the page and the chunks of each column."""

    page: int
    top: float
    bottom: float
    cells: dict[int, list[Chunk]] = field(default_factory=dict)


def real_columns(columns: list[Band], chunks: list[Chunk], size: float) -> list[Band]:
    """The columns less those made by text merged across two: centred in
    its cell, a short such text sits in the gap between them, nearer to
    the one on its left than two cells of a line ever are, or within the
    reach of that one's own text (a line centred on it that runs over).
    Its text goes to that one, the first it is merged across."""

    def own(k: int) -> list[Chunk]:
        return [
            c
            for c in chunks
            if c.overlaps(columns[k])
            and not any(c.overlaps(other) for j, other in enumerate(columns) if j != k)
        ]

    members = [own(k) for k in range(len(columns))]
    centres = [Counter(round(c.x0 + c.x1) for c in m).most_common(1) for m in members]

    def inside_left(k: int) -> bool:
        """Does a line centred on column `k - 1` reach over column `k`
        (and not over `k - 2`: it is that column's own text)?"""
        if not centres[k - 1]:
            return False
        middle = centres[k - 1][0][0] / 2
        before = columns[k - 2] if k > 1 else None
        return any(
            abs((c.x0 + c.x1) / 2 - middle) <= 1.5
            and c.overlaps(columns[k])
            and not (before is not None and c.overlaps(before))
            for c in chunks
        )

    keep = []
    for k, band in enumerate(columns):
        near = k > 0 and all(c.x0 - columns[k - 1][1] < CELL_GAP * size for c in members[k])
        if not members[k] or not (near or (k > 0 and inside_left(k))):
            keep.append(band)
    return keep


def slabs(
    placed: Placed, columns: list[Band], row_gap: float | None, size: float, page: int
) -> list[Slab]:
    """The rows of one page of a table whose cells are centred down."""
    found = cells(placed, columns, row_gap, size)
    while True:
        merged = [c for c in found if _merged_down(c, found)]
        groups = _rows([c for c in found if not any(c is m for m in merged)])
        split = _crossed(merged, found, size) or _off_centre(groups, size)
        if split is None:
            break
        cell, at = split
        found.append(Cell(cell.col, cell.lines[at:]))
        del cell.lines[at:]
    out = [Slab(page, min(c.top for c in g), max(c.bottom for c in g)) for g in groups]
    for group, row in zip(groups, out, strict=True):
        for cell in group:
            row.cells.setdefault(cell.col, []).extend(c for line in cell.lines for c in line)
    for cell in merged:
        first = next((r for r in out if cell.top < r.bottom - OVERLAP), None)
        if first is None:
            first = Slab(page, cell.top, cell.bottom)
            out.append(first)
        first.cells.setdefault(cell.col, []).extend(c for line in cell.lines for c in line)
    return out


def _merged_down(cell: Cell, cells: list[Cell]) -> bool:
    """Does it reach over two cells of another column?"""
    reached: Counter[int] = Counter(
        other.col for other in cells if other.col != cell.col and cell.overlaps(other)
    )
    return any(n >= 2 for n in reached.values())


def _crossed(merged: list[Cell], cells: list[Cell], size: float) -> tuple[Cell, int] | None:
    """A text read as a cell merged down that cannot be one, and where to
    cut it: a cell starts on its left at one of its lines below the first,
    and the lines above and below that are centred with the cells beside
    them. Only the row headers on a table's left are merged down (as
    `pdf_rows` assumes): a cell beside another on its left that starts
    lower is in a row below."""
    plain = [c for c in cells if not any(c is m for m in merged)]
    for cell in merged:
        for at, line in enumerate(cell.lines[1:], start=1):
            top = min(c.top for c in line)
            left = any(o.col < cell.col and abs(o.top - top) <= size / 2 for o in cells)
            if left and _centred_apart(cell, at, plain, size):
                return cell, at
    return None


def _centred_apart(cell: Cell, at: int, others: list[Cell], size: float) -> bool:
    """Are the lines of `cell` above `at` and those from `at` each centred
    with the cells beside them (or beside none, but not both)? The cells
    on its right tell, where there are any: on the left, a row header
    merged down sits in the middle of its rows, not of this one."""
    right = [o for o in others if o.col > cell.col and cell.overlaps(o)]
    others = right or [o for o in others if o.col != cell.col]
    seen = False
    for part in (cell.lines[:at], cell.lines[at:]):
        piece = Cell(cell.col, part)
        beside = [o for o in others if piece.overlaps(o)]
        if beside and not _near(_middle(part), [_middle(o.lines) for o in beside], size):
            return False
        seen = seen or bool(beside)
    return seen


def _rows(cells: list[Cell]) -> list[list[Cell]]:
    """Cells that overlap one another from top to bottom, one row each."""
    rows: list[list[Cell]] = []
    bottom = 0.0
    for cell in sorted(cells, key=lambda c: c.top):
        if rows and cell.top < bottom - OVERLAP:
            rows[-1].append(cell)
            bottom = max(bottom, cell.bottom)
        else:
            rows.append([cell])
            bottom = cell.bottom
    return rows


def _off_centre(rows: list[list[Cell]], size: float) -> tuple[Cell, int] | None:
    """A cell of several lines centred where no other cell of its row is,
    whose first lines are centred with some cells of the row and the rest
    with others (or with nothing beside them): two cells of two rows, read
    as one (a short last line of one and the first line of the next, where
    nothing shows the row between them), and where to cut it."""
    for row in rows:
        for cell in row:
            others = [o for o in row if o is not cell]
            middles = [_middle(o.lines) for o in others]
            if len(cell.lines) < 2 or _near(_middle(cell.lines), middles, size):
                continue
            for at in range(1, len(cell.lines)):
                if _centred_apart(cell, at, others, size):
                    return cell, at
    return None


def _middle(lines: list[list[Chunk]]) -> float:
    return (min(c.top for c in lines[0]) + max(c.bottom for c in lines[-1])) / 2


def _near(y: float, ys: list[float], size: float) -> bool:
    return any(abs(y - other) <= size / 4 for other in ys)
