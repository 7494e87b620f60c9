"""Indicator figures: shares per 一级/二级 category and year, how far actuals land from targets."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import polars as pl

from dashboard import theme
from dashboard.charts.base import guide_line, points, recent_years

OTHER_YEAR_COLORS = ("#b8c4d6", "#94a3b8", "#cbd5e1", "#7c8ba1", "#dde3ea")
BEAT_CLIP_PCT = 200.0


def fig_category_share(
    frame: pl.DataFrame,
    *,
    category: str,
    value: str,
    count: str,
    title: str,
    axis_title: str,
    focus_year: int | None,
) -> go.Figure:
    """Horizontal bars: a share (0–100) per category, one bar per year, the focus year in colour.

    `frame` has ``fiscal_year``, `category`, `value` (a percentage) and `count` (its basis).
    """
    rows = frame.filter(pl.col(value).is_not_null()).sort("fiscal_year")
    all_years = rows["fiscal_year"].unique().to_list()
    shown = recent_years(all_years, focus_year)
    rows = rows.filter(pl.col("fiscal_year").is_in(shown))
    order = rows.group_by(category).agg(pl.col(value).mean()).sort(value)[category].to_list()
    fig = go.Figure()
    others = 0
    for year in shown:
        part = rows.filter(pl.col("fiscal_year") == year)
        if year == focus_year:
            color = theme.PRIMARY
        else:
            color = OTHER_YEAR_COLORS[others % len(OTHER_YEAR_COLORS)]
            others += 1
        fig.add_bar(
            name=f"{year}年",
            y=part[category].to_list(),
            x=part[value].to_list(),
            orientation="h",
            marker_color=color,
            customdata=part[count].to_list(),
            text=[f"{v:.0f}%" for v in part[value].to_list()],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=(
                f"{year}年 " + "%{y}<br>" + axis_title + "：%{x:.1f}%（基数 %{customdata}）"
                "<extra></extra>"
            ),
        )
    fig.update_layout(
        barmode="group",
        title_text=title,
        height=max(320, len(order) * (12 * len(shown) + 16) + 170),
    )
    if len(all_years) > len(shown):
        fig.update_layout(title_subtitle_text=f"显示最近 {len(shown)} 个有数据的年度")
    fig.update_yaxes(categoryorder="array", categoryarray=order, title_text=None)
    fig.update_xaxes(title_text=axis_title, ticksuffix="%", range=[0, 112])
    return fig


def fig_beat_by_category(frame: pl.DataFrame, *, max_points: int = 2000) -> go.Figure:
    """How far actuals land from numeric targets, per 二级 category (0 = exactly on target).

    `frame` has ``level2_std``, ``beat_pct`` (% by which the actual beats the target,
    negative: missed), ``name``, ``unit_canonical_name``, ``fiscal_year`` and
    ``report_id``. Values beyond ±200% are drawn at the edge.
    """
    rows = frame.drop_nulls(["beat_pct"]).with_columns(
        pl.col("beat_pct").clip(-BEAT_CLIP_PCT, BEAT_CLIP_PCT).alias("shown"),
        pl.col("level2_std").fill_null("未分类"),
    )
    order = (
        rows.group_by("level2_std")
        .agg(pl.len())
        .sort(["len", "level2_std"])["level2_std"]
        .to_list()
    )
    fig = go.Figure()
    for category in order:
        part = rows.filter(pl.col("level2_std") == category)
        fig.add_box(
            name=category,
            x=part["shown"].to_numpy(),
            y=np.full(part.height, category, dtype=object),
            orientation="h",
            boxpoints="all" if rows.height <= max_points else "outliers",
            jitter=0.5,
            pointpos=0,
            marker={"color": theme.PRIMARY, "size": 7, "opacity": 0.7},
            line={"color": theme.PRIMARY},
            fillcolor="rgba(47,109,181,0.10)",
            customdata=points(
                part, "report_id", "name", "unit_canonical_name", "fiscal_year", "beat_pct"
            ),
            hovertemplate=(
                "%{customdata[2]} %{customdata[3]}年<br>%{customdata[1]}<br>"
                "超出目标 %{customdata[4]:.1f}%<extra></extra>"
            ),
            showlegend=False,
        )
    return _beat_layout(fig, len(order))


def fig_beat_quartiles(frame: pl.DataFrame) -> go.Figure:
    """The same boxes as `fig_beat_by_category` from quartiles computed in the database, for
    more indicators than can be drawn one by one (no points; no click).

    `frame` has one row per category: ``level2_std``, ``indicator_count``, ``beat_q1_pct``,
    ``beat_median_pct``, ``beat_q3_pct``, ``beat_lower_pct`` and ``beat_upper_pct`` (the
    whiskers' ends), ``beat_min_pct``, ``beat_max_pct`` and ``outlier_count``, in the order
    to draw (fewest indicators first). Values beyond ±200% are drawn at the edge.
    """
    rows = frame.drop_nulls(["beat_median_pct"]).with_columns(
        pl.col(
            "beat_lower_pct", "beat_q1_pct", "beat_median_pct", "beat_q3_pct", "beat_upper_pct"
        ).clip(-BEAT_CLIP_PCT, BEAT_CLIP_PCT),
        pl.col("level2_std").fill_null("未分类"),
    )
    fig = go.Figure()
    for row in rows.iter_rows(named=True):
        category = row["level2_std"]
        fig.add_box(
            name=category,
            y=[category],
            q1=[row["beat_q1_pct"]],
            median=[row["beat_median_pct"]],
            q3=[row["beat_q3_pct"]],
            lowerfence=[row["beat_lower_pct"]],
            upperfence=[row["beat_upper_pct"]],
            orientation="h",
            line={"color": theme.PRIMARY},
            fillcolor="rgba(47,109,181,0.10)",
            hovertext=(
                f"{category}：{row['indicator_count']:,} 条<br>"
                f"中位数 {row['beat_median_pct']:.1f}%，四分位 {row['beat_q1_pct']:.1f}% ~ "
                f"{row['beat_q3_pct']:.1f}%<br>最低 {row['beat_min_pct']:.1f}%，"
                f"最高 {row['beat_max_pct']:.1f}%，须线外 {row['outlier_count']:,} 条"
            ),
            hoverinfo="text",
            showlegend=False,
        )
    total = int(rows["indicator_count"].sum()) if rows.height else 0
    fig = _beat_layout(fig, rows.height)
    fig.update_layout(
        title_subtitle_text=(
            f"共 {total:,} 条定量指标：箱体为四分位数，须线至 1.5 倍四分位距内的最远值"
        )
    )
    return fig


def _beat_layout(fig: go.Figure, categories: int) -> go.Figure:
    guide_line(fig, x=0, color="#c62828")
    guide_line(fig, x=30, color=theme.ACCENT, label="超额 30%")
    fig.update_layout(
        title_text="实际完成值相对指标值（0 = 恰好达标；<0 未达成；≥30% 目标可能偏低）",
        height=max(320, 46 * categories + 140),
    )
    fig.update_xaxes(title_text="超出目标（%）", ticksuffix="%", range=[-105, BEAT_CLIP_PCT + 5])
    fig.update_yaxes(title_text=None, type="category")
    return fig
