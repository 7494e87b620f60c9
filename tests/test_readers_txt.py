"""The text reader: encodings, normalization, and the table shapes of text reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.errors import ReadError
from loaders.readers.ir import Heading, Paragraph, Table
from loaders.readers.normalize import collapse_spaces, normalize_lines, normalize_text
from loaders.readers.txt import read

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "reports" / "000_f85205bb6ece0316.txt"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk"])
def test_every_encoding_reads_the_same(tmp_path: Path, encoding: str) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    if encoding == "gbk":
        text = text.encode("gbk", errors="ignore").decode("gbk")  # GBK lacks a few characters
    copy = tmp_path / f"copy-{encoding}.txt"
    copy.write_bytes(text.encode(encoding))
    expected = tmp_path / "expected.txt"
    expected.write_bytes(text.encode("utf-8"))
    assert read(copy).blocks == [type(b)(**{**b.__dict__}) for b in read(expected).blocks]


def test_normalization_before_matching(tmp_path: Path) -> None:
    f = tmp_path / "n.txt"
    f.write_text(
        "[bookmark: _GoBack]目标值\\geq 95%，实际\\leq１２７.７３万元，>=3次\n", encoding="utf-8"
    )
    (para,) = read(f).blocks
    assert isinstance(para, Paragraph)
    assert para.text == "目标值≥ 95%,实际≤127.73万元,≥3次"


def test_normalizing_the_whole_text_equals_normalizing_each_line() -> None:
    # Patterns that could reach past a line end: a bookmark left open, an O at a
    # line's end or start, a combining mark opening a line, CRLF residue.
    text = (
        "[bookmark: _GoBack\n]目标值1O\nO5万兀\n\u0301e\u0301\r\n１２O%,>=3\t\u200b\n"
        "[bookmark: x]\\geq 95%\n1,1O0\n\n\u00a0\u202f"
    )
    assert normalize_lines(text) == [normalize_text(line) for line in text.split("\n")]


@pytest.mark.parametrize(
    ("ocr", "fixed"),
    [
        ("1,1O0万元", "1,100万元"),
        ("执行率1O%", "执行率10%"),
        ("共12O", "共120"),
        (".O,", ".0,"),
        ("O5 aO1 1Oa ,O", "O5 aO1 1Oa ,O"),
        ("2o24年", "2024年"),
    ],
)
def test_ocr_reads_a_zero_inside_a_figure_as_o(ocr: str, fixed: str) -> None:
    assert normalize_text(ocr) == fixed


def test_headings_get_their_numbering_level(tmp_path: Path) -> None:
    f = tmp_path / "h.txt"
    f.write_text("一、项目基本情况\n（一）项目概况\n1.数量指标\n（1）召开会议\n", encoding="utf-8")
    assert [(b.level, b.text) for b in read(f).blocks if isinstance(b, Heading)] == [
        (1, "一、项目基本情况"),
        (2, "(一)项目概况"),
        (3, "1.数量指标"),
        (4, "(1)召开会议"),
    ]


def test_tab_rows_cell_lines_and_pipe_rows_become_tables(tmp_path: Path) -> None:
    f = tmp_path / "t.txt"
    f.write_text(
        "一级指标\t二级指标\t三级指标\n产出指标\t数量指标\t会议次数\n\n正文一段。\n\n"
        "\t一级\n指标\n\t二级指标\n\n\t产出指标\n\t数量指标\n\n\n\n正文二段。\n"
        "| 一级指标 | 二级指标 |\n|---|---|\n| 产出指标 | 质量指标 |\n",
        encoding="utf-8",
    )
    tables = [b.texts() for b in read(f).blocks if isinstance(b, Table)]
    assert tables == [
        [["一级指标", "二级指标", "三级指标"], ["产出指标", "数量指标", "会议次数"]],
        [["一级指标", "二级指标"], ["产出指标", "数量指标"]],
        [["一级指标", "二级指标"], ["产出指标", "质量指标"]],
    ]


def test_wrapped_paragraph_is_joined_and_keeps_its_first_line(tmp_path: Path) -> None:
    f = tmp_path / "w.txt"
    f.write_text(
        "标题\n目标1:基本支出成本控制在163.38万元以内,项目支出控\n\n制在34万元以内;\n",
        encoding="utf-8",
    )
    paragraphs = [b for b in read(f).blocks if isinstance(b, Paragraph)]
    assert collapse_spaces(paragraphs[-1].text) == (
        "目标1:基本支出成本控制在163.38万元以内,项目支出控制在34万元以内;"
    )
    assert paragraphs[-1].loc.line == 2


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\x00\x01\x02\xff\xfe\x00\x00binary\x9f"])
def test_unreadable_files_raise_a_read_error_naming_the_file(
    tmp_path: Path, content: bytes
) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(ReadError, match=r"bad\.txt"):
        read(f)
