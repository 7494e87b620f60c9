"""What every figure shares: fonts and sizes, the PNG button, the year axis with its gaps."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from dashboard import theme

NO_DATA = "无数据"
UNIT_LINK = "unit:"  # customdata prefix: a click on the point opens the unit, not a report


def _template(size: int) -> go.layout.Template:
    """plotly_white plus the house fonts, title, legend and axes, at one type size."""
    template = go.layout.Template(pio.templates["plotly_white"])
    template.layout.update(
        font={"family": theme.FONT_FAMILY, "size": size, "color": "#111111"},
        title={
            "font": {"size": size + 4},
            "subtitle": {"font": {"size": size - 1, "color": theme.MUTED}},
            "x": 0.005,
            "xanchor": "left",
            "xref": "container",
            "y": 0.985,
            "yref": "container",
            "yanchor": "top",
        },
        hoverlabel={"font": {"family": theme.FONT_FAMILY, "size": size}},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.01,
            "xanchor": "right",
            "x": 1,
            "traceorder": "normal",
            "font": {"size": size - 1},
        },
        separators=".,",
        xaxis={"automargin": True, "title": {"standoff": 8}},
        yaxis={"automargin": True, "title": {"standoff": 8}, "gridcolor": "#e5e5e5"},
    )
    return template


# Every new figure starts from the desk template: plotly applies the default template without
# validating it again, where setting one on each figure costs ~10 ms a chart, the bulk of a
# page's redraw when a filter changes. The projector's larger type is set per figure, from a
# template built when first needed (building one takes ~0.1 s).
pio.templates["jixiao"] = _template(theme.FONT_SIZE)
pio.templates.default = "jixiao"


@functools.cache
def _present_template() -> go.layout.Template:
    return _template(theme.FONT_SIZE_PRESENT)


def style(fig: go.Figure, *, present: bool = False, height: int | None = None) -> go.Figure:
    """Height and top margin of a figure, and the projector's type when `present`.

    Fonts, title, legend and axes come from the default template. A figure that sized itself
    (one row per unit) keeps its height at the desk; on the projector every figure is at
    most one screen tall.
    """
    own = fig.layout.height
    default = theme.CHART_HEIGHT_PRESENT if present else theme.CHART_HEIGHT
    if height is None:
        height = min(own, theme.CHART_HEIGHT_PRESENT) if own and present else own or default
    size = theme.FONT_SIZE_PRESENT if present else theme.FONT_SIZE
    has_title = bool(fig.layout.title.text)
    has_subtitle = bool(fig.layout.title.subtitle.text)
    top = 24 + has_title * (size + 14) + has_subtitle * (size + 6) + size + 10
    fig.update_layout(height=height, margin={"l": 10, "r": 20, "t": top, "b": 10})
    if present:
        fig.layout.template = _present_template()
        fig.update_traces(selector={"type": "scatter"}, marker={"size": 14}, line={"width": 4})
    return fig


def points(frame: pl.DataFrame, *columns: str) -> np.ndarray:
    """A trace's ``customdata`` for each row (report id first), as one array.

    plotly checks a Python list element by element (~15 ms for 2,000 points); an array it
    takes whole.
    """
    return frame.select(columns).to_numpy()


def guide_line(
    fig: go.Figure, *, color: str, label: str = "", x: float | None = None, y: float | None = None
) -> None:
    """A dotted line across the plot at `x` or at `y`, labelled at its end.

    The same as plotly's add_vline/add_hline, as plain layout entries: those cost a few ms
    a call, a page's redraw many times over.
    """
    across = {"xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": y, "y1": y}
    if x is not None:
        across = {"xref": "x", "x0": x, "x1": x, "yref": "paper", "y0": 0, "y1": 1}
    fig.add_shape(type="line", line={"color": color, "dash": "dot"}, **across)
    if label:
        at = {"xref": "paper", "x": 1, "xanchor": "left", "yref": "y", "y": y, "yanchor": "middle"}
        if x is not None:
            at = {"xref": "x", "x": x, "xanchor": "left", "yref": "paper", "y": 1, "yanchor": "top"}
        fig.add_annotation(text=label, showarrow=False, font={"color": color}, **at)


def click_target(customdata: object) -> tuple[str, str] | None:
    """What a clicked point opens: ("report", id) or ("unit", name), from its customdata."""
    first = customdata[0] if isinstance(customdata, list | tuple) and customdata else customdata
    if not isinstance(first, str) or not first:
        return None
    if first.startswith(UNIT_LINK):
        return ("unit", first.removeprefix(UNIT_LINK))
    return ("report", first)


def png_config(filename: str, *, present: bool = False) -> dict[str, Any]:
    """Plotly config: the modebar's camera button saves the chart as PNG under `filename`."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": filename,
            "scale": 2,
            "height": theme.CHART_HEIGHT_PRESENT if present else theme.CHART_HEIGHT,
            "width": 1200,
        },
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def year_range(years: Sequence[int]) -> list[int]:
    """Every year from the first to the last (gaps included)."""
    present = sorted({int(y) for y in years})
    return list(range(present[0], present[-1] + 1)) if present else []


def recent_years(years: Sequence[int], focus_year: int | None, count: int = 3) -> list[int]:
    """The focus year and the `count` − 1 years with data before it (a bar group stays legible)."""
    have = sorted({int(y) for y in years})
    if focus_year is not None:
        have = [y for y in have if y <= focus_year]
    return have[-count:]


def missing_years(years: Sequence[int]) -> list[int]:
    """The years inside the range that have no data."""
    have = {int(y) for y in years}
    return [y for y in year_range(list(have)) if y not in have]


def note_missing(fig: go.Figure, years: Sequence[int]) -> None:
    gaps = missing_years(years)
    if gaps:
        fig.add_annotation(
            text="无数据年度：" + "、".join(f"{y}年" for y in gaps),
            xref="paper",
            yref="paper",
            x=0,
            y=-0.02,
            yanchor="top",
            showarrow=False,
            font={"color": theme.MUTED},
        )


def year_axis(fig: go.Figure, years: Sequence[int]) -> None:
    span = year_range(years)
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=[f"{y}年" for y in span],
        title_text="年度",
    )
