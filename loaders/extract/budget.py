"""Budget figures: 年初预算, 全年预算, 全年执行数 and the stated 执行率.

From a form's 资金 rows (a header row naming the columns and a 年度资金总额
row, or `预算数: 8 | 执行数: 8` label/value cells), else from sentences
(`本项目资金年初预算数135万元`, `实际支出项目资金21.04万元,完成全年预算数的60.3%`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from loaders.extract import vocab
from loaders.extract.forms import Form, column_roles
from loaders.extract.numbers import NUMBER, amount_wan, parse_amount_wan, parse_number
from loaders.extract.text import Line, sentences
from loaders.model import Budget

ROLES = ("initial", "final", "executed")
_AMOUNT = re.compile(rf"({NUMBER})\s*(万元|万|元|亿元)")
_PARAGRAPH_SUBJECT_END = re.compile(r"[,:。]")
_SENTENCE_SUBJECT_END = re.compile(r"[,:]")
_PARTS_FOLLOW = re.compile(r"其中|包括|含")
_SUM_WORD_AT_END = re.compile(r"(合计|共计|总计)$")
_ADDED_LATER = re.compile(r"追加|调增")
_PROJECTS_COUNTED = re.compile(r"项目\d+个|预算项目|项目共计")
_VERBS_ONLY = re.compile(r"(?:为|是|共|共计|合计|总额|总计|达|达到|约|:|数|金额)*")
_INCOME_OR_BUDGET = re.compile(r"收入|预算$")


@dataclass
class Figure:
    role: str  # initial | final | executed | rate
    value: float
    line: int
    part: str | None = None  # 基本支出 / 项目支出 … when the figure is of a part, not the whole


def _money_unit(texts: list[str]) -> str:
    joined = "".join(texts)
    if "万元" in joined:
        return "万元"
    if "(元)" in joined or "单位:元" in joined:
        return "元"
    return "万元"  # the national 自评表 template states money in 万元


def _money_unit_at(rows: list[list[str]], r: int, noted: str | None = None) -> str:
    """The money unit of row r, stated in the 资金 rows' own labels (`项目资金(万元)`,
    `(元)`), else in a note printed above the table (`金额单位:元`)."""
    texts = [t for row in rows[max(0, r - 1) : r + 2] for t in row if "元" in t]
    if noted and not any("万元" in t or "(元)" in t or "单位:元" in t for t in texts):
        return noted
    return _money_unit(texts)


@lru_cache(maxsize=4096)  # pure, and the same labels recur in every form
def _label_role(text: str) -> str | None:
    """The figure a label cell names (`预算数:` → final, `执行率` → rate), or None."""
    label = text.rstrip(":")
    if not label or len(label) > 10 or vocab.PART_FUND_ROW.match(label):
        return None
    for role, pattern in vocab.BUDGET_COLUMNS:
        if role in (*ROLES, "rate") and pattern.search(label):
            return role
    return None


def from_form(form: Form) -> tuple[Budget, dict[str, int]]:
    """The form's whole-budget figures and the line of each."""
    rows = form.texts()
    budget, lines = Budget(), dict[str, int]()
    for r, cells in enumerate(rows):
        roles = column_roles(cells, vocab.BUDGET_COLUMNS)
        if len(roles.keys() & set(ROLES)) >= 2:
            unit = _money_unit_at(rows, r, form.money_unit)
            for d, data in enumerate(rows[r + 1 : r + 6], start=r + 1):
                label = next((c for c in data if c and parse_number(c) is None), "")
                if vocab.PART_FUND_ROW.match(label):
                    continue
                if not (vocab.TOTAL_FUND_ROW.match(label) or not label):
                    continue
                shift = _label_shift(cells, data)
                for role, col in roles.items():
                    if col + shift < len(data):
                        line = form.row_line(d)
                        _put(budget, lines, role, data[col + shift], unit, line)
                if not budget.is_empty():
                    return budget, lines
        # label/value cells: `预算数: | 8 | 执行数: | 8`
        for i, text in enumerate(cells[:-1]):
            labelled = _label_role(text)
            if labelled is not None:
                line = form.rows[r][i].loc.line
                unit = _money_unit_at(rows, r, form.money_unit)
                _put(budget, lines, labelled, cells[i + 1], unit, line)
    return budget, lines


def _label_shift(header: list[str], data: list[str]) -> int:
    """How far right the data row's figures sit of the header's columns: a
    header of figure columns only (`年初预算数 | 全年预算数 | …`) over rows that
    open with their label (`年度资金总额 | 80 | 80 | …`) is one cell short."""
    width = len([c for c in header if c])
    extra = len(data) - len(header)
    if width == len(header) and extra > 0 and data[0] and parse_number(data[0]) is None:
        return extra
    return 0


def _put(budget: Budget, lines: dict[str, int], role: str, text: str, unit: str, line: int) -> None:
    if role == "rate":
        value = parse_number(text)
        if value is not None and budget.execution_rate_pct is None:
            budget.execution_rate_pct = value
            lines["execution_rate_pct"] = line
        return
    if role not in ROLES:
        return
    value = parse_amount_wan(text, default_unit=unit)
    field = f"{role}_wan"
    if value is not None and getattr(budget, field) is None:
        setattr(budget, field, value)
        lines[field] = line


# ------------------------------------------------------------------ prose
def _part_of(clause: str) -> str | None:
    for part in vocab.BUDGET_PARTS:
        if part in clause:
            return part
    if _PROJECTS_COUNTED.search(clause):
        return "项目支出"  # `我局预算项目4个,资金总额114万元`: the projects, not the whole
    return None


def prose_figures(lines: list[Line]) -> list[Figure]:
    """Every budget figure stated in running text, with the part it is of."""
    out: list[Figure] = []
    for ln in lines:
        if "元" not in ln.text and "万" not in ln.text and "%" not in ln.text:
            continue  # no amount (万元, 万, 元, 亿元) and no rate (%) in the paragraph
        paragraph_part = _part_of(_PARAGRAPH_SUBJECT_END.split(ln.text, 1)[0])
        for sentence in sentences(ln.text):
            # A sentence with no subject of its own continues the paragraph's:
            # `…项目支出…。决算支出34万元。`
            subject_part = _part_of(_SENTENCE_SUBJECT_END.split(sentence, 1)[0]) or paragraph_part
            breakdown = False  # after 其中/包括 every amount is a part of the one before
            last_end = 0
            for m in _AMOUNT.finditer(sentence):
                between = sentence[last_end : m.start()]
                last_end = m.end()
                if _PARTS_FOLLOW.search(between):
                    breakdown = True
                before = sentence[max(0, m.start() - 16) : m.start()]
                role = _role_before(before)
                if role is None and _SUM_WORD_AT_END.search(before):
                    # 资金合计10万元…后追加24.9万元: a sum before an addition is the initial budget
                    role = "initial" if _ADDED_LATER.search(sentence[m.end() :]) else "final"
                if role is None:
                    continue
                clause_start = max(before.rfind(","), before.rfind(":"), before.rfind("、"))
                clause = before[clause_start + 1 :]
                part = "其中" if breakdown else (_part_of(clause) or subject_part)
                value = amount_wan(m.group(1), m.group(2))
                if value is not None:
                    out.append(Figure(role, value, ln.line, part))
            for m in vocab.RATE_PROSE.finditer(sentence):
                if vocab.NOT_EXECUTION.search(sentence[max(0, m.start() - 4) : m.start()]):
                    continue
                out.append(Figure("rate", float(m.group(1)), ln.line, subject_part))
    return out


def _role_before(before: str) -> str | None:
    """The role named right before an amount (nothing but a verb between)."""
    best: tuple[int, str] | None = None
    for role, pattern in vocab.PROSE_BUDGET:
        for m in pattern.finditer(before):
            gap = before[m.end() :]
            verb_only = _VERBS_ONLY.fullmatch(gap)
            if verb_only and (best is None or m.end() > best[0]):
                best = (m.end(), role)
    if best is None:
        return None
    if best[1] == "executed" and _INCOME_OR_BUDGET.search(before):
        return None
    return best[1]


def whole_budget(
    figures: list[Figure], kind: str | None
) -> tuple[Budget, dict[str, int], list[Figure]]:
    """The report-level figures from prose: the first whole (not part) figure
    of each role. Returns the conflicting whole figures as well."""
    budget, lines = Budget(), dict[str, int]()
    conflicts: list[Figure] = []
    for fig in figures:
        if fig.part and (kind == "department" or fig.part not in ("项目支出", "专项资金")):
            continue
        field = "execution_rate_pct" if fig.role == "rate" else f"{fig.role}_wan"
        current = getattr(budget, field)
        if current is None:
            setattr(budget, field, fig.value)
            lines[field] = fig.line
        elif abs(current - fig.value) > 0.005:
            conflicts.append(fig)
    return budget, lines, conflicts


def not_of_projects(figures: list[Figure], projects: list[Budget]) -> list[Figure]:
    """The figures that are not one of the projects' own figures of the same role
    (in a report on several projects, `该项目全年预算数120万元` is a project's)."""

    def owned(fig: Figure) -> bool:
        field = "execution_rate_pct" if fig.role == "rate" else f"{fig.role}_wan"
        return any(
            (v := getattr(b, field)) is not None and abs(v - fig.value) <= 0.005 for b in projects
        )

    return [f for f in figures if not owned(f)]
