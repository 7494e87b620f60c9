"""Performance indicators (绩效指标), from the shapes reports give them in:

* a table with 一级/二级/三级指标, 指标值, 完成值, 分值, 得分 columns (any order,
  some missing, merged 一级/二级 cells left empty);
* prose rows `(1)召开协调会议(次),目标值32,完成值35,分值10,得分10`, their
  一级/二级 taken from the headings above them;
* target lists in running text `绩效指标:参与…案件数≥40件,…下降≥35百分比`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from loaders.extract import vocab
from loaders.extract.forms import Form, find_indicator_header
from loaders.extract.numbers import NUMBER, first_number, parse_number
from loaders.extract.text import Line, strip_numbering
from loaders.model import Indicator

_GROUP_WEIGHT = re.compile(r"\(?\d+(?:\.\d+)?分\)?$")
_TRAILING_UNIT = re.compile(r"\(([^()]{1,12})\)$")
_YEAR_DIGITS = re.compile(r"\d{4}")
_DATE_PART = re.compile(r"\d{4}年|\d+月|\d+日|\d{4}[-./]\d{1,2}[-./]\d{1,2}")
_LEADING_NUMBER = re.compile(rf"^(?:{NUMBER})")
_NUMBER_WITH_UNIT = re.compile(rf"[≥≤<>=]?\s*(?:{NUMBER})\s*([^\d\s,;。]{{1,6}})")
_DATE_WORD = re.compile(r"年|月|日")
_MINUS = re.compile(r"^[-−](?=\d)")
_LEADING_OP = re.compile(r"^[≥≤<>=]")
_NAME_HEADER = re.compile(r"三级指标|指标名称")


@lru_cache(maxsize=4096)  # pure, and the same level words recur in every form
def clean_level(text: str) -> str | None:
    """`成本指标(20分)` → `成本指标`; empty → None."""
    text = _GROUP_WEIGHT.sub("", text).strip()
    return text or None


def split_name_unit(name: str) -> tuple[str, str | None]:
    """`召开协调会议(次)` → (`召开协调会议`, `次`)."""
    m = _TRAILING_UNIT.search(name)
    if m and not _YEAR_DIGITS.search(m.group(1)):
        return name[: m.start()].strip(), m.group(1)
    return name, None


@lru_cache(maxsize=4096)  # pure, and targets recur (≥95%, 100%, 满意)
def parse_target(text: str | None) -> tuple[str | None, float | None]:
    """The operator and the number of a target or actual cell, as stated.
    `≤127.73万元` → (≤, 127.73); `不低于85%` → (≥, 85); `效果显著` → (None, None).
    A date (`2024年12月31日之前完成`) has no number for comparison."""
    if not text:
        return None, None
    t = text.strip()
    op = None
    for pattern, sign in vocab.OP_WORDS:
        m = pattern.match(t)
        if m:
            op, t = sign, t[m.end() :].strip()
            break
    if op is None:
        for pattern, sign in vocab.OP_SUFFIXES:
            if pattern.search(t):
                op = sign
                break
    if _DATE_PART.search(t):
        return op, None
    negative = bool(_MINUS.match(t))  # `-12.3%`: a 变动率 that fell
    t = t[1:] if negative else t
    value = first_number(t) if _LEADING_NUMBER.match(t) else None
    return op, (-value if negative and value is not None else value)


def _unit_from_value(text: str | None) -> str | None:
    """The unit written after a number: `≥40件` → 件, `≥35百分比` → 百分比."""
    if not text:
        return None
    m = _NUMBER_WITH_UNIT.fullmatch(text.strip())
    return m.group(1) if m and not _DATE_WORD.search(m.group(1)) else None


def make_indicator(
    level1: str | None,
    level2: str | None,
    name: str,
    target: str | None,
    actual: str | None,
    weight: str | None,
    score: str | None,
    note: str | None,
    line: int | None,
    op_cell: str | None = None,
    unit_cell: str | None = None,
) -> Indicator:
    name, unit = split_name_unit(name)
    target = target or None
    actual = actual or None
    if op_cell and target and not _LEADING_OP.match(target):
        target = op_cell + target  # a form that splits 指标性质 / 指标值 / 度量单位
    if unit_cell and target and not target.endswith(unit_cell):
        target = target + unit_cell
    op, target_value = parse_target(target)
    _, actual_value = parse_target(actual)
    return Indicator(
        level1=level1,
        level2=level2,
        name=name,
        measure_unit=unit or unit_cell or _unit_from_value(target),
        target=target,
        actual=actual,
        target_op=op,
        target_value=target_value,
        actual_value=actual_value,
        weight=parse_number(weight),
        score=parse_number(score),
        note=note or None,
        line=line,
    )


# ------------------------------------------------------------------ tables
def _align(row: list[str], width: int, roles: dict[str, int]) -> list[str]:
    """Rows whose merged cells a converter dropped are shorter than the
    header: pad them on the side that puts the vocabulary in its column."""
    if len(row) >= width:
        return row[:width] if not any(row[width:]) else row
    pad = [""] * (width - len(row))
    left, right = row + pad, pad + row

    def fit(cells: list[str]) -> int:
        s = 0
        for role, words in (("level1", vocab.LEVEL1), ("level2", vocab.LEVEL2)):
            i = roles.get(role)
            if i is not None and clean_level(cells[i]) in words:
                s += 2
        for role in ("weight", "score"):
            i = roles.get(role)
            if i is not None and parse_number(cells[i]) is not None:
                s += 1
        return s

    return right if fit(right) > fit(left) else left


def from_form(form: Form) -> tuple[list[Indicator], int | None]:
    """Indicators of one form, and the index of the row after them."""
    rows = form.texts()
    found = find_indicator_header(rows)
    if found is None:
        return [], None
    head, roles = found
    width = len(rows[head])
    out: list[Indicator] = []
    level1 = level2 = None
    end = len(rows)
    for r in range(head + 1, len(rows)):
        cells = _align(rows[r], width, roles)
        if any(vocab.TOTAL_ROW_LABEL.match(c) for c in cells if c):
            end = r
            break

        # The row's non-empty cell of each role.
        get = {role: cells[i] for role, i in roles.items() if i < len(cells) and cells[i]}.get
        if get("level1"):
            level1, level2 = clean_level(get("level1") or ""), None
        if get("level2"):
            level2 = clean_level(get("level2") or "")
        name = get("name")
        if "name" not in roles:  # a form with no 三级 column: the 二级 cell is the indicator
            name = get("level2")
        if not name or name in vocab.LEVEL1 or _NAME_HEADER.fullmatch(name):
            continue
        out.append(
            make_indicator(
                level1,
                level2,
                name,
                get("target"),
                get("actual"),
                get("weight"),
                get("score"),
                get("note"),
                form.row_line(r),
                op_cell=get("op"),
                unit_cell=get("measure_unit"),
            )
        )
    return out, end


# ------------------------------------------------------------------ prose rows
_FIELD_LABELS = tuple(
    (role, re.compile(rf"^{label}(?:为|是|:)?(.*)$"))
    for role, label in (
        ("target", r"(?:年度指标值|指标值|目标值|预期目标|预期值|计划值)"),
        ("actual", r"(?:实际完成值|完成值|实际值|实际完成)"),
        ("weight", r"(?:分值|权重)"),
        ("score", r"(?:得分)"),
    )
)
_ANY_FIELD_LABEL = re.compile(
    r"指标值|目标值|预期目标|预期值|计划值|完成值|实际值|实际完成|分值|权重|得分"
)
_SEGMENT_SEPARATOR = re.compile(r"[,;]")


def _prose_fields(text: str) -> dict[str, str] | None:
    if len(_ANY_FIELD_LABEL.findall(text)) < 3:
        return None
    segments = _SEGMENT_SEPARATOR.split(text.rstrip("。."))
    fields: dict[str, str] = {}
    name_parts: list[str] = []
    for seg in segments:
        for role, pattern in _FIELD_LABELS:
            m = pattern.match(seg)
            if m:
                fields.setdefault(role, m.group(1).strip())
                break
        else:
            if not fields:
                name_parts.append(seg)
    if len(fields.keys() & {"target", "actual", "weight", "score"}) < 3 or not name_parts:
        return None
    fields["name"] = ",".join(name_parts).strip()
    return fields


def from_prose_rows(lines: list[Line]) -> list[Indicator]:
    """Indicators written one per line with labelled values."""
    out: list[Indicator] = []
    level1 = level2 = None
    level1_depth = 0
    for ln in lines:
        term = strip_numbering(ln.text).rstrip("。:")
        depth = ln.heading or 9
        if term in vocab.LEVEL1 and not (term in vocab.LEVEL2 and level1 and depth > level1_depth):
            level1, level2, level1_depth = term, None, depth
            continue
        if term in vocab.LEVEL2:
            level2 = term
            continue
        fields = _prose_fields(strip_numbering(ln.text))
        if fields is None:
            continue
        out.append(
            make_indicator(
                level1,
                level2,
                fields["name"],
                fields.get("target"),
                fields.get("actual"),
                fields.get("weight"),
                fields.get("score"),
                None,
                ln.line,
            )
        )
    return out


# ------------------------------------------------------------------ target lists
_TARGET_LIST = re.compile(r"(?:绩效指标|指标)[::](.+)$")
_TARGET_SEPARATOR = re.compile(r"[,;。]")
_TARGET_ITEM = re.compile(
    rf"(?P<name>[^,;。:≥≤<>=]{{2,60}}?)(?P<op>[≥≤<>=])\s*(?P<value>(?:{NUMBER})[^,;。]{{0,8}})"
)


def from_target_lists(lines: list[Line]) -> list[Indicator]:
    """`绩效指标:A≥40件,B≤147次。` lines: indicators with targets only."""
    out: list[Indicator] = []
    for ln in lines:
        m = _TARGET_LIST.search(ln.text)
        if not m:
            continue
        for item in _TARGET_SEPARATOR.split(m.group(1)):
            im = _TARGET_ITEM.fullmatch(item.strip())
            if im:
                target = im.group("op") + im.group("value").strip()
                out.append(
                    make_indicator(
                        None,
                        None,
                        im.group("name").strip(),
                        target,
                        None,
                        None,
                        None,
                        None,
                        ln.line,
                    )
                )
    return out
