"""数据核查: findings a finance bureau would question, by severity and unit, each to its report."""

import polars as pl
import streamlit as st

from dashboard import charts, data, ui
from dashboard.labels import AUDIT_CHECKS
from dashboard.theme import SEVERITY_LABELS

filters = ui.page_header("数据核查", "哪些报告的数字经不起核对？问题有多严重，集中在哪些单位？")

with st.expander("地方规则（默认关闭，仅部分省级平台采用）", icon=":material/tune:"):
    cap = st.toggle("按执行率封顶自评分（70–80% 最高 89 分 …）", key="audit_rule_cap")
    easy = st.toggle("超额 30% 以上的指标扣 2 分（目标定得过低）", key="audit_rule_easy")

findings = None
with ui.section():
    ui.need_narrow(filters, ui.AUDIT_MAX_REPORTS, "核查")
    findings = data.run(
        "audit_findings",
        filters,
        rule_execution_cap=cap or None,
        rule_easy_target_deduction=easy or None,
    )
    ui.need(findings, "所选范围内未发现问题。")
    findings = findings.with_columns(
        pl.col("code").replace_strict(AUDIT_CHECKS, default=pl.col("code")).alias("check"),
        pl.col("unit_canonical_name").fill_null("未识别单位").alias("unit"),
    )
    severities = findings["severity"].value_counts()
    count = dict(zip(severities["severity"], severities["count"], strict=True))
    ui.metric_row(
        [
            (
                "问题总数",
                f"{findings.height:,}",
                None,
                "每条 = 一项核查在一份报告、项目或指标上不通过",
            ),
            ("高风险", f"{count.get('high', 0):,}", None, "数字互相矛盾或得分明显虚高"),
            ("涉及报告", f"{findings['report_id'].n_unique():,}", None, None),
            ("涉及单位", f"{findings['unit'].n_unique():,}", None, None),
        ]
    )
    left, right = ui.columns(2)
    with left:
        by_check = findings.group_by("check", "severity").agg(pl.len().alias("finding_count"))
        ui.chart(
            charts.fig_findings_stacked(by_check, category="check", title="各类问题数量"),
            "核查_问题类型",
        )
    with right:
        by_unit = findings.group_by("unit", "severity").agg(pl.len().alias("finding_count"))
        ui.chart(
            charts.fig_findings_stacked(
                by_unit, category="unit", title="各单位问题数量", link_prefix=charts.UNIT_LINK
            ),
            "核查_单位",
            key="audit_by_unit",
        )

with ui.section():
    if findings is None or findings.is_empty():
        raise ui.Stop
    ui.subheader("问题清单", "点击行或“打开”查看报告原文中对应的行")
    c1, c2 = st.columns(2)
    chosen_severity = c1.multiselect(
        "严重程度",
        list(SEVERITY_LABELS),
        format_func=SEVERITY_LABELS.__getitem__,
        key="audit_severity",
        placeholder="全部",
    )
    chosen_checks = c2.multiselect(
        "问题类型",
        sorted(findings["check"].unique().to_list()),
        key="audit_checks",
        placeholder="全部",
    )
    shown = findings
    if chosen_severity:
        shown = shown.filter(pl.col("severity").is_in(chosen_severity))
    if chosen_checks:
        shown = shown.filter(pl.col("check").is_in(chosen_checks))
    ui.need(shown, "没有符合条件的问题。")
    ui.table(
        shown,
        "数据核查_问题清单",
        key="audit_findings",
        columns=[
            "severity",
            "unit",
            "fiscal_year",
            "scope_name",
            "check",
            "message",
            "value_stated",
            "value_expected",
            "rule",
            "source_text",
            "report_id",
        ],
        link_reports=True,
    )
