"""Web pages (.html/.htm): the article body of a government page.

The page's menus, header, footer, breadcrumb, related links and scripts
are dropped (by tag and by id/class names such as nav, menu, footer). The
article is the content container government sites use (`#zoom`,
`.TRS_Editor`, `#UCAP-CONTENT`, …) when there is one, else the element
that holds nearly all the page's remaining text (descending from <body>
while one child keeps ≥ 85 % of it, and through layout tables). A title
shown above the article but outside it becomes a level-0 heading.

Inside the article, block elements and <br> end paragraphs; data tables
become `Table`s with rowspan/colspan expanded (a spanned position is an
empty cell); a table holding other tables is layout and is read as text.
A page with too little article text raises "no report found in this page".
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, Tag

from loaders.errors import ReadError
from loaders.readers.builder import DocumentBuilder, clean_text, join_wrapped
from loaders.readers.decode import decode_bytes
from loaders.readers.ir import Document

MIN_ARTICLE_CHARS = 100
MAX_DEPTH = 400  # elements inside elements; real pages stay well under 100
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "nav", "header", "footer",
              "aside", "form", "button", "input", "select", "textarea", "svg", "object",
              "embed", "link", "meta", "head")  # fmt: skip
_NOISE_TOKENS = {"nav", "navbar", "menu", "menus", "header", "footer", "foot", "breadcrumb",
                 "crumb", "crumbs", "sidebar", "share", "toolbar", "copyright", "search",
                 "login", "banner", "related", "friendlink", "position", "location",
                 "logo"}  # fmt: skip
_ARTICLE_IDS = ("zoom", "UCAP-CONTENT", "fontzoom", "vsb_content", "mainText", "BodyLabel",
                "js_content", "printContent", "content", "article")  # fmt: skip
_ARTICLE_CLASSES = ("TRS_Editor", "TRS_UEDITOR", "trs_editor_view", "Custom_UnionStyle",
                    "article-content", "pages_content", "wzxq", "article_con",
                    "content")  # fmt: skip
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd",
               "blockquote", "pre", "center", "address", "figure", "figcaption", "h1", "h2",
               "h3", "h4", "h5", "h6", "hr", "tr", "td", "th", "tbody", "thead"}  # fmt: skip
_CONTAINERS = {"div", "section", "article", "main", "center", "td", "th", "table", "tbody", "tr"}
_HEADING_LEVEL = {"h1": 0, "h2": 1, "h3": 2, "h4": 3, "h5": 4, "h6": 4}
_ATTACHMENT = re.compile(r"\.(pdf|docx?|wps|xlsx?|et|zip|rar|7z)$", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w-]+)", re.I)


def read(path: Path) -> Document:
    """Read a web page's article into the document model."""
    data = path.read_bytes()
    if not data.strip():
        raise ReadError("the file is empty", path.name)
    soup = BeautifulSoup(_decode(data, path.name), "lxml")
    _check_depth(soup, path.name)
    hrefs = [str(a.get("href") or "") for a in soup.find_all("a")]
    attachments = [href for href in hrefs if _ATTACHMENT.search(href)]
    _drop_noise(soup)
    article = _article(soup)
    if article is None or len(_text_of(article, links=False)) < MIN_ARTICLE_CHARS:
        hint = ""
        if attachments:
            names = ", ".join(sorted({href.rsplit("/", 1)[-1] for href in attachments})[:3])
            hint = (
                f" (it links to {len(attachments)} attached file(s): {names}; load those instead)"
            )
        raise ReadError(f"no report found in this page{hint}", path.name)
    builder = DocumentBuilder(path, "html")
    title = _title_above(article)
    if title and _squash(title) not in _squash(_text_of(article))[:500]:
        builder.add_text(title, style_level=0)
    _Walker(builder).walk(article)
    return builder.build()


def _check_depth(soup: BeautifulSoup, name: str) -> None:
    """Refuse a tree nested deeper than any real page (hostile or broken markup):
    walking it costs time quadratic in its depth."""
    depth: dict[int, int] = {}
    for tag in soup.find_all(True):
        level = depth.get(id(tag.parent), 0) + 1
        if level > MAX_DEPTH:
            raise ReadError(
                f"the page is nested more than {MAX_DEPTH} levels deep: not a report", name
            )
        depth[id(tag)] = level


def _decode(data: bytes, name: str) -> str:
    """The page's text: its declared charset when that decodes cleanly,
    else UTF-8 / GB18030 as for text files (gb2312/gbk read as GB18030)."""
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        charset = declared.group(1).decode("ascii", "ignore").lower()
        charset = "gb18030" if charset in ("gb2312", "gbk", "gb18030", "x-gbk") else charset
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data, name)[0]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text_of(element: Tag, *, links: bool = True) -> str:
    parts = []
    for string in element.find_all(string=True):
        if isinstance(string, Comment) or (not links and string.find_parent("a") is not None):
            continue
        parts.append(str(string))
    return clean_text(" ".join(parts))


def _tokens(tag: Tag) -> set[str]:
    raw: object = tag.get("class") or []
    classes = [str(c) for c in raw] if isinstance(raw, list) else [str(raw)]
    values = [str(tag.get("id") or ""), *classes]
    return {t.lower() for v in values for t in re.split(r"[\s_-]+", str(v)) if t}


def _title_above(article: Tag) -> str | None:
    """The nearest heading shown above the article (an h1–h3 or an element
    named *title*), outside it; the page's menus are already gone."""
    for tag in article.find_all_previous(["h1", "h2", "h3", "div", "p", "td", "span"]):
        if article in tag.descendants:
            continue  # an ancestor of the article
        if tag.name in ("h1", "h2", "h3") or _tokens(tag) & {"title", "tit", "biaoti"}:
            text = clean_text(tag.get_text(" "))
            if 4 <= len(text) <= 100 and not _link_list(tag.parent):
                return text
    return None


def _link_list(element: Tag | None) -> bool:
    """A block that is mostly links (a column of headlines, a menu)."""
    if element is None:
        return False
    everything = len(_text_of(element))
    return everything > 0 and len(_text_of(element, links=False)) < 0.5 * everything


def _drop_noise(soup: BeautifulSoup) -> None:
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if not tag.decomposed and _tokens(tag) & _NOISE_TOKENS:
            tag.decompose()


def _article(soup: BeautifulSoup) -> Tag | None:
    body = soup.body or soup
    known = list(soup.find_all(id=list(_ARTICLE_IDS)))
    known += list(soup.find_all(class_=list(_ARTICLE_CLASSES)))
    known = [t for t in known if len(_text_of(t, links=False)) >= MIN_ARTICLE_CHARS]
    start = max(known, key=lambda t: len(_text_of(t)), default=body)
    return _descend(start) if isinstance(start, Tag) else None


def _descend(node: Tag) -> Tag:
    """Go down while one container child (a div, a layout-table cell…)
    holds nearly all the text; never into a paragraph or a data table."""
    while True:
        total = len(_text_of(node))
        children = [c for c in node.find_all(True, recursive=False) if c.name not in ("br", "a")]
        if not children or total == 0:
            return node
        best = max(children, key=lambda c: len(_text_of(c)))
        if best.name not in _CONTAINERS or len(_text_of(best)) < 0.85 * total:
            return node
        if best.name in ("table", "tbody", "thead", "tr"):
            cell = _wrapper_cell(best)
            if cell is None:
                return node
            best = cell
        node = best


def _wrapper_cell(table: Tag) -> Tag | None:
    """The cell of a layout table that holds nearly all its text, if any."""
    total = len(_text_of(table))
    for cell in table.find_all(["td", "th"]):
        if len(_text_of(cell)) >= 0.85 * total:
            inner = _wrapper_cell(cell) if cell.find("table") else None
            return inner or cell
    return None


class _Walker:
    """Turns an element's content into paragraphs, headings and tables."""

    def __init__(self, builder: DocumentBuilder) -> None:
        self.builder = builder
        self.buffer: list[str] = []
        self.level: int | None = None

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer.clear()
        self.builder.add_text(text, style_level=self.level)

    def walk(self, element: Tag) -> None:
        if element.name == "table":
            self.table(element)
        else:
            self._children(element)
        self.flush()

    def _children(self, element: Tag) -> None:
        for child in element.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, Comment):
                    self.buffer.append(str(child))
            elif not isinstance(child, Tag):
                continue
            elif child.name == "br":
                self.flush()
            elif child.name == "table":
                self.flush()
                self.table(child)
            elif child.name in ("pre", "plaintext"):
                self.flush()  # preformatted text: its own lines are the paragraphs
                for line in child.get_text().splitlines():
                    self.builder.add_text(line)
            elif child.name in _BLOCK_TAGS:
                self.flush()
                self.level = _HEADING_LEVEL.get(child.name)
                self._children(child)
                self.flush()
                self.level = None
            else:
                self._children(child)

    def table(self, table: Tag) -> None:
        if table.find("table") is not None:  # layout: read its cells as text
            for cell in _own(table, ["td", "th"]):
                self._children(cell)
                self.flush()
            return
        self.builder.add_table(_grid(table))


def _own(table: Tag, names: list[str]) -> list[Tag]:
    """Elements of this table, not of tables nested in it."""
    return [t for t in table.find_all(names) if t.find_parent("table") is table]


def _span(cell: Tag, name: str) -> int:
    try:
        return max(1, min(int(str(cell.get(name, "1")).strip() or "1"), 200))
    except ValueError:
        return 1


def _grid(table: Tag) -> list[list[str]]:
    """Cell texts with rowspan/colspan expanded: text once, spanned cells empty."""
    placed: dict[tuple[int, int], str] = {}
    rows = _own(table, ["tr"])
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in placed:
                c += 1
            text = join_wrapped(cell.get_text("\n").split("\n"))
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            for dr in range(min(rowspan, len(rows) - r)):
                for dc in range(colspan):
                    placed[(r + dr, c + dc)] = text if dr == dc == 0 else ""
            c += colspan
    width = max((c for _, c in placed), default=-1) + 1
    return [[placed.get((r, c), "") for c in range(width)] for r in range(len(rows))]
