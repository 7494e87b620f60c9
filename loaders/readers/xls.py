"""Old Excel workbooks (.xls, BIFF), through xlrd.

Read like .xlsx (see `sheetgrid`): every sheet, merged ranges once, values
as displayed. Password-protected and damaged files raise `ReadError`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlrd
from xlrd.compdoc import CompDocError

from loaders.errors import ReadError
from loaders.readers.builder import DocumentBuilder
from loaders.readers.ir import Document
from loaders.readers.sheetgrid import MAX_CELLS_PER_SHEET, add_sheet, format_value


def read(path: Path) -> Document:
    """Read a .xls workbook into the document model."""
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except (xlrd.XLRDError, CompDocError, AssertionError, IndexError, ValueError) as exc:
        if "encrypted" in str(exc).lower():
            raise ReadError(
                "the Excel file is password-protected; save a copy without a password "
                "and load that",
                path.name,
            ) from exc
        raise ReadError(f"the Excel file is damaged ({exc}); ask the sender for a new copy",
                        path.name) from exc  # fmt: skip
    builder = DocumentBuilder(path, "xls")
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if not add_sheet(builder, sheet.name, _sheet_cells(book, sheet, builder)):
                builder.note(f"sheet '{sheet.name}' is empty; skipped")
            book.unload_sheet(index)
    finally:
        book.release_resources()
    if not builder.blocks:
        raise ReadError("the workbook holds no data: every sheet is empty", path.name)
    return builder.build()


def _sheet_cells(book: Any, sheet: Any, builder: DocumentBuilder) -> dict[tuple[int, int], str]:
    cells: dict[tuple[int, int], str] = {}
    for r in range(sheet.nrows):
        for c in range(sheet.ncols):
            cell = sheet.cell(r, c)
            if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            if len(cells) >= MAX_CELLS_PER_SHEET:
                builder.note(f"sheet '{sheet.name}' has more than {MAX_CELLS_PER_SHEET} cells; "
                             "the rest was not read")  # fmt: skip
                return cells
            cells[(r + 1, c + 1)] = _display(book, cell)
    return cells


def _display(book: Any, cell: Any) -> str:
    number_format = "General"
    xf_index = getattr(cell, "xf_index", None)
    if xf_index is not None and xf_index < len(book.xf_list):
        fmt = book.format_map.get(book.xf_list[xf_index].format_key)
        number_format = fmt.format_str if fmt is not None else "General"
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return format_value(xlrd.xldate_as_datetime(cell.value, book.datemode), number_format)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return format_value(cell.value, "General")
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return format_value(bool(cell.value))
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return str(xlrd.error_text_from_code.get(cell.value, "#ERR"))
    return format_value(cell.value, number_format)
