"""Which reader a file gets: its bytes first, its suffix second."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from loaders.errors import UnsupportedFormat
from loaders.readers import READERS, SUFFIX_FORMATS, format_of

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
SAMPLE = "001_d561446380a2a949"


def copy_as(tmp_path: Path, source: Path, name: str) -> Path:
    target = tmp_path / name
    target.write_bytes(source.read_bytes())
    return target


@pytest.mark.parametrize(
    ("source", "disguise", "expected"),
    [
        (f"{SAMPLE}.docx", "report.txt", "docx"),  # a .txt that is a zip is not text
        (f"{SAMPLE}.xlsx", "report.xls", "xlsx"),
        (f"{SAMPLE}.pdf", "report.doc", "pdf"),
        (f"{SAMPLE}.html", "report.doc", "html"),  # "Word" files saved from a website
        (f"{SAMPLE}.doc", "report.docx", "doc"),
        (f"{SAMPLE}.xls", "report.xlsx", "xls"),
        (f"{SAMPLE}.docx", "report", "docx"),  # no suffix at all
    ],
)
def test_content_decides(tmp_path: Path, source: str, disguise: str, expected: str) -> None:
    if not (FORMATS / source).exists():
        pytest.skip(f"no {source} fixture")
    assert format_of(copy_as(tmp_path, FORMATS / source, disguise)) == expected


def test_rtf_goes_to_libreoffice(tmp_path: Path) -> None:
    path = tmp_path / "report.doc"
    path.write_bytes(b"{\\rtf1\\ansi hello}")
    assert format_of(path) == "rtf"


def test_plain_text_keeps_its_suffix(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("<p>not a page</p> 一、基本情况", encoding="utf-8")
    assert format_of(path) == "txt"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.pdf.jpg", b"\xff\xd8\xff\xe0JFIF", "an image"),
        ("notes.xyz", b"hello", "no reader for '.xyz' files"),
    ],
)
def test_what_no_reader_takes(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnsupportedFormat, match=message):
        format_of(path)


def test_a_zip_that_is_not_an_office_file(tmp_path: Path) -> None:
    path = tmp_path / "reports.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a.txt", "x")
    with pytest.raises(UnsupportedFormat, match=r"reports\.docx: a zip archive"):
        format_of(path)


def test_every_suffix_has_a_reader() -> None:
    assert set(SUFFIX_FORMATS.values()) <= set(READERS)
