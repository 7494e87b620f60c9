"""Report shapes from shared/docs/domain.md, money and projects: forms in 元
beside prose in 万元, budgets given only as adjustments, other wordings of the
budget, totals and grades, and reports on several projects (see
test_extract_shapes.py for the indicator frameworks).
"""

from __future__ import annotations

import pytest
from shape_reports import codes, extract, money

from loaders.pipeline import extract_text


# ------------------------------------------------------------------ money
def test_form_in_yuan_noted_above_the_table_beside_prose_in_wan() -> None:
    """`金额单位:元` printed above a form whose header has no label column."""
    r = extract("yuan_noted_above_form.txt")
    assert r.unit.name == "示例县水务局"
    assert money(r.budget) == (50, 62.5, 60.1, 96.16)
    assert "conflicting_figures" not in codes(r)
    assert r.total_score == 99.62


def test_yuan_in_prose_and_form() -> None:
    r = extract("yuan_prose_and_form.txt")
    assert (r.unit.name, r.fiscal_year, r.subject) == ("样例市档案馆", 2022, "档案数字化加工")
    assert money(r.budget) == (80, 90, 85.53215, 95.04)
    assert "conflicting_figures" not in codes(r)
    assert (r.total_score, r.grade) == (90.5, "优")


def test_budget_given_only_as_initial_plus_adjustments() -> None:
    """年初 + 追加 − 调减 with no 全年预算 stated: the final budget stays unknown."""
    r = extract("budget_as_adjustments.txt")
    assert money(r.budget) == (50, None, 53.2, None)
    assert (r.total_score, r.grade) == (88, "良")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("预算数62.5万元,决算数60.1万元。", (None, 62.5, 60.1, None)),
        (
            "项目预算资金62.5万元,实际到位资金62.5万元,实际支出60.1万元,预算执行率为96.16%。",
            (None, 62.5, 60.1, 96.16),
        ),
        (  # 元 and 万元 in one sentence
            "年初预算500,000元,调整后预算为62.5万元,实际支出601,000.00元,执行率96.16%。",
            (50, 62.5, 60.1, 96.16),
        ),
        ("项目调整后预算62.5万元,年度决算支出60.1万元。", (None, 62.5, 60.1, None)),
        ("基本支出预算数30万元。", (None, None, None, None)),  # a part, not the project
    ],
)
def test_budget_wordings(sentence: str, expected: tuple[float | None, ...]) -> None:
    r = extract_text(f"2023年度样例市体育局全民健身经费项目支出绩效自评报告\n{sentence}\n")
    assert money(r.budget) == expected


# ------------------------------------------------------------------ several projects
def test_project_report_on_two_projects() -> None:
    r = extract("two_projects.txt")
    assert (r.unit.name, r.kind, r.subject) == ("示例县教育局", "project", None)
    # each project's figures are its own; the report states no whole
    assert money(r.budget) == (None, None, None, None)
    assert (r.total_score, r.grade) == (None, None)
    assert r.indicators == []
    assert "conflicting_figures" not in codes(r)
    assert [p.name for p in r.projects] == ["学生营养改善计划", "校舍维修改造"]
    assert [money(p.budget) for p in r.projects] == [(120, 120, 118, 98.33), (80, 80, 72, 90)]
    assert [p.total_score for p in r.projects] == [99.83, 99]
    assert [len(p.indicators) for p in r.projects] == [3, 4]
    due = r.projects[1].indicators[1]
    assert (due.name, due.target, due.target_value, due.weight, due.score) == (
        "完工时间",
        "2023年8月31日前",
        None,
        None,
        None,
    )


def test_project_report_on_two_projects_in_prose_sections() -> None:
    """One numbered section per project, each with its own figures, score and grade:
    none of them is the report's."""
    r = extract("two_projects_in_prose.txt")
    assert (r.unit.name, r.kind, r.subject) == ("示例县卫生健康局", "project", None)
    assert money(r.budget) == (None, None, None, None)
    assert (r.total_score, r.grade) == (None, None)
    assert codes(r) == []
    assert [(p.name, p.line, p.total_score, p.grade) for p in r.projects] == [
        ("基本公共卫生服务项目", 3, 96, "优"),
        ("家庭医生签约服务项目", 5, 85, "良"),
    ]
    assert [money(p.budget) for p in r.projects] == [(None, 150, 147, 98), (None, 40, 30, 75)]


def test_department_report_with_a_form_per_project() -> None:
    r = extract("department_with_project_forms.txt")
    assert (r.unit.name, r.kind) == ("示例县民政局", "department")
    assert (r.staff.authorized, r.staff.actual) == (28, 26)
    assert money(r.budget) == (790, 856.3, 840.12, 98.11)
    assert (r.total_score, r.grade) == (94.5, "优")
    conflict = [w for w in r.warnings if w.code == "score_conflict"]
    assert [w.values for w in conflict] == [[94.5, 89.81]]
    assert [i.name for i in r.indicators] == ["救助困难群众", "困难群众基本生活", "救助对象满意度"]
    # the second form names its project in the line above it, not in a cell
    assert [p.name for p in r.projects] == ["城乡低保资金", "临时救助资金"]
    assert [money(p.budget) for p in r.projects] == [
        (500, 520, 515.6, 99.15),
        (60, 60, 48, 80),
    ]
    assert [p.total_score for p in r.projects] == [99.92, 95.5]
    assert r.projects[1].indicators[0].note == "需求下降"


def test_project_forms_named_only_in_their_titles() -> None:
    """`附件2:城乡低保资金项目支出绩效自评表` above a form with no 项目名称 cell; the
    next title has a `(2023年度)` and a `金额单位:万元` line under it."""
    r = extract("department_forms_named_in_titles.txt")
    assert [(p.name, p.line) for p in r.projects] == [("城乡低保资金", 18), ("临时救助资金", 26)]
    assert [money(p.budget) for p in r.projects] == [
        (500, 520, 515.6, 99.15),
        (60, 60, 48, 80),
    ]
    assert [p.total_score for p in r.projects] == [99.92, 95.5]
    assert money(r.budget) == (790, 856.3, 840.12, 98.11)


# ------------------------------------------------------------------ totals and grades
@pytest.mark.parametrize(
    ("sentence", "score", "grade"),
    [
        ("自评得分92.5分,评价等级为“优”。", 92.5, "优"),
        ("本项目绩效自评综合得分为91.3分,自评等级为优秀。", 91.3, "优"),
        ("经综合评定,项目最终自评得分87分,综合评定为良。", 87, "良"),
        ("总得分:93分;评价结论:优。", 93, "优"),
        ("综合评分91分,为优秀等次。", 91, "优"),
        ("自评总分为89.5分,自评等次为“良”。", 89.5, "良"),
        ("自评得93分,等级优秀。", 93, "优"),
        ("经自评,该项目得分95分,属于“优”档。", None, "优"),
        ("综合评价为优。", None, "优"),
        ("自评得分:92.5分(优)。", 92.5, "优"),
        ("自评结果为良好。", None, "良"),
        # a rubric states bands, not this report's score or grade
        ("自评得分90分(含)以上为优秀等级,80-90分为良好等级。", None, None),
        ("社会评价为良好。", None, None),
    ],
)
def test_total_and_grade_wordings(sentence: str, score: float | None, grade: str | None) -> None:
    r = extract_text(f"2023年度样例市体育局项目支出绩效自评报告\n{sentence}\n")
    assert (r.total_score, r.grade) == (score, grade)


FORM = (
    "2023年度样例市体育局项目支出绩效自评报告\n项目名称\t全民健身活动经费\n"
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
    "产出指标\t数量指标\t举办赛事(场)\t≥10\t12\t90\t88\n"
)


@pytest.mark.parametrize(
    "total_row",
    [
        "总得分\t\t\t\t\t100\t98",
        "得分合计\t\t\t\t\t100\t98",
        "综合评分\t\t\t\t\t100\t98",
        "自评得分\t98\t自评等级\t优秀",
    ],
)
def test_form_total_row_labels(total_row: str) -> None:
    r = extract_text(FORM + total_row + "\n")
    assert r.total_score == 98
    assert [i.name for i in r.indicators] == ["举办赛事"]
