"""Word documents (.docx).

The body is read in document order: paragraphs (with the number Word's
automatic list numbering shows put back in front), text boxes, and tables.
Tables are read from their XML, not through python-docx's cell grid (which
repeats a merged cell in every position it covers): a merged cell appears
once, in its first row and column, and the positions it spans are empty.

A table nested in a table cell is emitted as its own `Table` right after
the outer table (the outer table stays whole, so its header stays above its
rows); the outer cell keeps only its own paragraphs' text.

Headings: a numbered short paragraph, as in the text reader, or a paragraph
in a heading style ("Heading 1", "标题 1", an outline level; "Title" → 0).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree  # type: ignore[import-untyped]

from loaders.errors import ReadError
from loaders.readers.builder import DocumentBuilder, join_wrapped
from loaders.readers.docx_numbering import ListNumbering, W
from loaders.readers.ir import Document
from loaders.readers.zipguard import check_office_zip

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIP_IN_TEXT = {W + "del", W + "moveFrom", MC + "Fallback", W + "txbxContent", W + "pPr"}
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def read(path: Path) -> Document:
    """Read a .docx file into the document model."""
    return read_docx(path, source=path, fmt="docx")


def read_docx(path: Path, *, source: Path, fmt: str) -> Document:
    """Read the Word file at `path`; blocks and errors name `source`
    (the .doc a converted file came from)."""
    check_office_zip(path, "Word")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile,
            etree.XMLSyntaxError) as exc:  # fmt: skip
        raise ReadError(f"the Word file is damaged ({exc}); ask the sender for a new copy",
                        source.name) from exc  # fmt: skip
    reader = _BodyReader(document, DocumentBuilder(source, fmt))
    reader.read_children(document.element.body)
    built = reader.builder.build()
    if not built.blocks:
        raise ReadError("the Word file holds no text", source.name)
    return built


class _BodyReader:
    """Walks a document body in order and feeds a `DocumentBuilder`."""

    def __init__(self, document: Any, builder: DocumentBuilder) -> None:
        self.builder = builder
        try:
            numbering_xml = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering_xml = None
        self.numbering = ListNumbering.from_xml(numbering_xml)
        self.styles = _Styles(document.styles.element)

    # -- block level ---------------------------------------------------
    def read_children(self, parent: Any) -> None:
        for child in _flatten_sdt(parent):
            if child.tag == W + "p":
                text, boxes = self.paragraph_text(child)
                self.builder.add_text(text, style_level=self.styles.heading_level(child))
                for box in boxes:
                    self.builder.add_text(box)
            elif child.tag == W + "tbl":
                rows, nested = self.table_rows(child)
                self.builder.add_table(rows)
                for inner in nested:
                    self.builder.add_table(inner)

    # -- paragraphs ----------------------------------------------------
    def paragraph_text(self, p: Any) -> tuple[str, list[str]]:
        """The paragraph's text with its list label, and the texts of the
        text boxes anchored in it."""
        parts: list[str] = []
        boxes: list[str] = []
        _collect_text(p, parts, boxes, self)
        text = join_wrapped("".join(parts).split("\n"))
        label = self._label(p)
        if label and text:
            text = label + (" " if label[-1].isalnum() else "") + text
        return text, boxes

    def _label(self, p: Any) -> str:
        num_id, ilvl = _num_pr(p.find(W + "pPr"))
        if num_id is None:
            num_id, style_ilvl = self.styles.num_pr(p)
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0":
            return ""
        return self.numbering.label(num_id, ilvl or 0)

    # -- tables --------------------------------------------------------
    def table_rows(self, tbl: Any) -> tuple[list[list[str]], list[list[list[str]]]]:
        """The table's rows (merged cells once) and the tables nested in it."""
        rows: list[list[str]] = []
        nested: list[list[list[str]]] = []
        for tr in _children(tbl, W + "tr"):
            tr_pr = tr.find(W + "trPr")
            row = [""] * _int_val(tr_pr, "gridBefore")
            for tc in _children(tr, W + "tc"):
                tc_pr = tc.find(W + "tcPr")
                text = self.cell_text(tc, nested)
                v_merge = tc_pr.find(W + "vMerge") if tc_pr is not None else None
                h_merge = tc_pr.find(W + "hMerge") if tc_pr is not None else None
                continues = any(
                    m is not None and m.get(W + "val", "continue") == "continue"
                    for m in (v_merge, h_merge)
                )
                row.append("" if continues else text)
                row.extend([""] * (max(_int_val(tc_pr, "gridSpan"), 1) - 1))
            row.extend([""] * _int_val(tr_pr, "gridAfter"))
            rows.append(row)
        return rows, nested

    def cell_text(self, tc: Any, nested: list[list[list[str]]]) -> str:
        texts: list[str] = []
        for child in _flatten_sdt(tc):
            if child.tag == W + "p":
                text, boxes = self.paragraph_text(child)
                texts.extend([text, *boxes])
            elif child.tag == W + "tbl":
                inner, deeper = self.table_rows(child)
                nested.append(inner)
                nested.extend(deeper)
        return join_wrapped([t for t in texts if t])


def _collect_text(element: Any, parts: list[str], boxes: list[str], reader: _BodyReader) -> None:
    """Text of runs in document order, skipping deleted text and the
    fallback copy of drawings; text boxes go to `boxes`."""
    for child in element:
        tag = child.tag
        if tag == W + "txbxContent":
            for p in child.iter(W + "p"):
                text, _ = reader.paragraph_text(p)
                if text:
                    boxes.append(text)
            continue
        if tag in _SKIP_IN_TEXT or not isinstance(tag, str):
            continue
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag in (W + "tab", W + "ptab"):
            parts.append(" ")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        else:
            _collect_text(child, parts, boxes, reader)


def _children(element: Any, tag: str) -> Iterator[Any]:
    """Direct children with `tag`, looking through content controls."""
    for child in _flatten_sdt(element):
        if child.tag == tag:
            yield child


def _flatten_sdt(element: Any) -> Iterator[Any]:
    for child in element:
        if child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                yield from _flatten_sdt(content)
        else:
            yield child


def _int_val(parent: Any, tag: str) -> int:
    child = parent.find(W + tag) if parent is not None else None
    try:
        return int(child.get(W + "val", "1")) if child is not None else 0
    except ValueError:
        return 0


def _num_pr(p_pr: Any) -> tuple[str | None, int | None]:
    num_pr = p_pr.find(W + "numPr") if p_pr is not None else None
    if num_pr is None:
        return None, None
    num_id = num_pr.find(W + "numId")
    ilvl = num_pr.find(W + "ilvl")
    return (
        None if num_id is None else num_id.get(W + "val"),
        None if ilvl is None else int(ilvl.get(W + "val", "0")),
    )


class _Styles:
    """Paragraph styles: heading level and list numbering, through `basedOn`."""

    def __init__(self, styles_xml: Any) -> None:
        self.by_id: dict[str, Any] = {}
        for style in styles_xml.findall(W + "style"):
            self.by_id[style.get(W + "styleId") or ""] = style

    def _chain(self, p: Any) -> Iterator[Any]:
        p_pr = p.find(W + "pPr")
        style_id = _val_of(p_pr, "pStyle")
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            style_id = _val_of(style, "basedOn")

    def heading_level(self, p: Any) -> int | None:
        outline = _val_of(p.find(W + "pPr"), "outlineLvl")
        for style in self._chain(p):
            name = _val_of(style, "name") or ""
            if name.lower() == "title":
                return 0
            match = _HEADING_STYLE.match(name)
            if match:
                return int(match.group(1))
            outline = outline or _val_of(style.find(W + "pPr"), "outlineLvl")
        if outline is not None and outline.isdigit() and int(outline) < 9:
            return int(outline) + 1
        return None

    def num_pr(self, p: Any) -> tuple[str | None, int | None]:
        for style in self._chain(p):
            num_id, ilvl = _num_pr(style.find(W + "pPr"))
            if num_id is not None:
                return num_id, ilvl
        return None, None


def _val_of(parent: Any, tag: str) -> str | None:
    child = parent.find(W + tag) if parent is not None else None
    return None if child is None else child.get(W + "val")
