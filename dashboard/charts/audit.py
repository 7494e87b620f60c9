"""Audit figures: findings per check and per unit, stacked by severity."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.theme import SEVERITY_COLORS, SEVERITY_LABELS, SEVERITY_ORDER


def fig_findings_stacked(
    frame: pl.DataFrame,
    *,
    category: str,
    title: str,
    max_rows: int = 20,
    link_prefix: str = "",
) -> go.Figure:
    """Horizontal bars: findings per `category`, stacked high → low severity.

    `frame` has `category`, ``severity`` (high | medium | low) and ``finding_count``;
    the `max_rows` categories with the most findings are drawn, most at the top.
    Bars carry `link_prefix` + the category in ``customdata`` for a click.
    """
    totals = (
        frame.group_by(category)
        .agg(pl.col("finding_count").sum().alias("total"))
        .sort(["total", category], descending=[True, False])
        .head(max_rows)
    )
    order = totals[category].to_list()
    fig = go.Figure()
    for severity in SEVERITY_ORDER:
        part = frame.filter((pl.col("severity") == severity) & pl.col(category).is_in(order))
        if part.is_empty():
            continue
        name = SEVERITY_LABELS[severity]
        fig.add_bar(
            name=f"{name}风险",
            y=part[category].to_list(),
            x=part["finding_count"].to_list(),
            orientation="h",
            marker_color=SEVERITY_COLORS[severity],
            customdata=[link_prefix + str(c) for c in part[category].to_list()],
            hovertemplate="%{y}<br>" + name + "风险：%{x} 条<extra></extra>",
        )
    shown = f"（前 {len(order)} 项）" if frame[category].n_unique() > len(order) else ""
    fig.update_layout(
        barmode="stack", title_text=title + shown, height=max(300, 32 * len(order) + 140)
    )
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], title_text=None)
    fig.update_xaxes(title_text="问题数（条）", rangemode="tozero")
    return fig
