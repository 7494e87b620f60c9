"""How reports word the same facts (shared/docs/report-layouts.md: money, scores
and grades, year and unit), each as a small hand-written snippet extracted
through the text reader. A fact expected as None must come back None.
"""

from __future__ import annotations

import pytest

from loaders.pipeline import extract_text as extract


# ------------------------------------------------------------------ money wording
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("全年预算数50万元,执行数为45万元,完成预算的90%。", (None, 50, 45, 90)),
        ("项目经费预算30万元,全年实际支出数为27万元。", (None, 30, 27, None)),
        ("下达资金20万元,执行数18万元,执行率为90%。", (None, None, 18, 90)),
        ("指标金额是12万元,实际拨付金额是12万元。", (None, 12, 12, None)),
        ("年初部门预算安排250000.00元,调整后预算为215,457.6元。", (25, 21.54576, None, None)),
        ("合计40万元,已于本年度支出38万元,预算完成率95%。", (None, 40, 38, 95)),
    ],
)
def test_budget_sentences(sentence: str, expected: tuple[float | None, ...]) -> None:
    r = extract(f"2023年度某某局项目支出绩效自评报告\n{sentence}\n")
    b = r.budget
    assert (b.initial_wan, b.final_wan, b.executed_wan, b.execution_rate_pct) == expected


def test_look_alike_rates_are_not_execution() -> None:
    text = (
        "2023年度某某局项目支出绩效自评报告\n资金到位率100%,指标完成率98%,在职人员控制率100%,"
        "资产合计占73.10%。\n"
    )
    assert extract(text).budget.execution_rate_pct is None


def test_department_parts_are_not_the_whole() -> None:
    text = (
        "2022年度某某局部门整体支出绩效自评报告\n"
        "2022年基本支出年初预算100万元,决算数98万元。\n"
        "2022年项目支出年初预算50万元,决算数49万元。\n"
    )
    b = extract(text).budget
    assert (b.initial_wan, b.executed_wan) == (None, None)


# ------------------------------------------------------------------ scores and grades
@pytest.mark.parametrize(
    ("text", "score", "grade"),
    [
        ("项目自评分:100分。", 100, None),
        ("绩效自评分为98.14分。", 98.14, None),
        ('自评得分为98分,自评结论为"优秀"。', 98, "优"),
        ("经评价,绩效自评结果为良。", None, "良"),
        ("(一)自评得分\n100分。", 100, None),
        ("说明项目自评总分、评价等级及自评结论。", None, None),
        ("总分(含预算执行率10分)满分100分。", None, None),
    ],
)
def test_score_and_grade_wordings(text: str, score: float | None, grade: str | None) -> None:
    r = extract(f"2023年度某某局项目支出绩效自评报告\n{text}\n")
    assert (r.total_score, r.grade) == (score, grade)


def test_prose_and_table_totals_conflict() -> None:
    text = (
        "2023年度某某局项目支出绩效自评报告\n经综合评价,项目自评得分为92分,等级为优。\n"
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
        "产出指标\t数量指标\t培训人次\t100\t100\t90\t90\n总分\t\t\t\t\t100\t100\n"
    )
    r = extract(text)
    assert r.total_score == 92
    conflict = [w for w in r.warnings if w.code == "score_conflict"]
    assert conflict
    assert conflict[0].values == [92, 100]


# ------------------------------------------------------------------ year and unit
def test_year_from_title_beats_fund_names_and_document_numbers() -> None:
    text = (
        "关于2022年度某县水利局项目支出绩效自评的报告\n"
        "根据(2023)10号文件要求,对2021年中央水利发展资金开展自评。\n填报日期:2023年3月5日\n"
    )
    r = extract(text)
    assert r.fiscal_year == 2022
    assert r.report_date == "2023-03-05"


def test_year_from_date_when_nothing_else() -> None:
    r = extract("某某局项目支出绩效自评报告\n项目自评分:95分。\n某某局\n2024年2月1日\n")
    assert (r.fiscal_year, r.report_date) == (2023, "2024-02-01")


def test_unit_from_label_line() -> None:
    text = (
        "部门(单位)名称:曲靖市麒麟区人民政府办公室\n"
        "2023年度部门整体支出绩效自评报告\n一、基本情况\n"
    )
    r = extract(text)
    assert r.unit.name == "曲靖市麒麟区人民政府办公室"
    assert (r.unit.province, r.unit.city, r.unit.county) == ("云南省", "曲靖市", "麒麟区")


def test_no_unit_named_anywhere() -> None:
    r = extract("2023年度部门整体支出绩效自评报告\n本部门认真开展自评工作。\n")
    assert r.unit.name is None
    assert (r.unit.province, r.unit.city, r.unit.county) == (None, None, None)


# ------------------------------------------------------------------ several projects
def test_several_project_forms_in_one_report() -> None:
    form = (
        "项目名称\t{name}\n项目资金(万元)\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
        "年度资金总额\t{a}\t{a}\t{b}\t10\t{rate}\t{s}\n"
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
        "产出指标\t数量指标\t{ind}\t10\t10\t90\t90\n总分\t\t\t\t\t100\t{total}\n"
    )
    text = (
        "2023年度某某局部门整体支出绩效自评报告\n部门整体自评得分95分。\n附件:项目支出绩效自评表\n"
        + form.format(name="甲项目经费", a=10, b=9, rate="90%", s=9, ind="甲产出", total=99)
        + "\n附件:项目支出绩效自评表\n"
        + form.format(name="乙项目经费", a=20, b=20, rate="100%", s=10, ind="乙产出", total=100)
    )
    r = extract(text)
    assert [p.name for p in r.projects] == ["甲项目经费", "乙项目经费"]
    assert [p.total_score for p in r.projects] == [99, 100]
    assert [p.budget.executed_wan for p in r.projects] == [9, 20]
    assert [p.indicators[0].name for p in r.projects] == ["甲产出", "乙产出"]
    assert r.total_score == 95
    assert r.indicators == []


def test_more_wordings_of_scores_grades_and_dates() -> None:
    r = extract(
        "某某局2023年度项目支出绩效评价报告\n经评价,项目评价得分为88.5分,被评定为“良”。\n"
        "绩效指标得分18分。\n二〇二四年一月二十五日\n"
    )
    assert (r.total_score, r.grade, r.report_date) == (88.5, "良", "2024-01-25")


def test_form_in_yuan_with_wan_elsewhere() -> None:
    text = (
        "2023年度某某局项目支出绩效自评报告\n项目名称\t道路维修经费\n"
        "项目资金(元)\t年初预算数\t全年预算数\t全年执行数\t执行率\n"
        "年度资金总额\t250,000.00\t300000\t215,457.6\t71.82%\n"
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\n"
        "产出指标\t成本指标\t维修成本\t≤30万元\t21.55万元\n"
    )
    r = extract(text)
    assert (r.budget.initial_wan, r.budget.final_wan, r.budget.executed_wan) == (25, 30, 21.54576)
    assert r.subject == "道路维修经费"
