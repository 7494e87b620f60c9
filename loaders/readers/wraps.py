"""Which lines of a space-aligned table go on the cells of the line above.

`pdftotext -layout` wraps a cell too long for its column onto the next
lines, which then hold text only in that cell's columns; nothing else marks
them, and a row whose other cells are empty looks the same. See `Wraps`.
"""

from __future__ import annotations

from bisect import bisect_left

Segment = tuple[int, int, str]  # start, end (columns in the line), text

_PAD = 4  # the most spaces between a column's widest text and the next column
_SENTENCE = 20  # characters: a cell this long is running text, not a label or a figure


class Wraps:
    """Which lines go on the cells of the line above: a cell too long for its
    column wraps onto the next lines, which hold text only in its columns.

    A line continues the one above when each of its pieces sits under a piece
    that filled its column (reached as far right as the column's widest text,
    give or take a little, and no further) and is no wider than it. A line
    with as many cells as a row's first line is a row of its own, unless
    these are running text (a row of goals, every cell wrapping). And a piece
    as long as the one above must go on again on the next line: a row of
    cells as wide as their column (`生态效益指标` under `社会效益指标`) is a
    row of its own."""

    def __init__(self, placed: list[tuple[int, dict[int, Segment]]], anchors: list[int]) -> None:
        self.placed, self.anchors = placed, anchors
        self.right = [a + 1 for a in anchors]
        for _, cells in placed:
            for col, seg in cells.items():
                if self._last_column(seg) == col:  # not merged across columns
                    self.right[col] = max(self.right[col], seg[1])
        under = [False] * len(placed)
        for t in range(1, len(placed)):
            under[t] = self._under(t, partial_above=under[t - 1])
        # Backwards: a line goes on a cell only if the cell stops or goes on after it.
        self.cont = [False] * len(placed)
        for t in range(len(placed) - 1, 0, -1):
            if under[t]:
                self.cont[t] = self._stops_or_goes_on(t)

    def _last_column(self, seg: Segment) -> int:
        return max(0, bisect_left(self.anchors, seg[1]) - 1)

    def _full(self, seg: Segment) -> bool:
        last = self._last_column(seg)
        right = self.right[last]
        slack = 1 + 0.15 * (right - self.anchors[last])
        # Past the column's edge it was not wrapped there: it ran over (a converter that
        # pads cells to a width lets a long one push the rest of the line right). And a
        # wrapped line ends where the next column's padding begins, not far before it.
        nxt = self.anchors[last + 1] if last + 1 < len(self.anchors) else seg[1]
        return len(seg[2]) >= 2 and right - slack <= seg[1] <= right + 1 and nxt - seg[1] <= _PAD

    def _under(self, t: int, partial_above: bool) -> bool:
        """Can line t be more of the cells of line t - 1?"""
        (above_line, above), (line, cells) = self.placed[t - 1], self.placed[t]
        if line != above_line + 1 or not cells.keys() <= above.keys():
            return False
        for col, piece in cells.items():
            cell = above[col]
            if not self._full(cell) or piece[1] > self.right[self._last_column(cell)] + 1:
                return False
        return (
            len(cells) < len(above)
            or partial_above
            or all(len(above[c][2]) >= _SENTENCE for c in cells)
        )

    def _stops_or_goes_on(self, t: int) -> bool:
        above, cells = self.placed[t - 1][1], self.placed[t][1]
        going_on = {col for col, seg in cells.items() if seg[1] >= above[col][1]}
        if not going_on:
            return True
        nxt = t + 1
        return nxt < len(self.placed) and self.cont[nxt] and going_on <= self.placed[nxt][1].keys()
