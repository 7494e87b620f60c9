"""The web-page reader: the article without the page around it, tables with
rowspan/colspan, encodings, and pages that hold no report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from loaders.errors import ReadError
from loaders.readers import read
from loaders.readers.html import read as read_html
from loaders.readers.ir import Heading, Paragraph, Table

FORMATS = Path(__file__).resolve().parent / "fixtures" / "formats"
BAD = FORMATS / "bad"
BODY = "本项目资金年初预算数135万元,全年执行数244.68万元,执行率为99.86%。" * 3


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page(tmp_path: Path, body: str, name: str = "page.html", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    charset = "gb2312" if encoding == "gb18030" else encoding
    html = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>t</title></head><body>{body}</body></html>"
    )
    path.write_bytes(html.encode(encoding))
    return path


def test_menus_headers_and_footers_are_dropped() -> None:
    doc = read_html(FORMATS / "001_d561446380a2a949.html")
    text = "\n".join(doc.lines)
    for noise in ("首页", "政务服务", "请输入关键字", "当前位置", "发布时间", "打印本页",
                  "相关文章", "版权所有", "ICP备", "_hmt", "innerHTML"):  # fmt: skip
        assert noise not in text, noise
    first = doc.blocks[0]
    assert isinstance(first, Paragraph)
    assert squash(first.text) == "2024年度信访局部门整体支出绩效自评报告"


def test_rowspan_and_colspan_become_aligned_cells() -> None:
    doc = read_html(FORMATS / "001_d561446380a2a949.html")
    form = [b for b in doc.blocks if isinstance(b, Table)][1]
    rows = form.texts()
    header = next(i for i, r in enumerate(rows) if "一级指标" in r)
    assert rows[header + 1] == ["", "成本指标 (20分)", "经济成本指标", "整体支出控制额",
                                "≤127.73 万元", "=161.73 万元", "20", "20", ""]  # fmt: skip
    assert rows[header + 2][:2] == ["", ""]
    assert rows[0] == ["预算单位名称", "", "洪江区信访局", "", "", "", "", "", ""]


def test_a_page_without_a_report() -> None:
    with pytest.raises(ReadError, match=r"no_report\.html: no report found in this page"):
        read(BAD / "no_report.html")


def test_a_page_that_only_links_to_the_report(tmp_path: Path) -> None:
    path = page(
        tmp_path, '<div class="nav">首页</div><p><a href="/f/2024自评报告.pdf">附件</a></p>'
    )
    with pytest.raises(ReadError, match=r"links to 1 attached file\(s\): 2024自评报告\.pdf"):
        read(path)


def test_a_title_outside_the_article_becomes_the_title(tmp_path: Path) -> None:
    body = (
        '<div class="header"><a href="/">首页</a></div>'
        '<h1 class="title">某局2024年度项目支出绩效自评报告</h1>'
        f'<div id="zoom"><p>一、项目基本情况</p><p>{BODY}</p></div>'
        '<div class="footer">版权所有</div>'
    )
    blocks = read_html(page(tmp_path, body)).blocks
    assert blocks[0] == Heading("某局2024年度项目支出绩效自评报告", 0, blocks[0].loc)
    assert isinstance(blocks[1], Heading)
    assert blocks[1].level == 1
    assert isinstance(blocks[2], Paragraph)
    assert blocks[2].text == BODY
    assert len(blocks) == 3


def test_a_headline_column_beside_the_article_is_no_title(tmp_path: Path) -> None:
    links = "".join(f'<li><a href="/a/{i}">2024年第{i}号通知</a></li>' for i in range(6))
    column = f'<div class="left"><h2>热点信息</h2><ul>{links}</ul></div>'
    body = f'{column}<div id="zoom"><p>{BODY}</p></div>'
    (block,) = read_html(page(tmp_path, body)).blocks
    assert block == Paragraph(BODY, block.loc)


def test_the_article_of_a_page_without_known_ids(tmp_path: Path) -> None:
    """Old sites lay pages out with tables; the article is the cell holding the text."""
    form = (
        '<table border="1"><tr><td rowspan="2">产出指标</td><td>数量指标</td></tr>'
        "<tr><td>质量指标</td></tr></table>"
    )
    body = (
        '<table><tr><td><a href="/">首页</a> <a href="/a">机构</a></td></tr>'
        f"<tr><td><p>{BODY}</p>{form}<br>填表人:张三<br>2025年4月30日</td></tr>"
        "<tr><td>主办单位 某县政府</td></tr></table>"
    )
    blocks = read_html(page(tmp_path, body)).blocks
    texts = [b.texts() if isinstance(b, Table) else b.text for b in blocks]
    assert texts == [
        BODY,
        [["产出指标", "数量指标"], ["", "质量指标"]],
        "填表人:张三",
        "2025年4月30日",
    ]


def test_preformatted_text_keeps_its_lines(tmp_path: Path) -> None:
    body = f"<div id='zoom'><pre>一、项目基本情况\n{BODY}\n\n二、绩效情况</pre></div>"
    blocks = read_html(page(tmp_path, body)).blocks
    assert [type(b).__name__ for b in blocks] == ["Heading", "Paragraph", "Heading"]


def test_gbk_page_with_its_charset_declared(tmp_path: Path) -> None:
    path = page(tmp_path, f"<div id='zoom'><p>{BODY}</p></div>", encoding="gb18030")
    (block,) = read(path).blocks
    assert block == Paragraph(BODY, block.loc)


def test_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("  \n", encoding="utf-8")
    with pytest.raises(ReadError, match=r"empty\.html: the file is empty"):
        read(path)
