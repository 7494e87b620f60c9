"""PDF reports (.pdf), through pdfplumber.

Per page: ruled tables are found by their lines (`find_tables`); the text
outside them is read line by line, in page order with the tables. A table
that runs on from the previous page (the first thing on a page, as wide as
the table that ended the page before) continues that table. Page numbers in
the header or footer margins (`- 3 -`, `第3页`) are dropped; the page a
block starts on is kept in its `Location`.

Lines are joined back into paragraphs where the PDF wrapped them: a line
that reaches the right margin continues on the next one unless that line
is indented (a first-line indent starts a paragraph), numbered like a
heading, or the line before ended a sentence in a document that does not
indent its paragraphs.

A page without a text layer (a scanned image) gets a note; a PDF with no
text at all is refused as a scan that needs OCR. Password-protected and
damaged files raise `ReadError`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from loaders.errors import ReadError
from loaders.readers.builder import DocumentBuilder, join_wrapped
from loaders.readers.ir import Document
from loaders.readers.pdf_columns import Grid, body_edges, find_grids
from loaders.readers.pdf_text import line_font
from loaders.readers.txt import heading_level

_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d{1,4}(\s*页)?(\s*/\s*共?\s*\d+\s*页?)?[-—–\s]*$")
_SENTENCE_END = tuple("。;:!?")
_UNBREAKABLE = re.compile(r"[A-Za-z0-9.,%()/:+\-=≤≥~]+")
_MARGIN_SHARE = 0.08  # header/footer band, as a share of the page height
_SAME_EDGE = 5.0  # column edges closer than this (pt) are one column drawn twice


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    page: int
    font: tuple[str, float]  # font and size of the line's Chinese text (its main text)


@dataclass
class _Table:
    rows: list[list[str]]
    edges: list[float]  # left edge of each column
    x0: float
    x1: float
    top: float
    row_pages: list[int]
    ends_near_bottom: bool
    grid: Grid | None = None  # a table without ruling lines, found by its text columns


Item = _Line | _Table


def read(path: Path) -> Document:
    """Read a PDF into the document model."""
    try:
        # The file is ours to close: pdfplumber's close() can raise before closing it.
        with path.open("rb") as stream, pdfplumber.open(stream) as pdf:
            return _read_pdf(pdf, path)
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        raise _pdf_error(cause, path) from exc
    except (
        MalformedPDFException,  # a page box that is not numbers, raised even by close()
        PDFSyntaxError,
        PSException,
        PDFEncryptionError,
        PDFPasswordIncorrect,
    ) as exc:
        raise _pdf_error(exc, path) from exc


def _pdf_error(cause: object, path: Path) -> ReadError:
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return ReadError(
            "the PDF is password-protected; save a copy without a password and load that",
            path.name,
        )
    return ReadError(f"the PDF is damaged ({cause!r}); ask the sender for a new copy", path.name)


def _read_pdf(pdf: Any, path: Path) -> Document:
    builder = DocumentBuilder(path, "pdf")
    pages: list[tuple[int, float, list[_Table], list[dict[str, Any]]]] = []
    for number, page in enumerate(pdf.pages, start=1):
        if not page.chars:
            if page.images:
                builder.note(f"page {number} has no text layer (a scanned image?); it was not read")
            continue
        pages.append((number, page.height, *_page_text(page, number)))
    if not pages:
        if any(page.images for page in pdf.pages):
            raise ReadError(
                "the PDF is a scan (page images without a text layer); "
                "it needs OCR (text recognition) before it can be read",
                path.name,
            )
        raise ReadError("the PDF holds no text", path.name)
    edges = body_edges([raw for *_, raw in pages])
    items = [
        item
        for number, height, tables, raw in pages
        for item in _page_items(number, height, tables, raw, edges)
    ]
    _emit(items, builder)
    return builder.build()


def _page_text(page: Any, number: int) -> tuple[list[_Table], list[dict[str, Any]]]:
    """The page's ruled tables, and its text lines outside them."""
    tables: list[_Table] = []
    boxes: list[tuple[float, float, float, float]] = []
    for found in page.find_tables():
        rows = [[join_wrapped((c or "").split("\n")) for c in row] for row in found.extract()]
        if not rows or max(len(r) for r in rows) < 2:
            continue  # a frame around text, not a table
        edges = [min(cell[0] for cell in col.cells if cell) for col in found.columns]
        x0, top, x1, bottom = found.bbox
        near_bottom = bottom > page.height * 0.75
        tables.append(_Table(rows, edges, x0, x1, top, [number] * len(rows), near_bottom))
        boxes.append(found.bbox)

    def outside_tables(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    raw = _drop_page_numbers(
        [
            line
            for line in page.filter(outside_tables).extract_text_lines(
                strip=True, return_chars=True
            )
            if line["text"].strip()
        ],
        page.height,
    )
    return tables, raw


def _page_items(
    number: int, height: float, tables: list[_Table], raw: list[dict[str, Any]], edges: set[float]
) -> list[Item]:
    """A page's tables (ruled, and found by their text columns) and its
    other text lines, top to bottom."""
    items: list[Item] = [*tables]
    taken: set[int] = set()
    for grid in find_grids(raw, number, edges):
        near_bottom = grid.lines[-1].bottom > height * 0.75
        items.append(_Table([], [], 0.0, 0.0, grid.lines[0].top, [], near_bottom, grid))
        taken.update(range(grid.start, grid.stop))
    items.extend(
        _Line(line["text"], line["x0"], line["x1"], line["top"], number, line_font(line["chars"]))
        for i, line in enumerate(raw)
        if i not in taken
    )
    items.sort(key=lambda item: item.top)
    return items


def _drop_page_numbers(lines: list[dict[str, Any]], height: float) -> list[dict[str, Any]]:
    band = height * _MARGIN_SHARE
    return [
        line
        for line in lines
        if not (
            (line["top"] < band or line["top"] > height - band) and _PAGE_NUMBER.match(line["text"])
        )
    ]


@dataclass
class _Layout:
    """A text column: its margins, character size, and whether paragraphs
    start with a first-line indent."""

    left: float
    right: float
    char: float
    indents_paragraphs: bool

    @classmethod
    def of(cls, lines: list[_Line]) -> _Layout:
        """Margins are edges shared by at least two lines, so one odd line
        (a long URL, a page number) does not move them."""
        if not lines:
            return cls(0.0, 0.0, 10.0, False)
        left = _shared_edge([line.x0 for line in lines], min)
        right = _shared_edge([line.x1 for line in lines], max)
        sizes = [line.font[1] for line in lines if line.font[1] > 0]
        char = median(sizes) if sizes else 10.0
        indented = sum(1 for line in lines if char * 1.5 <= line.x0 - left <= char * 2.6)
        return cls(left, right, char, indented >= 3)

    @classmethod
    def per_page(cls, lines: list[_Line]) -> dict[int, _Layout]:
        """Each page's own margins (pages differ: landscape forms); pages
        with few lines take the document's."""
        whole = cls.of(lines)
        pages: dict[int, list[_Line]] = {}
        for line in lines:
            pages.setdefault(line.page, []).append(line)
        return {
            page: cls(*cls.of(own).margins(), whole.char, whole.indents_paragraphs)
            if len(own) >= 6
            else whole
            for page, own in pages.items()
        }

    def margins(self) -> tuple[float, float]:
        return self.left, self.right

    def fills(self, line: _Line, next_line: _Line) -> bool:
        """Did `line` run to the right margin, so that the next line's first
        word (which cannot be broken: digits, Latin) did not fit?"""
        word = _UNBREAKABLE.match(next_line.text)
        word_width = len(word.group()) * self.char * 0.55 if word else 0.0
        return line.x1 + max(word_width, self.char) >= self.right - 1.5 * self.char

    def indented(self, line: _Line) -> bool:
        return line.x0 - self.left >= 0.8 * self.char


def _shared_edge(values: list[float], pick: Callable[[list[float]], float]) -> float:
    counts = Counter(round(v / 2) for v in values)
    shared = [v for v in values if counts[round(v / 2)] >= 2]
    return pick(shared or values)


def _continues(prev: _Line, line: _Line, layouts: dict[int, _Layout]) -> bool:
    """Does `line` continue the paragraph that `prev` ends?"""
    before, after = layouts[prev.page], layouts[line.page]
    if prev.font != line.font or not before.fills(prev, line) or after.indented(line):
        return False
    if after.indents_paragraphs:
        return True  # paragraphs start indented, so an unindented line runs on
    return not prev.text.endswith(_SENTENCE_END) and heading_level(line.text) is None


def _emit(items: list[Item], builder: DocumentBuilder) -> None:
    """Group lines into paragraphs and join tables run on across pages,
    then add the blocks in order."""
    layouts = _Layout.per_page([i for i in items if isinstance(i, _Line)])
    blocks: list[_Table | list[_Line]] = []
    for item in items:
        last = blocks[-1] if blocks else None
        if isinstance(item, _Table):
            if isinstance(last, _Table) and _runs_on(last, item):
                _extend_table(last, item)
            else:
                blocks.append(item)
        elif isinstance(last, list) and _continues(last[-1], item, layouts):
            last.append(item)
        else:
            blocks.append([item])
    for block in blocks:
        if isinstance(block, _Table) and block.grid is not None and block.grid.tentative:
            page = block.grid.lines[0].page  # one line of cells, not run on: plain lines
            for line in block.grid.raw:
                builder.add_text(line["text"], page=page)
        elif isinstance(block, _Table) and block.grid is not None:
            rows, pages = block.grid.cells()
            builder.add_table(rows, pages=pages)
        elif isinstance(block, _Table):
            builder.add_table(block.rows, pages=block.row_pages)
        else:
            builder.add_text(join_wrapped([line.text for line in block]), page=block[0].page)


def _runs_on(previous: _Table, table: _Table) -> bool:
    """A table at the top of a page continuing the one that ended the page before."""
    if previous.grid is not None or table.grid is not None:
        return (
            previous.ends_near_bottom
            and previous.grid is not None
            and table.grid is not None
            and previous.grid.continued_by(table.grid)
        )
    return (
        previous.ends_near_bottom
        and table.row_pages[0] == previous.row_pages[-1] + 1
        and abs(table.x0 - previous.x0) < 3
        and abs(table.x1 - previous.x1) < 3
    )


def _extend_table(table: _Table, more: _Table) -> None:
    """Append the rows of `more` to `table`, on the union of their columns
    (a part whose rows all merge two columns shows one column fewer)."""
    if table.grid is not None and more.grid is not None:
        table.grid.extend(more.grid)  # rows and columns are found on all the lines
        table.ends_near_bottom = more.ends_near_bottom
        return
    edges: list[float] = []
    for x in sorted([*table.edges, *more.edges]):
        if not edges or x - edges[-1] > _SAME_EDGE:
            edges.append(x)

    def widen(rows: list[list[str]], own: list[float]) -> list[list[str]]:
        index = [min(range(len(edges)), key=lambda k: abs(edges[k] - x)) for x in own]
        out = []
        for row in rows:
            wide = [""] * len(edges)
            for j, text in enumerate(row):
                wide[index[j]] = text
            out.append(wide)
        return out

    table.rows[:] = widen(table.rows, table.edges) + widen(more.rows, more.edges)
    table.edges = edges
    table.row_pages.extend(more.row_pages)
    table.ends_near_bottom = more.ends_near_bottom
