"""Blocks → files: plain text (UTF-8 or GB18030), Word, Excel, a web page,
and PDF (LibreOffice's export of the Word file, when LibreOffice is there).

Tables are real tables in every format but text. The 一级/二级 cells of an
indicator group are merged downwards, as in the published forms (Word
vertical merges, Excel merged ranges, HTML rowspan), so the readers'
merged-cell handling is exercised too. Files are written deterministically
(fixed document timestamps) so one seed gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from loaders.synth.layouts import WIDTH, Block
from loaders.synth.render import to_text

FORMATS = ("txt", "docx", "xlsx", "html", "pdf")
TEXT_ENCODINGS = ("utf-8", "gb18030")
FIXED_TIME = dt.datetime(2025, 3, 1, 9, 0, 0)
PDF_TIMEOUT_S = 120


def _grid(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    return [list(r) + [""] * (WIDTH - len(r)) for r in rows]


def merged_runs(rows: Sequence[Sequence[str]], col: int) -> list[tuple[int, int]]:
    """(first, last) rows over which the 一级 (col 0) or 二级 (col 1) cell of
    an indicator group spans: its label row and the rows after it that leave
    the cell empty."""
    head = next((r for r, row in enumerate(rows) if row and row[0] == "一级指标"), None)
    if head is None:
        return []
    runs: list[tuple[int, int]] = []
    start = end = None
    for r in range(head + 1, len(rows)):
        row = rows[r]
        if len(row) < 3 or not row[2] or row[0] == "总分":
            break
        if row[col] or any(row[:col]):
            if start is not None and end is not None and end > start:
                runs.append((start, end))
            start = r if row[col] else None
        end = r
    if start is not None and end is not None and end > start:
        runs.append((start, end))
    return runs


def write_txt(blocks: Sequence[Block], path: Path, shape: str, encoding: str) -> None:
    path.write_bytes(to_text(blocks, shape).encode(encoding))


def write_docx(blocks: Sequence[Block], path: Path) -> None:
    import docx  # ~0.1 s: only a corpus with .docx pays it

    document = docx.Document()
    props = document.core_properties
    props.created = props.modified = FIXED_TIME
    props.author = "jixiao synth"
    for block in blocks:
        if block.kind == "title":
            document.add_heading(block.text, level=0)
        elif block.kind == "table":
            grid = _grid(block.rows)
            table = document.add_table(rows=len(grid), cols=WIDTH)
            table.style = "Table Grid"
            for r, row in enumerate(grid):
                for c, text in enumerate(row):
                    if text:
                        table.cell(r, c).text = text
            for col in (0, 1):
                for first, last in merged_runs(grid, col):
                    table.cell(first, col).merge(table.cell(last, col))
        else:
            document.add_paragraph(block.text)
    document.save(str(path))


def write_xlsx(blocks: Sequence[Block], path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"in_memory": True})
    book.set_properties({"created": FIXED_TIME, "author": "jixiao synth"})
    sheet = book.add_worksheet("自评报告")
    merge = book.add_format({"valign": "vcenter"})
    r = 0
    for block in blocks:
        if block.kind != "table":
            sheet.write_string(r, 0, block.text)
            r += 2  # a blank row between paragraphs: each is its own run of rows
            continue
        grid = _grid(block.rows)
        for dr, row in enumerate(grid):
            for c, text in enumerate(row):
                if text:
                    sheet.write_string(r + dr, c, text)
        for col in (0, 1):
            for first, last in merged_runs(grid, col):
                sheet.merge_range(r + first, col, r + last, col, grid[first][col], merge)
        r += len(grid) + 1
    book.close()


def write_html(blocks: Sequence[Block], path: Path, encoding: str = "utf-8") -> None:
    """A government web page: navigation and footer around a `#zoom` article."""
    title = next((b.text for b in blocks if b.kind == "title"), "")
    parts = [
        f'<!DOCTYPE html><html><head><meta charset="{encoding}">',
        f"<title>{html.escape(title)}</title></head><body>",
        '<div class="nav"><a href="/">首页</a> <a href="/xxgk">信息公开</a></div>',
        '<div id="zoom">',
    ]
    for block in blocks:
        if block.kind == "title":
            parts.append(f"<h1>{html.escape(block.text)}</h1>")
        elif block.kind == "table":
            parts.append(_html_table(_grid(block.rows)))
        else:
            parts.append(f"<p>{html.escape(block.text)}</p>")
    parts.append('</div><div class="footer">主办单位:示例县人民政府办公室(合成数据)</div>')
    parts.append("</body></html>\n")
    path.write_bytes("\n".join(parts).encode(encoding))


def _html_table(grid: list[list[str]]) -> str:
    spans: dict[tuple[int, int], int] = {}
    covered: set[tuple[int, int]] = set()
    for col in (0, 1):
        for first, last in merged_runs(grid, col):
            spans[(first, col)] = last - first + 1
            covered.update((r, col) for r in range(first + 1, last + 1))
    out = ['<table border="1">']
    for r, row in enumerate(grid):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            span = f' rowspan="{spans[(r, c)]}"' if (r, c) in spans else ""
            cells.append(f"<td{span}>{html.escape(text)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def pdf_available() -> bool:
    return shutil.which("soffice") is not None


def docx_to_pdf(sources: Sequence[Path], out_dir: Path) -> list[Path]:
    """Convert Word files to PDF with LibreOffice, in one run (its own
    profile, so runs in parallel processes do not collide)."""
    if not sources:
        return []
    with tempfile.TemporaryDirectory(prefix="jixiao_lo_") as profile:
        command = [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *map(str, sources),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=PDF_TIMEOUT_S)
    return [out_dir / (s.stem + ".pdf") for s in sources]
