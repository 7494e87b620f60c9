"""A whole report as blocks: title, numbered sections of prose with the
budget, staff, expenses and conclusion sentences, the indicators in the
chosen style, the signature, and the attached 自评表 forms.

The wording varies the way real reports do (万元 or 元, which sentence
carries the rate); every variant is one the shared layout notes describe.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.synth.facts import Budget, ReportFacts, number_text
from loaders.synth.layouts import (
    CN_NUMBERS,
    Block,
    main_form,
    project_form,
    prose_rows,
    target_sentence,
)
from loaders.synth.truth import title_of


@dataclass(frozen=True)
class Wording:
    """Choices of wording that do not change the facts."""

    amounts_in_yuan: bool = False
    title_as_heading: bool = False  # a Word "Title" style / an HTML <h1>, else a plain paragraph


def _yuan(wan: float) -> str:
    """万元 as 元 with thousands separators: 215,457.60元."""
    return f"{round(wan * 10000, 2):,.2f}元"


def budget_sentence(b: Budget, subject: str, wording: Wording) -> str:
    if wording.amounts_in_yuan:
        parts = [
            f"年初预算安排{_yuan(b.initial_wan or 0)}",
            f"调整后预算为{_yuan(b.final_wan or 0)}",
            f"全年执行数{_yuan(b.executed_wan or 0)}",
        ]
    else:
        parts = [
            f"年初预算数{number_text(b.initial_wan or 0)}万元",
            f"全年预算数{number_text(b.final_wan or 0)}万元",
            f"全年执行数{number_text(b.executed_wan or 0)}万元",
        ]
    rate = "" if b.execution_rate_pct is None else f",执行率为{number_text(b.execution_rate_pct)}%"
    return f"{subject}{','.join(parts)}{rate}。"


def conclusion_sentence(f: ReportFacts) -> str | None:
    what = "部门整体支出绩效自评" if f.kind == "department" else "项目绩效自评"
    if f.total_score is not None and f.grade is not None:
        return f"经综合评价,本{what}得分为{number_text(f.total_score)}分,自评等级为{f.grade}。"
    if f.total_score is not None:
        return f"经综合评价,本{what}得分为{number_text(f.total_score)}分。"
    if f.grade is not None:
        return f"经综合评价,绩效自评结果为{f.grade}。"
    return None


class _Sections:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.n = 0

    def heading(self, text: str) -> None:
        self.blocks.append(Block("heading", f"{CN_NUMBERS[self.n]}、{text}"))
        self.n += 1

    def para(self, text: str | None) -> None:
        if text:
            self.blocks.append(Block("para", text))


def compose(f: ReportFacts, style: str, wording: Wording = Wording()) -> list[Block]:
    """The report's blocks, indicators in `style` (a layouts.INDICATOR_STYLES)."""
    s = _Sections()
    s.blocks.append(Block("title" if wording.title_as_heading else "para", title_of(f)))
    filler = list(f.filler)
    half = len(filler) // 2
    if f.kind == "department":
        s.heading("部门基本情况")
        if f.staff_authorized is not None:
            s.para(f"本部门核定编制{f.staff_authorized}人,实有人数{f.staff_actual}人。")
        s.heading("部门预算及执行情况")
        s.para(budget_sentence(f.budget, f"{f.fiscal_year}年度部门", wording))
    else:
        s.heading("项目基本情况")
        s.para(budget_sentence(f.budget, "本项目", wording))
    if f.expenses:
        items = ",".join(f"{e.category}{number_text(e.amount_wan)}万元" for e in f.expenses)
        s.para(f"资金支出明细如下:{items}。")
    for text in filler[:half]:
        s.para(text)
    s.heading("绩效目标完成情况")
    if style == "prose_rows":
        s.blocks.extend(prose_rows(f.indicators))
    elif style == "sentences":
        s.blocks.extend(target_sentence(f.indicators))
        s.para(filler[half] if half < len(filler) else None)
    else:
        s.para("各项绩效指标完成情况详见绩效自评表。")
    s.heading("自评结论")
    s.para(conclusion_sentence(f))
    s.heading("存在的问题及改进措施")
    for text in filler[half:]:
        s.para(text)
    s.para(f.unit_name)
    y, m, d = (int(x) for x in f.report_date.split("-"))
    s.para(f"{y}年{m}月{d}日")
    if style == "table":
        s.para("附件:绩效自评表")
        s.blocks.extend(main_form(f))
        for project in f.projects:
            s.para("附件:项目支出绩效自评表")
            s.blocks.extend(project_form(project, f.unit_name, f.fiscal_year))
    return s.blocks
