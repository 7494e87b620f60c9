"""绩效指标: which targets were met, by category, unit and year; the indicators one by one.

The explorer lists a page of the indicators (a million at 100,000 reports; the download
fetches all, up to ui.INDICATOR_DOWNLOAD_MAX_ROWS), filtered in the query; its chart draws
every point when the page holds them all, else boxes from quartiles computed in the database."""

import polars as pl
import streamlit as st

from dashboard import charts, data, frames, ui
from dashboard.state import ALL

filters = ui.page_header("绩效指标", "各类指标的目标完成得怎样？哪些目标没达成、哪些目标定得太低？")
year = frames.focus_year(filters.years, [])  # the rollup's latest year, once it is read
categories = pl.DataFrame()  # the selection's (level1_std, level2_std), from the rollup

with ui.section():
    rollup = ui.need(
        data.run("indicator_rollup", filters, levels=["level2"]), "所选报告中没有绩效指标。"
    )
    year = frames.focus_year(filters.years, rollup["fiscal_year"].drop_nulls().to_list())
    level2 = rollup.filter(pl.col("rollup_level") == "level2").with_columns(
        pl.format("{}·{}", "level1_std", "level2_std").alias("category")
    )
    categories = level2.select("level1_std", "level2_std").unique()
    left, right = ui.columns(2)
    with left:
        ui.chart(
            charts.fig_category_share(
                level2,
                category="category",
                value="met_share_pct",
                count="judged_count",
                title="目标达成率（可判断的定量指标中达成的比例）",
                axis_title="达成率",
                focus_year=year,
            ),
            "指标达成率_二级",
        )
    with right:
        ui.chart(
            charts.fig_category_share(
                level2,
                category="category",
                value="quantified_share_pct",
                count="indicator_count",
                title="目标量化率（有数值或期限目标的指标比例）",
                axis_title="量化率",
                focus_year=year,
            ),
            "指标量化率_二级",
        )

with ui.section():
    shares = ui.need(data.run("weight_share_by_level1", filters))
    ui.chart(
        charts.fig_category_share(
            shares,
            category="level1_std",
            value="score_share_pct",
            count="scored_indicator_count",
            title="各一级指标得分率（Σ得分 ÷ Σ分值）",
            axis_title="得分率",
            focus_year=year,
        ),
        "一级指标得分率",
    )

with ui.section():
    ui.subheader("未达成最多与超额最多的指标", "按实际值偏离数值目标的幅度排序")
    extremes = ui.need(data.run("indicator_extremes", filters, top=10))
    ui.table(
        extremes,
        "指标_偏离最大",
        key="indicator_extremes",
        columns=[
            "extreme",
            "extreme_rank",
            "unit_canonical_name",
            "fiscal_year",
            "scope_name",
            "level2_std",
            "name",
            "target",
            "actual",
            "beat_pct",
            "weight",
            "score",
            "full_marks",
            "report_id",
        ],
    )

with ui.section():
    ui.subheader("逐条指标浏览")
    ui.need(categories)
    c1, c2, c3 = st.columns([1, 1, 1], vertical_alignment="bottom")
    level1_options = [ALL, *frames.category_options(categories, "level1_std")]
    chosen1 = c1.selectbox("一级指标", level1_options, key="ind_level1")
    level1 = None if chosen1 == ALL else chosen1
    level2_options = [ALL, *frames.category_options(categories, "level2_std", level1=level1)]
    chosen2 = c2.selectbox("二级指标", level2_options, key="ind_level2")
    chosen = {
        "level1_std": level1,
        "level2_std": None if chosen2 == ALL else chosen2,
        "missed": c3.toggle("只看未达成", key="ind_missed") or None,
    }
    items = data.listing("indicator_achievement", filters, rows=ui.MAX_TABLE_ROWS, **chosen)
    ui.need(items.head, "没有符合条件的指标。")
    if items.total <= items.head.height:  # every indicator is here: draw each one
        numeric = items.head.drop_nulls("beat_pct")
        if numeric.height:
            ui.chart(charts.fig_beat_by_category(numeric), "指标_完成偏离", key="indicator_beat")
    else:
        quartiles = data.run("indicator_beat_by_category", filters, **chosen)
        if quartiles.height:
            ui.chart(charts.fig_beat_quartiles(quartiles), "指标_完成偏离")
    ui.table(
        items,
        "绩效指标_明细",
        key="indicator_items",
        max_download_rows=ui.INDICATOR_DOWNLOAD_MAX_ROWS,
        columns=[
            "unit_canonical_name",
            "fiscal_year",
            "scope_name",
            "level1",
            "level2",
            "name",
            "measure_unit",
            "target",
            "actual",
            "direction",
            "target_met",
            "beat_pct",
            "weight",
            "score",
            "note",
            "report_id",
        ],
    )
