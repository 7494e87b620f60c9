"""The pure figure builders: trace types, axis titles, point counts, what is said about gaps."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard import charts
from dashboard.theme import GRADE_COLORS, NO_GRADE


def _annotations(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_year_compare_marks_years_without_data_and_the_focus_year() -> None:
    frame = pl.DataFrame(
        {
            "fiscal_year": [2021, 2022, 2024],
            "execution_rate_pct": [None, 88.0, 99.9],
            "rate_report_count": [0, 3, 2],
        }
    )
    fig = charts.fig_year_compare(
        frame,
        value="execution_rate_pct",
        count="rate_report_count",
        title="t",
        axis_title="预算执行率（%）",
        suffix="%",
        focus_year=2024,
    )
    (bar,) = fig.data
    assert bar.type == "bar"
    assert list(bar.x) == ["2022年", "2024年"]
    assert list(bar.text) == ["88.0%<br>n=3", "99.9%<br>n=2"]
    assert bar.marker.color[1] != bar.marker.color[0]
    assert list(fig.layout.xaxis.categoryarray) == ["2021年", "2022年", "2023年", "2024年"]
    assert _annotations(fig).count(charts.NO_DATA) == 2  # 2021 (no value) and 2023 (no row)
    assert fig.layout.yaxis.title.text == "预算执行率（%）"


def test_grade_bars_use_the_grade_colours_and_group_the_rest_as_not_stated() -> None:
    frame = pl.DataFrame(
        {
            "fiscal_year": [2023, 2023, 2024, 2024],
            "grade": ["优", "未注明", "优", "良"],
            "printed_count": [1, 1, 2, 0],
        }
    )
    fig = charts.fig_grade_by_year(frame)
    colours = {t.name: t.marker.color for t in fig.data}
    assert colours == {"优": GRADE_COLORS["优"], NO_GRADE: GRADE_COLORS[NO_GRADE]}
    assert fig.layout.barmode == "stack"


def test_coverage_leaves_missing_unit_years_blank_and_shows_at_most_the_limit() -> None:
    frame = pl.DataFrame(
        {
            "unit": ["甲", "甲", "乙", "乙", "丙"],
            "fiscal_year": [2021, 2023, 2021, 2023, 2022],
            "report_count": [1, 1, 2, None, 1],
        }
    )
    fig = charts.fig_coverage(frame, max_units=2)
    (heat,) = fig.data
    assert list(heat.y) == ["乙", "甲"]  # 2 reports each: by name
    assert list(heat.x) == ["2021年", "2022年", "2023年"]
    assert [list(r) for r in heat.z] == [[2, None, None], [1, None, 1]]
    assert "前 2 家" in fig.layout.title.text


def test_coverage_of_the_top_units_says_how_many_there_are_in_all() -> None:
    frame = pl.DataFrame(
        {"unit": ["甲", "乙"], "fiscal_year": [2021, 2021], "report_count": [2, 1]}
    )
    assert "前" not in charts.fig_coverage(frame, max_units=2).layout.title.text
    fig = charts.fig_coverage(frame, max_units=2, unit_count=12_500)
    assert list(fig.data[0].y) == ["甲", "乙"]
    assert "前 2 家" in fig.layout.title.text


def test_trend_breaks_lines_at_missing_years_and_says_so() -> None:
    frame = pl.DataFrame(
        {
            "fiscal_year": [2020, 2022, 2020, 2021],
            "series": ["甲", "甲", "乙", "乙"],
            "v": [1.0, 3.0, 2.0, 2.5],
        }
    )
    fig = charts.fig_trend(
        frame, value="v", series="series", title="t", axis_title="万元", suffix=" 万元"
    )
    jia = next(t for t in fig.data if t.name.startswith("甲"))
    assert jia.connectgaps is False
    assert list(jia.y) == [1.0, None, 3.0]
    assert jia.name == "甲（2年）"


def test_trend_with_one_year_per_series_draws_bars_and_explains_why() -> None:
    frame = pl.DataFrame({"fiscal_year": [2024, 2023], "series": ["甲", "乙"], "v": [5.0, 7.0]})
    fig = charts.fig_trend(frame, value="v", series="series", title="t", axis_title="a", suffix="")
    assert [t.type for t in fig.data] == ["bar"]
    assert "无法显示趋势" in fig.layout.title.subtitle.text
    assert list(fig.data[0].y) == ["甲（2024年）", "乙（2023年）"]


def test_trend_of_the_series_a_query_chose_says_how_many_there_are() -> None:
    frame = pl.DataFrame(
        {"fiscal_year": [2023, 2024, 2024], "series": ["甲", "甲", "乙"], "v": [1.0, 2.0, 3.0]}
    )
    fig = charts.fig_trend(
        frame, value="v", series="series", title="t", axis_title="a", suffix="", total_series=9
    )
    assert [t.name for t in fig.data] == ["甲（2年）", "乙（1年）"]
    assert "显示有数据年数最多的前 2 条，共 9 条" in _annotations(fig)
    alone = charts.fig_trend(
        frame.filter(pl.col("series") == "乙"),
        value="v",
        series="series",
        title="t",
        axis_title="a",
        suffix="",
        total_series=5,
    )
    assert [t.type for t in alone.data] == ["bar"]  # one year only: a bar, and the same note
    assert alone.layout.title.subtitle.text.endswith("显示有数据年数最多的前 1 条，共 5 条")
    whole = charts.fig_trend(
        frame, value="v", series="series", title="t", axis_title="a", suffix=""
    )
    assert not any("共" in a for a in _annotations(whole))  # every series drawn: no note


def test_beat_quartiles_draw_one_precomputed_box_per_category_clipped_at_the_edge() -> None:
    frame = pl.DataFrame(
        {
            "level2_std": ["时效指标", None],
            "indicator_count": [1, 1200],
            "beat_min_pct": [2.04, -100.0],
            "beat_lower_pct": [2.04, -60.0],
            "beat_q1_pct": [2.04, -5.0],
            "beat_median_pct": [2.04, 10.0],
            "beat_q3_pct": [2.04, 40.0],
            "beat_upper_pct": [2.04, 350.0],
            "beat_max_pct": [2.04, 900.0],
            "outlier_count": [0, 12],
        }
    )
    fig = charts.fig_beat_quartiles(frame)
    assert [(t.type, t.name) for t in fig.data] == [("box", "时效指标"), ("box", "未分类")]
    other = fig.data[1]
    assert (other.q1[0], other.median[0], other.q3[0]) == (-5.0, 10.0, 40.0)
    assert (other.lowerfence[0], other.upperfence[0]) == (-60.0, 200.0)  # 350 drawn at the edge
    assert "1,200 条" in other.hovertext
    assert "须线外 12 条" in other.hovertext
    assert "共 1,201 条定量指标" in fig.layout.title.subtitle.text


def test_execution_bars_put_stated_and_derived_side_by_side_with_report_ids() -> None:
    frame = pl.DataFrame(
        {
            "label": ["昆明市呈贡区信访局 · 2023年", "怀化市洪江区信访局 · 2024年"],
            "execution_rate_pct": [60.3, 100.0],
            "execution_rate_derived_pct": [None, 100.0],
            "report_id": ["a", "b"],
        }
    )
    fig = charts.fig_execution_by_unit(frame, title="t")
    stated, derived = fig.data
    assert [stated.type, derived.type] == ["bar", "bar"]
    assert list(stated.customdata) == ["a", "b"]
    assert list(stated.text) == ["60.3%", "100.0%"]
    assert derived.text[0] is None
    assert fig.layout.xaxis.title.text == "预算执行率（%）"


def test_stated_vs_derived_keeps_the_points_furthest_from_the_diagonal() -> None:
    frame = pl.DataFrame(
        {
            "execution_rate_pct": [100.0, 90.0, 50.0],
            "execution_rate_derived_pct": [100.0, 80.0, 50.5],
            "unit": ["甲", "乙", "丙"],
            "fiscal_year": [2024, 2024, 2024],
            "report_id": ["a", "b", "c"],
        }
    )
    fig = charts.fig_rate_stated_vs_derived(frame, max_points=2)
    points = fig.data[1]
    assert [row[0] for row in points.customdata] == ["b", "c"]
    assert "共 3 份" in fig.layout.title.subtitle.text


def test_stated_vs_derived_of_picked_points_says_how_many_there_were() -> None:
    frame = pl.DataFrame(
        {
            "execution_rate_pct": [90.0, 50.0],
            "execution_rate_derived_pct": [80.0, 50.5],
            "unit": ["乙", "丙"],
            "fiscal_year": [2024, 2024],
            "report_id": ["b", "c"],
        }
    )
    assert not charts.fig_rate_stated_vs_derived(frame, total=2).layout.title.subtitle.text
    fig = charts.fig_rate_stated_vs_derived(frame, max_points=2, total=123_472)
    assert len(fig.data[1].x) == 2
    assert "共 123,472 份，仅画出偏离对角线最远的 2 份" in fig.layout.title.subtitle.text


def _scores(n: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "execution_rate_pct": [60.3 + i % 40 for i in range(n)],
            "total_score": [100.0 - (i % 10) for i in range(n)],
            "grade": ["优" if i % 3 else None for i in range(n)],
            "excess_score": [3.97 if i == 0 else -1.0 for i in range(n)],
            "unit_canonical_name": ["昆明市呈贡区信访局"] * n,
            "fiscal_year": [2023] * n,
            "report_id": [f"r{i}" for i in range(n)],
        }
    )


def test_score_vs_execution_colours_points_by_grade() -> None:
    fig = charts.fig_score_vs_execution(_scores(6))
    markers = {t.name: t for t in fig.data if t.mode == "markers"}
    assert set(markers) == {"优", NO_GRADE}
    assert markers["优"].marker.color == GRADE_COLORS["优"]
    assert markers[NO_GRADE].customdata[0][0] == "r0"
    assert fig.layout.yaxis.title.text == "自评得分（分）"


def test_score_vs_execution_turns_a_crowd_into_a_density_with_the_outliers_on_top() -> None:
    fig = charts.fig_score_vs_execution(_scores(50), max_points=10)
    assert "heatmap" in [t.type for t in fig.data]
    points = [t for t in fig.data if t.type == "scatter" and t.mode == "markers"]
    assert [row[0] for t in points for row in t.customdata] == ["r0"]


def test_score_vs_execution_draws_a_crowd_counted_elsewhere() -> None:
    cells = pl.DataFrame(
        {
            "rate_bin_pct": [59.0, 99.0, 99.0],
            "score_bin": [95.5, 95.5, 99.5],
            "scope_count": [3, 40, 7],
        }
    )
    above = _scores(50).filter(pl.col("excess_score") > 0)
    fig = charts.fig_score_vs_execution(above, density=cells)
    (heat,) = [t for t in fig.data if t.type == "heatmap"]
    assert list(heat.x) == [59.0, 99.0]
    assert list(heat.y) == [95.5, 99.5]
    assert [list(row) for row in heat.z] == [[3, 40], [None, 7]]
    points = [t for t in fig.data if t.type == "scatter" and t.mode == "markers"]
    assert [row[0] for t in points for row in t.customdata] == ["r0"]


def test_score_quantiles_draw_one_box_per_year_from_precomputed_quantiles() -> None:
    frame = pl.DataFrame(
        {
            "fiscal_year": [2022, 2024],
            "scored_count": [1, 2],
            "min_score": [100.0, 95.98],
            "p25_score": [100.0, 96.7],
            "median_score": [100.0, 97.4],
            "p75_score": [100.0, 98.1],
            "max_score": [100.0, 98.87],
            "mean_score": [100.0, 97.4],
        }
    )
    fig = charts.fig_score_quantiles(frame)
    (box,) = fig.data
    assert list(box.x) == ["2022年", "2024年"]
    assert list(box.median) == [100.0, 97.4]
    assert "无数据年度：2023年" in _annotations(fig)


def test_findings_stack_by_severity_with_the_most_at_the_top() -> None:
    frame = pl.DataFrame(
        {
            "unit": ["洪江", "洪江", "呈贡"],
            "severity": ["high", "low", "high"],
            "finding_count": [4, 7, 1],
        }
    )
    fig = charts.fig_findings_stacked(frame, category="unit", title="t")
    assert [t.name for t in fig.data] == ["高风险", "低风险"]
    assert list(fig.layout.yaxis.categoryarray) == ["呈贡", "洪江"]


def test_style_sets_the_chinese_font_and_larger_type_for_the_projector() -> None:
    desk = charts.style(go.Figure(layout={"title": {"text": "t"}}))
    projector = charts.style(go.Figure(layout={"title": {"text": "t"}}), present=True)
    # The fonts come from the figure's template, which plotly.js applies in the browser.
    desk_font = desk.layout.template.layout.font
    projector_font = projector.layout.template.layout.font
    assert "Noto Sans CJK SC" in desk_font.family
    assert "Noto Sans CJK SC" in projector_font.family
    assert projector_font.size > desk_font.size
    assert projector.layout.height > desk.layout.height
    assert projector.layout.margin.t > desk.layout.margin.t


def test_every_new_figure_starts_from_the_house_template() -> None:
    spec = go.Figure(go.Bar(x=[1], y=[2])).to_plotly_json()
    assert spec["layout"]["template"]["layout"]["separators"] == ".,"
    assert spec["layout"]["template"]["layout"]["yaxis"]["automargin"] is True


def test_png_button_is_configured_with_the_file_name() -> None:
    config = charts.png_config("预算执行率_2024年")
    assert config["toImageButtonOptions"]["format"] == "png"
    assert config["toImageButtonOptions"]["filename"] == "预算执行率_2024年"
    assert config["displaylogo"] is False


def test_score_bins_tint_the_grade_bands_and_highlight_the_focus_year() -> None:
    labels = ["<60", "60-70", "70-80", "80-85", "85-90", "90-95", "95-100", "100"]
    grades = ["差", "中", "中", "良", "良", "优", "优", "优"]
    frame = pl.DataFrame(
        {
            "fiscal_year": [2023] * 8 + [2024] * 8,
            "bin_no": list(range(1, 9)) * 2,
            "bin_label": labels * 2,
            "grade_band": grades * 2,
            "report_count": [0] * 7 + [1] + [0] * 6 + [2, 0],
            "share_pct": [0.0] * 7 + [100.0] + [0.0] * 6 + [100.0, 0.0],
        }
    )
    fig = charts.fig_score_bins(frame, focus_year=2024)
    assert [t.name for t in fig.data] == ["2023年（1份）", "2024年（2份）"]
    assert fig.data[1].marker.color == "#2f6db5"
    bands = [(s.x0, s.x1, s.fillcolor) for s in fig.layout.shapes]
    assert bands == [
        (-0.5, 0.5, GRADE_COLORS["差"]),
        (0.5, 2.5, GRADE_COLORS["中"]),
        (2.5, 4.5, GRADE_COLORS["良"]),
        (4.5, 7.5, GRADE_COLORS["优"]),
    ]


def test_a_click_opens_the_report_or_unit_a_point_names() -> None:
    assert charts.click_target("f4138d53f8095a2d") == ("report", "f4138d53f8095a2d")
    assert charts.click_target(["r1", "昆明市呈贡区信访局", 2023]) == ("report", "r1")
    assert charts.click_target(charts.UNIT_LINK + "怀化市洪江区信访局") == (
        "unit",
        "怀化市洪江区信访局",
    )
    assert charts.click_target(None) is None
    assert charts.click_target([]) is None
    audit = charts.fig_findings_stacked(
        pl.DataFrame({"unit": ["洪江"], "severity": ["high"], "finding_count": [4]}),
        category="unit",
        title="t",
        link_prefix=charts.UNIT_LINK,
    )
    assert charts.click_target(audit.data[0].customdata[0]) == ("unit", "洪江")


def test_a_self_sized_figure_keeps_its_height_at_the_desk_but_fits_the_projector() -> None:
    tall = go.Figure(layout={"height": 1400})
    assert charts.style(tall).layout.height == 1400
    assert charts.style(go.Figure(layout={"height": 1400}), present=True).layout.height <= 720
    assert charts.style(go.Figure()).layout.height == 420


def test_year_groups_show_the_focus_year_and_the_two_before_it() -> None:
    assert charts.recent_years([2017, 2019, 2020, 2021, 2024], 2021) == [2019, 2020, 2021]
    assert charts.recent_years([2022], None) == [2022]
    frame = pl.DataFrame(
        {
            "fiscal_year": [2019, 2020, 2021, 2022],
            "category": ["产出指标·数量指标"] * 4,
            "share": [50.0, 60.0, 70.0, 80.0],
            "n": [2, 3, 4, 5],
        }
    )
    fig = charts.fig_category_share(
        frame,
        category="category",
        value="share",
        count="n",
        title="t",
        axis_title="a",
        focus_year=2022,
    )
    assert [t.name for t in fig.data] == ["2020年", "2021年", "2022年"]
    assert fig.layout.title.subtitle.text == "显示最近 3 个有数据的年度"
