"""Table downloads: CSV for Excel on Chinese Windows, .xlsx, file names with the filters."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from dashboard import export
from dashboard.labels import labelled
from dashboard.state import Filters


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_starts_with_the_utf8_bom_and_keeps_chinese() -> None:
    frame = pl.DataFrame({"单位": ["昆明市呈贡区信访局"], "执行率（%）": [60.3]})
    data = export.to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    assert _rows(data) == [["单位", "执行率（%）"], ["昆明市呈贡区信访局", "60.3"]]


@pytest.mark.parametrize("text", ["=1+1", "+86", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_neutralizes_cells_that_a_spreadsheet_would_run(text: str) -> None:
    data = export.to_csv_bytes(pl.DataFrame({"说明": [text]}))
    assert _rows(data)[1] == ["'" + text]


def test_csv_leaves_numbers_and_harmless_text_alone() -> None:
    frame = pl.DataFrame({"值": [-5.5, 3.0], "说明": ["正常", "a=b"]})
    assert _rows(export.to_csv_bytes(frame))[1:] == [["-5.5", "正常"], ["3.0", "a=b"]]


def test_csv_neutralizes_a_formula_like_header() -> None:
    assert _rows(export.to_csv_bytes(pl.DataFrame({"=x": [1]})))[0] == ["'=x"]


def test_csv_flattens_list_columns() -> None:
    frame = pl.DataFrame({"行号": [[12, 40]], "值": [[95.0, 100.0]]})
    assert _rows(export.to_csv_bytes(frame))[1] == ["12、40", "95.0、100.0"]


def test_xlsx_keeps_text_as_text_and_records_the_filters(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "单位": ['=HYPERLINK("x")', "洪江区信访局"],
            "得分": [98.87, None],
            "日期": [date(2024, 1, 25), None],
            "一致": [True, False],
        }
    )
    path = tmp_path / "t.xlsx"
    path.write_bytes(
        export.to_xlsx_bytes(frame, sheet="数据核查", notes=[("筛选条件", "年度：2024")])
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["数据核查", "筛选条件"]
    sheet = book["数据核查"]
    assert [c.value for c in sheet[1]] == ["单位", "得分", "日期", "一致"]
    assert sheet["A2"].value == '=HYPERLINK("x")'
    assert sheet["A2"].data_type == "s"  # a string, never a formula
    assert sheet["B2"].value == pytest.approx(98.87)
    assert sheet["B3"].value is None
    assert sheet["C2"].value.date() == date(2024, 1, 25)
    assert sheet["D2"].value is True
    assert [c.value for c in book["筛选条件"][1]] == ["筛选条件", "年度：2024"]


def test_xlsx_of_an_empty_table_has_its_header() -> None:
    data = export.to_xlsx_bytes(pl.DataFrame(schema={"单位": pl.String}))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert [c.value for c in book.active[1]] == ["单位"]


def test_file_names_carry_the_filters() -> None:
    filters = Filters(years=(2023, 2024), city="昆明市", kind="project", grade="优")
    assert export.file_name("预算执行", filters.slug(), "csv") == (
        "预算执行_2023-2024年_昆明市_项目支出_优级.csv"
    )
    assert export.file_name("总览", Filters().slug(), "xlsx") == "总览.xlsx"


def test_file_names_drop_characters_windows_refuses() -> None:
    assert export.file_name('a/b:c*?"<>|', "", "csv") == "a_b_c.csv"


def test_labelled_tables_export_chinese_headers_and_values() -> None:
    frame = pl.DataFrame(
        {"unit_canonical_name": ["洪江区信访局"], "kind": ["department"], "rate_agrees": [True]}
    )
    rows = _rows(export.to_csv_bytes(labelled(frame)))
    assert rows == [["单位", "报告类型", "执行率一致"], ["洪江区信访局", "部门整体", "是"]]
