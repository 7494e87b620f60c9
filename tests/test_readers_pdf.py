"""The PDF reader: ruled tables, page numbers, wrapped lines, tables across
pages, and scanned / protected / damaged files."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from loaders.errors import ReadError
from loaders.readers import pdf_rows, read
from loaders.readers.ir import Document, Paragraph, Table
from loaders.readers.pdf import read as read_pdf
from loaders.readers.pdf_text import Char, Chunk, TextLine
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


def test_a_page_box_that_is_not_numbers_is_damaged(tmp_path: Path) -> None:
    """pdfplumber raises its own MalformedPDFException for it, even while closing
    the file; found by fuzzing, it escaped as a crash."""
    data = (FORMATS / "000_f85205bb6ece0316.pdf").read_bytes()
    box = b"/MediaBox[0 0 595.303937007874 841.889763779528]"
    assert box in data
    broken = tmp_path / "box.pdf"
    broken.write_bytes(data.replace(box, b"/MediaBox[0 0 595.303937007874 841.8 /K976377952]"))
    with pytest.raises(ReadError, match=r"box\.pdf: the PDF is damaged"):
        read(broken)


def test_a_text_left_of_every_column_goes_to_the_first() -> None:
    """Damaged coordinates can put a line left of the table; found by fuzzing,
    it crashed the row reader."""

    def line(no: int, top: float, x0: float, text: str) -> TextLine:
        chars: list[Char] = [
            {"text": ch, "x0": x0 + 10 * i, "x1": x0 + 10 * i + 10, "top": top,
             "bottom": top + 10, "size": 10.0, "fontname": "SimSun"}
            for i, ch in enumerate(text)
        ]  # fmt: skip
        return TextLine(no, no, 1, top, top + 10, 10.0, ("SimSun", 10.0), [Chunk.of(chars)])

    lines = [line(0, 100, -60, "项目"), line(1, 112, -60, "名称"), line(2, 124, 220, "预算")]
    texts, pages = pdf_rows.rows(lines, [(100.0, 200.0), (200.0, 300.0)])
    assert "".join(t[0] for t in texts) == "项目名称"  # the first column's
    assert texts[-1] == ["", "预算"]
    assert set(pages) == {1}


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


# ------------------------------------------------------------------ tables without ruling lines
BORDERLESS = FORMATS / "borderless"
SAMPLE_IDS = sorted(p.stem for p in SAMPLES.glob("*.txt"))


@cache
def borderless_doc(sample: str) -> Document:
    return read_pdf(BORDERLESS / f"{sample}.pdf")


def squashed_tables(doc: Document) -> list[list[list[str]]]:
    return [[[squash(c) for c in row] for row in t.texts()] for t in tables(doc)]


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_tables_without_lines_read_as_the_ruled_ones(sample: str) -> None:
    """The same Word file printed with and without table borders reads to
    the same tables, cell for cell, and the same paragraphs."""
    ruled, bare = pdf_doc(sample), borderless_doc(sample)
    assert squashed_tables(bare) == squashed_tables(ruled)
    paragraphs = [squash(b.text) for b in bare.blocks if not isinstance(b, Table)]
    assert paragraphs == [squash(b.text) for b in ruled.blocks if not isinstance(b, Table)]


def test_reports_without_tables_give_no_table() -> None:
    """Body text (wrapped paragraphs, numbered lists, dates and figures
    spaced apart from Chinese) never becomes a table."""
    for sample in SAMPLE_IDS:
        if not tables(read_txt(SAMPLES / f"{sample}.txt")):
            doc = borderless_doc(sample)
            assert doc.blocks
            assert not tables(doc), sample


def test_cells_without_lines_sit_in_their_columns() -> None:
    form = tables(borderless_doc("001_d561446380a2a949"))[1]
    rows = [[squash(c) for c in r] for r in form.texts()]
    header = rows.index(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值",
                         "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])  # fmt: skip
    # cells wrapped over two or three lines are one cell; the 一级指标 merged
    # down over its rows shows in the first, the rest stay empty
    assert rows[header + 1] == ["", "成本指标(20分)", "经济成本指标", "整体支出控制额",
                                "≤127.73万元", "=161.73万元", "20", "20", ""]  # fmt: skip
    assert rows[header + 2][:3] == ["", "", "社会成本指标"]
    budget = next(r for r in rows if "年度资金总额" in r)
    assert budget == ["", "年度资金总额", "161.73", "171.38", "171.38", "10", "100", "10", ""]


def test_a_table_without_lines_across_pages_is_one_table() -> None:
    """The department form runs from page 5 onto page 6, where its first
    columns are empty: one table, its columns matched by position."""
    form = tables(borderless_doc("001_d561446380a2a949"))[1]
    assert {r[0].loc.page for r in form.rows} == {5, 6}
    carried = next(r for r in form.texts() if "效益指标(20分)" in squash("".join(r)))
    assert [squash(c) for c in carried[1:4]] == ["效益指标(20分)", "经济效益指标",
                                                 "提高财政资金的使用效益"]  # fmt: skip


def test_a_cell_centred_down_its_merged_rows_goes_to_the_first() -> None:
    """With cells centred down as well as across, a 一级指标 merged over
    its indicator rows prints in their middle (the 效益指标 group opens
    page 6); it is read into the group's first row, as with ruling lines."""

    def indicator_rows(doc: Document) -> list[list[str]]:
        rows = [[squash(c) for c in r] for r in tables(doc)[1].texts()]
        head = next(i for i, r in enumerate(rows) if "一级指标" in r)
        end = next(i for i, r in enumerate(rows) if any(c.startswith("总分") for c in r))
        return [r[1:8] for r in rows[head + 1 : end]]

    centred = read_pdf(FORMATS / "quirks" / "borderless_centred.pdf")
    got = indicator_rows(centred)
    assert got == indicator_rows(pdf_doc("001_d561446380a2a949"))
    assert [r[0] for r in got if r[0]] == ["成本指标(20分)", "产出指标(40分)", "效益指标(20分)",
                                           "满意度指标(10分)"]  # fmt: skip


def test_rows_set_solid_in_a_centred_table_are_told_apart() -> None:
    """Cells centred across and down with no spacing around their lines:
    a row sits as close to the next as two lines of one cell, and a cell of
    one line beside one of two sits half a line lower, across the line
    between them. The indicator forms read row for row as with ruling
    lines, from their header down (wrapped cells whole, each 一级指标 in
    its group's first row), and a label keeps its figure beside it."""

    def filled(doc: Document) -> list[list[list[str]]]:
        return [[[squash(c) for c in r if squash(c)] for r in t.texts()] for t in tables(doc)]

    sample = "001_d561446380a2a949"
    tight = filled(read_pdf(FORMATS / "borderless-tight" / f"{sample}.pdf"))
    ruled = filled(pdf_doc(sample))
    assert len(tight) == len(ruled)
    for got, want in list(zip(tight, ruled, strict=True))[1:]:
        head = next(i for i, r in enumerate(want) if "一级指标" in r)
        assert got[-(len(want) - head) :] == want[head:]
    form = filled(read_pdf(FORMATS / "borderless-tight" / "004_e40cd2cf77471691.pdf"))[0]
    assert ["预算数:", "8", "执行数:", "8"] in [r[-4:] for r in form]


def test_wide_gaps_in_running_text_are_not_a_table() -> None:
    """A title spaced out character by character, label: value pairs and
    contents lines set apart with tabs, and paragraphs read as text."""
    doc = read_pdf(FORMATS / "quirks" / "prose_with_gaps.pdf")
    assert not tables(doc)
    texts = [squash(getattr(b, "text", "")) for b in doc.blocks]
    assert texts[:4] == [
        "部门整体支出",
        "绩效自评报告",
        "单位名称:示例县信访局报送日期:2025年4月30日",
        "填表人:张三联系电话:12345678",
    ]
    assert [len(t) > 100 for t in texts[6:]] == [True, True, True]  # three whole paragraphs
