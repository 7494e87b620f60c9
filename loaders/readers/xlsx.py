"""Excel workbooks (.xlsx), through openpyxl.

Every worksheet is read, in order; an empty sheet gets a note and is
skipped. Blocks carry the sheet name and the cell reference ("B7") in their
`Location`. See `sheetgrid` for how a sheet becomes tables and paragraphs.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from lxml import etree  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import InvalidFileException

from loaders.errors import ReadError
from loaders.readers.builder import DocumentBuilder
from loaders.readers.ir import Document
from loaders.readers.sheetgrid import MAX_CELLS_PER_SHEET, add_sheet, format_value
from loaders.readers.zipguard import check_office_zip


def read(path: Path) -> Document:
    """Read a .xlsx workbook into the document model."""
    check_office_zip(path, "Excel")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions, missing styles: harmless
            book = openpyxl.load_workbook(path, data_only=True)
    except (InvalidFileException, KeyError, ValueError, TypeError, zipfile.BadZipFile,
            etree.XMLSyntaxError) as exc:  # fmt: skip
        raise ReadError(f"the Excel file is damaged ({exc}); ask the sender for a new copy",
                        path.name) from exc  # fmt: skip
    builder = DocumentBuilder(path, "xlsx")
    try:
        for sheet in book.worksheets:
            if not add_sheet(builder, sheet.title, _sheet_cells(sheet, builder)):
                builder.note(f"sheet '{sheet.title}' is empty; skipped")
    finally:
        book.close()
    if not builder.blocks:
        raise ReadError("the workbook holds no data: every sheet is empty", path.name)
    return builder.build()


def _sheet_cells(sheet: Any, builder: DocumentBuilder) -> dict[tuple[int, int], str]:
    """Displayed text of the sheet's non-empty cells. Merged ranges keep
    their value in the top-left cell only (openpyxl empties the others)."""
    cells: dict[tuple[int, int], str] = {}
    # `_cells` holds only the cells the file defines; iter_rows() would
    # create every cell of the used range, which a stray format can make huge.
    for (r, c), cell in sorted(sheet._cells.items()):
        if cell.value is None:
            continue
        if len(cells) >= MAX_CELLS_PER_SHEET:
            builder.note(f"sheet '{sheet.title}' has more than {MAX_CELLS_PER_SHEET} cells; "
                         "the rest was not read")  # fmt: skip
            break
        cells[(r, c)] = format_value(cell.value, cell.number_format or "General")
    return cells
