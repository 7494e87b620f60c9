"""绩效看板: the entry script. Page config, the shared filters, navigation; nothing else.

Run with ``jixiao serve`` (or ``streamlit run dashboard/app.py``); the database
is ``$JIXIAO_DB``, else ``data/jixiao.duckdb``.
"""

from __future__ import annotations

import os

import streamlit as st

from dashboard import data, sidebar, state, ui
from dashboard.state import FilterOptions
from dashboard.theme import page_css

st.set_page_config(
    page_title="绩效看板",
    page_icon=":material/insights:",
    layout="wide",
    initial_sidebar_state="expanded",
)
state.read_url_once()
present = state.is_present()
st.html(f"<style>{page_css(present)}</style>")

PAGES = {
    "看板": [
        st.Page("views/overview.py", title="总览", icon=":material/dashboard:", default=True),
        st.Page("views/execution.py", title="预算执行", icon=":material/account_balance_wallet:"),
        st.Page("views/scores.py", title="评分分布", icon=":material/leaderboard:"),
        st.Page("views/indicators.py", title="绩效指标", icon=":material/track_changes:"),
        st.Page("views/costs.py", title="成本趋势", icon=":material/trending_up:"),
        st.Page("views/audit.py", title="数据核查", icon=":material/fact_check:"),
    ],
    "报告与数据": [
        st.Page("views/report.py", title="报告详情", icon=":material/description:"),
        st.Page("views/sources.py", title="数据管理", icon=":material/folder_open:"),
    ],
}

if present:
    st.button(
        "退出演示模式",
        icon=":material/close_fullscreen:",
        on_click=state.set_present,
        args=(False,),
        key="exit_present",
    )
else:
    options = FilterOptions()
    with ui.section():
        if data.db_file() is not None:
            options = FilterOptions.from_frame(data.run("filter_options"))
    sidebar.render_filters(options)
    sidebar.render_present_switch()
    sidebar.render_database_info(data.db_file())

if present:  # a flat row of pages across the top: no sidebar, no menus to open
    navigation = st.navigation([p for group in PAGES.values() for p in group], position="top")
else:
    navigation = st.navigation(PAGES, position="sidebar")
if os.environ.get("JIXIAO_DEMO") == "1":  # set by `jixiao serve --demo`
    st.warning(
        "合成数据：本看板展示的是程序生成的示例报告（虚构单位），仅供演示，不是任何真实单位的数据。",
        icon=":material/science:",
    )
ui.open_pending()
on_report_page = navigation.url_path == "report"
state.sync_url(keep=(state.URL_REPORT, state.URL_UNIT) if on_report_page else ())
navigation.run()
