"""The report's overall self-evaluation score and grade.

Reports state them in the conclusion (`自评得分95.98分,等级为优`), in the
form's 总分 row, or both; when they disagree the prose conclusion is taken
and a `score_conflict` warning names both values and their lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.extract import vocab
from loaders.extract.forms import Form, column_roles
from loaders.extract.numbers import parse_number
from loaders.extract.text import Line, strip_numbering


@dataclass(frozen=True)
class Stated:
    value: float | str
    line: int
    source: str  # "prose" | "table"


_PART_SCORE = re.compile(r"指标|项目[^自综]|执行率|单项")
_SCORE_HEADING = re.compile(r"(自评得分|自评总分|综合得分|总得分|自评分数?)(情况)?[:。]?")
_SCORE_OPENING = re.compile(r"^(\d{1,3}(?:\.\d+)?)分")
_WEIGHT_NOTE = re.compile(r"含[^,。]*$|满分$")
_GRADES_COUNTED = re.compile(r"[的]?项目|\d|个")
_GRADE_LABEL = re.compile(r"等级|评价结果|自评结果")


def _valid_score(value: float) -> bool:
    return 0 <= value <= 100


def prose_scores(lines: list[Line]) -> list[Stated]:
    out: list[Stated] = []
    for i, ln in enumerate(lines):
        if "分" not in ln.text:
            continue  # both the score sentence and the score heading name a 分
        for m in vocab.TOTAL_SCORE_PROSE.finditer(ln.text):
            if _PART_SCORE.search(m.group("middle")):
                continue  # `绩效指标得分18分`, `执行率得分10分`: a part of the score
            value = float(m.group("score"))
            if _valid_score(value) and not _is_weight_note(ln.text, m.start()):
                out.append(Stated(value, ln.line, "prose"))
        # `(一)自评得分` as a heading, the score on the next line: `100分。`
        if _SCORE_HEADING.fullmatch(strip_numbering(ln.text)):
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            m2 = _SCORE_OPENING.match(nxt.text) if nxt else None
            if nxt and m2 and _valid_score(float(m2.group(1))):
                out.append(Stated(float(m2.group(1)), nxt.line, "prose"))
    return out


def _is_weight_note(text: str, start: int) -> bool:
    """`总分(含预算执行率10分)` and `满分100分` state weights, not scores."""
    return bool(_WEIGHT_NOTE.search(text[max(0, start - 6) : start]))


def prose_grades(lines: list[Line]) -> list[Stated]:
    out: list[Stated] = []
    for ln in lines:
        found = [
            *vocab.GRADE_PROSE.finditer(ln.text),
            *vocab.GRADE_BEFORE_BAND.finditer(ln.text),
            *vocab.GRADE_AFTER_SCORE.finditer(ln.text),
        ]
        for m in sorted(found, key=lambda m: m.start()):
            tail = ln.text[m.end() : m.end() + 4]
            if _GRADES_COUNTED.match(tail):
                continue  # `评价等级为"优"项目4个` counts projects by grade
            out.append(Stated(vocab.GRADES[m.group(1)], ln.line, "prose"))
    return out


def form_total(form: Form) -> tuple[Stated | None, Stated | None]:
    """The 总分 row of a form (score and, when the row carries one, grade)."""
    rows = form.texts()
    score_col = weight_col = None
    for r, cells in enumerate(rows):
        roles = column_roles(cells, vocab.INDICATOR_COLUMNS)
        if {"score", "weight"} <= roles.keys():
            score_col, weight_col = roles["score"], roles["weight"]
        label = next((c for c in cells if c), "")
        if not vocab.TOTAL_ROW_LABEL.match(label):
            continue
        line = form.row_line(r)
        grade = _grade_in_row(cells, line)
        numbers = [(i, parse_number(c)) for i, c in enumerate(cells) if c and c != label]
        numbers = [(i, v) for i, v in numbers if v is not None]
        value: float | None = None
        if (
            score_col is not None
            and score_col < len(cells)
            and parse_number(cells[score_col]) is not None
        ):
            value = parse_number(cells[score_col])
        elif len(numbers) == 1:
            value = numbers[0][1]
        elif len(numbers) >= 2 and (numbers[0][1] == 100 or numbers[0][0] == weight_col):
            value = numbers[1][1]  # `总分 | 100 | 98.62`: weight then score
        if value is not None and _valid_score(value):
            return Stated(value, line, "table"), grade
        return None, grade
    return None, None


def form_grade(form: Form) -> Stated | None:
    """A `自评等级 | 优` cell pair anywhere in the form."""
    for r, cells in enumerate(form.texts()):
        found = _grade_in_row(cells, form.row_line(r))
        if found:
            return found
    return None


def _grade_in_row(cells: list[str], line: int) -> Stated | None:
    for i, c in enumerate(cells[:-1]):
        if _GRADE_LABEL.search(c):
            grade = cells[i + 1].strip('"“”')
            if grade in vocab.GRADES:
                return Stated(vocab.GRADES[grade], line, "table")
    return None
