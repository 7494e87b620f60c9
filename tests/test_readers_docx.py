"""The Word reader: document order, merged cells, nested tables, numbering,
heading styles, and bad files."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from loaders.errors import ReadError
from loaders.readers import format_of, read
from loaders.readers.docx import read as read_docx
from loaders.readers.docx_numbering import format_number
from loaders.readers.ir import Document, Heading, Paragraph, Table
from loaders.readers.zipguard import OLE_MAGIC

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
BAD = FORMATS / "bad"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def form_with(doc: Document, header_cell: str) -> Table:
    """The first table with a row holding `header_cell`."""
    for block in doc.blocks:
        if isinstance(block, Table) and any(
            squash(c.text) == header_cell for row in block.rows for c in row
        ):
            return block
    raise AssertionError(f"no table with {header_cell}")


def test_self_evaluation_form_rows_sit_under_their_header() -> None:
    doc = read_docx(FORMATS / "001_d561446380a2a949.docx")
    form = form_with(doc, "一级指标")
    rows = form.texts()
    header = next(r for r in rows if "一级指标" in r)
    assert header == [
        "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值",
        "实际完成值", "分值", "得分", "偏差原因分析及改进措施",
    ]  # fmt: skip
    row = rows[rows.index(header) + 1]
    assert row == ["", "成本指标 (20分)", "经济成本指标", "整体支出控制额",
                   "≤127.73 万元", "=161.73 万元", "20", "20", ""]  # fmt: skip


def test_merged_cells_are_read_once() -> None:
    rows = form_with(read_docx(FORMATS / "001_d561446380a2a949.docx"), "一级指标").texts()
    column0 = [r[0] for r in rows]
    assert column0.count("绩效指标") == 1
    start = column0.index("绩效指标")
    assert column0[start + 1 : start + 12] == [""] * 11  # merged down over the indicators
    level1 = [r[1] for r in rows[start + 1 :]]
    assert level1.count("成本指标 (20分)") == 1
    assert level1[1:3] == ["", ""]  # 成本指标 merged over its three rows
    assert rows[0] == ["预算单位名称", "", "洪江区信访局", "", "", "", "", "", ""]
    assert all(len(r) == 9 for r in rows)


def test_raw_merge_markup_really_is_there() -> None:
    """The fixture uses Word's real merges (gridSpan, vMerge), not blank cells."""
    with zipfile.ZipFile(FORMATS / "001_d561446380a2a949.docx") as z:
        xml = z.read("word/document.xml").decode()
    assert "<w:gridSpan" in xml
    assert '<w:vMerge w:val="restart"/>' in xml


def test_automatic_list_numbering_is_put_back() -> None:
    with zipfile.ZipFile(FORMATS / "000_f85205bb6ece0316.docx") as z:
        xml = z.read("word/document.xml").decode()
    assert "一、项目基本情况" not in xml  # Word computes the number…
    headings = [b for b in read_docx(FORMATS / "000_f85205bb6ece0316.docx").blocks
                if isinstance(b, Heading) and b.level == 1]  # fmt: skip
    assert [h.text for h in headings] == [  # …and the reader shows it
        "一、项目基本情况", "二、绩效自评工作情况", "三、项目绩效情况", "四、其他需要说明的问题",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (12, "chineseCountingThousand", "十二"),
        (20, "chineseCounting", "二十"),
        (3, "decimal", "3"),
        (2, "decimalEnclosedCircle", "②"),
        (4, "lowerRoman", "iv"),
        (28, "upperLetter", "BB"),
        (3, "ideographTraditional", "丙"),
        (1, "bullet", ""),
    ],
)
def test_number_formats(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


def test_locations_index_the_rendered_lines() -> None:
    doc = read_docx(FORMATS / "004_e40cd2cf77471691.docx")
    table = next(b for b in doc.blocks if isinstance(b, Table))
    first = table.rows[0][0].loc.line
    assert [r[0].loc.line for r in table.rows] == list(range(first, first + len(table.rows)))
    assert doc.lines[first - 1].split("\t")[0] == table.rows[0][0].text
    assert all(b.loc.page is None and b.loc.sheet is None for b in doc.blocks)


def test_nested_tables_follow_their_outer_table(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("前文")
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text = "外表"
    outer.cell(0, 1).text = "说明"
    outer.cell(1, 0).text = "附表"
    inner = outer.cell(1, 1).add_table(rows=2, cols=2)
    for r, c, text in ((0, 0, "指标"), (0, 1, "得分"), (1, 0, "满意度"), (1, 1, "10")):
        inner.cell(r, c).text = text
    document.add_paragraph("后文")
    path = tmp_path / "nested.docx"
    document.save(str(path))
    blocks = read_docx(path).blocks
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Table", "Paragraph"]
    outer_t, inner_t = blocks[1], blocks[2]
    assert isinstance(outer_t, Table)
    assert isinstance(inner_t, Table)
    assert outer_t.texts() == [["外表", "说明"], ["附表", ""]]
    assert inner_t.texts() == [["指标", "得分"], ["满意度", "10"]]


def test_heading_styles_and_titles(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("某局2024年度部门整体支出绩效自评报告", level=0)
    document.add_heading("项目概况", level=2)
    document.add_paragraph("（一）项目概况")  # numbered text: level from the number
    document.add_paragraph("正文")
    path = tmp_path / "styles.docx"
    document.save(str(path))
    blocks = read_docx(path).blocks
    assert [(type(b).__name__, getattr(b, "level", None)) for b in blocks] == [
        ("Heading", 0), ("Heading", 2), ("Heading", 2), ("Paragraph", None),
    ]  # fmt: skip
    assert isinstance(blocks[2], Heading)
    assert blocks[2].text == "(一)项目概况"  # normalized like every reader


def test_deleted_revisions_are_not_read(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("执行率")
    paragraph._p.append(
        parse_xml(
            '<w:del xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'w:id="1" w:author="x"><w:r><w:delText>98%</w:delText></w:r></w:del>'
        )
    )
    paragraph.add_run("100%")
    path = tmp_path / "revisions.docx"
    document.save(str(path))
    (block,) = read_docx(path).blocks
    assert isinstance(block, Paragraph)
    assert block.text == "执行率100%"


def test_text_box_text_is_read_once(tmp_path: Path) -> None:
    """A text box (a cover-page title, a stamp) is stored twice: the drawing
    and a fallback copy for old readers. Its text follows its paragraph, once."""
    box = "<w:txbxContent><w:p><w:r><w:t>洪江区信访局(盖章)</w:t></w:r></w:p></w:txbxContent>"
    run = parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx>'
        f"</w:drawing></mc:Choice><mc:Fallback><w:pict>{box}</w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    document = docx.Document()
    document.add_paragraph("单位名称:")._p.append(run)
    document.add_paragraph("正文")
    path = tmp_path / "textbox.docx"
    document.save(str(path))
    assert [getattr(b, "text", None) for b in read_docx(path).blocks] == [
        "单位名称:",
        "洪江区信访局(盖章)",
        "正文",
    ]


def test_corrupt_docx_names_the_file() -> None:
    with pytest.raises(ReadError, match=r"corrupt\.docx: the Word file is damaged"):
        read(BAD / "corrupt.docx")


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(210):
                member.write(chunk)
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(ReadError, match=r"bomb\.docx: refused: .* would unpack to 210 MB"):
        read(bomb)


def test_password_protected_docx_says_so(tmp_path: Path) -> None:
    protected = tmp_path / "locked.docx"
    # What Office writes for an encrypted .docx: an OLE container with an EncryptedPackage.
    protected.write_bytes(OLE_MAGIC + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le") * 2)
    with pytest.raises(ReadError, match=r"locked\.docx: the Word file is password-protected"):
        read(protected)


def test_docx_without_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    with pytest.raises(ReadError, match=r"blank\.docx: the Word file holds no text"):
        read(path)


def test_format_is_judged_by_content(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(b"not a zip at all")
    assert format_of(damaged) == "docx"  # the bytes do not tell: the suffix decides
    html_as_doc = tmp_path / "report.doc"
    html_as_doc.write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    assert format_of(html_as_doc) == "html"
