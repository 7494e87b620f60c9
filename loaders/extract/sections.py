"""A project report on several projects in running text, one section each:

    (一)基本公共卫生服务项目
    该项目全年预算数150万元,全年执行数147万元…项目自评得分96分,评价等级为优。
    (二)家庭医生签约服务项目
    …

Each section's figures, score and grade are its project's, not the report's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.extract import budget as budget_mod
from loaders.extract import scoring
from loaders.extract.text import Line, strip_numbering
from loaders.model import Project

_NAMES_A_PROJECT = re.compile(r"(项目|资金|经费|专项)$")
# Headings about the report's parts, not a project: 项目资金使用情况, 绩效目标…
_PART_HEADING = re.compile(
    r"^项目|情况|概况|绩效|使用|管理|安排|执行|支出|预算|目标|指标|评价|问题|措施|建议|结论"
)


@dataclass
class Section:
    project: Project
    lines: list[Line]


def project_sections(lines: list[Line]) -> list[Section]:
    """The sections headed by a project's name that state its own figures or
    score; [] unless there are two or more (one is the report's subject)."""
    out: list[Section] = []
    for k, ln in enumerate(lines):
        if ln.heading is None:
            continue
        name = strip_numbering(ln.text).rstrip("。:")
        if not (4 <= len(name) <= 40 and _NAMES_A_PROJECT.search(name)):
            continue
        if _PART_HEADING.search(name):
            continue
        body: list[Line] = []
        for nxt in lines[k + 1 :]:
            if nxt.heading is not None and nxt.heading <= ln.heading:
                break
            body.append(nxt)
        section = _section(name, ln.line, body)
        if section is not None:
            out.append(section)
    return out if len(out) >= 2 else []


def _section(name: str, line: int, body: list[Line]) -> Section | None:
    budget, _lines, _conflicts = budget_mod.whole_budget(budget_mod.prose_figures(body), "project")
    scores = scoring.prose_scores(body)
    grades = scoring.prose_grades(body)
    if budget.is_empty() and not scores and not grades:
        return None
    project = Project(
        name=name,
        budget=budget,
        total_score=float(scores[0].value) if scores else None,
        grade=str(grades[0].value) if grades else None,
        line=line,
    )
    return Section(project, body)
