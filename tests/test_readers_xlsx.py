"""The spreadsheet readers (.xlsx, .xls): sheets, merged grids, cell
locations, displayed values, empty sheets."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from loaders.errors import ReadError
from loaders.readers import read
from loaders.readers.ir import Paragraph, Table
from loaders.readers.sheetgrid import column_letter, format_value
from loaders.readers.xlsx import read as read_xlsx

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
BAD = FORMATS / "bad"
FORM_SHEET = "2024年度信访局整体支出绩效自评表"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_sheet_is_read_in_order() -> None:
    doc = read_xlsx(FORMATS / "001_d561446380a2a949.xlsx")
    sheets = list(dict.fromkeys(b.loc.sheet for b in doc.blocks))
    assert sheets[0] == "正文"
    assert FORM_SHEET in sheets
    assert len(sheets) == 5  # the prose, then one sheet per form


def test_form_grid_with_sheet_and_cell_locations() -> None:
    doc = read_xlsx(FORMATS / "001_d561446380a2a949.xlsx")
    form = next(b for b in doc.blocks if isinstance(b, Table) and b.loc.sheet == FORM_SHEET)
    rows = form.texts()
    header = next(i for i, r in enumerate(rows) if "一级指标" in r)
    assert rows[header + 1] == ["", "成本指标 (20分)", "经济成本指标", "整体支出控制额",
                                "≤127.73 万元", "=161.73 万元", "20", "20", ""]  # fmt: skip
    cell = form.rows[header + 1][3]
    assert cell.loc.sheet == FORM_SHEET
    assert cell.loc.cell == f"D{header + 1 + int(form.rows[0][0].loc.cell[1:])}"  # type: ignore[index]
    assert cell.loc.describe() == f"sheet {FORM_SHEET} {cell.loc.cell}"
    assert rows[0] == ["预算单位名称", "", "洪江区信访局", "", "", "", "", "", ""]  # merged once


def test_captions_above_a_form_are_paragraphs() -> None:
    doc = read_xlsx(FORMATS / "001_d561446380a2a949.xlsx")
    on_sheet = [b for b in doc.blocks if b.loc.sheet == FORM_SHEET]
    assert [type(b).__name__ for b in on_sheet[:3]] == ["Paragraph", "Paragraph", "Table"]
    assert [b.loc.cell for b in on_sheet[:2]] == ["A1", "A2"]
    assert isinstance(on_sheet[1], Paragraph)
    assert squash(on_sheet[1].text) == FORM_SHEET


def test_numbers_are_cells_of_numbers_shown_as_written() -> None:
    with zipfile.ZipFile(FORMATS / "001_d561446380a2a949.xlsx") as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(z.read(n).decode() for n in sheets)
    assert "<v>161.73</v>" in xml  # stored as a number…
    doc = read_xlsx(FORMATS / "001_d561446380a2a949.xlsx")
    texts = {c.text for b in doc.blocks if isinstance(b, Table) for r in b.rows for c in r}
    assert {"161.73", "171.38", "100", "7.2"} <= texts  # …read back as printed


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (100.0, "General", "100"),
        (161.73, "General", "161.73"),
        (0.1 + 0.2, "General", "0.3"),
        (0.986, "0.00%", "98.60%"),
        (0.95, "0%", "95%"),
        (1234.5, "#,##0.00", "1,234.50"),
        (7.2, "0.00", "7.20"),
        (dt.datetime(2025, 4, 30), "yyyy-mm-dd", "2025-04-30"),
        (dt.datetime(2025, 4, 30), 'yyyy"年"m"月"d"日"', "2025年4月30日"),
        (True, "General", "TRUE"),
        ("≥95%", "@", "≥95%"),
    ],
)
def test_values_as_the_spreadsheet_shows_them(
    value: object, number_format: str, expected: str
) -> None:
    assert format_value(value, number_format) == expected


def test_column_letters() -> None:
    assert [column_letter(c) for c in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


def test_an_empty_sheet_is_noted_and_the_rest_read() -> None:
    doc = read(BAD / "empty_sheet.xlsx")
    assert doc.notes == ["empty_sheet.xlsx: sheet '空表' is empty; skipped"]
    (table,) = doc.blocks
    assert isinstance(table, Table)
    assert table.texts() == [
        ["项目名称", "信访事务经费"],
        ["自评得分", "95.98"],
        ["自评等级", "优"],
    ]


def test_a_workbook_with_only_empty_sheets(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Sheet1")
    book.add_worksheet("Sheet2")
    book.close()
    with pytest.raises(ReadError, match=r"blank\.xlsx: the workbook holds no data"):
        read(path)


def test_a_zip_bomb_workbook_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(205):
                member.write(b" " * (1 << 20))
    with pytest.raises(ReadError, match=r"bomb\.xlsx: refused"):
        read(bomb)


def test_password_protected_workbook(tmp_path: Path) -> None:
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le")
    )
    with pytest.raises(ReadError, match=r"locked\.xlsx: the Excel file is password-protected"):
        read(locked)


def test_damaged_workbook(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    data = (FORMATS / "001_d561446380a2a949.xlsx").read_bytes()
    broken.write_bytes(data[: len(data) // 3])
    with pytest.raises(ReadError, match=r"broken\.xlsx: the Excel file is damaged"):
        read(broken)


def test_old_xls_reads_like_the_xlsx() -> None:
    xls = FORMATS / "001_d561446380a2a949.xls"
    if not xls.exists():
        pytest.skip("no .xls fixture (generated with LibreOffice Calc)")
    old, new = read(xls), read_xlsx(FORMATS / "001_d561446380a2a949.xlsx")
    assert old.format == "xls"
    assert [b.texts() for b in old.blocks if isinstance(b, Table)] == [
        b.texts() for b in new.blocks if isinstance(b, Table)
    ]
    assert [(b.loc.sheet, b.loc.cell) for b in old.blocks] == [
        (b.loc.sheet, b.loc.cell) for b in new.blocks
    ]
