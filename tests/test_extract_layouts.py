"""The shapes real reports arrive in (shared/docs/report-layouts.md), each as a
small hand-written snippet, extracted through the text reader like any file.

Each case states only the facts its text states; a fact expected as None must
come back None (a value there would be invented).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from loaders.extract.report import extract_report
from loaders.model import Report, Source
from loaders.readers.txt import read_text


def extract(text: str) -> Report:
    doc = read_text(text, Path("snippet.txt"))
    return extract_report(doc, Source(file="snippet.txt", sha256="0", format="txt"))


def indicator(report: Report, name: str) -> Any:
    found = [i for i in report.indicators if i.name == name]
    assert found, f"no indicator {name!r} in {[i.name for i in report.indicators]}"
    return found[0]


# ------------------------------------------------------------------ table shapes
PIPE_CELL_STREAM = """\
宁乡市林业局2023年度森林防火经费项目支出绩效自评报告
项目支出绩效自评表
(2023年度)
项目名称 |
森林防火经费 |
实施单位 |
宁乡市林业局 |
项目资金(万元) |
年初预算数 |
全年预算数 |
全年执行数 |
分值 |
执行率 |
得分 |
年度资金总额 |
120 |
150 |
135 |
10 |
90% |
9 |
一级指标 |
二级指标 |
三级指标 |
年度指标值 |
实际完成值 |
分值 |
得分 |
偏差原因分析及改进措施 |
产出指标(50分) |
数量指标 |
巡护里程(公里) |
≥3000 |
3200 |
20 |
20 |
|
质量指标 |
火灾受害率 |
≤0.9‰ |
0.5‰ |
30 |
30 |
|
效益指标(30分) |
社会效益指标 |
群众防火意识 |
明显提高 |
明显提高 |
30 |
27 |
宣传覆盖不足 |
满意度指标(10分) |
服务对象满意度指标 |
群众满意度 |
≥90% |
93% |
10 |
10 |
|
总分 |
100 |
96 |
||||||
"""


def test_pipe_cell_stream_table() -> None:
    r = extract(PIPE_CELL_STREAM)
    assert (r.fiscal_year, r.kind, r.unit.name) == (2023, "project", "宁乡市林业局")
    assert (r.unit.province, r.unit.city, r.unit.county) == ("湖南省", "长沙市", "宁乡市")
    assert (r.budget.initial_wan, r.budget.final_wan, r.budget.executed_wan) == (120, 150, 135)
    assert r.budget.execution_rate_pct == 90
    assert r.total_score == 96
    assert len(r.indicators) == 4
    patrol = indicator(r, "巡护里程")
    assert (patrol.level1, patrol.level2, patrol.measure_unit) == ("产出指标", "数量指标", "公里")
    assert (patrol.target, patrol.actual, patrol.weight, patrol.score) == ("≥3000", "3200", 20, 20)
    assert (patrol.target_op, patrol.target_value) == ("≥", 3000)
    aware = indicator(r, "群众防火意识")
    assert (aware.level1, aware.score, aware.note) == ("效益指标", 27, "宣传覆盖不足")


MARKDOWN_ROWS = """\
2022年度某某县司法局部门整体支出绩效自评报告
| 预算单位名称 | 河北省秦皇岛市青龙满族自治县司法局 | | | | | | |
| 年度预算申请(万元) | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
|---|---|---|---|---|---|---|---|
| | 年度资金总额 | 500.5 | 520 | 468 | 10 | 90% | 9 |
| | 其中:当年财政拨款 | 500.5 | 520 | 468 | - | - | - |
| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因 |
| 产出指标(50分) | 数量指标 | 法律援助案件数(件) | ≥200 | 150 | 25 | 25 | 需求减少 |
| | 时效指标 | 结案及时率 | 100% | 100% | 25 | 25 | |
| 效益指标(30分) | 社会效益指标 | 群众法律意识 | 有所提升 | 有所提升 | 30 | 30 | |
| 满意度指标(10分) | 服务对象满意度指标 | 受援人满意度 | 不低于90% | 95% | 10 | 10 | |
| 总分 | | | | | 100 | 99 | |
| 自评等级 | 优 | | | | | | |
"""


def test_markdown_pipe_rows_and_region_in_the_name() -> None:
    r = extract(MARKDOWN_ROWS)
    assert (r.fiscal_year, r.kind) == (2022, "department")
    assert r.unit.name is not None
    assert r.unit.name.endswith("青龙满族自治县司法局")
    assert (r.unit.province, r.unit.county) == ("河北省", "青龙满族自治县")
    assert (r.budget.initial_wan, r.budget.final_wan, r.budget.executed_wan) == (500.5, 520, 468)
    assert (r.total_score, r.grade) == (99, "优")
    cases = indicator(r, "法律援助案件数")
    assert (cases.measure_unit, cases.target, cases.actual, cases.score) == (
        "件",
        "≥200",
        "150",
        25,
    )
    assert indicator(r, "受援人满意度").target_op == "≥"  # 不低于


SPACE_FLATTENED = (
    "2024年度城关镇人民政府项目支出绩效自评报告\n"
    "项目名称 农村道路养护经费 主管部门 某某县交通运输局 实施单位 城关镇人民"
    "政府 项目资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得"
    "分 年度资金总额 80 80 76 10 95% 9.5 一级指标 二级指标"
    " 三级指标 年度指标值 实际完成值 分值 得分 产出指标 数量指标 养护里程"
    " ≥45 公里 48 公里 30 30 质量指标 路面完好率 ≥90% 92"
    "% 20 20 效益指标 社会效益指标 群众出行便利 明显改善 明显改善 3"
    "0 28 满意度指标 服务对象满意度指标 群众满意度 ≥90% 91% 10"
    " 10 总分 100 97.5"
    "\n"
)


def test_whole_table_flattened_to_one_line() -> None:
    r = extract(SPACE_FLATTENED)
    assert (r.fiscal_year, r.kind) == (2024, "project")
    assert (r.budget.initial_wan, r.budget.final_wan, r.budget.executed_wan) == (80, 80, 76)
    assert r.budget.execution_rate_pct == 95
    assert r.total_score == 97.5
    road = indicator(r, "养护里程")
    assert (road.level2, road.target, road.actual, road.weight, road.score) == (
        "数量指标",
        "≥45公里",
        "48公里",
        30,
        30,
    )
    assert indicator(r, "群众出行便利").score == 28


SPLIT_OPERATOR_COLUMNS = """\
2021年度某区教育局项目支出绩效自评报告
项目名称\t学生资助经费
一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t实际完成值\t分值\t得分
产出指标\t数量指标\t资助学生人数\t≥\t1200\t人\t1250\t30\t30
\t质量指标\t资助准确率\t=\t100\t%\t100%\t20\t20
"""


def test_target_split_over_operator_value_and_unit_columns() -> None:
    r = extract(SPLIT_OPERATOR_COLUMNS)
    students = indicator(r, "资助学生人数")
    assert (students.target, students.target_op, students.target_value) == ("≥1200人", "≥", 1200)
    assert indicator(r, "资助准确率").level2 == "质量指标"


OCR_GLUED = """\
2020年度某县农业农村局部门整体支出绩效自评报告
一、基本情况
全年预算数1,250.5万兀,全年执行数1,1O0万元,执行率为87.96%。
二、自评结论
自评总分(分)87.6
自评等级:良
"""


def test_ocr_glue_and_misread_characters() -> None:
    r = extract(OCR_GLUED)
    assert (r.budget.final_wan, r.budget.executed_wan, r.budget.execution_rate_pct) == (
        1250.5,
        1100,
        87.96,
    )
    assert (r.total_score, r.grade) == (87.6, "良")


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


CELLS_ON_OWN_LINES = """\
2023年度某某县文化馆项目支出绩效自评报告
项目名称

    非遗保护经费

一级指标

    二级指标

    三级指标

    年度指标值

    实际完成值

    分值

    得分

产出指标

    数量指标

    非遗展演场次(场)

    ≥12

    14

    40

    40

满意度指标

    服务对象满意度指标

    观众满意度

    ≥90%

    96%

    10

    10

总分

    100

    98
"""


def test_every_cell_on_its_own_line_without_tabs() -> None:
    r = extract(CELLS_ON_OWN_LINES)
    assert [i.name for i in r.indicators] == ["非遗展演场次", "观众满意度"]
    shows = indicator(r, "非遗展演场次")
    assert (shows.measure_unit, shows.target, shows.actual, shows.weight, shows.score) == (
        "场",
        "≥12",
        "14",
        40,
        40,
    )
    assert r.total_score == 98
    assert r.subject == "非遗保护经费"


PDF_TEXT_ROWS = """\
2023年度某某县档案馆项目支出绩效自评报告
项目支出绩效自评表
项目名称 档案数字化经费 实施单位 某某县档案馆
年初预算数 全年预算数 全年执行数 分值 执行率 得分
年度资金总额 50 50 45 10 90% 9
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分
产出指标 数量指标 数字化档案(卷) ≥5000 5200 40 40
满意度指标 服务对象满意度指标 查档群众满意度 ≥90% 95% 10 10
总分 100 99
经评价,该项目自评得分99分。
"""


def test_pdf_text_with_a_row_per_line_of_spaced_cells() -> None:
    r = extract(PDF_TEXT_ROWS)
    assert (r.budget.initial_wan, r.budget.final_wan, r.budget.executed_wan) == (50, 50, 45)
    assert r.budget.execution_rate_pct == 90
    assert r.total_score == 99
    assert r.subject == "档案数字化经费"
    scans = indicator(r, "数字化档案")
    assert (scans.measure_unit, scans.target, scans.actual, scans.weight, scans.score) == (
        "卷",
        "≥5000",
        "5200",
        40,
        40,
    )
    assert indicator(r, "查档群众满意度").level1 == "满意度指标"
