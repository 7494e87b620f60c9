"""A spreadsheet's cells as document blocks (shared by .xlsx and .xls).

A sheet is cut into runs of consecutive non-empty rows. A run in which some
row holds two or more cells is a table (a 自评表 drawn as a grid of merged
cells); the one-cell rows at its top and bottom (a title merged across the
form, a 填表人 line) are paragraphs. A run of one-cell rows is prose, one
paragraph per row. A merged range's text sits in its top-left cell and the
cells it covers are empty, so columns stay aligned.

Values are shown as Excel shows them: whole numbers without `.0`, the
number format's decimals and percent sign, dates as dates.
"""

from __future__ import annotations

import datetime as dt
import re

from loaders.readers.builder import DocumentBuilder

MAX_CELLS_PER_SHEET = 200_000
_DECIMALS = re.compile(r"0\.(0+)")


def column_letter(col: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def format_value(value: object, number_format: str = "General") -> str:
    """A cell value as the spreadsheet displays it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date):
        if isinstance(value, dt.datetime) and value.time() == dt.time(0):
            value = value.date()
        if (
            "年" in number_format
            and isinstance(value, dt.date)
            and not isinstance(value, dt.datetime)
        ):
            return f"{value.year}年{value.month}月{value.day}日"
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, int | float):
        return _format_number(float(value), number_format)
    return str(value)


def _format_number(value: float, number_format: str) -> str:
    fmt = number_format.split(";")[0]
    match = _DECIMALS.search(fmt)
    decimals = len(match.group(1)) if match else (0 if re.search(r"[0#]", fmt) else None)
    if "%" in fmt:
        value *= 100
    if decimals is None:
        text = repr(round(value, 9))
        text = text[:-2] if text.endswith(".0") else text
    else:
        text = f"{value:,.{decimals}f}" if "," in fmt else f"{value:.{decimals}f}"
    return text + ("%" if "%" in fmt else "")


def add_sheet(builder: DocumentBuilder, sheet: str, cells: dict[tuple[int, int], str]) -> bool:
    """Add one sheet's blocks; `cells` maps (row, column), 1-based, to the
    displayed text of non-empty cells. Returns False for an empty sheet."""
    cells = {k: v.strip() for k, v in cells.items() if v and v.strip()}
    if not cells:
        return False
    by_row: dict[int, list[int]] = {}
    for r, c in sorted(cells):
        by_row.setdefault(r, []).append(c)
    run: list[int] = []
    for r in sorted(by_row):
        if run and r != run[-1] + 1:
            _add_run(builder, sheet, run, by_row, cells)
            run = []
        run.append(r)
    _add_run(builder, sheet, run, by_row, cells)
    return True


def _add_run(
    builder: DocumentBuilder,
    sheet: str,
    rows: list[int],
    by_row: dict[int, list[int]],
    cells: dict[tuple[int, int], str],
) -> None:
    multi = [r for r in rows if len(by_row[r]) >= 2]
    if not multi:
        for r in rows:
            _add_line(builder, sheet, r, by_row, cells)
        return
    first, last = rows.index(multi[0]), rows.index(multi[-1])
    for r in rows[:first]:
        _add_line(builder, sheet, r, by_row, cells)
    body = rows[first : last + 1]
    cols = sorted({c for r in body for c in by_row.get(r, [])})
    left, right = cols[0], cols[-1]
    builder.add_table(
        [[cells.get((r, c), "") for c in range(left, right + 1)] for r in body],
        sheet=sheet,
        cell_refs=[[f"{column_letter(c)}{r}" for c in range(left, right + 1)] for r in body],
    )
    for r in rows[last + 1 :]:
        _add_line(builder, sheet, r, by_row, cells)


def _add_line(
    builder: DocumentBuilder,
    sheet: str,
    r: int,
    by_row: dict[int, list[int]],
    cells: dict[tuple[int, int], str],
) -> None:
    for c in by_row[r]:
        builder.add_text(cells[(r, c)], sheet=sheet, cell=f"{column_letter(c)}{r}")
