"""成本趋势: what an indicator and a score point cost over the years; reported 成本指标.

The charts fetch only the series they draw (the queries' $top_series: the series with the
most years of figures) and the tables a page of their rows (the downloads fetch all):
at 100,000 reports there are some 25,000 unit series and 80,000 cost indicator series.
"""

import polars as pl

from dashboard import charts, data, frames, ui

TOP_SERIES = 8  # lines per trend chart
TOP_MEASURES = 4  # charts of reported cost indicators, one per unit of measure

filters = ui.page_header(
    "成本趋势", "每项绩效指标、每一自评分背后花了多少钱？各单位报告的成本指标逐年如何变化？"
)


with ui.section():
    costs = data.listing("cost_per_indicator", filters, rows=ui.MAX_TABLE_ROWS)
    ui.need(costs.head)
    drawn = data.run("cost_per_indicator", filters, top_series=TOP_SERIES).with_columns(
        pl.format("{}·{}", "unit_canonical_name", frames.kind_name("kind")).alias("series")
    )
    left, right = ui.columns(2)
    with left:
        ui.chart(
            charts.fig_trend(
                drawn.filter(pl.col("per_indicator_series_rank").is_not_null()),
                value="executed_per_indicator_wan",
                series="series",
                title="每项绩效指标对应的执行金额（万元/项）",
                axis_title="万元/项",
                suffix=" 万元",
                max_series=TOP_SERIES,
                total_series=frames.repeated(drawn, "per_indicator_series_count"),
            ),
            "每项指标成本",
        )
    with right:
        ui.chart(
            charts.fig_trend(
                drawn.filter(pl.col("per_score_point_series_rank").is_not_null()),
                value="executed_per_score_point_wan",
                series="series",
                title="每一自评分对应的执行金额（万元/分）",
                axis_title="万元/分",
                suffix=" 万元",
                max_series=TOP_SERIES,
                total_series=frames.repeated(drawn, "per_score_point_series_count"),
            ),
            "每得分成本",
        )
    ui.footnote(
        ["图中每条线为一个单位的一类报告；缺少年度处断开，不做连线", "括号内为有数据的年数"]
    )
    ui.table(
        costs,
        "成本_每项指标与每分",
        key="cost_per_indicator",
        columns=[
            "unit_canonical_name",
            "fiscal_year",
            "kind",
            "report_count",
            "indicator_executed_wan",
            "indicator_count",
            "executed_per_indicator_wan",
            "per_indicator_change_pct",
            "score_executed_wan",
            "score_sum",
            "executed_per_score_point_wan",
            "per_score_point_change_pct",
        ],
    )

with ui.section():
    ui.subheader("报告中的成本指标", "一个序列 = 单位 × 项目 × 指标 × 计量单位，不同计量单位不混合")
    trend = data.listing("cost_indicator_trend", filters, rows=ui.MAX_TABLE_ROWS)
    ui.need(trend.head, "所选报告中没有数值型成本指标。")
    drawn = data.run(
        "cost_indicator_trend", filters, top_series=TOP_SERIES, top_measures=TOP_MEASURES
    ).with_columns(
        pl.format("{}·{}·{}", "unit_canonical_name", "scope_name", "name").alias("series")
    )
    for measure in drawn["series_unit"].unique().sort().to_list():
        part = drawn.filter(pl.col("series_unit") == measure)
        ui.chart(
            charts.fig_trend(
                part,
                value="actual_value",
                series="series",
                title=f"成本指标实际值（{measure}）",
                axis_title=measure,
                suffix=f" {measure}",
                max_series=TOP_SERIES,
                total_series=frames.repeated(part, "measure_series_count"),
            ),
            f"成本指标_{measure}",
        )
    measures = frames.repeated(drawn, "measure_count")
    if measures > TOP_MEASURES:
        ui.footnote(
            [f"共 {measures} 种计量单位，图中为成本指标序列最多的 {TOP_MEASURES} 种，其余见下表"]
        )
    ui.table(
        trend,
        "成本指标_逐年",
        key="cost_indicator_trend",
        columns=[
            "unit_canonical_name",
            "scope_name",
            "name",
            "series_unit",
            "fiscal_year",
            "direction",
            "target_value",
            "actual_value",
            "prev_actual_value",
            "actual_change_pct",
            "target_change_pct",
        ],
    )
