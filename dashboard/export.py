"""Table downloads: CSV that Excel on Chinese Windows opens, and .xlsx.

Pure functions (no streamlit): a frame in, bytes and a file name out.

* CSV is UTF-8 with a BOM (without it Excel reads UTF-8 as GBK and shows
  mojibake). A text cell that begins with ``= + - @`` (or a tab / carriage
  return) is prefixed with ``'`` so a spreadsheet never runs it as a formula
  (OWASP "CSV injection"). Numbers stay numbers.
* .xlsx writes text as text (``strings_to_formulas`` off), so nothing needs
  escaping; a second sheet 筛选条件 records the filters the table was made with.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

import polars as pl
import xlsxwriter

BOM = "\ufeff".encode()
FORMULA_START = re.compile(r"^[=+\-@\t\r]")
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')
LIST_SEPARATOR = "、"


def neutralize(text: str) -> str:
    """Prefix a cell that a spreadsheet would read as a formula with ``'``."""
    return "'" + text if FORMULA_START.match(text) else text


def flatten_lists(frame: pl.DataFrame) -> pl.DataFrame:
    """List and struct columns as text ("1、2、3"), since CSV cells are flat."""
    exprs = []
    for name, dtype in frame.schema.items():
        if isinstance(dtype, pl.List | pl.Array):
            exprs.append(
                pl.col(name).cast(pl.List(pl.String)).list.join(LIST_SEPARATOR).alias(name)
            )
        elif isinstance(dtype, pl.Struct):
            exprs.append(pl.col(name).struct.json_encode().alias(name))
    return frame.with_columns(exprs) if exprs else frame


def to_csv_bytes(frame: pl.DataFrame) -> bytes:
    """The frame as CSV: UTF-8 with BOM, a header row, formula-like text neutralized.

    Parameters
    ----------
    frame : polars.DataFrame
        The table as shown (column names are the header).

    Returns
    -------
    bytes
        Starts with the UTF-8 BOM ``EF BB BF``.
    """
    flat = flatten_lists(frame)
    safe = flat.with_columns(
        pl.when(pl.col(name).str.contains(FORMULA_START.pattern))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in flat.schema.items()
        if dtype == pl.String
    )
    header = [neutralize(str(c)) for c in safe.columns]
    body = safe.rename(dict(zip(safe.columns, header, strict=True))).write_csv()
    return BOM + body.encode("utf-8")


def to_xlsx_bytes(
    frame: pl.DataFrame, *, sheet: str = "数据", notes: Sequence[tuple[str, str]] = ()
) -> bytes:
    """The frame as an .xlsx workbook; `notes` (label, value) go to a sheet 筛选条件.

    Parameters
    ----------
    frame : polars.DataFrame
        The table as shown.
    sheet : str
        Name of the data sheet (cut to Excel's 31 characters).
    notes : sequence of (str, str)
        Rows for the second sheet, e.g. ``[("筛选条件", "年度：2024；…")]``.

    Returns
    -------
    bytes
        The workbook.
    """
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    with xlsxwriter.Workbook(buffer, options) as book:
        bold = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
        number = book.add_format({"num_format": "#,##0.00##"})
        day = book.add_format({"num_format": "yyyy-mm-dd"})
        data = book.add_worksheet(_sheet_name(sheet))
        flat = flatten_lists(frame)
        for col, name in enumerate(flat.columns):
            data.write_string(0, col, str(name), bold)
            data.set_column(col, col, max(10, min(40, 2 * len(str(name)) + 4)))
        for row_no, row in enumerate(flat.iter_rows(), start=1):
            for col, value in enumerate(row):
                _write_cell(data, row_no, col, value, number, day)
        data.freeze_panes(1, 0)
        if flat.width:
            data.autofilter(0, 0, max(flat.height, 1), flat.width - 1)
        if notes:
            info = book.add_worksheet("筛选条件")
            info.set_column(0, 0, 14)
            info.set_column(1, 1, 90)
            for row_no, (label, value) in enumerate(notes):
                info.write_string(row_no, 0, label, bold)
                info.write_string(row_no, 1, value)
    return buffer.getvalue()


def _write_cell(
    sheet: xlsxwriter.worksheet.Worksheet,
    row: int,
    col: int,
    value: object,
    number: xlsxwriter.format.Format,
    day: xlsxwriter.format.Format,
) -> None:
    if value is None:
        sheet.write_blank(row, col, None)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float | Decimal):
        if isinstance(value, float) and value != value:  # NaN
            sheet.write_blank(row, col, None)
        else:
            sheet.write_number(row, col, float(value), number)
    elif isinstance(value, datetime | date):
        sheet.write_datetime(row, col, value, day)
    else:
        sheet.write_string(row, col, str(value))


def _sheet_name(name: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "数据"
    return cleaned[:31]


def file_name(base: str, slug: str, extension: str) -> str:
    """``预算执行_2023-2024年_昆明市.csv``: the table's name and the active filters.

    Characters that Windows forbids in file names, and whitespace, become ``_``.
    """
    stem = "_".join(part for part in (base, slug) if part) or "导出"
    stem = _UNSAFE_FILENAME.sub("_", stem).strip("._")[:120] or "导出"
    return f"{stem}.{extension.lstrip('.')}"
