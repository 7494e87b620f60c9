"""Amounts broken into parts: expense items, and wholes whose parts must add up.

`办公费294441.65元,印刷费25000元,…` is an expense breakdown (≥ 3 items named
as spending categories). `预算收入285.87万元,其中:A115.64万元,B114万元,C12.24万元`
is a whole with parts; when the parts do not add up to the whole the
extractor warns (`parts_mismatch`) with both figures and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.extract.budget import Figure
from loaders.extract.numbers import NUMBER, amount_wan
from loaders.extract.text import Line, sentences
from loaders.model import Expense, Warning

# Two figures agree when they differ by no more than rounding to the cent in 万元 (0.01)
# or 0.05% of the whole: reports sum 元 amounts and print the total to two decimals in 万元.
SUM_TOLERANCE_WAN = 0.01
SUM_TOLERANCE_SHARE = 0.0005

_ITEM = re.compile(rf"(?P<label>[^,;:。、\d]{{0,20}}?)\s*(?P<num>{NUMBER})\s*(?P<unit>万元|元)")
_EXPENSE_NAME = re.compile(r"(费|费用|购置|购置费|支出)$")
_NOT_EXPENSE = re.compile(r"财政拨款|其他资金|预算|执行|结转|结余|收入|合计|总计|资金$|经费$")
_LIST_WORD = re.compile(r"^(其中|包括|含|和|及|以及)[:]?")
_YEAR_CHAR = re.compile(r"^年度?")
_NAMED_EXPENSE = re.compile(r"(费|费用|购置)$")
_PARTS_LIST_WORD = re.compile(r"^(其中|包括|含)[:]?")
_CARRIED_OVER = re.compile(r"结转|结余")
_PARTS_FOLLOW = re.compile(r"其中|包括")
_LIST_ENDS = re.compile(r"[。]|执行率|%")


def agree(whole: float, parts_sum: float) -> bool:
    return abs(whole - parts_sum) <= max(SUM_TOLERANCE_WAN, SUM_TOLERANCE_SHARE * abs(whole))


@dataclass
class _Item:
    label: str
    value: float
    start: int
    end: int


def _items(sentence: str) -> list[_Item]:
    out = []
    for m in _ITEM.finditer(sentence):
        value = amount_wan(m.group("num"), m.group("unit"))
        if value is not None:
            label = _LIST_WORD.sub("", m.group("label").strip())
            if m.start("label") > 0 and sentence[m.start("label") - 1].isdigit():
                label = _YEAR_CHAR.sub(
                    "", label
                )  # `2022年预算收入`: the year's 年 is not the label's
            out.append(_Item(label, value, m.start("num"), m.end()))
    return out


def expenses(lines: list[Line]) -> list[Expense]:
    """The first spending breakdown by category in the text."""
    for ln in lines:
        if ln.text.count("元") < 3:
            continue  # a breakdown lists at least three amounts
        for sentence in sentences(ln.text):
            items = [
                i
                for i in _items(sentence)
                if _EXPENSE_NAME.search(i.label) and not _NOT_EXPENSE.search(i.label)
            ]
            named = [i for i in items if _NAMED_EXPENSE.search(i.label)]
            if len(named) >= 3:
                return [
                    Expense(
                        category=_PARTS_LIST_WORD.sub("", i.label),
                        amount_wan=i.value,
                        line=ln.line,
                    )
                    for i in named
                ]
    return []


def part_mismatches(lines: list[Line]) -> list[Warning]:
    """Wholes followed by `其中`/`包括` parts that do not add up."""
    out: list[Warning] = []
    for ln in lines:
        for sentence in sentences(ln.text) if "其中" in ln.text or "包括" in ln.text else []:
            items = _items(sentence)
            for w in _parents(sentence, items):
                parent, children = w
                if "支出" in parent.label:
                    # 年末结转和结余 is what was left, not a part of what was spent.
                    children = [c for c in children if not _CARRIED_OVER.search(c.label)]
                total = sum(c.value for c in children)
                if len(children) >= 2 and not agree(parent.value, total):
                    labels = "+".join(f"{c.label or '?'}{c.value:g}" for c in children)
                    out.append(
                        Warning(
                            code="parts_mismatch",
                            message=f"第{ln.line}行: {parent.label}{parent.value:g}万元 ≠ "
                            f"其组成部分之和 "
                            f"{labels} = {total:g}万元",
                            line=ln.line,
                            values=[parent.value, round(total, 6)],
                            lines=[ln.line],
                        )
                    )
    return out


def _parents(sentence: str, items: list[_Item]) -> list[tuple[_Item, list[_Item]]]:
    """Each item followed by 其中/包括 with the items listed after it.
    A `;` closes an inner 包括 list; the outer 其中 list goes on."""
    groups: list[tuple[_Item, list[_Item]]] = []
    stack: list[tuple[_Item, list[_Item]]] = []
    for k, item in enumerate(items):
        prev = items[k - 1] if k else None
        between = sentence[prev.end if prev else 0 : item.start]
        if prev is not None and _PARTS_FOLLOW.search(between):
            group: tuple[_Item, list[_Item]] = (prev, [])
            if stack and prev in stack[-1][1]:
                pass  # an inner list: prev is itself a part of the outer whole
            else:
                stack.clear()
            stack.append(group)
            groups.append(group)
        elif ";" in between and len(stack) > 1:
            stack.pop()
        elif prev is not None and _LIST_ENDS.search(between):
            stack.clear()
        if stack:
            stack[-1][1].append(item)
    return groups


def budget_part_mismatches(
    figures: list[Figure], whole: dict[str, tuple[float, int]]
) -> list[Warning]:
    """基本支出 + 项目支出 stated in prose against the report's whole figure of the same kind."""
    out: list[Warning] = []
    for role, (total, total_line) in whole.items():
        basic = next((f for f in figures if f.role == role and f.part == "基本支出"), None)
        project = next((f for f in figures if f.role == role and f.part == "项目支出"), None)
        if basic is None or project is None:
            continue
        parts = basic.value + project.value
        if not agree(total, parts):
            names = {"initial": "年初预算", "final": "全年预算", "executed": "执行数"}
            out.append(
                Warning(
                    code="parts_mismatch",
                    message=(
                        f"{names[role]}: 基本支出{basic.value:g}万元(第{basic.line}行) + 项目支出"
                        f"{project.value:g}万元(第{project.line}行) = {parts:g}万元, "
                        f"与合计{total:g}万元(第{total_line}行)不符"
                    ),
                    line=basic.line,
                    values=[total, round(parts, 6)],
                    lines=[total_line, basic.line, project.line],
                )
            )
    return out
