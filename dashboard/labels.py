"""Chinese column headers for the tables users see and download.

Pure: a map from query column names (English, with unit suffixes) to headers
that carry the unit (万元, %, 分), and a function that applies it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

COLUMN_LABELS: dict[str, str] = {
    "report_id": "报告编号",
    "unit_id": "单位编号",
    "unit_name": "单位（报告原文）",
    "unit_canonical_name": "单位",
    "unit": "单位",
    "region_province": "省份",
    "region_city": "地市",
    "region_county": "区县",
    "region": "地区",
    "fiscal_year": "年度",
    "kind": "报告类型",
    "subject": "项目/主题",
    "scope": "范围",
    "title": "标题",
    "report_date": "报告日期",
    "total_score": "自评得分（分）",
    "grade": "等级（原文）",
    "grade_implied": "等级（按得分）",
    "budget_initial_wan": "年初预算（万元）",
    "budget_final_wan": "全年预算（万元）",
    "executed_wan": "全年执行（万元）",
    "execution_rate_pct": "执行率·报告（%）",
    "execution_rate_derived_pct": "执行率·计算（%）",
    "execution_rate_gap_pct": "执行率差（百分点）",
    "indicator_count": "指标数",
    "project_count": "项目数",
    "warning_count": "提示数",
    "finding_count": "问题数",
    "source_file": "源文件",
    "report_count": "报告数",
    "unit_count": "单位数",
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "名称",
    "indicator_name": "三级指标",
    "measure_unit": "计量单位",
    "target": "年度指标值",
    "actual": "实际完成值",
    "target_op": "比较符",
    "target_op_effective": "比较符（采用）",
    "target_value": "指标值（数值）",
    "actual_value": "完成值（数值）",
    "target_met": "是否达成",
    "achievement_ratio": "完成比",
    "achievement_pct": "完成比（%）",
    "weight": "分值",
    "score": "得分",
    "score_ratio": "得分率",
    "note": "偏差原因",
    "line": "行号",
    "project_no": "项目序号",
    "indicator_no": "指标序号",
    "code": "代码",
    "message": "说明",
    "severity": "严重程度",
    "origin": "来源",
    "path": "路径",
    "format": "格式",
    "size_bytes": "大小（字节）",
    "loaded_at": "入库时间",
    "status": "入库状态",
    "extract_status": "抽取状态",
    "error": "错误",
    "reason": "关注原因",
    "check": "问题类型",
    "rule": "依据",
    "value_stated": "报告所写",
    "value_expected": "应为/上限",
    "source_text": "原文",
    "scope_name": "报告/项目",
    "evidence_values": "比较的数字",
    "evidence_lines": "行号",
    "prev_execution_rate_pct": "上年执行率（%）",
    "rate_change_pp": "较上年（百分点）",
    "rate_diff_pp": "所写−计算（百分点）",
    "rate_agrees": "执行率一致",
    "rate_report_count": "可算执行率的报告数",
    "execution_weight": "执行率分值",
    "score_ceiling": "按执行率最高可得（分）",
    "excess_score": "超出（分）",
    "rate_source": "执行率来源",
    "scored_count": "有得分报告数",
    "min_score": "最低分",
    "p10_score": "P10",
    "p25_score": "下四分位",
    "median_score": "中位数",
    "p75_score": "上四分位",
    "p90_score": "P90",
    "max_score": "最高分",
    "mean_score": "平均分",
    "full_score_share_pct": "满分占比（%）",
    "excellent_share_pct": "≥90分占比（%）",
    "region_name": "地区",
    "region_level": "地区层级",
    "extreme": "类别",
    "extreme_rank": "名次",
    "level1_std": "一级指标（标准）",
    "level2_std": "二级指标（标准）",
    "direction": "方向",
    "beat_pct": "超出目标（%）",
    "full_marks": "满分",
    "quantified": "已量化",
    "project_name": "项目",
    "label": "字段",
    "value": "值",
    "derived": "推算",
    "line_text": "原文",
    "total_recomputed": "重算总分（分）",
    "weight_sum": "分值合计",
    "score_sum": "得分合计",
    "expenses_wan": "支出明细合计（万元）",
    "expense_count": "支出明细数",
    "indicator_executed_wan": "执行数（有指标的报告，万元）",
    "executed_per_indicator_wan": "每项指标执行额（万元）",
    "per_indicator_change_pct": "每项指标执行额较上年（%）",
    "score_executed_wan": "执行数（有总分的报告，万元）",
    "executed_per_score_point_wan": "每一分执行额（万元）",
    "per_score_point_change_pct": "每一分执行额较上年（%）",
    "series_unit": "计量单位",
    "prev_actual_value": "上年实际值",
    "actual_change_pct": "实际值较上年（%）",
    "target_change_pct": "目标值较上年（%）",
    "fact_refs": "抽取的事实",
    "unit_first_year": "最早年度",
    "unit_last_year": "最近年度",
    "unit_year_count": "有报告的年数",
    "span_year_count": "所选年数",
    "unit_missing_years": "缺报告的年度",
    "warning_no": "序号",
}


AUDIT_CHECKS: dict[str, str] = {
    "total_mismatch": "总分与重算不符",
    "grade_mismatch": "等级与得分不符",
    "score_exceeds_execution": "得分超出执行率所允许",
    "missed_target_full_score": "未达目标却得满分",
    "rate_mismatch": "执行率与金额不符",
    "parts_mismatch": "分项之和与合计不符",
    "conflicting_figures": "同一数据前后不一",
    "uniform_full_marks": "全部满分或全部100%",
    "unquantified_target": "定量指标目标未量化",
    "easy_target": "超额30%以上仍满分",
    "weights_mismatch": "分值合计不为100",
    "deduction_without_reason": "扣分未说明原因",
    "overspent": "执行数超预算",
    "unit_scale_suspect": "疑似元/万元混用",
    "target_lowered": "超额后下调目标",
}
AUDIT_RULES: dict[str, str] = {
    "national": "国家规定",
    "extractor": "抽取时发现",
    "local_execution_cap": "地方规则：执行率封顶",
    "local_easy_target_deduction": "地方规则：超额扣分",
}

VALUE_LABELS: dict[str, dict[str, str]] = {
    "kind": {"department": "部门整体", "project": "项目支出"},
    "scope": {"report": "报告", "project": "项目"},
    "rate_source": {"stated": "报告所述", "derived": "按金额计算"},
    "severity": {"high": "高", "medium": "中", "low": "低"},
    "rule": dict(AUDIT_RULES),
    "code": {
        **AUDIT_CHECKS,
        "score_conflict": "总分前后不一致",
        "grade_conflict": "等级前后不一致",
        "unit_unknown": "单位未识别",
    },
    "origin": {"extractor": "抽取", "reader": "读取", "store": "入库"},
    "status": {
        "loaded": "已入库",
        "duplicate": "重复（同一报告）",
        "failed": "失败",
        "unchanged": "未变",
    },
    "extract_status": {"ok": "完整", "partial": "部分（有提示）", "failed": "失败"},
    "region_level": {"all": "全部", "province": "省份", "city": "地市", "county": "区县"},
    "direction": {"deadline": "期限", "qualitative": "定性"},
    "extreme": {"missed": "未达成最多", "over_achieved": "超额最多"},
    "rollup_level": {
        "year": "年度",
        "level1": "一级指标",
        "level2": "二级指标",
        "unit": "单位",
        "unit_level1": "单位×一级指标",
    },
}
BOOLEAN_COLUMNS = {"rate_agrees", "target_met", "full_marks", "quantified", "has_report"}


def label(column: str) -> str:
    """The Chinese header of a column (the name itself when there is none)."""
    return COLUMN_LABELS.get(column, column)


def labelled(
    frame: pl.DataFrame,
    columns: Sequence[str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """The chosen columns (those present, in that order) under their Chinese headers.

    `headers` overrides the shared header of a column for one table (a column name
    can mean a stated figure in one query and a computed one in another).
    """
    keep = [c for c in (columns or frame.columns) if c in frame.columns]
    frame = frame.with_columns(
        [
            pl.col(c).replace_strict(VALUE_LABELS[c], default=pl.col(c), return_dtype=pl.String)
            for c in keep
            if c in VALUE_LABELS and frame.schema[c] == pl.String
        ]
        + [
            pl.col(c).replace_strict({True: "是", False: "否"}, return_dtype=pl.String)
            for c in keep
            if c in BOOLEAN_COLUMNS and frame.schema[c] == pl.Boolean
        ]
    )
    seen: set[str] = set()
    renames: dict[str, str] = {}
    for column in keep:
        header = (headers or {}).get(column) or label(column)
        if header in seen:
            header = f"{header}（{column}）"
        seen.add(header)
        renames[column] = header
    return frame.select(keep).rename(renames)
