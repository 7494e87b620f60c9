"""Blocks → plain text, with the 自评表 flattened the way converters leave it.

Table shapes (shared/docs/report-layouts.md): `tab` (one row per line, cells
between tabs: the Word → text shape), `cells` (every cell on its own line
after a tab, a blank line between rows: the 攀枝花 sample's shape),
`pipe_rows` (`| a | b |`, markdown-like), `pipe_cells` (one `cell |` per
line, empty cells as bare `|` runs: HTML tables published by provincial
sites) and `spaced` (one row per line, each cell padded to its column's
widest text: `pdftotext -layout`).
"""

from __future__ import annotations

from collections.abc import Sequence

from loaders.synth.layouts import WIDTH, Block

TABLE_SHAPES = ("tab", "cells", "pipe_rows", "pipe_cells", "spaced")
_GAP = 3  # spaces between two columns of a `spaced` table


def _trim(row: Sequence[str]) -> list[str]:
    cells = list(row)
    while cells and not cells[-1]:
        cells.pop()
    return cells


def table_lines(rows: Sequence[Sequence[str]], shape: str) -> list[str]:
    """One table as text lines in `shape`."""
    out: list[str] = []
    if shape == "tab":
        for row in rows:
            cells = _trim(row)
            out.append("\t".join(cells) + ("\t" if len(cells) == 1 else ""))
    elif shape == "cells":
        for row in rows:
            out.extend(f"\t{c}" for c in _trim(row))
            out.append("")
    elif shape == "pipe_rows":
        for row in rows:
            out.append("| " + " | ".join(row) + " |")
    elif shape == "pipe_cells":
        # An HTML table cell by cell: merged (rowspan/colspan) positions are not
        # cells at all, an empty last cell of a full row prints as a bare `|`.
        for row in rows:
            cells = _trim(row)
            out.extend(f"{c} |" for c in cells if c)
            if len(cells) < len(row) and len(row) == WIDTH and any(row):
                out.append("|")
    elif shape == "spaced":
        width = max(len(row) for row in rows)
        widest = [max(len(row[c]) for row in rows if c < len(row)) for c in range(width)]
        starts = [sum(widest[:c]) + _GAP * c for c in range(width)]
        for row in rows:
            line = ""
            for c, cell in enumerate(row):
                if cell:
                    line = line.ljust(starts[c]) + cell
            out.append(line)
    else:
        raise ValueError(f"unknown table shape {shape!r}")
    return out


def to_text(blocks: Sequence[Block], shape: str) -> str:
    """The whole report as text, tables in `shape`."""
    lines: list[str] = []
    for block in blocks:
        if block.kind == "table":
            lines.extend(table_lines(block.rows, shape))
        else:
            lines.append(block.text)
    return "\n".join(lines) + "\n"
