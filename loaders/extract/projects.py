"""Projects inside a report: their forms, the 基础数据表's project rows, and
project lists in running text (`年初预算…,A经费6.5万元,B经费3.5万元`).

One project often appears in several places under slightly different names
(付驻京办工作经费 in the prose, 付市驻京办工作经费 on its form): those are
merged, the form's name and figures taking precedence.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from loaders.extract import vocab
from loaders.extract.forms import Form
from loaders.extract.numbers import NUMBER, amount_wan, parse_amount_wan
from loaders.extract.text import Line, sentences
from loaders.model import Budget, Project

_CJK = "\u4e00-\u9fff"
_LISTED = re.compile(
    rf"(?P<name>[{_CJK}()]{{2,30}}?(?:经费|资金|费用|补助|专项|项目))\s*(?P<num>{NUMBER})\s*(?P<unit>万元|万|元)"
)
_NOT_PROJECT = re.compile(
    "|".join(vocab.BUDGET_PARTS) + r"|^(其中|包括|预算|年初|资金|项目资金|经费)"
)
_INITIAL_BUDGET_WORD = re.compile(r"年初|预算")


def similar(a: str, b: str) -> bool:
    a, b = a.replace("项目", ""), b.replace("项目", "")
    if a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a)):
        return True
    return min(len(a), len(b)) >= 4 and SequenceMatcher(None, a, b).ratio() >= 0.85


def merge(projects: list[Project], incoming: list[Project]) -> None:
    """Add `incoming` projects, filling only the blanks of ones already known."""
    for new in incoming:
        old = next((p for p in projects if similar(p.name, new.name)), None)
        if old is None:
            projects.append(new)
            continue
        for field in ("initial_wan", "final_wan", "executed_wan", "execution_rate_pct"):
            if getattr(old.budget, field) is None:
                setattr(old.budget, field, getattr(new.budget, field))


def from_basic_data(form: Form, year: int | None) -> list[Project]:
    """Project rows of a 基础数据表 (columns `2023年决算数 | 2024年预算数 | 2024年决算数`)."""
    rows = form.texts()
    cols: dict[str, int] = {}
    head = None
    for r, cells in enumerate(rows):
        for i, text in enumerate(cells):
            m = re.match(r"(\d{4})年?(预算数|决算数)", text)
            if m and (year is None or int(m.group(1)) == year):
                cols["initial" if m.group(2) == "预算数" else "executed"] = i
        if cols:
            head = r
            break
    if head is None:
        return []
    out: list[Project] = []
    in_projects = False
    for r in range(head + 1, len(rows)):
        cells = rows[r]
        label = cells[0] if cells else ""
        if re.search(r"项目支出", label) and re.match(r"^[一二三四五六七八九十]、|^部门", label):
            in_projects = True
            continue
        if re.match(r"^[一二三四五六七八九十]、", label) or re.search(
            r"政府采购|楼堂馆所|预算调整", label
        ):
            in_projects = False
        if not in_projects or not label or re.search(r"一个项目一行|一个专项一行|^\d、", label):
            continue
        name = re.sub(rf"\s*{NUMBER}\s*(万元|元)$", "", label)
        budget = Budget(
            initial_wan=parse_amount_wan(cells[cols["initial"]])
            if "initial" in cols and cols["initial"] < len(cells)
            else None,
            executed_wan=parse_amount_wan(cells[cols["executed"]])
            if "executed" in cols and cols["executed"] < len(cells)
            else None,
        )
        if not budget.is_empty():
            out.append(Project(name=name, budget=budget, line=form.rows[r][0].loc.line))
    return out


def from_prose_lists(lines: list[Line]) -> list[Project]:
    """Projects listed with amounts in a sentence about the initial budget."""
    out: list[Project] = []
    for ln in lines:
        if not _INITIAL_BUDGET_WORD.search(ln.text):
            continue  # then none of its sentences is about the initial budget
        for sentence in sentences(ln.text):
            if not _INITIAL_BUDGET_WORD.search(sentence):
                continue
            items = [
                m for m in _LISTED.finditer(sentence) if not _NOT_PROJECT.search(m.group("name"))
            ]
            names = [m.group("name").lstrip(",、:") for m in items]
            if len(items) < 2 or len(set(names)) < len(names):
                continue
            for m, name in zip(items, names, strict=True):
                value = amount_wan(m.group("num"), m.group("unit"))
                out.append(Project(name=name, budget=Budget(initial_wan=value), line=ln.line))
    return out
