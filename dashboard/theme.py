"""Colours, fonts and CSS of the dashboard, in one place.

Pure values and string builders: no streamlit import, so charts and tests use
the same grade colours the pages do.
"""

from __future__ import annotations

GRADES: tuple[str, ...] = ("优", "良", "中", "差")
NO_GRADE = "未注明"

# 优 green, 良 blue, 中 amber, 差 red: distinguishable in greyscale order and for the common
# red-green deficiency (lightness differs), and the same in every chart, table and legend.
GRADE_COLORS: dict[str, str] = {
    "优": "#1b7f3b",
    "良": "#2f6db5",
    "中": "#e0a100",
    "差": "#c62828",
    NO_GRADE: "#9e9e9e",
}

SEVERITY_ORDER: tuple[str, ...] = ("high", "medium", "low")
SEVERITY_LABELS: dict[str, str] = {"high": "高", "medium": "中", "low": "低"}
SEVERITY_COLORS: dict[str, str] = {"high": "#b71c1c", "medium": "#ef6c00", "low": "#90a4ae"}

KIND_LABELS: dict[str, str] = {"department": "部门整体", "project": "项目支出"}

PRIMARY = "#2f6db5"
ACCENT = "#e0a100"
MUTED = "#9e9e9e"
STATED_COLOR = "#2f6db5"
DERIVED_COLOR = "#e0a100"
SERIES_COLORS: tuple[str, ...] = (
    "#2f6db5",
    "#e0a100",
    "#1b7f3b",
    "#c62828",
    "#6a3d9a",
    "#00838f",
    "#8d6e63",
    "#d81b60",
)

FONT_FAMILY = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", '
    '"PingFang SC", "WenQuanYi Micro Hei", sans-serif'
)

# Plotly sizes (px) for the desk and for the projector (legible at 1280×720).
FONT_SIZE = 14
FONT_SIZE_PRESENT = 22
CHART_HEIGHT = 420
CHART_HEIGHT_PRESENT = 520


def grade_color(grade: str | None) -> str:
    """The colour of a grade; anything not 优/良/中/差 is grey."""
    return GRADE_COLORS.get(grade or NO_GRADE, GRADE_COLORS[NO_GRADE])


def grade_label(grade: str | None) -> str:
    """优/良/中/差 as they are, anything else as 未注明."""
    return grade if grade in GRADES else NO_GRADE


def kind_label(kind: str | None) -> str:
    """部门整体 / 项目支出 for the stored kind; unknown as 未知."""
    return KIND_LABELS.get(kind or "", "未知")


_BASE_CSS = """
/* Tables download through our buttons (BOM, formula-safe, every row, the filters in the name):
   hide the grid's own client-side CSV export so there is one way, and it is the safe one. */
[data-testid="stElementToolbar"] button[aria-label="Download as CSV"] { display: none; }
.jx-source {
  font-family: "Noto Sans Mono CJK SC", "Noto Sans CJK SC", monospace;
  font-size: 0.85rem; line-height: 1.5; max-height: 560px; overflow-y: auto;
  border: 1px solid #d0d7de; border-radius: 6px; padding: 4px 0; background: #fafbfc;
}
.jx-source div { white-space: pre-wrap; padding: 0 8px 0 0; }
.jx-source span.ln {
  display: inline-block; width: 3.2em; color: #8c959f; text-align: right;
  margin-right: 0.8em; user-select: none;
}
.jx-source div.hit { background: #fff3bf; border-left: 4px solid #e0a100; }
.jx-source div.warn { background: #ffe3e3; border-left: 4px solid #c62828; }
.jx-source div.hit span.tag, .jx-source div.warn span.tag {
  font-size: 0.75rem; color: #57606a; margin-left: 1em;
}
.jx-grade { display: inline-block; padding: 0 0.5em; border-radius: 4px; color: #fff; }
"""

_PRESENT_CSS = """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarCollapseButton"] { display: none !important; }
html, body, [class*="st-"] { color: #000000; }
.block-container, [data-testid="stMainBlockContainer"] {
  padding-top: 4.2rem !important; padding-left: 2rem !important; padding-right: 2rem !important;
  max-width: 100% !important;
}
h1 { font-size: 2.3rem !important; font-weight: 800 !important; padding: 0 0 0.3rem 0 !important; }
h2 { font-size: 1.9rem !important; }
h3 { font-size: 1.6rem !important; }
p, li, label, .stMarkdown, .stCaption, [data-testid="stCaptionContainer"] {
  font-size: 1.25rem !important;
}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * {
  color: #333333 !important;
}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  font-size: 2.8rem !important; font-weight: 800 !important; line-height: 1.2 !important;
}
[data-testid="stMetricLabel"] p { font-size: 1.3rem !important; }
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * { font-size: 1.15rem !important; }
.st-key-exit_present { position: fixed; top: 0.55rem; right: 1.2rem; z-index: 999991; width: auto; }
[data-testid="stHeader"] { background: #ffffff; }
"""


def page_css(present: bool) -> str:
    """The CSS the app injects: fonts and the source view, plus the projector overrides."""
    return _BASE_CSS + (_PRESENT_CSS if present else "")
