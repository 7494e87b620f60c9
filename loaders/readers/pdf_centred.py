"""The rows of a table without ruling lines whose cells are centred down.

In such a table a cell's text sits in the middle of its row: beside a cell
of two lines, a cell of one line sits half a line lower, and a cell merged
down over several rows sits in the middle of them, often across the line
between two of them. Where the rows are set solid (no paragraph spacing in
the cells) the gap between two rows is the gap between two lines of one
cell, so a row cannot be told by a gap alone. It is read cell by cell:

- In each column, its lines are joined into cells: a line runs on into the
  line just below it (aligned with it at the left, the centre or the right)
  where the gaps of the table come in two sizes and this one is the small
  one, or, where all gaps are alike, where the line runs across the
  column's full width (the widest of its lines, less one character): it
  wrapped.
- A cell that reaches down over two cells of another column is merged down
  over their rows.
- Rows are the runs of the other cells that overlap one another from top to
  bottom: a cell of a row lies within its row, a row starts where no cell
  of the row above goes on.
- A cell merged down goes into the first row it reaches; `pdf_rows` moves
  it up to the first row of its merged cell.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median

from loaders.readers.pdf_text import CELL_GAP, OVERLAP, WRAP_GAP, Band, Char, Chunk, is_cjk

_SLACK = 0.2  # character sizes: text widths measured apart differ by this much
_SAME_GAP = 0.25  # character sizes: gaps between lines of a paragraph differ by less
_CLOSING = set("。，、；：？！）」』】》”’.,;:?!)%")
_OPENING = set("(（[【《“‘")

Placed = Sequence[tuple[int, Chunk]]  # (column, chunk), of one page


@dataclass
class _Cell:
    """The lines of one cell's text, in one column, top to bottom."""

    col: int
    lines: list[list[Chunk]] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(c.top for c in self.lines[0])

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.lines[-1])

    def overlaps(self, other: _Cell) -> bool:
        return other.top < self.bottom - OVERLAP and self.top < other.bottom - OVERLAP


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


def _extent(line: list[Chunk]) -> tuple[float, float]:
    return min(c.x0 for c in line), max(c.x1 for c in line)


def _hits(line: list[Chunk], columns: list[Band]) -> tuple[int, ...]:
    x0, x1 = _extent(line)
    return tuple(k for k, (a, b) in enumerate(columns) if x0 < b and a < x1)


def _column_lines(placed: Placed, width: int) -> list[list[list[Chunk]]]:
    """Each column's text lines (its chunks whose heights overlap), top down."""
    out: list[list[list[Chunk]]] = [[] for _ in range(width)]
    for col, chunk in sorted(placed, key=lambda p: (p[1].top, p[1].x0)):
        lines = out[col]
        if lines and chunk.top < max(c.bottom for c in lines[-1]) - OVERLAP:
            lines[-1].append(chunk)
        else:
            lines.append([chunk])
    return out


def _aligned(a: list[Chunk], b: list[Chunk], tol: float) -> bool:
    """Do two lines start, end or centre at the same x?"""
    (a0, a1), (b0, b1) = _extent(a), _extent(b)
    return min(abs(a0 - b0), abs(a1 - b1), abs(a0 + a1 - b0 - b1) / 2) <= tol


def _cells(placed: Placed, columns: list[Band], row_gap: float | None, size: float) -> list[_Cell]:
    """Each column's lines joined into the texts of its cells."""
    per_column = _column_lines(placed, len(columns))

    widest = _widest(per_column, columns)
    gaps = [
        _gap(a, b)
        for lines in per_column
        for a, b in pairwise(lines)
        if 0 <= _gap(a, b) <= WRAP_GAP * size
    ]
    leading = median(gaps) if gaps else 0.0  # between two lines of one paragraph

    def close(above: list[Chunk], line: list[Chunk]) -> bool:
        """Is `line` aligned with `above` and as far below it as the lines
        of a paragraph are (where rows are set solid, a line half a line
        lower is in a cell of another row)?"""
        solid = min(WRAP_GAP * size, leading + _SAME_GAP * size)
        limit = row_gap if row_gap is not None else solid
        return _gap(above, line) <= limit and _aligned(above, line, size / 2)

    def wraps(above: list[Chunk], line: list[Chunk]) -> bool:
        """Is `line` close below `above`, aligned with it, and too long to
        have gone on on it: `above` and the first word of `line` are wider
        together than the widest text of their cells?"""
        if not close(above, line):
            return False
        if row_gap is not None:
            return True  # a small gap: the line spacing inside a cell
        x0, x1 = _extent(above)
        room = widest[(columns_of(above), _hits(above, columns))] - _SLACK * size
        if _word_broken(above, line):  # a word too long for the cell: `above` fills it
            return x1 - x0 + _first_char(line) > room
        return x1 - x0 + _first_word(line) > room

    def columns_of(line: list[Chunk]) -> int:
        return next(k for k, lines in enumerate(per_column) if any(line is ln for ln in lines))

    def straddled(col: int, above: list[Chunk], line: list[Chunk]) -> bool:
        """Does a line of a column on the right sit across the two, centred
        on them: one row, so one cell in this column? (On the left, a row
        header merged down sits across rows.)"""
        top, bottom = min(c.top for c in above), max(c.bottom for c in line)
        middle = max(c.bottom for c in above)
        return any(
            min(c.top for c in other) < middle - OVERLAP
            and max(c.bottom for c in other) > min(c.top for c in line) + OVERLAP
            and top - OVERLAP <= min(c.top for c in other)
            and max(c.bottom for c in other) <= bottom + OVERLAP
            for lines in per_column[col + 1 :]
            for other in lines
        )

    pairs = {
        (col, i): wraps(a, b) or (row_gap is None and close(a, b) and straddled(col, a, b))
        for col, lines in enumerate(per_column)
        for i, (a, b) in enumerate(pairwise(lines))
    }

    def level(line: list[Chunk]) -> float:
        return (min(c.top for c in line) + max(c.bottom for c in line)) / 2

    def apart(col: int, i: int) -> bool:
        """Does another column have two cells of one line beside lines `i`
        and `i + 1` of column `col`, at their heights: two rows?"""
        a, b = per_column[col][i], per_column[col][i + 1]
        for other, lines in enumerate(per_column):
            if other == col:
                continue
            for j, (p, q) in enumerate(pairwise(lines)):
                same = abs(level(p) - level(a)) <= size / 4 and abs(level(q) - level(b)) <= size / 4
                if same and not pairs[(other, j)]:
                    return True
        return False

    cells: list[_Cell] = []
    for col, lines in enumerate(per_column):
        for i, line in enumerate(lines):
            if (
                i
                and pairs[(col, i - 1)]
                and (row_gap is not None or _bracketed(lines, i) or not apart(col, i - 1))
            ):
                cells[-1].lines.append(line)
            else:
                cells.append(_Cell(col, [line]))
    return cells


def _bracketed(lines: list[list[Chunk]], i: int) -> bool:
    """Does line `i` close a bracket that the line above it left open?"""
    above, line = _text(lines[i - 1]), _text(lines[i])
    return any(
        above.count(o) > above.count(c) and c in line
        for o, c in zip("(（[【", ")）]】", strict=True)
    )


def _text(line: list[Chunk]) -> str:
    return "".join(c["text"] for c in _chars(line))


def _widest(
    per_column: list[list[list[Chunk]]], columns: list[Band]
) -> dict[tuple[int, tuple[int, ...]], float]:
    """The widest text line of each column, among the lines that span the
    same columns (a text merged across columns has the width of those).
    In a column of centred cells, only lines centred where most of its
    lines are count: a text merged across it and its empty neighbour sits
    in the middle of both and can be wider than any cell of its own."""
    out: dict[tuple[int, tuple[int, ...]], float] = {}
    for col, lines in enumerate(per_column):
        centres = Counter(
            round(sum(_extent(ln)) / 2) for ln in lines if len(_hits(ln, columns)) <= 1
        )
        common = centres.most_common(1)[0][0] if centres else None
        for line in lines:
            x0, x1 = _extent(line)
            key = (col, _hits(line, columns))
            own = len(key[1]) <= 1 and common is not None and abs((x0 + x1) / 2 - common) > 1.5
            if not own or key not in out:
                out[key] = max(out.get(key, 0.0), 0.0 if own else x1 - x0)
    return out


def _first_word(line: list[Chunk]) -> float:
    """The width of the first word of a line: one Chinese character, or
    the digits, letters and brackets before the first one, with the
    punctuation after it that no line may start with (it takes the
    character before it along to the next line)."""
    chars = _chars(line)
    n = 1
    if not is_cjk(chars[0]) or chars[0]["text"] in _OPENING:
        while n < len(chars) and (not is_cjk(chars[n]) or chars[n - 1]["text"] in _OPENING):
            n += 1
    while n < len(chars) and chars[n]["text"] in _CLOSING:
        n += 1
    return float(chars[n - 1]["x1"] - chars[0]["x0"])


def _chars(line: list[Chunk]) -> list[Char]:
    return sorted((c for chunk in line for c in chunk.chars), key=lambda c: c["x0"])


def _first_char(line: list[Chunk]) -> float:
    first = _chars(line)[0]
    return float(first["x1"] - first["x0"])


def _word_broken(above: list[Chunk], line: list[Chunk]) -> bool:
    """Do `above` and `line` meet inside a word (digits, letters): no
    Chinese character or space to break the line at?"""
    last, first = _chars(above)[-1], _chars(line)[0]
    return not is_cjk(last) and not is_cjk(first)


def _gap(above: list[Chunk], line: list[Chunk]) -> float:
    return min(c.top for c in line) - max(c.bottom for c in above)


def slabs(
    placed: Placed, columns: list[Band], row_gap: float | None, size: float, page: int
) -> list[Slab]:
    """The rows of one page of a table whose cells are centred down."""
    cells = _cells(placed, columns, row_gap, size)
    while True:
        merged = [c for c in cells if _merged_down(c, cells)]
        groups = _rows([c for c in cells if not any(c is m for m in merged)])
        split = _crossed(merged, cells, size) or _off_centre(groups, size)
        if split is None:
            break
        cell, at = split
        cells.append(_Cell(cell.col, cell.lines[at:]))
        del cell.lines[at:]
    out = [Slab(page, min(c.top for c in g), max(c.bottom for c in g)) for g in groups]
    for group, row in zip(groups, out, strict=True):
        for cell in group:
            row.cells.setdefault(cell.col, []).extend(c for line in cell.lines for c in line)
    for cell in merged:
        found = next((r for r in out if cell.top < r.bottom - OVERLAP), None)
        if found is None:
            found = Slab(page, cell.top, cell.bottom)
            out.append(found)
        found.cells.setdefault(cell.col, []).extend(c for line in cell.lines for c in line)
    return out


def _merged_down(cell: _Cell, cells: list[_Cell]) -> bool:
    """Does it reach over two cells of another column?"""
    reached: Counter[int] = Counter(
        other.col for other in cells if other.col != cell.col and cell.overlaps(other)
    )
    return any(n >= 2 for n in reached.values())


def _crossed(merged: list[_Cell], cells: list[_Cell], size: float) -> tuple[_Cell, int] | None:
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


def _centred_apart(cell: _Cell, at: int, others: list[_Cell], size: float) -> bool:
    """Are the lines of `cell` above `at` and those from `at` each centred
    with the cells beside them (or beside none, but not both)? The cells
    on its right tell, where there are any: on the left, a row header
    merged down sits in the middle of its rows, not of this one."""
    right = [o for o in others if o.col > cell.col and cell.overlaps(o)]
    others = right or [o for o in others if o.col != cell.col]
    seen = False
    for part in (cell.lines[:at], cell.lines[at:]):
        piece = _Cell(cell.col, part)
        beside = [o for o in others if piece.overlaps(o)]
        if beside and not _near(_middle(part), [_middle(o.lines) for o in beside], size):
            return False
        seen = seen or bool(beside)
    return seen


def _rows(cells: list[_Cell]) -> list[list[_Cell]]:
    """Cells that overlap one another from top to bottom, one row each."""
    rows: list[list[_Cell]] = []
    bottom = 0.0
    for cell in sorted(cells, key=lambda c: c.top):
        if rows and cell.top < bottom - OVERLAP:
            rows[-1].append(cell)
            bottom = max(bottom, cell.bottom)
        else:
            rows.append([cell])
            bottom = cell.bottom
    return rows


def _off_centre(rows: list[list[_Cell]], size: float) -> tuple[_Cell, int] | None:
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
