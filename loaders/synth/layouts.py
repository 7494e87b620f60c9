"""How a report's facts are laid out: the blocks of a report (title,
headings, paragraphs, the 自评表 as rows of cells), in one of the shapes
real reports take (shared/docs/report-layouts.md).

A layout has two parts: where the indicators go (`INDICATOR_STYLES`: in the
自评表, as prose rows `(1)名称(单位),目标值X,完成值Y,分值Z,得分W`, or as a
target list in a running sentence) and, for plain text, how a table is
flattened (`loaders.synth.render`). `printed(facts, style)` drops what a
style cannot print (a target list has no actual, weight or score), so the
ground truth never holds a fact the document does not state.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from loaders.synth.facts import Budget, Indicator, Project, ReportFacts, number_text

INDICATOR_STYLES = ("table", "prose_rows", "sentences")
WIDTH = 8  # cells per 自评表 row
CN_NUMBERS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Block:
    """`kind`: title | heading | para | table (then `rows` holds the cells)."""

    kind: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def printed(facts: ReportFacts, style: str) -> ReportFacts:
    """The facts a document in indicator `style` states."""
    if style == "table":
        return facts
    if style == "prose_rows":  # no deviation notes, no attached forms
        indicators = tuple(dataclasses.replace(i, note=None) for i in facts.indicators)
        return dataclasses.replace(facts, indicators=indicators, projects=())
    listed = tuple(
        dataclasses.replace(
            i,
            level1="",
            level2="",
            name_unit=None,
            value_unit=i.name_unit or i.value_unit,
            target=f"{i.target}{'' if i.value_unit else i.name_unit or ''}",
            actual="",
            actual_value=None,
            weight=None,
            score=None,
            note=None,
        )
        for i in facts.indicators
        if i.target_op is not None
    )
    return dataclasses.replace(facts, indicators=listed, projects=())


def _pad(*cells: str) -> tuple[str, ...]:
    return (*cells, *[""] * (WIDTH - len(cells)))


def _fund_rows(label: str, b: Budget, weight: float, score: float) -> list[tuple[str, ...]]:
    rate = "" if b.execution_rate_pct is None else f"{number_text(b.execution_rate_pct)}%"
    return [
        _pad(label, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
        _pad(
            "年度资金总额",
            number_text(b.initial_wan or 0),
            number_text(b.final_wan or 0),
            number_text(b.executed_wan or 0),
            number_text(weight),
            rate,
            number_text(score),
        ),
    ]


def indicator_rows(indicators: tuple[Indicator, ...]) -> list[tuple[str, ...]]:
    """Header and one row per indicator; a 一级/二级 cell printed once per group."""
    rows: list[tuple[str, ...]] = [
        ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"),
    ]  # fmt: skip
    last1 = last2 = ""
    for i in indicators:
        level1 = "" if i.level1 == last1 else i.level1
        level2 = "" if (i.level1, i.level2) == (last1, last2) else i.level2
        last1, last2 = i.level1, i.level2
        weight = "" if i.weight is None else number_text(i.weight)
        score = "" if i.score is None else number_text(i.score)
        rows.append(
            (level1, level2, i.display_name, i.target, i.actual, weight, score, i.note or "")
        )
    return rows


def _form(
    title: str,
    year: int,
    head: list[tuple[str, ...]],
    fund: list[tuple[str, ...]],
    indicators: tuple[Indicator, ...],
    total: float | None,
) -> list[Block]:
    rows = [*head, *fund, *indicator_rows(indicators)]
    if total is not None:
        rows.append(_pad("总分", "", "", "", "", "100", number_text(total)))
    return [Block("para", title), Block("para", f"({year}年度)"), Block("table", rows=tuple(rows))]


def project_form(p: Project, unit: str, year: int) -> list[Block]:
    rate_score = round(min(p.budget.execution_rate_pct or 0, 100) / 10, 2)
    head = [_pad("项目名称", p.name), _pad("主管部门", unit, "实施单位", unit)]
    fund = _fund_rows("项目资金(万元)", p.budget, 10, rate_score)
    return _form("项目支出绩效自评表", year, head, fund, p.indicators, p.total_score)


def main_form(f: ReportFacts) -> list[Block]:
    if f.kind == "project":
        project = Project(f.subject or "", f.budget, f.total_score, f.indicators)
        return project_form(project, f.unit_name, f.fiscal_year)
    head = [_pad("预算单位名称", f.unit_name)]
    fund = _fund_rows("年度预算申请(万元)", f.budget, f.rate_weight, f.rate_score)
    title = "部门整体支出绩效自评表"
    return _form(title, f.fiscal_year, head, fund, f.indicators, f.total_score)


def prose_rows(indicators: tuple[Indicator, ...]) -> list[Block]:
    """`(一)产出指标` / `1.数量指标` headings and `(1)名称(单位),目标值…` lines."""
    out: list[Block] = []
    last1 = last2 = ""
    n1 = n2 = n3 = 0
    for i in indicators:
        if i.level1 != last1:
            out.append(Block("heading", f"({CN_NUMBERS[n1]}){i.level1}"))
            n1, last1, last2 = n1 + 1, i.level1, ""
        if i.level2 != last2:
            n2, n3, last2 = n2 + 1, 0, i.level2
            out.append(Block("heading", f"{n2}.{i.level2}"))
        n3 += 1
        out.append(
            Block(
                "para",
                f"({n3}){i.display_name},目标值{i.target},完成值{i.actual},"
                f"分值{number_text(i.weight or 0)},得分{number_text(i.score or 0)}。",
            )
        )
    return out


def target_sentence(indicators: tuple[Indicator, ...]) -> list[Block]:
    items = ",".join(f"{i.name}{i.target}" for i in indicators)
    return [Block("para", f"绩效指标:{items}。")] if items else []
