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


# ------------------------------------------------------------------ tables laid out with spaces
def tables_of(tmp_path: Path, text: str) -> list[list[list[str]]]:
    f = tmp_path / "s.txt"
    f.write_text(text, encoding="utf-8")
    return [b.texts() for b in read(f).blocks if isinstance(b, Table)]


def kinds_of(tmp_path: Path, text: str) -> list[str]:
    f = tmp_path / "s.txt"
    f.write_text(text, encoding="utf-8")
    return [type(b).__name__ for b in read(f).blocks]


SPACE_ALIGNED = """\
项目支出绩效自评表

项目名称            森林防火经费
项目资金(万元)                        年初预算数         全年预算数         全年执行数         得分
                年度资金总额          120           150           135           9
                其他资金
一级指标            二级指标            三级指标          年度指标值         实际完成值         得分
产出指标            数量指标            巡护里程(公里)      ≥3000         3200          20

                                培训护林员(人次)     ≥200          240           10
总分                                                                        98
"""


@pytest.mark.parametrize("margin", ["", "        "], ids=["flush", "with-a-margin"])
def test_space_aligned_rows_become_a_table(tmp_path: Path, margin: str) -> None:
    # pdftotext prints the page's left margin as spaces before every line.
    text = "".join(
        margin + line if line.strip() else line for line in SPACE_ALIGNED.splitlines(True)
    )
    (table,) = tables_of(tmp_path, text)
    # Empty cells are only wider gaps: each piece lands in the column it starts under,
    # and a blank line inside (a page break) does not end the table.
    assert table == [
        ["项目名称", "森林防火经费", "", "", "", ""],
        ["项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行数", "得分"],
        ["", "年度资金总额", "120", "150", "135", "9"],
        ["", "其他资金", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分"],
        ["产出指标", "数量指标", "巡护里程(公里)", "≥3000", "3200", "20"],
        ["", "", "培训护林员(人次)", "≥200", "240", "10"],
        ["总分", "", "", "", "", "98"],
    ]


def test_cells_pushed_right_by_a_wide_cell_keep_their_columns(tmp_path: Path) -> None:
    # A converter that pads each cell to a width lets a long one push the rest of the row.
    text = (
        "名称        目标        实际        分值        得分\n"
        "会议        ≥3次        4次         10          10\n"
        "完成及时率  2024年12月31日之前完成  2024年12月31日之前完成  10          9\n"
        "满意度      ≥90%        95%         10          10\n"
    )
    (table,) = tables_of(tmp_path, text)
    assert table[2] == [
        "完成及时率",
        "2024年12月31日之前完成",
        "2024年12月31日之前完成",
        "10",
        "9",
    ]


def test_a_wrapped_cell_is_joined_and_a_row_as_wide_as_its_column_is_not(
    tmp_path: Path,
) -> None:
    text = (
        "二级指标     三级指标      年度指标值          得分\n"
        "数量指标     开展中心组学习   2024年12月31日之   10\n"
        "         (次)       前完成\n"
        "社会效益指标   维护信访秩序    效果明显           5\n"
        "生态效益指标\n"
        "可持续影响    长效机制      建立             5\n"
    )
    (table,) = tables_of(tmp_path, text)
    assert table == [
        ["二级指标", "三级指标", "年度指标值", "得分"],
        ["数量指标", "开展中心组学习(次)", "2024年12月31日之前完成", "10"],
        ["社会效益指标", "维护信访秩序", "效果明显", "5"],
        ["生态效益指标", "", "", ""],
        ["可持续影响", "长效机制", "建立", "5"],
    ]


def test_a_table_printed_right_under_another_is_a_table_of_its_own(tmp_path: Path) -> None:
    text = (
        "一级指标         二级指标         分值           得分\n"
        "产出指标         数量指标         50           48\n"
        "总分                        100          98\n"
        "附件:项目支出绩效自评表\n"
        "项目名称       乙项目\n"
        "一级指标       二级指标         分值           得分\n"
        "效益指标       社会效益         30           30\n"
    )
    f = tmp_path / "two.txt"
    f.write_text(text, encoding="utf-8")
    blocks = read(f).blocks
    assert [type(b).__name__ for b in blocks] == ["Table", "Paragraph", "Table"]
    first, _, second = blocks
    assert isinstance(first, Table)
    assert isinstance(second, Table)
    assert first.texts()[-1] == ["总分", "", "100", "98"]
    assert second.texts() == [
        ["项目名称", "乙项目", "", ""],
        ["一级指标", "二级指标", "分值", "得分"],
        ["效益指标", "社会效益", "30", "30"],
    ]


def test_columns_lined_up_by_display_width_are_found(tmp_path: Path) -> None:
    # An editor lines text up with a CJK character two columns wide: counted in
    # characters, the columns of these rows do not start at one place.
    text = (
        "三级指标            年度指标值    实际完成值  分值      得分\n"
        "巡护里程(公里)      ≥3000         3200        20        20\n"
        "开展培训(次)        ≥10           12          20        18\n"
        "满意度              ≥90%          96%         10        10\n"
    )
    assert tables_of(tmp_path, text) == [
        [
            ["三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["巡护里程(公里)", "≥3000", "3200", "20", "20"],
            ["开展培训(次)", "≥10", "12", "20", "18"],
            ["满意度", "≥90%", "96%", "10", "10"],
        ]
    ]


def test_ideographic_spaces_part_cells_like_two_spaces(tmp_path: Path) -> None:
    text = (
        "一级指标\u3000二级指标\u3000分值\n"
        "产出指标\u3000数量指标\u300020\n"
        "效益指标\u3000社会效益\u300010\n"
    )
    assert tables_of(tmp_path, text) == [
        [
            ["一级指标", "二级指标", "分值"],
            ["产出指标", "数量指标", "20"],
            ["效益指标", "社会效益", "10"],
        ]
    ]


INDENTED_CELLS = """\
保安费用

            主管部门
            区信访局

            项目预算
(万元)
            预算数:
            8

            执行数:
            4.4



            一级
指标
            二级指标
            预期指标值
            实际完成值


            产出指标
            数量指标
            100%
            55%
"""


def test_space_indented_cells_become_a_table_like_tab_led_ones(tmp_path: Path) -> None:
    # Empty cells print as blank lines here, so blank lines do not mark rows: each cell is
    # a row of its own (the extractor rebuilds rows from the form's words).
    (table,) = tables_of(tmp_path, INDENTED_CELLS)
    assert [row[0] for row in table][:8] == [
        "主管部门",
        "区信访局",
        "项目预算(万元)",
        "预算数:",
        "8",
        "执行数:",
        "4.4",
        "一级指标",
    ]
    assert all(len(row) == 1 for row in table)
    assert kinds_of(tmp_path, INDENTED_CELLS)[0] == "Paragraph"  # 保安费用, the form's name


def test_indented_cells_with_one_blank_line_between_rows_keep_the_rows(tmp_path: Path) -> None:
    text = (
        "  一级指标\n  二级指标\n  分值\n\n"
        "  产出指标\n  数量指标\n  20\n\n"
        "  效益指标\n  社会效益\n  10\n"
    )
    assert tables_of(tmp_path, text) == [
        [
            ["一级指标", "二级指标", "分值"],
            ["产出指标", "数量指标", "20"],
            ["效益指标", "社会效益", "10"],
        ]
    ]


@pytest.mark.parametrize(
    "prose",
    [
        # a table of contents: headings with their page numbers
        "目  录\n一、部门基本情况                              1\n"
        "二、部门整体支出情况                          3\n"
        "三、绩效自评结论                              5\n",
        # label lines with a wide space after the colon
        "单位名称:  某县信访局\n填报日期:  2025年4月30日\n联系电话:  0745-1234567\n",
        # paragraphs indented at their first line and wrapped
        "    1.贯彻执行党和国家关于信访工作的方针、政策、法\n"
        "律、法规以及各级党委、政府的决策部署。\n"
        "    2.负责向区委、区政府反映来信来电来访中提出的重\n"
        "要建议、意见和问题,综合研判信访信息。\n",
        # one run of spaces in a line, and a title spaced out character by character
        "本年度预算执行率  100%,自评得分98分。\n全年执行数  161.73万元。\n绩  效  自  评  报  告\n"
        "自  评  结  论  优  秀\n",
        # a page in two columns: two pieces a line
        "一、基本情况                    三、存在问题\n"
        "本单位内设3个股室。            预算编制不够细化。\n"
        "二、绩效目标                    四、改进措施\n",
        # a signature block and short indented paragraphs
        "                              某县信访局\n                               2024年1月25日\n",
        # paragraphs indented by ideographic spaces, labels spaced by one
        "\u3000\u3000全年预算数120万元,执行数118万元。\n\u3000\u3000二、绩效目标完成情况\n"
        "\u3000\u3000(一)产出指标\n单位名称:\u3000某县信访局\n填报日期:\u30002025年4月30日\n",
    ],
)
def test_prose_with_wide_spaces_stays_prose(tmp_path: Path, prose: str) -> None:
    kinds = kinds_of(tmp_path, "2024年度某县信访局部门整体支出绩效自评报告\n" + prose)
    assert "Table" not in kinds


def test_a_pipe_table_padded_with_spaces_stays_a_pipe_table(tmp_path: Path) -> None:
    text = "| 一级指标   | 二级指标   | 分值 |\n|---|---|---|\n| 产出指标   | 数量指标   | 20   |\n"
    assert tables_of(tmp_path, text) == [
        [["一级指标", "二级指标", "分值"], ["产出指标", "数量指标", "20"]]
    ]


def test_ideographic_spaces_in_prose_read_as_spaces(tmp_path: Path) -> None:
    f = tmp_path / "p.txt"
    f.write_text("\u3000\u3000二、绩效目标完成情况\n单位名称:\u3000某县信访局\n", encoding="utf-8")
    heading, label = read(f).blocks
    assert isinstance(heading, Heading)
    assert (heading.level, collapse_spaces(heading.text)) == (1, "二、绩效目标完成情况")
    assert isinstance(label, Paragraph)
    assert collapse_spaces(label.text) == "单位名称:某县信访局"


def test_text_with_a_margin_still_joins_wrapped_paragraphs(tmp_path: Path) -> None:
    f = tmp_path / "m.txt"
    f.write_text(
        "        标题\n"
        "        目标1:基本支出成本控制在163.38万元以内,项目支出控\n"
        "        制在34万元以内;\n"
        "        全年预算数120万元,执行数118万元,执行率为98.33%,年中追加\n"
        "        20万元。\n",
        encoding="utf-8",
    )
    assert [collapse_spaces(b.text) for b in read(f).blocks if isinstance(b, Paragraph)] == [
        "标题",
        "目标1:基本支出成本控制在163.38万元以内,项目支出控制在34万元以内;",
        "全年预算数120万元,执行数118万元,执行率为98.33%,年中追加20万元。",
    ]
