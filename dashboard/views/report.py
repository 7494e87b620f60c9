"""报告详情: one report, every extracted field, its indicators and projects, its warnings
and findings, and the source text with the lines each fact came from highlighted."""

import streamlit as st

from dashboard import data, detail, state, ui
from dashboard.state import Filters

filters = ui.page_header("报告详情", "这份报告写了什么？每个数字出自原文哪一行？哪里经不起核对？")
requested = st.query_params.get(state.URL_REPORT)
unit = st.query_params.get(state.URL_UNIT)

report_id = None
with ui.section():
    if unit:
        history = data.run("reports", Filters(units=(unit,)))
        ui.subheader(f"{unit}：各年度报告", "点击行切换报告")
        ui.table(
            history,
            f"{unit}_各年度报告",
            key="unit_history",
            columns=[
                "fiscal_year",
                "kind",
                "subject",
                "total_score",
                "grade",
                "execution_rate_pct",
                "execution_rate_derived_pct",
                "budget_final_wan",
                "executed_wan",
                "report_id",
            ],
        )
        listing, total = history, history.height
    else:
        # The picker lists the newest reports: the tail of the listing (oldest year first).
        total = data.count("reports", filters)
        newest = max(0, total - detail.MAX_OPTIONS)
        listing = data.page("reports", filters, detail.MAX_OPTIONS, newest)
    report_id = detail.pick_report(listing, requested, unit, total)

if report_id:
    extra = {state.URL_REPORT: report_id}
    if unit:
        extra[state.URL_UNIT] = unit
    state.sync_url(extra=extra)
    with ui.section():
        detail.render(report_id)
