"""预算执行: execution rates by unit and year, the rate stated against the rate the figures give.

Each part asks for the rows it draws: the bars the lowest rates, the region chart one level,
the scatter the points furthest from agreeing, the tables a page (their downloads every row).
"""

import polars as pl

from dashboard import charts, data, frames, ui

MAX_POINTS = ui.MAX_TABLE_ROWS  # scopes drawn one by one in the stated-vs-derived scatter
MAX_REGIONS = 8  # lines in the region chart: the finest level with at most this many regions
LEVEL_NAMES = {"province": "省份", "city": "地市", "county": "区县"}
filters = ui.page_header(
    "预算执行", "各单位各年度预算执行率如何？报告所述执行率与“执行数 ÷ 全年预算”是否一致？"
)

with ui.section():
    limit = 10 if ui.is_present() else 30
    picked = data.run("execution_rates", filters, lowest_rates=limit)
    if picked.is_empty() and not data.count("execution_rates", filters):
        ui.need(picked)  # nothing selected at all
    bars, note = frames.execution_bars(picked, limit)
    ui.need(bars, "所选报告均未写明执行率，也无法由金额计算。")
    ui.chart(
        charts.fig_execution_by_unit(bars, title="各单位预算执行率：报告所述 vs 按金额计算"),
        "预算执行率_单位",
        key="execution_bars",
    )
    missing = bars.filter(pl.col("execution_rate_derived_pct").is_null()).height
    ui.footnote(
        [
            note,
            f"{missing} 份报告缺全年预算或执行数，无法按金额计算（只显示报告所述）"
            if missing
            else "",
            "点击柱条可打开该报告",
        ]
    )

with ui.section():
    regions = ui.need(data.run("execution_by_region_year", filters, max_regions=MAX_REGIONS))
    level = regions["region_level"][0]
    rows = regions.with_columns(
        pl.format("{}·{}", "region_name", frames.kind_name("kind")).alias("series")
    )
    ui.chart(
        charts.fig_trend(
            rows,
            value="execution_rate_pct",
            series="series",
            title=f"各{LEVEL_NAMES[level]}预算执行率（Σ执行数 ÷ Σ全年预算，部门与项目分列）",
            axis_title="预算执行率（%）",
            suffix="%",
        ),
        "预算执行率_地区年度",
    )

with ui.section():
    # Only the points furthest from the diagonal come (the most telling); the title says how
    # many of how many are drawn.
    scatter = data.run("execution_rates", filters, widest_gaps=MAX_POINTS)
    ui.need(scatter, "没有同时写明执行率和预算金额的报告，无法对比。")
    ui.chart(
        charts.fig_rate_stated_vs_derived(
            scatter.with_columns(pl.col("unit_canonical_name").alias("unit")),
            max_points=MAX_POINTS,
            total=scatter["pick_count"][0],
        ),
        "执行率_所述与计算对比",
        key="execution_scatter",
    )

with ui.section():
    ui.subheader("单位 × 年度 执行情况", "同一单位同一年度、同类报告的金额合计；变化为较上年")
    by_unit = data.listing("execution_by_unit_year", filters, rows=ui.MAX_TABLE_ROWS)
    ui.need(by_unit.head)
    ui.table(
        by_unit,
        "预算执行_单位年度",
        key="execution_unit_year",
        columns=[
            "unit_canonical_name",
            "fiscal_year",
            "kind",
            "report_count",
            "budget_final_wan",
            "executed_wan",
            "execution_rate_pct",
            "prev_execution_rate_pct",
            "rate_change_pp",
        ],
        headers={"execution_rate_pct": "执行率（Σ执行÷Σ预算，%）"},
    )

with ui.section():
    ui.subheader("逐份报告与项目", "含部门报告中的各项目；“一致”按报告所述精度比较")
    scopes = data.listing("execution_rates", filters, rows=ui.MAX_TABLE_ROWS)
    ui.need(scopes.head)
    ui.table(
        scopes,
        "预算执行_明细",
        key="execution_rates",
        columns=[
            "unit_canonical_name",
            "fiscal_year",
            "kind",
            "scope_name",
            "budget_initial_wan",
            "budget_final_wan",
            "executed_wan",
            "execution_rate_pct",
            "execution_rate_derived_pct",
            "rate_diff_pp",
            "rate_agrees",
            "report_id",
        ],
    )
