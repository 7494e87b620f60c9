"""Execution-rate figures: stated against derived, per report."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard import theme
from dashboard.charts.base import guide_line, points


def fig_execution_by_unit(frame: pl.DataFrame, *, title: str) -> go.Figure:
    """Horizontal bars per report: stated and derived execution rate side by side.

    `frame` has ``label`` (unit and year), ``execution_rate_pct``,
    ``execution_rate_derived_pct`` and ``report_id``; rows are drawn top-down.
    """
    labels = frame["label"].to_list()
    ids = frame["report_id"].to_list()
    fig = go.Figure()
    for column, name, color in (
        ("execution_rate_pct", "报告所述执行率", theme.STATED_COLOR),
        ("execution_rate_derived_pct", "按金额计算（执行数÷全年预算）", theme.DERIVED_COLOR),
    ):
        fig.add_bar(
            name=name,
            y=labels,
            x=frame[column].to_list(),
            orientation="h",
            marker_color=color,
            customdata=ids,
            text=[None if v is None else f"{v:.1f}%" for v in frame[column].to_list()],
            textposition="auto",
            hovertemplate="%{y}<br>" + name + "：%{x:.2f}%<extra></extra>",
        )
    guide_line(fig, x=100, color=theme.MUTED)
    fig.update_layout(barmode="group", title_text=title, height=max(320, 44 * len(labels) + 140))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(title_text="预算执行率（%）", ticksuffix="%", rangemode="tozero")
    return fig


def fig_rate_stated_vs_derived(
    frame: pl.DataFrame, *, max_points: int = 3000, total: int | None = None
) -> go.Figure:
    """Scatter: stated rate against executed ÷ final budget; off the diagonal = inconsistent.

    `frame` has ``execution_rate_pct``, ``execution_rate_derived_pct``, ``unit``,
    ``fiscal_year`` and ``report_id``. With more than `max_points` rows only the
    `max_points` furthest from the diagonal are drawn. `total` is how many points `frame`
    was picked from when it holds only some (the furthest, as execution_rates'
    ``$widest_gaps`` picks them); the title says how many are drawn of how many.
    """
    rows = frame.drop_nulls(["execution_rate_pct", "execution_rate_derived_pct"])
    total = max(total or 0, rows.height)
    if rows.height > max_points:
        gap = (pl.col("execution_rate_pct") - pl.col("execution_rate_derived_pct")).abs()
        rows = rows.sort(gap, descending=True).head(max_points)
    top = max([100.0, *rows["execution_rate_pct"].to_list(), *rows["execution_rate_derived_pct"]])
    fig = go.Figure()
    fig.add_scatter(
        x=[0, top],
        y=[0, top],
        mode="lines",
        line={"dash": "dot", "color": theme.MUTED},
        name="一致",
        hoverinfo="skip",
    )
    fig.add_scatter(
        x=rows["execution_rate_pct"].to_numpy(),
        y=rows["execution_rate_derived_pct"].to_numpy(),
        mode="markers",
        name="报告",
        marker={"color": theme.PRIMARY, "size": 10, "opacity": 0.8},
        customdata=points(rows, "report_id", "unit", "fiscal_year"),
        hovertemplate=(
            "%{customdata[1]} %{customdata[2]}年<br>报告所述：%{x:.2f}%<br>"
            "按金额计算：%{y:.2f}%<extra></extra>"
        ),
    )
    fig.update_layout(title_text="执行率：报告所述 vs 按金额计算", showlegend=False)
    if total > rows.height:
        fig.update_layout(
            title_subtitle_text=f"共 {total:,} 份，仅画出偏离对角线最远的 {rows.height:,} 份"
        )
    fig.update_xaxes(title_text="报告所述执行率（%）", ticksuffix="%")
    fig.update_yaxes(title_text="执行数 ÷ 全年预算（%）", ticksuffix="%")
    return fig
