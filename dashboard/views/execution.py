"""预算执行: execution rates by unit and year, the rate stated against the rate the figures give."""

import polars as pl

from dashboard import charts, data, frames, ui

filters = ui.page_header(
    "预算执行", "各单位各年度预算执行率如何？报告所述执行率与“执行数 ÷ 全年预算”是否一致？"
)
LEVEL_NAMES = {"province": "省份", "city": "地市", "county": "区县"}

with ui.section():
    rates = ui.need(data.run("execution_rates", filters))
    year = frames.focus_year(filters.years, rates["fiscal_year"].drop_nulls().to_list())
    bars, note = frames.execution_bars(rates, year, limit=10 if ui.is_present() else 30)
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
    regions = ui.need(data.run("execution_by_region_year", filters))
    level = frames.region_level_for(regions)
    rows = regions.filter(pl.col("region_level") == level).with_columns(
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
    rates = data.run("execution_rates", filters)
    both = rates.drop_nulls(["execution_rate_pct", "execution_rate_derived_pct"])
    ui.need(both, "没有同时写明执行率和预算金额的报告，无法对比。")
    ui.chart(
        charts.fig_rate_stated_vs_derived(
            both.with_columns(pl.col("unit_canonical_name").alias("unit"))
        ),
        "执行率_所述与计算对比",
        key="execution_scatter",
    )

with ui.section():
    ui.subheader("单位 × 年度 执行情况", "同一单位同一年度、同类报告的金额合计；变化为较上年")
    by_unit = ui.need(data.run("execution_by_unit_year", filters))
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
    ui.table(
        ui.need(data.run("execution_rates", filters)),
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
