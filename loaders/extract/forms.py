"""Finding the 自评表 forms in a document's tables.

A form is a stretch of table rows about one subject: the department as a
whole (预算单位名称 …) or one project (项目名称 …). One table can hold several
forms and one form can be split over tables; a project form without a name
cell takes its name from the short line printed above it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial

from loaders.extract import vocab
from loaders.extract.text import clean_cell
from loaders.readers.ir import Cell, Document, Heading, Paragraph, Table
from loaders.readers.normalize import collapse_spaces

PROJECT_NAME_LABEL = re.compile(
    r"^(项目名称|项目支出名称|专项名称|项目\(专项\)名称|专项\(项目\)名称|二级项目名称)[::]?$"
)
UNIT_NAME_LABEL = re.compile(
    r"^(预算单位名称|单位名称|部门名称|部门\(单位\)名称|预算部门名称|预算单位|"
    r"部门\(单位\)|预算部门、单位名称|实施单位|主管部门|主管部门及代码)[::]?$"
)
PROJECT_FORM_TITLE = re.compile(
    r"项目支出绩效自评表|项目绩效自评表|项目绩效目标自评|项目支出绩效目标自评"
)
DEPT_FORM_TITLE = re.compile(r"整体支出绩效自评表|整体绩效自评表|部门整体")
BASIC_DATA_TITLE = re.compile(r"基础数据表")
_FORM_TITLE = re.compile(
    "|".join(p.pattern for p in (PROJECT_FORM_TITLE, DEPT_FORM_TITLE, BASIC_DATA_TITLE))
)


@dataclass
class Form:
    kind: str | None  # "department" | "project" | "basic_data" | None
    rows: list[list[Cell]]
    line: int
    name: str | None = None
    name_line: int | None = None
    labels: dict[str, tuple[str, int]] = field(default_factory=dict)  # 实施单位 → (value, line)
    cleaned: list[list[str]] = field(default_factory=list)  # rows' cell texts, whitespace removed
    money_unit: str | None = None  # from a `金额单位:元` note printed above the table

    def add_row(self, cells: list[Cell], texts: list[str]) -> None:
        self.rows.append(cells)
        self.cleaned.append(texts)

    def texts(self) -> list[list[str]]:
        return self.cleaned

    def row_line(self, r: int) -> int:
        """The line row r starts on: its first filled cell's (a rebuilt stream pads
        a row with empty cells that carry the line where the stream began)."""
        row = self.rows[r]
        filled = next((c for c, t in zip(row, self.cleaned[r], strict=False) if t), None)
        cell = filled or (row[0] if row else None)
        return cell.loc.line if cell else self.line


def _label_value(
    row: list[Cell], pattern: re.Pattern[str], texts: list[str] | None = None
) -> tuple[str, int] | None:
    texts = texts if texts is not None else [clean_cell(c.text) for c in row]
    for i, text in enumerate(texts):
        label, sep, rest = text.partition(":")
        if pattern.match(text):
            for k in range(i + 1, len(row)):
                if texts[k]:
                    return texts[k], row[k].loc.line
        elif sep and rest and pattern.match(label + ":"):
            return rest, row[i].loc.line
    return None


_UNIT_START_LABEL = re.compile(
    r"^(预算单位名称|单位名称|部门名称|部门\(单位\)名称|预算部门名称)[::]?$"
)
_KEPT_LABELS = ("实施单位", "主管部门", "预算单位名称", "单位名称", "部门名称", "主管部门及代码")
_KEPT_LABEL_PATTERNS = {label: re.compile(rf"^{re.escape(label)}[::]?$") for label in _KEPT_LABELS}


def _preceding_lines(doc: Document, index: int, limit: int = 4) -> list[tuple[str, int]]:
    """Short paragraphs printed just above a table (nearest first)."""
    out: list[tuple[str, int]] = []
    for block in reversed(doc.blocks[max(0, index - limit) : index]):
        if isinstance(block, Table):
            break
        if isinstance(block, (Paragraph, Heading)):
            out.append((collapse_spaces(block.text), block.loc.line))
    return out


_UNIT_NOTE_LINE = re.compile(r"(?:金额|资金)?单位[::]\s*(万元|元)\s*$")
_TITLE_WORDS = re.compile(r"(绩效|自评|附件|评价|目标|情况表|单位:|\d{4}年)")
_BASIC_DATA_COLUMN = re.compile(r"\d{4}年?(决算数|预算数)")


def _is_title_line(text: str) -> bool:
    return bool(_TITLE_WORDS.search(text))


def split_forms(doc: Document) -> list[Form]:
    """Every form in the document, in order."""
    forms: list[Form] = []
    for index, block in enumerate(doc.blocks):
        if not isinstance(block, Table):
            continue
        above = _preceding_lines(doc, index)
        # the form's own title over a `(2023年度)` or `单位:万元` line printed under it
        title = next((t for t, _ in above if _FORM_TITLE.search(t)), "") or next(
            (t for t, _ in above if _is_title_line(t)), ""
        )
        noted = next((m.group(1) for t, _ in above if (m := _UNIT_NOTE_LINE.search(t))), None)
        current: Form | None = None
        table_forms: list[Form] = []
        for row in block.rows:
            cells = list(row)
            texts = [clean_cell(c.text) for c in cells]
            starts_project = starts_unit = None
            if any("名称" in t for t in texts):  # the word both labels that open a form end in
                starts_project = _label_value(cells, PROJECT_NAME_LABEL, texts)
                starts_unit = _label_value(cells, _UNIT_START_LABEL, texts)
            if (
                current is None
                or (starts_project and (current.name or _has_total(current)))
                or (starts_unit and current.rows)
            ):
                current = Form(
                    kind=None,
                    rows=[],
                    line=cells[0].loc.line if cells else block.loc.line,
                    money_unit=noted,
                )
                table_forms.append(current)
            if starts_project and current.name is None:
                current.kind = "project"
                current.name, current.name_line = starts_project
            current.add_row(cells, texts)
            if not any(t.startswith(_KEPT_LABELS) for t in texts):
                continue
            for label, pattern in _KEPT_LABEL_PATTERNS.items():
                if label not in current.labels:
                    found = _label_value(cells, pattern, texts)
                    if found:
                        current.labels[label] = found
        for form in table_forms:
            if form.kind is None:
                _classify(form, title, above)
        forms.extend(table_forms)
    return forms


def _has_total(form: Form) -> bool:
    """Whether the form already has its 总分 row: a project named after it opens
    another form (the first one's 预算单位名称 was printed outside the table)."""
    return any(vocab.TOTAL_ROW_LABEL.match(next((t for t in row if t), "")) for row in form.cleaned)


def _classify(form: Form, title: str, above: list[tuple[str, int]]) -> None:
    if any(k in form.labels for k in ("预算单位名称", "单位名称", "部门名称")):
        form.kind = "department"
    elif BASIC_DATA_TITLE.search(title) or _looks_like_basic_data(form):
        form.kind = "basic_data"
    elif DEPT_FORM_TITLE.search(title) and not PROJECT_FORM_TITLE.search(title):
        form.kind = "department"
    elif has_indicator_header(form) or has_budget_header(form):
        name = next(
            (
                (_NAME_LABEL_PREFIX.sub("", t), ln)
                for t, ln in _just_above(above)
                if not _is_title_line(t) and 2 <= len(_NAME_LABEL_PREFIX.sub("", t)) <= 40
            ),
            None,
        )
        if name is not None:
            form.kind = "project"
            form.name, form.name_line = name
        elif PROJECT_FORM_TITLE.search(title):
            form.kind = "project"
            form.name, form.name_line = _name_in_title(title, above)


# `项目名称 学生营养改善计划` printed as a line above the table: its label is no name
_NAME_LABEL_PREFIX = re.compile(PROJECT_NAME_LABEL.pattern.removesuffix("$"))
_TITLE_PREFIX = re.compile(r"^(?:附件\d*[::、.]?)?(?:20\d\d年度?)?")


def _name_in_title(title: str, above: list[tuple[str, int]]) -> tuple[str | None, int | None]:
    """The project a form title names before its 项目支出绩效自评表
    (`附件2:城乡低保资金项目支出绩效自评表` → 城乡低保资金), or (None, None)."""
    m = PROJECT_FORM_TITLE.search(title)
    name = _TITLE_PREFIX.sub("", title[: m.start()]).strip('《》"“” ') if m else ""
    if not 2 <= len(name) <= 40 or _is_title_line(name):
        return None, None
    return name, next((ln for t, ln in above if t == title), None)


_SENTENCE = re.compile(r"[。;]")


def _just_above(above: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The short lines right above a table, up to the nearest running text: a
    heading above a paragraph above the table names the section, not the table."""
    out: list[tuple[str, int]] = []
    for text, line in above:
        if len(text) > 40 or _SENTENCE.search(text):
            break
        out.append((text, line))
    return out


def _looks_like_basic_data(form: Form) -> bool:
    texts = [t for row in form.texts()[:4] for t in row]
    return sum(bool(_BASIC_DATA_COLUMN.search(t)) for t in texts) >= 2


Columns = tuple[tuple[str, re.Pattern[str]], ...]


def column_roles(cells: list[str], columns: Columns) -> dict[str, int]:
    """Map header cells to roles; each role takes its first matching column."""
    roles_of = _cell_roles_by_vocabulary(columns)
    roles: dict[str, int] = {}
    for i, text in enumerate(cells):
        for role in roles_of(text):
            if role not in roles:
                roles[role] = i
                break
    return roles


_UNIT_NOTE = re.compile(r"\((万元|元|分|%)\)")


def _cell_roles(text: str, columns: Columns) -> tuple[str, ...]:
    """Every role whose header word the cell is, in the vocabulary's order."""
    if not text or len(text) > 20 or text[0].isdigit():
        return ()
    t = _UNIT_NOTE.sub("", text)
    if not t or len(t) > 14:
        return ()
    return tuple(role for role, pattern in columns if pattern.search(t))


# Each cell's roles, cached per vocabulary: cells recur in every form (分值, ≥95%), and
# a cache keyed on `columns` would hash every regex's compiled code on each lookup.
_indicator_cell_roles = lru_cache(maxsize=8192)(
    partial(_cell_roles, columns=vocab.INDICATOR_COLUMNS)
)
_budget_cell_roles = lru_cache(maxsize=8192)(partial(_cell_roles, columns=vocab.BUDGET_COLUMNS))


def _cell_roles_by_vocabulary(columns: Columns) -> Callable[[str], tuple[str, ...]]:
    if columns is vocab.INDICATOR_COLUMNS:
        return _indicator_cell_roles
    if columns is vocab.BUDGET_COLUMNS:
        return _budget_cell_roles
    return partial(_cell_roles, columns=columns)


def find_header(
    rows: list[list[str]],
    columns: Columns,
    required: tuple[set[str], ...],
    start: int = 0,
) -> tuple[int, dict[str, int]] | None:
    """The first row at or after `start` whose cells name columns covering
    one of each `required` set."""
    for i in range(start, len(rows)):
        roles = column_roles(rows[i], columns)
        if all(roles.keys() & need for need in required):
            return i, roles
    return None


def find_indicator_header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """The header row of an indicator table: 三级 (or 二级) and 指标值/完成值 columns;
    else a scoring table of the legacy framework, 一级…三级 with 分值 and 得分 only
    (its targets sit in a 评分标准 column or nowhere)."""
    return find_header(
        rows, vocab.INDICATOR_COLUMNS, ({"name", "level2"}, {"target", "actual"})
    ) or find_header(
        rows, vocab.INDICATOR_COLUMNS, ({"level1"}, {"name", "level2"}, {"weight"}, {"score"})
    )


def has_indicator_header(form: Form) -> bool:
    return find_indicator_header(form.texts()) is not None


def has_budget_header(form: Form) -> bool:
    for row in form.texts():
        roles = column_roles([t.rstrip(":") for t in row], vocab.BUDGET_COLUMNS)
        if len(roles.keys() & {"initial", "final", "executed"}) >= 2:
            return True
    return False
