"""数据核查: findings a finance bureau would question, by severity and unit, each to its report.

The counts come from `audit_counts` (summed in the database, small at any size) and the
list from `audit_findings`, one page of it: at 100,000 reports there are hundreds of
thousands of findings, and the severity and check pickers filter in the query."""

import polars as pl
import streamlit as st

from dashboard import charts, data, ui
from dashboard.labels import AUDIT_CHECKS
from dashboard.theme import SEVERITY_LABELS

NO_UNIT = "未识别单位"
TOP_UNITS = 20  # units in the by-unit chart
filters = ui.page_header("数据核查", "哪些报告的数字经不起核对？问题有多严重，集中在哪些单位？")

with st.expander("地方规则（默认关闭，仅部分省级平台采用）", icon=":material/tune:"):
    cap = st.toggle("按执行率封顶自评分（70–80% 最高 89 分 …）", key="audit_rule_cap")
    easy = st.toggle("超额 30% 以上的指标扣 2 分（目标定得过低）", key="audit_rule_easy")
rules = {"rule_execution_cap": cap or None, "rule_easy_target_deduction": easy or None}


def with_names(frame: pl.DataFrame) -> pl.DataFrame:
    """The check's Chinese name and the unit's name (or 未识别单位) beside the codes."""
    return frame.with_columns(
        pl.col("code").replace_strict(AUDIT_CHECKS, default=pl.col("code")).alias("check"),
        pl.col("unit_canonical_name").fill_null(NO_UNIT).alias("unit"),
    )


by_code = None
with ui.section():
    counts = data.run("audit_counts", filters, top_units=TOP_UNITS, **rules)
    ui.need(counts, "所选范围内未发现问题。")
    total = counts.filter(pl.col("row_level") == "total").row(0, named=True)
    by_code = counts.filter(pl.col("row_level") == "code").with_columns(
        pl.col("code").replace_strict(AUDIT_CHECKS, default=pl.col("code")).alias("check")
    )
    high = by_code.filter(pl.col("severity") == "high")["finding_count"].sum()
    ui.metric_row(
        [
            (
                "问题总数",
                f"{total['finding_count']:,}",
                None,
                "每条 = 一项核查在一份报告、项目或指标上不通过",
            ),
            ("高风险", f"{high:,}", None, "数字互相矛盾或得分明显虚高"),
            ("涉及报告", f"{total['report_count']:,}", None, None),
            ("涉及单位", f"{total['unit_count']:,}", None, "已识别的单位"),
        ]
    )
    left, right = ui.columns(2)
    with left:
        ui.chart(
            charts.fig_findings_stacked(by_code, category="check", title="各类问题数量"),
            "核查_问题类型",
        )
    with right:
        by_unit = counts.filter(pl.col("row_level") == "unit").with_columns(
            pl.col("unit_canonical_name").fill_null(NO_UNIT).alias("unit")
        )
        ui.chart(
            charts.fig_findings_stacked(
                by_unit,
                category="unit",
                title="各单位问题数量",
                max_rows=TOP_UNITS,
                link_prefix=charts.UNIT_LINK,
            ),
            "核查_单位",
            key="audit_by_unit",
        )

with ui.section():
    if by_code is None:
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
    present = sorted(by_code["code"].unique().to_list())
    chosen_codes = c2.multiselect(
        "问题类型",
        present,
        format_func=lambda code: AUDIT_CHECKS.get(code, code),
        key="audit_codes",
        placeholder="全部",
    )
    findings = data.listing(
        "audit_findings",
        filters,
        rows=ui.MAX_TABLE_ROWS,
        codes=chosen_codes or None,
        severities=chosen_severity or None,
        **rules,
    ).map(with_names)
    ui.need(findings.head, "没有符合条件的问题。")
    ui.table(
        findings,
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
