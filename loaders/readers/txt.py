"""Plain-text reports (.txt), as published or as left by a converter.

Tables reach text files in several shapes, and this reader turns each into
a `Table`:

* tab-separated rows, one row per line (Word → text);
* one cell per line, each starting with a tab, continuation lines without
  one, blank lines between rows (HTML/PDF → text);
* pipe rows `| a | b |` (markdown-like), and one-cell-per-line pipe streams
  `cell |` (whose rows are not marked: each line becomes a one-cell row);
* the same tables laid out with spaces: rows whose cells are apart by runs
  of spaces (`pdftotext -layout`), and cells one per line indented by
  spaces (`loaders.readers.spaced`, `loaders.readers.indented`).

Everything else becomes headings (numbered lines: 一、 （一） 1. （1）) and
paragraphs; a paragraph wrapped over several lines is joined back.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from loaders.errors import ReadError
from loaders.readers import indented, spaced
from loaders.readers.decode import decode_bytes
from loaders.readers.ir import Block, Cell, Document, Heading, Location, Paragraph, Table
from loaders.readers.normalize import normalize_lines

HEADING_PATTERNS = (
    (1, re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.]")),
    (2, re.compile(r"^[(][一二三四五六七八九十]{1,3}[)]")),
    (3, re.compile(r"^\d{1,2}\s*[、.](?!\d)")),
    (4, re.compile(r"^[(]\d{1,2}[)]")),
)
_SENTENCE_END = '。;:!?)]》"”'
_PIPES_ONLY = re.compile(r"\|+")
_MARKDOWN_RULE_CELL = re.compile(r"\s*:?-{2,}:?\s*")
_CUT_SHORT = re.compile(r"[,、:]|\d$")  # a numbered line ending so is a sentence, not a heading
_LABEL_VALUE_LINE = re.compile(r"^[^\s:,。]{0,10}(名称|单位|部门|日期|时间|人|电话):\S")
_WRAP_MIN_CHARS = 18  # a line shorter than this was not wrapped by a converter


def read(path: Path) -> Document:
    data = path.read_bytes()
    if not data.strip():
        raise ReadError("the file is empty", path.name)
    text, encoding = decode_bytes(data, path.name)
    doc = read_text(text, path)
    if "replaced" in encoding:
        doc.notes.append(f"{path.name}: damaged text: read as {encoding}")
    return doc


def read_text(text: str, path: Path, fmt: str = "txt") -> Document:
    """Build a document from already-decoded text (also used by other readers)."""
    # An ideographic space is as wide as two: kept so, it still parts cells laid out with
    # spaces (NFKC would make it one space, which parts only words).
    text = text.replace("\r\n", "\n").replace("\u3000", "  ")
    lines = [line.rstrip("\r") for line in normalize_lines(text)]
    if not any(line.strip() for line in lines):
        raise ReadError("the file holds no text", path.name)
    blocks = _blocks(lines)
    return Document(source=path, format=fmt, blocks=blocks, lines=lines)


def heading_level(text: str) -> int | None:
    """The numbering level of a line, or None when it is not numbered."""
    for level, pattern in HEADING_PATTERNS:
        if pattern.match(text):
            return level
    return None


def _is_tab_row(line: str) -> bool:
    return line.count("\t") >= 2 and len([c for c in line.split("\t") if c.strip()]) >= 1


def _is_cell_line(line: str) -> bool:
    """A one-cell-per-line cell: leading tab, no further tab."""
    return line.startswith("\t") and "\t" not in line[1:]


def _is_pipe_row(line: str) -> bool:
    s = line.strip()
    return s.startswith("|") and s.endswith("|") and s.count("|") >= 3


def _is_pipe_cell(line: str) -> bool:
    s = line.strip()
    return (s.endswith("|") and not s.startswith("|")) or bool(_PIPES_ONLY.fullmatch(s))


def _blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    i, n = 0, len(lines)
    plain_until = 0  # lines before this index were looked at as a spaced table and are not one
    while i < n:
        line = lines[i]
        if not line.strip() and not _is_cell_line(line):
            i += 1
            continue
        if i >= plain_until and "\t" not in line and "  " in line:
            table, end = _spaced(lines, i)
            if table is not None:
                blocks.append(table)
                i = end
                continue
            plain_until = end
        # A two-cell line (`项目名称\t甲项目`) opens a tab table when rows follow it.
        if _is_tab_row(line) or (line.count("\t") == 1 and i + 1 < n and _is_tab_row(lines[i + 1])):
            table, i = _tab_table(lines, i)
            if table is not None:
                blocks.append(table)
            continue
        for detect, build in (
            (_is_cell_line, _cell_table),
            (_is_pipe_row, _pipe_table),
            (_is_pipe_cell, _pipe_stream),
        ):
            if detect(line):
                table, i = build(lines, i)
                if table is not None:
                    blocks.append(table)
                break
        else:
            i = _text_block(lines, i, blocks)
    return blocks


def _spaced(lines: list[str], i: int) -> tuple[Table | None, int]:
    """A table laid out with spaces starting at line i, and the index after it
    (or after the lines found not to be one)."""
    found: tuple[spaced.Rows | None, int] = (None, i + 1)
    if spaced.row_segments(lines[i]):
        found = spaced.spaced_table(lines, i)
    elif indented.is_indented_cell(lines[i]):
        found = indented.indented_cells(lines, i)
    rows, end = found
    if not rows:
        return None, end
    table = tuple(tuple(_cell(text, _line(number)) for text, number in row) for row in rows)
    return Table(rows=table, loc=_line(i + 1)), end


def _starts_spaced(lines: list[str], i: int, after: str) -> bool:
    """Does a table laid out with spaces start at line i, right after the line
    `after`? Cells indented are told from a paragraph's next line only when
    indented more than it (text with a margin has every line indented)."""
    line = lines[i]
    if spaced.row_segments(line):
        return spaced.spaced_table(lines, i)[0] is not None
    if indented.is_indented_cell(line) and spaced.indent_of(line) > spaced.indent_of(after) + 1:
        return indented.indented_cells(lines, i)[0] is not None
    return False


def _cell(text: str, loc: Location) -> Cell:
    """A cell with its whitespace runs collapsed to one space and trimmed."""
    return Cell(" ".join(text.split()), loc)


@lru_cache(maxsize=16384)
def _line(number: int) -> Location:
    """The location of a text line, shared: a frozen dataclass takes ~1 µs to build,
    and a report whose table has a line per cell needs one per line."""
    return Location(line=number)


def _tab_table(lines: list[str], i: int) -> tuple[Table | None, int]:
    rows: list[tuple[Cell, ...]] = []
    start = i
    while i < len(lines):
        line = lines[i]
        if _is_tab_row(line) or (line.count("\t") == 1 and (rows or i == start)):
            loc = _line(i + 1)
            rows.append(tuple(_cell(c, loc) for c in line.split("\t")))
            i += 1
        elif not line.strip() and i + 1 < len(lines) and _is_tab_row(lines[i + 1]) and rows:
            i += 1  # a blank line inside a table (a page break in the source)
        else:
            break
    return Table(rows=tuple(rows), loc=_line(start + 1)), i


def _cell_table(lines: list[str], i: int) -> tuple[Table | None, int]:
    """Cells one per line (tab-led), continuation lines appended, blank lines end a row."""
    start = i
    rows: list[tuple[Cell, ...]] = []
    row: list[Cell] = []
    blank_run = 0
    while i < len(lines):
        line = lines[i]
        if _is_cell_line(line):
            row.append(_cell(line[1:], _line(i + 1)))
            blank_run = 0
        elif not line.strip():
            if row:
                rows.append(tuple(row))
                row = []
            blank_run += 1
            # Three blank lines, or a blank line followed by plain text, end the table.
            nxt = next((ln for ln in lines[i + 1 : i + 4] if ln.strip() or ln.startswith("\t")), "")
            if blank_run >= 4 or not (nxt.startswith("\t")):
                i += 1
                break
        elif row and lines[i - 1].strip():
            last = row[-1]
            row[-1] = Cell(last.text + line.strip(), last.loc)  # wrapped cell
        else:
            break
        i += 1
    if row:
        rows.append(tuple(row))
    rows = [r for r in rows if any(c.text for c in r)]
    if not rows:
        return None, i
    return Table(rows=tuple(rows), loc=_line(start + 1)), i


def _pipe_table(lines: list[str], i: int) -> tuple[Table | None, int]:
    start = i
    rows: list[tuple[Cell, ...]] = []
    while i < len(lines) and _is_pipe_row(lines[i]):
        cells = lines[i].strip()[1:-1].split("|")
        if not all(_MARKDOWN_RULE_CELL.fullmatch(c) for c in cells):  # markdown rule line
            loc = _line(i + 1)
            rows.append(tuple(_cell(c, loc) for c in cells))
        i += 1
    return Table(rows=tuple(rows), loc=_line(start + 1)), i


def _pipe_stream(lines: list[str], i: int) -> tuple[Table | None, int]:
    """`cell |` lines: the row structure is lost, so each cell is its own row.
    Every `|` closes one cell: `|` alone is an empty cell, `||||` four."""
    start = i
    rows: list[tuple[Cell, ...]] = []
    while i < len(lines) and (_is_pipe_cell(lines[i]) or not lines[i].strip()):
        s = lines[i].strip()
        loc = _line(i + 1)
        rows.extend((_cell(text, loc),) for text in s.split("|")[:-1])
        i += 1
    return Table(rows=tuple(rows), loc=_line(start + 1)), i


def _text_block(lines: list[str], i: int, blocks: list[Block]) -> int:
    """One heading, or one paragraph joined over the lines a converter wrapped."""
    text = lines[i].strip()
    start = i
    level = heading_level(text)
    i += 1
    # Join wrapped continuation lines (possibly across one blank line).
    # A numbered line is a heading unless it reads as a sentence cut short.
    joinable = level is None or bool(_CUT_SHORT.search(text))
    if len(text) <= 40 and _LABEL_VALUE_LINE.match(text):
        joinable = False  # a `label:value` line (单位名称:…) is complete
    while (
        joinable
        and len(text) >= _WRAP_MIN_CHARS
        and text[-1] not in _SENTENCE_END
        and not text.endswith("报告")
    ):
        j = i
        if j < len(lines) and not lines[j].strip():
            j += 1
        if j >= len(lines):
            break
        nxt = lines[j]
        s = nxt.strip()
        if not s or nxt.startswith("\t") or heading_level(s) is not None or "\t" in nxt:
            break
        if len(s) <= 40 and s.endswith("报告"):
            break  # the next line is a title
        if _is_pipe_row(nxt) or _is_pipe_cell(nxt) or s.startswith("- "):
            break
        if "  " in nxt and _starts_spaced(lines, j, lines[start]):
            break
        text += " " + s  # a space at the join: collapsed away in prose, a cell boundary in rows
        i = j + 1
    loc = _line(start + 1)
    if level is not None and len(text) <= 40 and "," not in text:
        blocks.append(Heading(text=text, level=level, loc=loc))
    else:
        blocks.append(Paragraph(text=text, loc=loc))
    return i
