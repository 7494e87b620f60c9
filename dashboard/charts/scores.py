"""Score figures: the distribution over grade-bordered bins, quantiles per year, score
against execution rate."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard import theme
from dashboard.charts.base import guide_line, note_missing, points, recent_years, year_axis
from dashboard.theme import GRADE_COLORS, GRADES, NO_GRADE

HIGH_SCORE = 90.0
LOW_EXECUTION_PCT = 80.0
STANDARD_EXECUTION_WEIGHT = 10.0
OTHER_YEAR_COLORS = ("#b8c4d6", "#94a3b8", "#cbd5e1", "#7c8ba1", "#dde3ea")


def fig_score_bins(frame: pl.DataFrame, *, focus_year: int | None) -> go.Figure:
    """Share of each year's scored reports per score bin, over the grade bands.

    The focus year is in the main colour, earlier years in greys; the background
    behind the bins is tinted in the colour of the grade they imply. `frame` has
    ``fiscal_year``, ``bin_no``, ``bin_label``, ``grade_band``, ``report_count``
    and ``share_pct`` (bins cut at the grade borders).
    """
    rows = frame.sort(["fiscal_year", "bin_no"])
    all_years = rows["fiscal_year"].unique().to_list()
    years = recent_years(all_years, focus_year)
    fig = go.Figure()
    others = 0
    for year in years:
        part = rows.filter(pl.col("fiscal_year") == year)
        n = int(part["report_count"].sum())
        if year == focus_year:
            color = theme.PRIMARY
        else:
            color = OTHER_YEAR_COLORS[others % len(OTHER_YEAR_COLORS)]
            others += 1
        fig.add_bar(
            name=f"{year}年（{n}份）",
            x=part["bin_label"].to_list(),
            y=part["share_pct"].to_list(),
            marker_color=color,
            customdata=part["report_count"].to_list(),
            hovertemplate=f"{year}年 " + "%{x} 分：%{customdata} 份（%{y:.1f}%）<extra></extra>",
        )
    bands = rows.unique("bin_no").sort("bin_no").select("bin_no", "grade_band").rows()
    shapes, labels = [], []
    start = 0
    for i, (_, grade) in enumerate(bands):
        if i + 1 == len(bands) or bands[i + 1][1] != grade:
            color = GRADE_COLORS.get(grade or "", theme.MUTED)
            shapes.append(_band(start - 0.5, i + 0.5, color))
            labels.append(_band_label(start - 0.5, grade or "", color))
            start = i + 1
    # One layout update for every band: plotly's add_vrect costs a few ms a call.
    fig.update_layout(shapes=shapes, annotations=labels)
    fig.update_layout(
        barmode="group",
        title_text="自评得分分布（占当年有得分报告的比例；底色为对应等级）",
        showlegend=True,
    )
    if len(all_years) > len(years):
        fig.update_layout(title_subtitle_text=f"显示最近 {len(years)} 个有数据的年度")
    fig.update_xaxes(title_text="自评得分（分）", type="category")
    fig.update_yaxes(title_text="占比（%）", ticksuffix="%", rangemode="tozero")
    return fig


def fig_score_quantiles(frame: pl.DataFrame) -> go.Figure:
    """A box per year drawn from the quantiles (min, p25, median, p75, max, mean).

    `frame` has ``fiscal_year``, ``scored_count``, ``min_score``, ``p25_score``,
    ``median_score``, ``p75_score``, ``max_score`` and ``mean_score``.
    """
    rows = frame.filter(pl.col("scored_count") > 0).sort("fiscal_year")
    years = rows["fiscal_year"].to_list()
    labels = [f"{y}年" for y in years]
    fig = go.Figure(
        go.Box(
            x=labels,
            q1=rows["p25_score"].to_list(),
            median=rows["median_score"].to_list(),
            q3=rows["p75_score"].to_list(),
            lowerfence=rows["min_score"].to_list(),
            upperfence=rows["max_score"].to_list(),
            mean=rows["mean_score"].to_list(),
            marker_color=theme.PRIMARY,
            fillcolor="rgba(47,109,181,0.18)",
            name="自评得分",
            showlegend=False,
        )
    )
    for label, n, top in zip(labels, rows["scored_count"], rows["max_score"], strict=True):
        fig.add_annotation(x=label, y=top, text=f"n={n}", showarrow=False, yshift=14)
    for grade, border in (("优", 90), ("良", 80), ("中", 60)):
        guide_line(fig, y=border, color=GRADE_COLORS[grade], label=f"{grade} ≥{border}")
    fig.update_layout(title_text="各年度自评得分（箱线：最低、四分位、中位、最高；虚线为均值）")
    year_axis(fig, years)
    fig.update_yaxes(title_text="自评得分（分）")
    note_missing(fig, years)
    return fig


def _band(x0: float, x1: float, color: str) -> dict[str, object]:
    return {
        "type": "rect",
        "xref": "x",
        "yref": "paper",
        "x0": x0,
        "x1": x1,
        "y0": 0,
        "y1": 1,
        "fillcolor": color,
        "opacity": 0.10,
        "line": {"width": 0},
        "layer": "below",
    }


def _band_label(x0: float, text: str, color: str) -> dict[str, object]:
    return {
        "text": text,
        "xref": "x",
        "yref": "paper",
        "x": x0,
        "y": 1,
        "xanchor": "left",
        "yanchor": "top",
        "showarrow": False,
        "font": {"color": color},
    }


def _grade_or_none(column: str) -> pl.Expr:
    return (
        pl.when(pl.col(column).is_in(list(GRADES)))
        .then(pl.col(column))
        .otherwise(pl.lit(NO_GRADE))
        .alias(column)
    )


def _density(rows: pl.DataFrame, x: str, y: str, *, step_x: float, step_y: float) -> pl.DataFrame:
    """Counts on a grid (cell centres) as score_execution_density gives them."""
    return (
        rows.select(
            ((pl.col(x) / step_x).floor() * step_x + step_x / 2).alias("rate_bin_pct"),
            ((pl.col(y) / step_y).floor() * step_y + step_y / 2).alias("score_bin"),
        )
        .group_by("rate_bin_pct", "score_bin")
        .agg(pl.len().alias("scope_count"))
    )


def _grid(cells: pl.DataFrame) -> dict[str, list[float | None] | list[list[float | None]]]:
    """Cells as a heatmap's axes and counts, so the figure carries no raw points."""
    xs = sorted(cells["rate_bin_pct"].unique().to_list())
    ys = sorted(cells["score_bin"].unique().to_list())
    counts = {
        (a, b): n
        for a, b, n in cells.select("rate_bin_pct", "score_bin", "scope_count").iter_rows()
    }
    z: list[list[float | None]] = [[counts.get((a, b)) for a in xs] for b in ys]
    return {"x": xs, "y": ys, "z": z}


def fig_score_vs_execution(
    frame: pl.DataFrame, *, max_points: int = 4000, density: pl.DataFrame | None = None
) -> go.Figure:
    """Scatter: execution rate against total score, coloured by the printed grade.

    The dashed line is the most a report can score at a rate when the 预算执行率
    part has its standard 10 points; the shaded corner is 高分低执行. With more than
    `max_points` reports the crowd is drawn as a density and only the reports
    above the line are drawn as points. `frame` has ``execution_rate_pct``,
    ``total_score``, ``grade``, ``excess_score``, ``unit_canonical_name``,
    ``fiscal_year`` and ``report_id``. A large selection passes its crowd as
    `density` (``score_execution_density``: rate_bin_pct, score_bin, scope_count)
    and only the reports above the line as `frame`.
    """
    rows = frame.drop_nulls(["execution_rate_pct", "total_score"]).with_columns(
        _grade_or_none("grade")
    )
    if density is None and rows.height > max_points:
        density = _density(rows, "execution_rate_pct", "total_score", step_x=2.0, step_y=1.0)
    crowd_x = density["rate_bin_pct"].to_list() if density is not None else []
    crowd_y = density["score_bin"].to_list() if density is not None else []
    low_x = min([50.0, *rows["execution_rate_pct"].to_list(), *crowd_x])
    low_y = min([50.0, *rows["total_score"].to_list(), *crowd_y])
    high_x = max([100.0, *rows["execution_rate_pct"].to_list(), *crowd_x])
    fig = go.Figure()
    fig.add_shape(
        type="rect",
        x0=low_x,
        x1=LOW_EXECUTION_PCT,
        y0=HIGH_SCORE,
        y1=101,
        fillcolor="#c62828",
        opacity=0.07,
        line_width=0,
        layer="below",
    )
    fig.add_annotation(
        x=low_x,
        y=101,
        text="高分低执行",
        showarrow=False,
        xanchor="left",
        yanchor="top",
        font={"color": "#c62828"},
    )
    w = STANDARD_EXECUTION_WEIGHT
    fig.add_scatter(
        x=[low_x, 100, high_x],
        y=[100 - w + w * low_x / 100, 100, 100],
        mode="lines",
        line={"dash": "dash", "color": theme.MUTED},
        name="按执行率可得最高分（执行率 10 分）",
        hoverinfo="skip",
    )
    drawn = rows
    if density is not None:
        grid = _grid(density)
        fig.add_heatmap(
            x=grid["x"],
            y=grid["y"],
            z=grid["z"],
            colorscale=[[0, "rgba(255,255,255,0)"], [1, theme.PRIMARY]],
            showscale=False,
            name="报告密度",
            hovertemplate="执行率约 %{x}%<br>得分约 %{y} 分<br>%{z} 份<extra></extra>",
        )
        drawn = rows.filter(pl.col("excess_score") > 0).sort("excess_score", descending=True)
        drawn = drawn.head(max_points)
    for grade in (*GRADES, NO_GRADE):
        part = drawn.filter(pl.col("grade") == grade)
        if part.is_empty():
            continue
        fig.add_scatter(
            x=part["execution_rate_pct"].to_numpy(),
            y=part["total_score"].to_numpy(),
            mode="markers",
            name=grade,
            marker={
                "color": GRADE_COLORS[grade],
                "size": 11,
                "line": {"width": 1, "color": "#fff"},
            },
            customdata=points(part, "report_id", "unit_canonical_name", "fiscal_year"),
            hovertemplate=(
                "%{customdata[1]} %{customdata[2]}年<br>执行率：%{x:.2f}%<br>"
                "得分：%{y:.2f} 分<extra>" + grade + "</extra>"
            ),
        )
    fig.update_layout(title_text="自评得分 vs 预算执行率（点色为报告所写等级）")
    fig.update_xaxes(title_text="预算执行率（%）", ticksuffix="%")
    fig.update_yaxes(title_text="自评得分（分）", range=[low_y - 2, 102])
    return fig
