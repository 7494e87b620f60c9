"""评分分布: how the self-scores spread by year, the grades, and score against execution."""

import polars as pl

from dashboard import charts, data, frames, ui

MAX_POINTS = ui.MAX_TABLE_ROWS  # reports drawn one by one in the scatter (and listed below)
filters = ui.page_header(
    "评分分布", "自评得分如何分布？等级是否与得分相符？得分是否与预算执行率相称？"
)

with ui.section():
    bins = ui.need(data.run("score_distribution", filters), "所选报告均未写明自评总分。")
    year = frames.focus_year(filters.years, bins["fiscal_year"].to_list())
    left, right = ui.columns(2)
    with left:
        ui.chart(charts.fig_score_bins(bins, focus_year=year), "自评得分分布")
    with right:
        quantiles = data.run("score_quantiles", filters)
        ui.chart(
            charts.fig_score_quantiles(quantiles.filter(pl.col("region_level") == "all")),
            "自评得分_年度箱线",
        )

with ui.section():
    grades = ui.need(data.run("grade_counts", filters))
    left, right = ui.columns(2)
    with left:
        ui.chart(
            charts.fig_grade_by_year(grades, count="printed_count", title="报告所写等级（份）"),
            "等级_报告所写",
        )
    with right:
        ui.chart(
            charts.fig_grade_by_year(grades, count="implied_count", title="按总分应得等级（份）"),
            "等级_按得分",
        )
    disagree = int(grades["printed_disagree_count"].sum())
    ui.footnote(
        [
            "等级划分：优 ≥ 90；良 80–90；中 60–80；差 < 60",
            f"{disagree} 份报告所写等级与其总分不符" if disagree else "所写等级均与总分相符",
        ]
    )

with ui.section():
    # A crowd is drawn from its grid counts and only the most inflated reports as points (the
    # first page of those above the line, the table's too), so 100,000 reports never come to
    # Python or the browser one by one.
    excess = data.listing("score_vs_execution", filters, rows=MAX_POINTS, above_ceiling=True)
    density: pl.DataFrame | None = None
    if data.count("score_vs_execution", filters) > MAX_POINTS:
        density = data.run("score_execution_density", filters)
        scatter = excess.head
    else:
        scatter = data.run("score_vs_execution", filters)
        ui.need(scatter, "没有同时写明总分和执行率的报告。")
    figure = charts.fig_score_vs_execution(scatter, max_points=MAX_POINTS, density=density)
    ui.chart(figure, "得分与执行率", key="score_scatter")
    notes = ["虚线以上：得分高于按自身执行率所能得到的最高分", "点击圆点可打开该报告"]
    if density is not None and excess.total > excess.head.height:
        notes.append(f"虚线以上共 {excess.total:,} 份，画出高出最多的 {excess.head.height:,} 份")
    ui.footnote(notes)
    ui.subheader("得分高于执行率所允许的报告与项目")
    ui.need(excess.head, "没有得分高于执行率所允许的报告。")
    ui.table(
        excess,
        "得分高于执行率所允许",
        key="score_excess",
        columns=[
            "unit_canonical_name",
            "fiscal_year",
            "scope_name",
            "total_score",
            "grade",
            "execution_rate_pct",
            "rate_source",
            "execution_weight",
            "score_ceiling",
            "excess_score",
            "report_id",
        ],
    )

with ui.section():
    ui.subheader("各地区得分分位数")
    quantiles = data.run("score_quantiles", filters)
    regional = ui.need(quantiles.filter(pl.col("region_level") != "all"))
    ui.table(
        regional,
        "自评得分_地区分位数",
        key="score_regions",
        columns=[
            "fiscal_year",
            "region_level",
            "region_name",
            "scored_count",
            "min_score",
            "p25_score",
            "median_score",
            "p75_score",
            "max_score",
            "mean_score",
            "full_score_share_pct",
            "excellent_share_pct",
        ],
    )
