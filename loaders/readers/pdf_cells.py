"""A centred table's text lines joined into the texts of its cells.

Used by `pdf_centred`. In each column, a line runs on into the line just
below it when the two are aligned (at the left, the centre or the right)
and as far apart as the lines of one paragraph, and

- the table's gaps come in two sizes and this is the small one; or
- (rows set solid, all gaps alike) the line is too long to have taken the
  next line's first word: together they are wider than the widest text of
  the cell's columns; or a line on its right sits centred across the two,
  or a cell of just two lines on its right is level with them (one row
  holds one cell per column);

unless a column beside them has two cells of one line level with the two
(two rows), or the lower line closes a bracket the upper left open.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median

from loaders.readers.pdf_text import OVERLAP, WRAP_GAP, Band, Char, Chunk, is_cjk

_SLACK = 0.2  # character sizes: text widths measured apart differ by this much
_SAME_GAP = 0.25  # character sizes: gaps between lines of a paragraph differ by less
_CLOSING = set("。，、；：？！）」』】》”’.,;:?!)%")
_OPENING = set("(（[【《“‘")

Placed = Sequence[tuple[int, Chunk]]  # (column, chunk), of one page


@dataclass
class Cell:
    """The lines of one cell's text, in one column, top to bottom."""

    col: int
    lines: list[list[Chunk]] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(c.top for c in self.lines[0])

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.lines[-1])

    def overlaps(self, other: Cell) -> bool:
        return other.top < self.bottom - OVERLAP and self.top < other.bottom - OVERLAP


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


def cells(placed: Placed, columns: list[Band], row_gap: float | None, size: float) -> list[Cell]:
    """Each column's lines joined into the texts of its cells.

    Parameters
    ----------
    placed
        The chunks of one page of the table, each with its column.
    columns
        The table's columns.
    row_gap
        The gap above which a line starts a row, where the table's gaps
        come in two sizes (`pdf_rows`); None where they are all alike.
    size
        The table's character size.

    Returns
    -------
    list[Cell]
        The cells, column by column, top to bottom.
    """
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

    def level(line: list[Chunk]) -> float:
        return (min(c.top for c in line) + max(c.bottom for c in line)) / 2

    wrapping = {
        (col, i): wraps(a, b)
        for col, lines in enumerate(per_column)
        for i, (a, b) in enumerate(pairwise(lines))
    }

    def apart(col: int, i: int, joined: dict[tuple[int, int], bool], but: int = -1) -> bool:
        """Does another column (but `but`) have two cells of one line beside
        lines `i` and `i + 1` of column `col`, at their heights (lines that
        are not `joined`): two rows?"""
        a, b = per_column[col][i], per_column[col][i + 1]
        for other, lines in enumerate(per_column):
            if other in (col, but):
                continue
            for j, (p, q) in enumerate(pairwise(lines)):
                same = abs(level(p) - level(a)) <= size / 4 and abs(level(q) - level(b)) <= size / 4
                if same and not joined[(other, j)]:
                    return True
        return False

    def beside_one(col: int, above: list[Chunk], line: list[Chunk]) -> bool:
        """Does a column on the right have a cell of just two lines, level
        with these two: one row, so one cell in this column too?"""
        return any(
            wrapping[(other, j)]
            and not apart(other, j, wrapping, but=col)
            and not wrapping.get((other, j - 1), False)
            and not wrapping.get((other, j + 1), False)
            and abs(level(p) - level(above)) <= size / 4
            and abs(level(q) - level(line)) <= size / 4
            for other in range(col + 1, len(per_column))
            for j, (p, q) in enumerate(pairwise(per_column[other]))
        )

    pairs = {
        (col, i): wrapping[(col, i)]
        or (row_gap is None and close(a, b) and (straddled(col, a, b) or beside_one(col, a, b)))
        for col, lines in enumerate(per_column)
        for i, (a, b) in enumerate(pairwise(lines))
    }

    cells: list[Cell] = []
    for col, lines in enumerate(per_column):
        for i, line in enumerate(lines):
            if (
                i
                and pairs[(col, i - 1)]
                and (row_gap is not None or _bracketed(lines, i) or not apart(col, i - 1, pairs))
            ):
                cells[-1].lines.append(line)
            else:
                cells.append(Cell(col, [line]))
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
