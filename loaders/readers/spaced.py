"""Tables a converter laid out with spaces instead of tabs: space-aligned rows.

`pdftotext -layout` and Word's "save as text with layout" print a table one
row per line, cells apart by runs of two or more spaces, columns roughly
aligned, an empty cell only a wider gap; a cell too long for its column
wraps onto continuation lines that hold text only in its own column. (The
other spaced shape, cells one per line indented by spaces, is read by
`loaders.readers.indented`.)

Columns are the start positions that two or more lines share, counted in
characters (as `pdftotext` places text) or in display width, a CJK
character two columns wide (as an editor lines text up), whichever lines the
pieces up better. Each line's pieces are then matched to them in order (a
small dynamic programme), so a piece pushed right by a long cell before it
(a converter that pads cells to a minimum width) or moved left by a
character that normalisation made narrower still lands in its column, and a
gap wider than one column leaves the columns between empty. Lines of one
piece (a label alone in its row, a title) stay in the table unless the
cells after them stand on columns of their own: a second table printed
right under the first.

Prose is never a table here: a block needs two lines of three or more cells
whose starts line up; a heading with its page number, `label:  value`
lines, two-column page layouts and titles spaced out character by character
have at most two pieces a line, or pieces of one character.

This module knows no report's words. It returns rows of `(text, line)`
pairs; the text reader makes them cells.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import pairwise
from unicodedata import east_asian_width

from loaders.readers.wraps import Segment, Wraps

Rows = list[list[tuple[str, int]]]

SEGMENT = re.compile(r"\S+(?: \S+)*")  # text with single spaces inside
_MIN_RICH_LINES = 2  # lines with three or more cells a table needs
_MIN_ALIGNED = 0.5  # share of the rich lines' pieces that start at a column
_LABEL_MAX = 30  # an unindented line inside a table: a label alone in its row
_MERGE = 4.0  # the cost of reading a piece as more text of the cell before it


def row_segments(line: str) -> list[Segment] | None:
    """The cells of a line split at runs of 2+ spaces, or None when the line
    has fewer than two, or is a title spaced out one character at a time."""
    s = line.strip()
    if "  " not in s or "\t" in line or s.startswith("|") or s.endswith("|"):
        return None  # pipe tables padded with spaces are pipe tables
    segs = [(m.start(), m.end(), m.group()) for m in SEGMENT.finditer(line)]
    if len(segs) < 2:
        return None
    if len(segs) >= 3 and all(len(t) == 1 and not t.isdigit() for _, _, t in segs):
        return None
    return segs


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


# ------------------------------------------------------------------ space-aligned rows
def spaced_table(lines: list[str], start: int) -> tuple[Rows | None, int]:
    """The rows of a space-aligned table starting at `start` (a line with
    `row_segments`), and the index after it. None (and the end of the run of
    lines looked at) when the lines are not a table."""
    members, end = _collect(lines, start)
    members = _one_grid(members)
    if len(members) > 1:
        end = members[-1][0] + 1
    if sum(len(segs) >= 3 for _, segs in members) < _MIN_RICH_LINES:
        return None, end
    best: tuple[float, list[tuple[int, list[Segment]]], list[int]] | None = None
    for placed in (members, _in_display_columns(lines, members)):
        anchors = _anchors(placed)
        if len(anchors) >= 3:
            share = _aligned_share([segs for _, segs in placed if len(segs) >= 3], anchors)
            if share >= _MIN_ALIGNED and (best is None or share > best[0]):
                best = (share, placed, anchors)
    if best is None:
        return _delimited(members), end
    _, members, anchors = best
    while len(members[-1][1]) == 1 and _distance(members[-1][1][0][0], anchors) > 1:
        members.pop()  # an indented paragraph after the table
    anchors = _with_lone_columns(members, anchors)
    end = members[-1][0] + 1
    return _rows(members, anchors), end


def _in_display_columns(
    lines: list[str], members: list[tuple[int, list[Segment]]]
) -> list[tuple[int, list[Segment]]]:
    """The pieces placed by display width, a wide (CJK) character taking two
    columns: how an editor or a monospaced printout lines text up."""
    out = []
    for j, segs in members:
        col = [0]
        for ch in lines[j]:
            col.append(col[-1] + (2 if east_asian_width(ch) in "WF" else 1))
        out.append((j, [(col[x], col[e], text) for x, e, text in segs]))
    return out


def _delimited(members: list[tuple[int, list[Segment]]]) -> Rows | None:
    """Rows whose cells are apart by one wide space each (an ideographic
    space, read as two spaces), not aligned: a table when every line with
    two or more cells has the same number of them, three or more, and every
    gap is that one space."""
    counts = {len(segs) for _, segs in members if len(segs) > 1}
    if len(counts) != 1 or counts.pop() < 3:
        return None
    if any(b[0] - a[1] != 2 for _, segs in members for a, b in pairwise(segs)):
        return None  # gaps of other widths: text laid out some other way
    return [[(text, j + 1) for _, _, text in segs] for j, segs in members]


def _collect(lines: list[str], start: int) -> tuple[list[tuple[int, list[Segment]]], int]:
    """Consecutive lines that can be rows: lines of cells, indented lines (a
    row whose first cells are empty, or a wrapped cell), a short unindented
    line followed by a line of cells (a label alone in its row), and a
    blank line followed by a line of cells (a page break inside the table)."""
    members: list[tuple[int, list[Segment]]] = []
    j, n = start, len(lines)
    while j < n:
        line = lines[j]
        segs = row_segments(line)
        if segs:
            members.append((j, segs))
        elif "\t" in line:
            break
        elif (s := line.strip()) and members:
            lead = indent_of(line)
            if lead < 2 and not (len(s) <= _LABEL_MAX and _labels_then_row(lines, j)):
                break
            members.append((j, [(lead, lead + len(s), s)]))
        elif not s and members and j + 1 < n and row_segments(lines[j + 1]):
            pass
        else:
            break
        j += 1
    return members, j


def _one_grid(members: list[tuple[int, list[Segment]]]) -> list[tuple[int, list[Segment]]]:
    """The lines up to where another table begins: after lines of one piece
    (a title, a caption), a line of cells whose starts do not fall on the
    columns of the lines before (a table printed right under another)."""
    t = 1
    while t < len(members):
        if len(members[t][1]) > 1:
            t += 1
            continue
        run_end = t
        while run_end < len(members) and len(members[run_end][1]) == 1:
            run_end += 1
        if run_end < len(members) and _new_grid(members[:t], members[run_end:]):
            return members[:t]
        t = run_end
    return members


def _new_grid(
    before: list[tuple[int, list[Segment]]], after: list[tuple[int, list[Segment]]]
) -> bool:
    """Do the lines of cells `after` stand on columns where no line `before`
    has a cell (a third of theirs, the left margin aside)?"""
    starts = {x for _, segs in before for x in _unpushed(segs)}
    rows = [m for m in after if len(m[1]) > 1][:3]  # the next table's head, not its body
    inner = (_anchors(rows) or _unpushed(rows[0][1]))[1:]
    new = [x for x in inner if x not in starts]  # exactly: the next table's may be near
    return len(before) > 1 and len(new) >= max(1, len(inner) / 3)


def _labels_then_row(lines: list[str], j: int) -> bool:
    """Is the short line j one of at most three labels alone in their rows,
    followed by a line of cells?"""
    for k in range(j + 1, min(j + 4, len(lines))):
        if row_segments(lines[k]):
            return True
        s = lines[k].strip()
        if not s or len(s) > _LABEL_MAX or "  " in s or indent_of(lines[k]) >= 2:
            return False
    return False


def _with_lone_columns(members: list[tuple[int, list[Segment]]], anchors: list[int]) -> list[int]:
    """The columns plus those only one line has (a header's last column over
    empty cells): a piece that starts right of where the text of the column
    before it ends."""
    ends = [anchors[j] + 1 for j in range(len(anchors))]
    pieces = [seg for _, segs in members for seg in _in_place(segs, anchors)]
    for x, end, _ in pieces:
        j = bisect_left(anchors, x - 1)
        merged = j + 1 < len(anchors) and end >= anchors[j + 1]  # text across columns
        if j < len(anchors) and abs(anchors[j] - x) <= 1 and not merged:
            ends[j] = max(ends[j], end)
    lone: list[int] = []
    for x, _, _ in pieces:
        j = bisect_left(anchors, x) - 1
        if j >= 0 and x > ends[j] + 1 and _distance(x, anchors + lone) > 1:
            lone.append(x)
    return sorted(anchors + lone)


def _in_place(segs: list[Segment], anchors: list[int]) -> list[Segment]:
    """A line's pieces up to the first one that may stand right of its place:
    one right after the piece before (`_unpushed`), or after a piece that ran
    over the next column's start."""
    out = segs[: len(_unpushed(segs))]
    for k, (x, end, _) in enumerate(out[:-1]):
        nxt = bisect_left(anchors, x + 2)
        if nxt < len(anchors) and end > anchors[nxt]:
            return out[: k + 1]
    return out


def _anchors(members: list[tuple[int, list[Segment]]]) -> list[int]:
    """Column starts: positions (within one character of each other) where
    pieces of two or more lines start."""
    lines_at: dict[int, set[int]] = {}
    for j, segs in members:
        for x in _unpushed(segs):
            lines_at.setdefault(x, set()).add(j)
    clusters: list[list[int]] = []
    for x in sorted(lines_at):
        if clusters and x - clusters[-1][-1] <= 1:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    return [
        max(cluster, key=lambda p: (len(lines_at[p]), -p))
        for cluster in clusters
        if len(set().union(*(lines_at[p] for p in cluster))) >= 2
    ]


def _unpushed(segs: list[Segment]) -> list[int]:
    """The starts of a line's pieces up to the first that follows the one
    before at the narrowest gap: that one may have been pushed right by a
    cell too wide for its column, and with it every piece after it."""
    out = [segs[0][0]]
    for prev, seg in pairwise(segs):
        if seg[0] - prev[1] <= 2:
            break
        out.append(seg[0])
    return out


def _distance(x: int, anchors: list[int]) -> int:
    return min(abs(x - a) for a in anchors)


def _aligned_share(rich: list[list[Segment]], anchors: list[int]) -> float:
    pieces = [x for segs in rich for x in _unpushed(segs)]
    return sum(_distance(x, anchors) <= 1 for x in pieces) / len(pieces)


def _place(x: int, j: int, shift: int, anchors: list[int]) -> float:
    """How badly a piece starting at `x` fits column `j`; `shift` is how far
    the cells before it pushed it right."""
    best = float("inf")
    for pos in (x, x - shift) if shift > 0 else (x,):
        a = anchors[j]
        nxt = anchors[j + 1] if j + 1 < len(anchors) else 1 << 30
        if pos < a:
            cost = float(a - pos)
        elif pos < nxt - 1:
            cost = 0.25 * (pos - a)  # inside the column: centred or right-aligned text
        else:
            cost = float(pos - a)
        best = min(best, cost)
    return best


def _push(seg: Segment, j: int, start_shift: int, anchors: list[int]) -> int:
    """How far a cell ending with `seg`, in column `j`, pushes the next one."""
    overflow = seg[1] + 2 - anchors[j + 1] if j + 1 < len(anchors) else 0
    return max(0, start_shift, overflow)


def assign(segs: list[Segment], anchors: list[int]) -> list[int]:
    """The column of each piece: in order, each piece in a column right of
    the one before or merged into it, at the least total misfit."""
    at = {a + d: j for j, a in enumerate(anchors) for d in (1, -1, 0)}
    direct = [at.get(x, -1) for x, _, _ in segs]
    if -1 not in direct and all(a < b for a, b in pairwise(direct)):
        return direct  # every piece where a column starts: most lines
    m, inf = len(anchors), float("inf")
    cost = [[inf] * m for _ in segs]
    shift = [[0] * m for _ in segs]
    back = [[-1] * m for _ in segs]
    x0 = segs[0][0]
    for j in range(m):
        cost[0][j] = _place(x0, j, 0, anchors)
        shift[0][j] = _push(segs[0], j, max(0, x0 - anchors[j]), anchors)
    for i in range(1, len(segs)):
        x = segs[i][0]
        merge = _MERGE if x - segs[i - 1][1] <= 3 else 3 * _MERGE
        for j in range(m):
            best, came, pushed = (
                cost[i - 1][j] + merge,
                j,
                _push(segs[i], j, shift[i - 1][j], anchors),
            )
            for k in range(j):
                if cost[i - 1][k] == inf:
                    continue
                c = cost[i - 1][k] + _place(x, j, shift[i - 1][k], anchors)
                if c < best:
                    best, came = c, k
                    pushed = _push(segs[i], j, max(0, x - anchors[j]), anchors)
            cost[i][j], back[i][j], shift[i][j] = best, came, pushed
    j = min(range(m), key=lambda c: cost[-1][c])
    cols = [0] * len(segs)
    for i in range(len(segs) - 1, -1, -1):
        cols[i] = j
        j = back[i][j]
    return cols


def _rows(members: list[tuple[int, list[Segment]]], anchors: list[int]) -> Rows:
    placed: list[tuple[int, dict[int, Segment]]] = []
    for j, segs in members:
        cells: dict[int, Segment] = {}
        for seg, col in zip(segs, assign(segs, anchors), strict=True):
            if col in cells:  # one cell's text with a wide space inside
                x, _, text = cells[col]
                cells[col] = (x, seg[1], f"{text} {seg[2]}")
            else:
                cells[col] = seg
        placed.append((j, cells))
    wraps = Wraps(placed, anchors)
    rows: list[tuple[int, dict[int, list[str]]]] = []
    for t, (j, cells) in enumerate(placed):
        if rows and wraps.cont[t]:
            for col, seg in cells.items():
                rows[-1][1][col].append(seg[2])
        else:
            rows.append((j, {col: [seg[2]] for col, seg in cells.items()}))
    return [
        [(join_wrapped(texts.get(col, [])), j + 1) for col in range(len(anchors))]
        for j, texts in rows
    ]


def join_wrapped(parts: list[str]) -> str:
    """A wrapped cell's lines as one text: a space only between two words."""
    text = ""
    for part in parts:
        if text and text[-1].isascii() and text[-1].isalpha() and part[0].isascii():
            text += " "
        text += part
    return text
