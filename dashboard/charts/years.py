"""Figures over years: one bar or box per year, grades per year, unit × year coverage."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard import theme
from dashboard.charts.base import NO_DATA, note_missing, year_axis, year_range
from dashboard.theme import GRADE_COLORS, GRADES, NO_GRADE


def fig_year_compare(
    frame: pl.DataFrame,
    *,
    value: str,
    title: str,
    axis_title: str,
    suffix: str,
    focus_year: int | None,
    count: str | None = "report_count",
) -> go.Figure:
    """One bar per year, the focus year highlighted, ``n=…`` on each; empty years marked.

    `frame` has ``fiscal_year``, `value` and optionally `count`. Every year from the
    first to the last row is on the axis; a year without a value says 无数据.
    """
    all_years = [int(y) for y in frame["fiscal_year"].drop_nulls().to_list()]
    if focus_year is not None:
        all_years.append(focus_year)
    rows = frame.filter(pl.col(value).is_not_null()).sort("fiscal_year")
    years = rows["fiscal_year"].to_list()
    counts = rows[count].to_list() if count else [None] * rows.height
    texts = [
        f"{v:,.1f}{suffix}" + (f"<br>n={n}" if n is not None else "")
        for v, n in zip(rows[value].to_list(), counts, strict=True)
    ]
    colors = [theme.PRIMARY if y == focus_year else "#9db7d9" for y in years]
    fig = go.Figure(
        go.Bar(
            x=[f"{y}年" for y in years],
            y=rows[value].to_list(),
            text=texts,
            textposition="outside",
            marker_color=colors,
            hovertemplate="%{x}<br>" + axis_title + "：%{y:,.2f}" + suffix + "<extra></extra>",
            cliponaxis=False,
        )
    )
    have = set(years)
    for y in year_range(all_years):
        if y not in have:
            fig.add_annotation(
                x=f"{y}年",
                y=0,
                text=NO_DATA,
                showarrow=False,
                yshift=14,
                font={"color": theme.MUTED},
            )
    fig.update_layout(title_text=title, showlegend=False, bargap=0.45)
    year_axis(fig, all_years)
    top = max([0.0, *rows[value].to_list()])
    fig.update_yaxes(title_text=axis_title, range=[0, top * 1.2 if top else 1])
    return fig


def fig_grade_by_year(
    frame: pl.DataFrame, *, count: str = "printed_count", title: str = "各年度自评等级分布（份）"
) -> go.Figure:
    """Stacked bars: reports per grade (优/良/中/差/未注明) and year, in the grade colours.

    `frame` has ``fiscal_year``, ``grade`` (anything but 优良中差 = not stated) and `count`.
    """
    rows = frame.with_columns(
        pl.when(pl.col("grade").is_in(list(GRADES)))
        .then(pl.col("grade"))
        .otherwise(pl.lit(NO_GRADE))
        .alias("grade")
    )
    years = sorted(rows["fiscal_year"].unique().to_list())
    fig = go.Figure()
    for grade in (*GRADES, NO_GRADE):
        part = (
            rows.filter(pl.col("grade") == grade)
            .group_by("fiscal_year")
            .agg(pl.col(count).sum().alias("n"))
            .filter(pl.col("n") > 0)
        )
        if part.is_empty():
            continue
        part = part.sort("fiscal_year")
        fig.add_bar(
            name=grade,
            x=[f"{y}年" for y in part["fiscal_year"]],
            y=part["n"].to_list(),
            marker_color=GRADE_COLORS[grade],
            hovertemplate="%{x} " + grade + "：%{y} 份<extra></extra>",
        )
    fig.update_layout(barmode="stack", title_text=title)
    year_axis(fig, years)
    fig.update_yaxes(title_text="报告数（份）")
    note_missing(fig, years)
    return fig


def fig_coverage(
    frame: pl.DataFrame, *, max_units: int = 40, unit_count: int | None = None
) -> go.Figure:
    """Unit × year grid: how many reports each unit filed each year (blank = none).

    `frame` has ``unit``, ``fiscal_year`` and ``report_count``; the units with the
    most reports come first, at most `max_units` of them. `unit_count` is how many
    units the selection has when `frame` holds only some of them (coverage's
    ``$top_units``); the title then says only the first are shown.
    """
    totals = (
        frame.group_by("unit")
        .agg(pl.col("report_count").sum().alias("total"))
        .sort(["total", "unit"], descending=[True, False])
        .head(max_units)
    )
    units = totals["unit"].to_list()
    years = year_range(frame["fiscal_year"].to_list())
    cells = frame.filter(pl.col("unit").is_in(units))
    counts = {
        (u, y): n for u, y, n in cells.select("unit", "fiscal_year", "report_count").iter_rows()
    }
    z = [[counts.get((u, y)) for y in years] for u in units]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[f"{y}年" for y in years],
            y=units,
            colorscale=[[0, "#dbe7f5"], [1, theme.PRIMARY]],
            showscale=False,
            xgap=2,
            ygap=2,
            text=[[("" if v is None else str(v)) for v in row] for row in z],
            texttemplate="%{text}",
            hovertemplate="%{y}<br>%{x}：%{z} 份报告<extra></extra>",
            customdata=[[u] * len(years) for u in units],
        )
    )
    all_units = max(unit_count or 0, frame["unit"].n_unique())
    shown = f"（前 {len(units)} 家单位）" if all_units > len(units) else ""
    fig.update_layout(
        title_text=f"单位 × 年度 报告覆盖{shown}，空白为无报告",
        height=max(300, 26 * len(units) + 120),
    )
    fig.update_yaxes(autorange="reversed", title_text=None)
    fig.update_xaxes(side="top", type="category")
    return fig


def fig_box_by_year(
    frame: pl.DataFrame, *, value: str, title: str, axis_title: str, suffix: str
) -> go.Figure:
    """Box per year with every report as a point (few reports: the points tell the story).

    `frame` has ``fiscal_year``, `value`, ``unit`` and ``report_id``.
    """
    rows = frame.filter(pl.col(value).is_not_null()).sort("fiscal_year")
    years = rows["fiscal_year"].unique().sort().to_list()
    fig = go.Figure()
    for year in years:
        part = rows.filter(pl.col("fiscal_year") == year)
        fig.add_box(
            name=f"{year}年",
            x=[f"{year}年"] * part.height,
            y=part[value].to_list(),
            boxpoints="all",
            jitter=0.4,
            pointpos=0,
            marker={"color": theme.PRIMARY, "size": 7, "opacity": 0.75},
            line={"color": theme.PRIMARY},
            fillcolor="rgba(47,109,181,0.12)",
            customdata=part.select("report_id", "unit").rows(),
            hovertemplate="%{customdata[1]}<br>%{x}：%{y:.2f}" + suffix + "<extra></extra>",
            showlegend=False,
        )
    fig.update_layout(title_text=title)
    year_axis(fig, years)
    fig.update_yaxes(title_text=axis_title, ticksuffix=suffix if suffix == "%" else "")
    note_missing(fig, years)
    return fig


def fig_trend(
    frame: pl.DataFrame,
    *,
    value: str,
    series: str,
    title: str,
    axis_title: str,
    suffix: str,
    max_series: int = 8,
    total_series: int | None = None,
) -> go.Figure:
    """Lines over years per series, broken where a year is missing (never bridged).

    `frame` has ``fiscal_year``, `series` and `value`. A series with one year is a
    lone marker; the legend says how many years each series has. The `max_series`
    series with the most years are drawn; when `frame` holds only those (chosen by the
    query), `total_series` says how many there are in all, for the note under the chart.
    """
    rows = frame.filter(pl.col(value).is_not_null())
    years = year_range(rows["fiscal_year"].to_list())
    names = (
        rows.group_by(series)
        .agg(pl.len().alias("n"))
        .sort(["n", series], descending=[True, False])
        .head(max_series)[series]
        .to_list()
    )
    total = rows[series].n_unique() if total_series is None else total_series
    shown = f"显示有数据年数最多的前 {len(names)} 条，共 {total:,} 条" if total > len(names) else ""
    years_per_series = rows.group_by(series).agg(pl.col("fiscal_year").n_unique().alias("n"))
    if rows.height and years_per_series["n"].to_list() and max(years_per_series["n"]) < 2:
        return _single_year_bars(
            rows,
            names,
            value=value,
            series=series,
            title=title,
            axis_title=axis_title,
            suffix=suffix,
            shown=shown,
        )
    fig = go.Figure()
    for i, name in enumerate(names):
        part = rows.filter(pl.col(series) == name)
        by_year = dict(zip(part["fiscal_year"].to_list(), part[value].to_list(), strict=True))
        n_years = len(by_year)
        fig.add_scatter(
            x=[f"{y}年" for y in years],
            y=[by_year.get(y) for y in years],
            mode="lines+markers",
            connectgaps=False,
            name=f"{name}（{n_years}年）",
            line={"color": theme.SERIES_COLORS[i % len(theme.SERIES_COLORS)], "width": 2},
            marker={"size": 9},
            hovertemplate=f"{name}<br>" + "%{x}：%{y:,.2f}" + suffix + "<extra></extra>",
        )
    fig.update_layout(title_text=title)
    year_axis(fig, years)
    fig.update_yaxes(title_text=axis_title, rangemode="tozero")
    note_missing(fig, rows["fiscal_year"].to_list())
    if shown:
        fig.add_annotation(
            text=shown,
            xref="paper",
            yref="paper",
            x=1,
            y=-0.02,
            xanchor="right",
            yanchor="top",
            showarrow=False,
            font={"color": theme.MUTED},
        )
    return fig


def _single_year_bars(
    rows: pl.DataFrame,
    names: list[str],
    *,
    value: str,
    series: str,
    title: str,
    axis_title: str,
    suffix: str,
    shown: str = "",
) -> go.Figure:
    """When no series has two years there is no trend to draw: bars, and a note saying so
    (and, in `shown`, how many of the series are drawn)."""
    part = rows.filter(pl.col(series).is_in(names)).sort(value)
    labels = [f"{s}（{y}年）" for s, y in zip(part[series], part["fiscal_year"], strict=True)]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=part[value].to_list(),
            orientation="h",
            marker_color=theme.PRIMARY,
            text=[f"{v:,.2f}{suffix}" for v in part[value].to_list()],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}<br>%{x:,.2f}" + suffix + "<extra></extra>",
        )
    )
    fig.update_layout(
        title_text=title,
        title_subtitle_text="；".join(
            p for p in ("每条序列都只有一个年度的数据，无法显示趋势", shown) if p
        ),
        height=max(300, 40 * len(labels) + 150),
        showlegend=False,
    )
    fig.update_yaxes(type="category", title_text=None)
    top = max([0.0, *part[value].to_list()])
    fig.update_xaxes(title_text=axis_title, range=[0, top * 1.25 if top else 1])
    return fig
