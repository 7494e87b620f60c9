"""The sidebar: the one place where filters and presentation mode are set.

Widgets are seeded from the session's `Filters` (which came from the link on the
first run) and write it back, so every page sees the same filters.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard import state
from dashboard.data import DbFile
from dashboard.state import ALL, FilterOptions, Filters
from dashboard.theme import GRADES, KIND_LABELS


def _seed(key: str, value: Any) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def _keep_valid(key: str, options: list[Any], fallback: Any) -> None:
    value = st.session_state.get(key)
    if isinstance(value, list):
        st.session_state[key] = [v for v in value if v in options]
    elif value not in options:
        st.session_state[key] = fallback


def _clear() -> None:
    state.set_filters(Filters())


def render_filters(options: FilterOptions) -> Filters:
    """Draw the filter widgets and return the filters they now hold."""
    filters = options.clamp(state.current())
    _seed(state.KEY_W_YEARS, list(filters.years))
    _seed(state.KEY_W_PROVINCE, filters.province or ALL)
    _seed(state.KEY_W_CITY, filters.city or ALL)
    _seed(state.KEY_W_COUNTY, filters.county or ALL)
    _seed(state.KEY_W_UNITS, list(filters.units))
    _seed(state.KEY_W_KIND, filters.kind or ALL)
    _seed(state.KEY_W_GRADE, filters.grade or ALL)

    st.sidebar.header("筛选", anchor=False)
    _keep_valid(state.KEY_W_YEARS, list(options.years), [])
    years = st.sidebar.multiselect(
        "年度",
        list(options.years),
        key=state.KEY_W_YEARS,
        format_func=lambda y: f"{y}年",
        placeholder="全部年度",
    )
    provinces = [ALL, *options.provinces()]
    _keep_valid(state.KEY_W_PROVINCE, provinces, ALL)
    province = st.sidebar.selectbox("省份", provinces, key=state.KEY_W_PROVINCE)
    province_value = None if province == ALL else province
    cities = [ALL, *options.cities(province_value)]
    _keep_valid(state.KEY_W_CITY, cities, ALL)
    city = st.sidebar.selectbox("地市", cities, key=state.KEY_W_CITY)
    city_value = None if city == ALL else city
    counties = [ALL, *options.counties(province_value, city_value)]
    _keep_valid(state.KEY_W_COUNTY, counties, ALL)
    county = st.sidebar.selectbox("区县", counties, key=state.KEY_W_COUNTY)
    county_value = None if county == ALL else county
    units_here = options.units_in(province_value, city_value, county_value)
    _keep_valid(state.KEY_W_UNITS, units_here, [])
    units = st.sidebar.multiselect(
        "单位", units_here, key=state.KEY_W_UNITS, placeholder="全部单位"
    )
    kinds = [ALL, *KIND_LABELS]
    kind = st.sidebar.selectbox(
        "报告类型", kinds, key=state.KEY_W_KIND, format_func=lambda k: KIND_LABELS.get(k, k)
    )
    grade = st.sidebar.selectbox("自评等级", [ALL, *GRADES], key=state.KEY_W_GRADE)
    chosen = Filters(
        years=tuple(sorted(years)),
        units=tuple(units),
        province=province_value,
        city=city_value,
        county=county_value,
        kind=None if kind == ALL else kind,
        grade=None if grade == ALL else grade,
    )
    st.session_state[state.KEY_FILTERS] = chosen
    if not chosen.is_empty():
        st.sidebar.button(
            "清除筛选", icon=":material/filter_alt_off:", on_click=_clear, width="stretch"
        )
    return chosen


def _present_changed() -> None:
    state.set_present(bool(st.session_state.get(state.KEY_W_PRESENT)))


def render_present_switch() -> None:
    """The presentation-mode switch (it takes effect at once, on the rerun it causes)."""
    _seed(state.KEY_W_PRESENT, state.is_present())
    st.sidebar.divider()
    st.sidebar.toggle(
        "演示模式",
        key=state.KEY_W_PRESENT,
        on_change=_present_changed,
        help="大字号、高对比度、每屏一张图，适合会议投影（链接加 ?present=1 亦可）",
    )


def render_database_info(file: DbFile | None) -> None:
    """Which database the app shows, and when it last changed."""
    if file is None:
        st.sidebar.warning("尚无数据库：请在“数据管理”上传报告，或运行 `jixiao ingest`。")
        return
    changed = datetime.fromtimestamp(file.mtime_ns / 1e9).strftime("%Y-%m-%d %H:%M")
    st.sidebar.caption(f"数据库：{Path(file.path).name}（更新于 {changed}）")
