"""What every page does the same way: headers, charts, tables with downloads, links.

Pages stay thin: read the filters, ask `dashboard.data`, build a figure with
`dashboard.charts`, hand both to the helpers here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import charts, data, export, state
from dashboard.data import NoDatabase, QueryMissing
from dashboard.labels import label, labelled
from dashboard.state import Filters
from queries import QueryError

REPORT_PAGE = "views/report.py"
KEY_OPEN_REPORT = "open_report"
KEY_OPEN_UNIT = "open_unit"
MAX_TABLE_ROWS = 2000
# The overview weighs every finding of the selection with the other figures in Python: it does
# so for selections up to this size (the audit page itself counts findings in the database).
OVERVIEW_AUDIT_MAX_REPORTS = 5_000
# 绩效指标's list downloads up to this many indicators: a file of them costs the dashboard ~150 MB
# (a year of 100,000 reports has 122,000); a million would take its memory many times over.
INDICATOR_DOWNLOAD_MAX_ROWS = 150_000
LINK_COLUMN = "报告链接"
EMPTY_MESSAGE = "当前筛选条件下无数据。可在左侧调整或清除筛选。"


class Stop(Exception):
    """Raised by `need` to end a section quietly after it showed its message."""


def is_present() -> bool:
    """Whether the page is drawn for the projector (pages show fewer rows per chart then)."""
    return state.is_present()


def page_header(title: str, question: str) -> Filters:
    """The page title, the question it answers and the filters in force."""
    filters = state.current()
    st.title(title, anchor=False)
    if state.is_present():  # on the projector: what is shown, not the question
        st.caption(filters.describe())
    else:
        st.caption(f"{question}　｜　{filters.describe()}")
    return filters


@contextlib.contextmanager
def section() -> Iterator[None]:
    """Run a part of a page; a missing query or a query error shows a message, not a trace."""
    try:
        yield
    except Stop:
        pass
    except NoDatabase:
        st.info(
            "还没有数据库：请在“数据管理”上传报告，或运行 `jixiao ingest 报告目录`。",
            icon=":material/database:",
        )
    except QueryMissing as exc:
        st.info(
            f"此部分所需的查询 `{exc.name}` 尚未提供，数据就绪后将自动显示。",
            icon=":material/hourglass_empty:",
        )
    except QueryError as exc:
        st.error(f"查询失败（{exc.name}）：{exc.message}", icon=":material/error:")


def need(frame: pl.DataFrame, message: str = EMPTY_MESSAGE) -> pl.DataFrame:
    """The frame when it has rows; else a friendly note and the section ends."""
    if frame.is_empty():
        st.info(message, icon=":material/info:")
        raise Stop
    return frame


def _open_from_chart(key: str) -> None:
    """A clicked point opens what its customdata names: a report id, or ``unit:NAME``."""
    event = st.session_state.get(key)
    points = getattr(getattr(event, "selection", None), "points", None) or []
    for point in points:
        target = charts.click_target(
            point.get("customdata") if isinstance(point, Mapping) else None
        )
        if target:
            kind, value = target
            st.session_state[KEY_OPEN_UNIT if kind == "unit" else KEY_OPEN_REPORT] = value
            return


def chart(fig: go.Figure, name: str, *, key: str | None = None, height: int | None = None) -> None:
    """Draw a figure, styled for the current mode, with a PNG download named after the filters.

    With `key`, clicking a point opens what its ``customdata`` names (a report id, or
    ``unit:NAME`` for a unit's reports).
    """
    present = state.is_present()
    charts.style(fig, present=present, height=height)
    filename = export.file_name(name, state.current().slug(), "png").removesuffix(".png")
    config = charts.png_config(filename, present=present)
    if key is None:
        st.plotly_chart(fig, theme=None, config=config, width="stretch")
    else:
        st.plotly_chart(
            fig,
            theme=None,
            config=config,
            width="stretch",
            key=key,
            on_select=lambda: _open_from_chart(key),
            selection_mode="points",
        )


def _open_from_table(key: str, ids: Sequence[str | None], units: Sequence[str | None]) -> None:
    event = st.session_state.get(key)
    rows = getattr(getattr(event, "selection", None), "rows", None) or []
    if not rows or not 0 <= rows[0] < len(ids):
        return
    if ids[rows[0]]:
        st.session_state[KEY_OPEN_REPORT] = ids[rows[0]]
    elif units and units[rows[0]]:
        st.session_state[KEY_OPEN_UNIT] = units[rows[0]]


def table(
    rows: pl.DataFrame | data.Listing,
    name: str,
    *,
    key: str,
    columns: Sequence[str] | None = None,
    column_config: Mapping[str, Any] | None = None,
    height: int | None = None,
    link_reports: bool = False,
    max_rows: int = MAX_TABLE_ROWS,
    headers: Mapping[str, str] | None = None,
    clickable: bool = True,
    max_download_rows: int | None = None,
) -> None:
    """Show a table under Chinese headers, with CSV and .xlsx downloads of exactly that table.

    `rows` is a frame, or a `data.Listing` (the first rows of a long result): either way the
    downloads hold every row, fetched only when a download is asked for.

    When the frame has ``report_id``, selecting a row opens that report; with
    `link_reports` a column of links to it is shown as well (not exported). At most
    `max_rows` rows are drawn; the downloads always hold every row. `headers`
    overrides the shared Chinese header of a column for this table. `clickable=False`
    turns row selection off (a table about the report already open). Beyond
    `max_download_rows` rows the downloads are off (a file of a million rows would take
    the dashboard's memory many times over) and the note asks for a narrower selection.
    """
    filters = state.current()
    listing = rows if isinstance(rows, data.Listing) else data.Listing.whole(rows)
    frame, total, fetch_all = listing.head, listing.total, listing.fetch_all
    # On screen an unknown shows as a dash, not "None"; downloads keep empty cells.
    display = labelled(frame.head(max_rows), columns, headers).with_columns(
        pl.col(pl.String).fill_null("—")
    )
    config = number_formats(frame, columns, headers)
    config.update(column_config or {})
    if link_reports and "report_id" in frame.columns:
        display = display.with_columns(
            pl.Series(LINK_COLUMN, [report_url(i) for i in frame["report_id"].head(max_rows)])
        )
        config[LINK_COLUMN] = st.column_config.LinkColumn(LINK_COLUMN, display_text="打开")
    slug = filters.slug()
    unit_column = next((c for c in ("unit", "unit_canonical_name") if c in frame.columns), None)
    selectable = clickable and ("report_id" in frame.columns or unit_column is not None)
    kwargs: dict[str, Any] = {
        "hide_index": True,
        "width": "stretch",
        "column_config": config,
        "key": key,
    }
    if height:
        kwargs["height"] = height
    if selectable:
        shown_rows = min(frame.height, max_rows)
        if "report_id" in frame.columns:
            ids = frame["report_id"].head(max_rows).to_list()
        else:
            ids = [None] * shown_rows
        units = frame[unit_column].head(max_rows).to_list() if unit_column else []
        kwargs["on_select"] = lambda: _open_from_table(key, ids, units)
        kwargs["selection_mode"] = "single-row"
    st.dataframe(display, **kwargs)
    left, right, note = st.columns([1, 1, 4], vertical_alignment="center")
    too_many = max_download_rows is not None and total > max_download_rows
    left.download_button(
        "下载 CSV",
        data=b""
        if too_many
        else lambda: export.to_csv_bytes(labelled(fetch_all(), columns, headers)),
        disabled=too_many,
        file_name=export.file_name(name, slug, "csv"),
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key=f"{key}_csv",
    )
    right.download_button(
        "下载 Excel",
        data=b""
        if too_many
        else lambda: export.to_xlsx_bytes(
            labelled(fetch_all(), columns, headers),
            sheet=name,
            notes=[("表格", name), ("筛选条件", filters.describe())],
        ),
        disabled=too_many,
        file_name=export.file_name(name, slug, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table_view:",
        on_click="ignore",
        key=f"{key}_xlsx",
    )
    hint = f"共 {total:,} 行"
    if too_many:
        hint += (
            f"（表中显示前 {min(max_rows, frame.height):,} 行；"
            f"超过 {max_download_rows:,} 行不提供下载，请在左侧缩小筛选范围）"
        )
    elif total > min(max_rows, frame.height):
        hint += f"（表中显示前 {min(max_rows, frame.height):,} 行，下载含全部）"
    if selectable:
        hint += (
            "；点击行可打开报告详情"
            if "report_id" in frame.columns
            else "；点击行可查看该单位的报告"
        )
    note.caption(hint)


def number_formats(
    frame: pl.DataFrame, columns: Sequence[str] | None, headers: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Column formats by header: 万元 with thousands separators, other decimals to 2 places."""
    config: dict[str, Any] = {}
    for column in columns or frame.columns:
        dtype = frame.schema.get(column)
        if dtype is None or not dtype.is_float():
            continue
        header = (headers or {}).get(column) or label(column)
        fmt = "localized" if column.endswith("_wan") else "%.2f"
        config[header] = st.column_config.NumberColumn(header, format=fmt)
    return config


def report_url(report_id: str) -> str:
    """A link to a report's page that keeps the filters and presentation mode."""
    params = {state.URL_REPORT: report_id, **state.current().to_url()}
    if state.is_present():
        params[state.URL_PRESENT] = "1"
    return "report?" + urlencode(params)


def open_pending() -> None:
    """Follow a click on a report or unit made during the last run (called by app.py)."""
    report_id = st.session_state.pop(KEY_OPEN_REPORT, None)
    unit = st.session_state.pop(KEY_OPEN_UNIT, None)
    if report_id or unit:
        params = state.current().to_url()
        if state.is_present():
            params[state.URL_PRESENT] = "1"
        if report_id:
            params[state.URL_REPORT] = report_id
        if unit:
            params[state.URL_UNIT] = unit
        st.switch_page(REPORT_PAGE, query_params=params)


def metric_row(items: Sequence[tuple[str, str, str | None, str | None]]) -> None:
    """KPI tiles: (label, value, change against the previous year or None, help).

    On the projector the large numbers need room: at most three tiles per row.
    """
    per_row = 3 if state.is_present() else len(items)
    for start in range(0, len(items), per_row):
        row = items[start : start + per_row]
        columns = st.columns(per_row)
        for column, (title, value, change, tip) in zip(columns, row, strict=False):
            column.metric(title, value, delta=change, help=tip, border=True)


def subheader(title: str, note: str | None = None) -> None:
    """A section title with an optional one-line explanation."""
    st.subheader(title, anchor=False)
    if note:
        st.caption(note)


def fmt_number(value: float | None, digits: int = 1, suffix: str = "") -> str:
    """``1,234.5万元``; missing as —."""
    if value is None:
        return "—"
    return f"{value:,.{digits}f}{suffix}"


def columns(count: int) -> list[Any]:
    """Side-by-side containers at the desk; stacked (one chart per screen) on the projector."""
    if state.is_present():
        return [st.container() for _ in range(count)]
    return list(st.columns(count))


def delta(value: float | None, suffix: str, digits: int = 1) -> str | None:
    """A metric's change text (+1.2 个百分点), or None when there is no previous year."""
    if value is None:
        return None
    return f"{value:+,.{digits}f}{suffix}"


def footnote(parts: Sequence[str]) -> None:
    """One grey line under a chart from the non-empty parts."""
    text = "；".join(p for p in parts if p)
    if text:
        st.caption(text)


def selection_size(filters: Filters) -> int:
    """How many reports the filters select (from kpi_summary's all-years row)."""
    kpi = data.run("kpi_summary", filters)
    rows = kpi.filter(pl.col("fiscal_year").is_null())
    return int(rows["report_count"][0] or 0) if rows.height else 0
