"""The PDF reader: ruled tables, page numbers, wrapped lines, tables across
pages, and scanned / protected / damaged files."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from loaders.errors import ReadError
from loaders.readers import read
from loaders.readers.ir import Document, Paragraph, Table
from loaders.readers.pdf import read as read_pdf
from loaders.readers.txt import read as read_txt

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "tests" / "fixtures" / "formats"
BAD = FORMATS / "bad"
SAMPLES = ROOT / "data" / "reports"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@cache
def pdf_doc(sample: str) -> Document:
    return read_pdf(FORMATS / f"{sample}.pdf")


def tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def test_self_evaluation_form_row_sits_under_its_header() -> None:
    form = tables(pdf_doc("001_d561446380a2a949"))[1]
    rows = [[squash(c) for c in r] for r in form.texts()]
    header = rows.index(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值",
                         "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])  # fmt: skip
    assert rows[header + 1] == ["", "成本指标(20分)", "经济成本指标", "整体支出控制额",
                                "≤127.73万元", "=161.73万元", "20", "20", ""]  # fmt: skip
    assert rows[header + 2][:2] == ["", ""]  # merged cells once, spanned positions empty


def test_blocks_carry_their_page() -> None:
    doc = pdf_doc("001_d561446380a2a949")
    pages = [b.rows[0][0].loc.page if isinstance(b, Table) else b.loc.page for b in doc.blocks]
    assert pages[0] == 1
    assert all(p is not None for p in pages)
    assert pages == sorted(pages)  # type: ignore[type-var]
    assert max(pages) == 7  # type: ignore[type-var]
    assert doc.blocks[0].loc.describe() == "p.1 line 1"


def test_page_numbers_in_the_footer_are_dropped() -> None:
    lines = pdf_doc("001_d561446380a2a949").lines
    assert not any(re.fullmatch(r"-\s*\d+\s*-", line.strip()) for line in lines)


def test_a_table_across_pages_is_one_table() -> None:
    """The 基础数据表 runs from page 3 onto page 4; the two parts show a
    different number of columns (merged pairs), and are joined on their union."""
    expected = next(b for b in read_txt(SAMPLES / "001_d561446380a2a949.txt").blocks
                if isinstance(b, Table))  # fmt: skip
    basic = tables(pdf_doc("001_d561446380a2a949"))[0]
    assert len(basic.rows) == len(expected.rows)
    assert {r[0].loc.page for r in basic.rows} == {3, 4}
    assert [[squash(c) for c in r] for r in basic.texts()] == [
        [squash(c) for c in r] for r in expected.texts()
    ]


def test_wrapped_lines_are_joined_into_their_paragraph() -> None:
    expected = [
        squash(b.text)
        for b in read_txt(SAMPLES / "002_cdb5fd7bd89dc735.txt").blocks
        if not isinstance(b, Table)
    ]
    got = [
        squash(b.text) for b in pdf_doc("002_cdb5fd7bd89dc735").blocks if isinstance(b, Paragraph)
    ]
    long_ones = [t for t in expected if len(t) > 150]
    assert long_ones
    assert all(t in got for t in long_ones)


def test_scanned_pdf_needs_ocr() -> None:
    with pytest.raises(ReadError, match=r"scanned\.pdf: the PDF is a scan .* needs OCR"):
        read(BAD / "scanned.pdf")


def test_password_protected_pdf_says_so() -> None:
    with pytest.raises(ReadError, match=r"protected\.pdf: the PDF is password-protected"):
        read(BAD / "protected.pdf")


def test_truncated_pdf_is_damaged(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes((FORMATS / "000_f85205bb6ece0316.pdf").read_bytes()[:4000])
    with pytest.raises(ReadError, match=r"broken\.pdf: the PDF is damaged"):
        read(broken)


def test_a_pdf_of_one_blank_image(tmp_path: Path) -> None:
    from PIL import Image

    blank = tmp_path / "blank.pdf"
    Image.new("L", (10, 10), 255).save(blank, "PDF")  # one image, no text layer
    with pytest.raises(ReadError, match="scan"):
        read(blank)


def test_a_scanned_page_among_text_pages_is_noted() -> None:
    doc = read(FORMATS / "quirks" / "partly_scanned.pdf")
    assert [getattr(b, "text", None) for b in doc.blocks] == [
        "2024年度项目支出绩效自评报告(第2页为扫描件)",
        "一、项目基本情况",
    ]
    assert doc.notes == [
        "partly_scanned.pdf: page 2 has no text layer (a scanned image?); it was not read"
    ]
