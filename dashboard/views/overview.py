"""总览: how many units and reports, the year against earlier ones, who stands out."""

from dashboard import charts, data, frames, ui

filters = ui.page_header(
    "总览", "有多少单位和报告？所选年度的执行率与得分比往年如何？哪些单位值得关注？"
)

year = None
with ui.section():
    kpi = ui.need(data.run("kpi_summary", filters))
    by_year = frames.per_year(kpi)
    year = frames.focus_year(filters.years, by_year["fiscal_year"].to_list())
    now = frames.row_for_year(kpi, year)
    ui.metric_row(
        [
            (
                f"{year}年 报告数",
                f"{now.get('report_count') or 0:,}",
                ui.delta(now.get("report_count_change"), " 份", 0),
                "所选范围内该年度的自评报告（变化：较上年）",
            ),
            (
                f"{year}年 单位数",
                f"{now.get('unit_count') or 0:,}",
                None,
                "该年度提交报告的单位",
            ),
            (
                f"{year}年 预算执行率",
                ui.fmt_number(now.get("execution_rate_pct"), 1, "%"),
                ui.delta(now.get("rate_change_pp"), " 个百分点"),
                "Σ全年执行数 ÷ Σ全年预算数，只计同时写明两者的报告",
            ),
            (
                f"{year}年 平均自评分",
                ui.fmt_number(now.get("mean_score"), 1, " 分"),
                ui.delta(now.get("mean_score_change"), " 分"),
                "报告所述总分的平均值（变化：较上年）",
            ),
            (
                f"{year}年 满分报告占比",
                ui.fmt_number(now.get("full_score_share_pct"), 1, "%"),
                None,
                "自评 100 分的报告占写明总分报告的比例",
            ),
        ]
    )
    left, right = ui.columns(2)
    with left:
        ui.chart(
            charts.fig_year_compare(
                by_year,
                value="execution_rate_pct",
                count="rate_report_count",
                title=f"预算执行率：{year}年与往年",
                axis_title="预算执行率（%）",
                suffix="%",
                focus_year=year,
            ),
            "预算执行率_年度对比",
        )
    with right:
        ui.chart(
            charts.fig_year_compare(
                by_year,
                value="mean_score",
                count="scored_report_count",
                title=f"平均自评得分：{year}年与往年",
                axis_title="平均自评得分（分）",
                suffix=" 分",
                focus_year=year,
            ),
            "平均自评得分_年度对比",
        )

with ui.section():
    grades = ui.need(data.run("grade_counts", filters))
    ui.chart(charts.fig_grade_by_year(grades), "自评等级分布")

with ui.section():
    ui.subheader(
        "值得关注的单位",
        "高风险核查问题、得分高于执行率所允许、执行率偏低或较上年大幅下降（点击行打开报告）",
    )
    audited = ui.selection_size(filters) <= ui.OVERVIEW_AUDIT_MAX_REPORTS
    outliers = frames.standouts(
        data.run("score_vs_execution", filters, above_ceiling=True),
        data.run(
            "execution_by_unit_year",
            filters,
            lowest_rates=frames.STANDOUTS,
            largest_drops=frames.STANDOUTS,
        ),
        data.run("audit_findings", filters) if audited else None,
    )
    if not audited:
        ui.footnote(["所选范围较大，未计入核查问题；缩小范围后显示"])
    ui.need(outliers, "所选范围内没有需要特别关注的单位。")
    ui.table(
        outliers,
        "值得关注的单位",
        key="standouts",
        columns=["unit", "fiscal_year", "reason", "report_id"],
    )

with ui.section():
    ui.subheader("单位 × 年度 覆盖", "哪些单位缺哪些年度的报告（空白 = 无报告）")
    # The grid draws the units with the most reports; the table below lists every unit, a page
    # of them on screen (one row per unit, the download all of them).
    units = data.listing("coverage", filters, rows=ui.MAX_TABLE_ROWS, per_unit=True)
    ui.need(units.head)
    max_units = 14 if ui.is_present() else 40
    ui.chart(
        charts.fig_coverage(
            frames.coverage_grid(data.run("coverage", filters, top_units=max_units)),
            max_units=max_units,
            unit_count=units.total,
        ),
        "单位年度覆盖",
    )
    ui.table(
        units,
        "单位年度覆盖",
        key="coverage_units",
        columns=[
            "unit_canonical_name",
            "region_city",
            "region_county",
            "unit_first_year",
            "unit_last_year",
            "unit_year_count",
            "span_year_count",
            "unit_missing_years",
            "report_count",
        ],
    )
