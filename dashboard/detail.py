"""The parts of the 报告详情 page: choosing a report, and showing everything about it."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, source_view, ui
from dashboard.state import Filters
from dashboard.theme import grade_color, grade_label, kind_label

KEY_PICK = "report_pick"
KEY_HONOURED = "report_url_honoured"
KEY_CONTEXT = "report_context_only"
MAX_OPTIONS = 1000


def _label(row: dict[str, object]) -> str:
    unit = row.get("unit_canonical_name") or row.get("unit_name") or "未识别单位"
    what = row.get("subject") or kind_label(str(row.get("kind") or ""))
    score = row.get("total_score")
    score_text = f" · {score:g}分" if isinstance(score, int | float) else ""
    return f"{row.get('fiscal_year') or '年度不详'}年 · {unit} · {what}{score_text}"


def pick_report(
    listing: pl.DataFrame, requested: str | None, unit: str | None, total: int
) -> str | None:
    """The report picker: the filtered reports, newest first; a linked report preselected.

    `listing` holds the newest of the `total` reports the filters select."""
    rows = listing.sort(
        ["fiscal_year", "unit_canonical_name"], descending=[True, False], nulls_last=True
    )
    labels = {r["report_id"]: _label(r) for r in rows.head(MAX_OPTIONS).iter_rows(named=True)}
    if requested and requested not in labels:
        labels = {requested: "（链接指定的报告，不在当前筛选范围内）", **labels}
    if not labels:
        st.info(ui.EMPTY_MESSAGE, icon=":material/info:")
        return None
    wanted = requested or (next(iter(labels)) if unit else None)
    if wanted and st.session_state.get(KEY_HONOURED) != wanted:
        st.session_state[KEY_PICK] = wanted
        st.session_state[KEY_HONOURED] = wanted
    if st.session_state.get(KEY_PICK) not in labels:
        st.session_state[KEY_PICK] = next(iter(labels))
    chosen: str = st.selectbox(
        "选择报告",
        list(labels),
        format_func=labels.__getitem__,
        key=KEY_PICK,
        help="列表为当前筛选范围内的报告（最新在前）",
    )
    st.session_state[KEY_HONOURED] = chosen
    if total > MAX_OPTIONS:
        st.caption(
            f"共 {total:,} 份报告，列表只含最新的 {MAX_OPTIONS:,} 份；请用左侧筛选缩小范围。"
        )
    return chosen


def _badge(grade: str | None) -> str:
    label = grade_label(grade)
    return f'<span class="jx-grade" style="background:{grade_color(grade)}">{label}</span>'


def render_header(scopes: pl.DataFrame, fields: pl.DataFrame) -> None:
    """Title, unit and year, and the headline figures of the report itself."""
    own = scopes.filter(pl.col("project_no").is_null())
    values = dict(zip(fields["field"], fields["value"], strict=True))
    st.subheader(values.get("title") or "（无标题）", anchor=False)
    if own.is_empty():
        return
    r = own.row(0, named=True)
    st.html(
        f"<div>{values.get('derived.unit_canonical_name') or values.get('unit.name') or ''}"
        f" · {values.get('fiscal_year') or '年度不详'}年 · {values.get('kind') or ''}"
        f" · 报告所写等级 {_badge(r['grade'])} · 按得分应得 {_badge(r['grade_implied'])}</div>"
    )
    stated = r["execution_rate_pct"]
    derived = r["execution_rate_derived_pct"]
    ui.metric_row(
        [
            ("自评总分（分）", ui.fmt_number(r["total_score"], 2), None, "报告所写"),
            (
                "重算总分（分）",
                ui.fmt_number(r["total_recomputed"], 2),
                None,
                "Σ指标得分 + 执行率得分",
            ),
            ("全年预算（万元）", ui.fmt_number(r["budget_final_wan"], 2), None, None),
            ("全年执行（万元）", ui.fmt_number(r["executed_wan"], 2), None, None),
            ("执行率（所写）", ui.fmt_number(stated, 1, "%"), None, "报告所写"),
            ("执行率（计算）", ui.fmt_number(derived, 1, "%"), None, "执行数 ÷ 全年预算"),
        ]
    )


def render(report_id: str) -> None:
    """Everything about one report, in tabs."""
    fields = data.run("report_detail", report_id=report_id)
    if fields.is_empty():
        st.warning("数据库中没有这份报告（可能已被重新入库替换）。", icon=":material/search_off:")
        return
    scopes = data.run("report_projects", report_id=report_id)
    render_header(scopes, fields)
    indicators = data.run("report_indicators", report_id=report_id)
    warnings = data.run("report_warnings", report_id=report_id)
    findings = _findings(fields, report_id)
    tabs = st.tabs(
        [
            "字段",
            f"绩效指标（{indicators.height}）",
            f"项目（{scopes.height - 1 if scopes.height else 0}）",
            f"提示与核查问题（{warnings.height + findings.height}）",
            "原文",
        ]
    )
    with tabs[0]:
        ui.table(
            fields,
            "报告字段",
            key="detail_fields",
            clickable=False,
            columns=["label", "value", "derived", "line", "line_text"],
            column_config={"derived": st.column_config.TextColumn("是否推算")},
        )
    with tabs[1]:
        if indicators.is_empty():
            st.info("报告中没有识别出绩效指标。", icon=":material/info:")
        else:
            ui.table(
                indicators,
                "报告绩效指标",
                key="detail_indicators",
                clickable=False,
                columns=[
                    "project_name",
                    "level1",
                    "level2",
                    "name",
                    "measure_unit",
                    "target",
                    "actual",
                    "target_met",
                    "beat_pct",
                    "weight",
                    "score",
                    "note",
                    "line",
                ],
            )
    with tabs[2]:
        ui.table(
            scopes,
            "报告项目",
            key="detail_projects",
            clickable=False,
            columns=[
                "scope",
                "scope_name",
                "budget_initial_wan",
                "budget_final_wan",
                "executed_wan",
                "execution_rate_pct",
                "execution_rate_derived_pct",
                "total_score",
                "grade",
                "grade_implied",
                "indicator_count",
                "weight_sum",
                "score_sum",
                "total_recomputed",
                "score_ceiling",
                "line",
            ],
        )
    with tabs[3]:
        _render_problems(warnings, findings)
    with tabs[4]:
        _render_source(report_id, fields, warnings, findings)


def _findings(fields: pl.DataFrame, report_id: str) -> pl.DataFrame:
    values = dict(zip(fields["field"], fields["value"], strict=True))
    unit = values.get("derived.unit_canonical_name")
    year = values.get("fiscal_year")
    scope = Filters(
        units=(unit,) if unit else (),
        years=(int(year),) if year and str(year).isdigit() else (),
    )
    found = data.run("audit_findings", scope)
    return found.filter(pl.col("report_id") == report_id)


def _render_problems(warnings: pl.DataFrame, findings: pl.DataFrame) -> None:
    if warnings.is_empty() and findings.is_empty():
        st.success("抽取未留下提示，核查未发现问题。", icon=":material/check_circle:")
        return
    if findings.height:
        ui.subheader("核查问题")
        ui.table(
            findings,
            "报告核查问题",
            key="detail_findings",
            clickable=False,
            columns=[
                "severity",
                "code",
                "scope_name",
                "message",
                "value_stated",
                "value_expected",
                "rule",
                "source_text",
            ],
        )
    if warnings.height:
        ui.subheader("抽取提示")
        ui.table(
            warnings,
            "报告抽取提示",
            key="detail_warnings",
            clickable=False,
            columns=[
                "origin",
                "code",
                "message",
                "evidence_values",
                "evidence_lines",
                "source_text",
            ],
        )


def _render_source(
    report_id: str, fields: pl.DataFrame, warnings: pl.DataFrame, findings: pl.DataFrame
) -> None:
    lines = data.run("report_sources", report_id=report_id)
    if lines.is_empty():
        st.info("数据库中没有这份报告的原文。", icon=":material/info:")
        return
    flagged: dict[int, list[str]] = {}
    for row in warnings.iter_rows(named=True):
        for line in {row["line"], *(row["evidence_lines"] or [])} - {None}:
            flagged.setdefault(int(line), []).append(row["message"])
    for row in findings.iter_rows(named=True):
        for line in row["lines"] or []:
            flagged.setdefault(int(line), []).append(row["message"])
    labels = dict(zip(fields["field"], fields["label"], strict=True))
    rows = [
        source_view.SourceLine(r["line"], r["text"], tuple(r["fact_refs"] or ()))
        for r in lines.iter_rows(named=True)
    ]
    only = st.toggle("只看标注行及上下文", value=True, key=KEY_CONTEXT)
    st.caption("黄色：抽取出事实的行（右侧注明字段）；红色：提示或核查问题所引用的行。")
    context = 2 if only else None
    st.html(source_view.render(rows, field_labels=labels, flagged=flagged, context=context))
