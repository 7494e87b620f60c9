"""Tables a converter left one cell per line, indented by spaces.

The tab-led shape (every cell on its own line after a tab) with the tab
turned into spaces: a wrapped cell's continuation lines are not indented,
and blank lines come between cells or rows. A converter that trims trailing
whitespace prints an empty cell as a blank line too, so blank lines mark
rows only when every gap is one blank line; otherwise each cell is a row of
its own and the extractor rebuilds the rows from the form's words, as it
does for `cell |` streams.

Indented or wrapped paragraphs are not cells: a block needs several short
cells, some of them bare figures, at one indentation.
"""

from __future__ import annotations

import re

from loaders.readers.spaced import Rows, indent_of, join_wrapped, spaced_table

_FIGURE = re.compile(r"[-+≥≤=<>]?\d[\d.,]*%?")
_MIN_CELLS = 6
_SHORT_CELL = 20
_MAX_BLANK_RUN = 8  # blank lines between two cells (empty cells print as blank lines)
_ROW_CELLS = 12  # the most cells a form's row has


def is_indented_cell(line: str) -> bool:
    """A line indented by two or more spaces holding one cell."""
    return line.startswith("  ") and bool(line.strip()) and "\t" not in line


def indented_cells(lines: list[str], start: int) -> tuple[Rows | None, int]:
    """Cells one per line, indented like the line at `start`, continuation
    lines (not indented) appended to the cell above. Blank lines are rows'
    ends when every gap is one blank line; when gaps vary, empty cells
    printed as blank lines are mixed in and rows cannot be told, so each
    cell is a row of its own (the extractor rebuilds the rows). None (and
    the end of the lines looked at) when the cells are not a table."""
    indent = indent_of(lines[start])
    cells: list[tuple[list[str], int]] = []
    gaps: list[int] = []
    j, n, blank = start, len(lines), 0
    end = start
    while j < n:
        line = lines[j]
        s = line.strip()
        if not s:
            blank += 1
            if blank > _MAX_BLANK_RUN:
                break
        elif is_indented_cell(line) and abs(indent_of(line) - indent) <= 1:
            if "  " in s and spaced_table(lines, j)[0] is not None:
                break  # rows of cells: a space-aligned table starts here
            if cells:
                gaps.append(blank)
            cells.append(([s], j + 1))
            blank, end = 0, j + 1
        elif cells and blank == 0 and indent_of(line) < indent and "\t" not in line:
            cells[-1][0].append(s)
            end = j + 1
        else:
            break
        j += 1
    texts = [(join_wrapped(parts), line) for parts, line in cells]
    short = [t for t, _ in texts if len(t) <= _SHORT_CELL]
    figures = sum(1 for t in short if _FIGURE.fullmatch(t.replace(" ", "")))
    if len(texts) < _MIN_CELLS or len(short) < 0.6 * len(texts) or figures < 2:
        return None, max(end, start + 1)
    if len(texts) <= _ROW_CELLS and _margin_row_follows(lines, j):
        return None, end  # the tail of a row that starts at the margin: see below
    return _cell_rows(texts, gaps), end


def _margin_row_follows(lines: list[str], j: int) -> bool:
    """Does a short line at the margin, its own cell, come at j after blank
    lines, with indented cells after it? Then the cells are a stream whose
    rows start at the margin and go on indented, a row at a time; the text
    reader leaves such streams as short paragraphs, which the extractor puts
    back into rows."""
    if j >= len(lines) or j == 0 or lines[j - 1].strip():
        return False
    s = lines[j].strip()
    if not s or indent_of(lines[j]) >= 2 or len(s) > _SHORT_CELL:
        return False
    nxt = next((ln for ln in lines[j + 1 : j + 4] if ln.strip()), "")
    return is_indented_cell(nxt)


def _cell_rows(texts: list[tuple[str, int]], gaps: list[int]) -> Rows:
    if not any(g == 0 for g in gaps) or any(g > 1 for g in gaps):
        return [[cell] for cell in texts]
    rows: Rows = [[texts[0]]]
    for cell, gap in zip(texts[1:], gaps, strict=True):
        if gap:
            rows.append([cell])
        else:
            rows[-1].append(cell)
    return rows
