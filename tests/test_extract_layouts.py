"""The table shapes real reports arrive in (shared/docs/report-layouts.md), each
as a small hand-written snippet, extracted through the text reader like any file.

Each case states only the facts its text states; a fact expected as None must
come back None (a value there would be invented). Wordings of money, scores,
years and units are in test_extract_wording.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from loaders.model import Report
from loaders.pipeline import extract_text as extract


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


# A form as `pdftotext -layout` prints it: too wide for a line of this file.
SPACE_ALIGNED_FORM = (
    Path(__file__).parent / "fixtures" / "formats" / "quirks" / "space_aligned_form.txt"
)


def test_space_aligned_form_with_wrapped_cells() -> None:
    """`pdftotext -layout`: cells apart by runs of spaces, empty cells only wider gaps,
    long cells wrapped onto a next line within their column."""
    r = extract(SPACE_ALIGNED_FORM.read_text(encoding="utf-8"))
    assert (r.fiscal_year, r.kind, r.unit.name) == (2023, "project", "某某县水利局")
    assert (r.budget.initial_wan, r.budget.final_wan, r.budget.executed_wan) == (80, 95.5, 90.2)
    assert r.budget.execution_rate_pct == 94.45
    assert r.total_score == 97.4
    assert len(r.indicators) == 5
    quality = indicator(r, "工程验收合格率")
    assert (quality.level1, quality.level2) == ("产出指标", "质量指标")
    assert (quality.target, quality.actual, quality.weight, quality.score) == (
        "100%",
        "95%",
        15,
        13,
    )
    assert quality.note == "两处工程返工,已整改完毕并通过复验"  # wrapped over two lines
    covered = indicator(r, "农村饮水安全保障覆盖人口")  # its name and unit wrapped too
    assert (covered.measure_unit, covered.target, covered.actual) == ("万人", "≥2.5", "2.6")
    assert (covered.level1, covered.score) == ("效益指标", 30)
