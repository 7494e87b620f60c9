"""Plotly figures for the dashboard: pure functions, frame in, figure out.

No streamlit, no duckdb. Chinese titles, amounts in 万元, rates in %, grades in
the colours of `dashboard.theme`. Sparse data is normal: figures over years
show every year of the range and say which ones have no data instead of
drawing a line across the gap. Points that stand for a report carry its
``report_id`` first in ``customdata`` so a click can open it.
"""

from dashboard.charts.audit import fig_findings_stacked
from dashboard.charts.base import (
    NO_DATA,
    UNIT_LINK,
    click_target,
    missing_years,
    png_config,
    recent_years,
    style,
    year_range,
)
from dashboard.charts.execution import fig_execution_by_unit, fig_rate_stated_vs_derived
from dashboard.charts.indicators import (
    fig_beat_by_category,
    fig_beat_quartiles,
    fig_category_share,
)
from dashboard.charts.scores import fig_score_bins, fig_score_quantiles, fig_score_vs_execution
from dashboard.charts.years import (
    fig_box_by_year,
    fig_coverage,
    fig_grade_by_year,
    fig_trend,
    fig_year_compare,
)

__all__ = [
    "NO_DATA",
    "UNIT_LINK",
    "click_target",
    "fig_beat_by_category",
    "fig_beat_quartiles",
    "fig_box_by_year",
    "fig_category_share",
    "fig_coverage",
    "fig_execution_by_unit",
    "fig_findings_stacked",
    "fig_grade_by_year",
    "fig_rate_stated_vs_derived",
    "fig_score_bins",
    "fig_score_quantiles",
    "fig_score_vs_execution",
    "fig_trend",
    "fig_year_compare",
    "missing_years",
    "png_config",
    "recent_years",
    "style",
    "year_range",
]
