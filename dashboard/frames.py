"""Small pure reshapes of query results for the pages: no SQL, no streamlit.

The numbers come from the named queries; this module only picks the rows a page
shows (the focus year, the units that stand out) and words the reasons.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from dashboard.theme import KIND_LABELS

LOW_RATE_PCT = 80.0
RATE_DROP_PP = -20.0
STANDOUTS = 15  # rows of each kind of reason, and in all, that standouts words


def focus_year(selected: tuple[int, ...], years: list[int]) -> int | None:
    """The year a page centres on: the latest selected one, else the latest with data."""
    if selected:
        return max(selected)
    present = [int(y) for y in years if y is not None]
    return max(present) if present else None


def row_for_year(frame: pl.DataFrame, year: int | None) -> dict[str, Any]:
    """The row of `frame` whose fiscal_year is `year` (None: the all-years row), or {}."""
    condition = pl.col("fiscal_year").is_null() if year is None else pl.col("fiscal_year") == year
    rows = frame.filter(condition)
    return rows.row(0, named=True) if rows.height else {}


def per_year(frame: pl.DataFrame) -> pl.DataFrame:
    """The per-year rows of a summary that also has an all-years row (fiscal_year NULL)."""
    return frame.filter(pl.col("fiscal_year").is_not_null()).sort("fiscal_year")


def _fmt_expr(column: str, digits: int = 1) -> pl.Expr:
    """A number as text with `digits` decimals (— for null), for reasons in words."""
    return (
        pl.col(column)
        .round(digits)
        .map_elements(lambda v: f"{v:,.{digits}f}", return_dtype=pl.String)
        .fill_null("—")
    )


_STANDOUT_SCHEMA = pl.Schema(
    {
        "unit": pl.String(),
        "fiscal_year": pl.Int32(),
        "report_id": pl.String(),
        "reason": pl.String(),
        "weight": pl.Float64(),
    }
)


def standouts(
    score_vs_execution: pl.DataFrame,
    execution_by_unit: pl.DataFrame,
    findings: pl.DataFrame | None = None,
    limit: int = STANDOUTS,
) -> pl.DataFrame:
    """Units that stand out in the selection, each with the reason in words.

    * high-severity audit findings (the first one's message as the example);
    * a self-score higher than its own execution rate allows (``excess_score > 0``);
    * an execution rate under 80%;
    * an execution rate 20 points or more below the unit's previous year.

    Returns columns unit, fiscal_year, report_id (or None), reason; the strongest first.
    Each kind of reason is ranked first and only its top `limit` rows are worded, so
    `execution_by_unit` needs to hold only the `limit` lowest rates and the `limit` largest
    drops (execution_by_unit_year's ``$lowest_rates`` and ``$largest_drops``).
    """
    parts: list[pl.DataFrame] = []
    if findings is not None and findings.height:
        high = (
            findings.filter(pl.col("severity") == "high")
            .group_by("unit_canonical_name", "fiscal_year", "report_id")
            .agg(pl.len().alias("n"), pl.col("message").first())
            .sort("n", descending=True)
            .head(limit)
        )
        parts.append(
            high.select(
                pl.col("unit_canonical_name").alias("unit"),
                "fiscal_year",
                "report_id",
                pl.format("{} 条高风险核查问题，如：{}", "n", "message").alias("reason"),
                (200 + pl.col("n")).cast(pl.Float64).alias("weight"),
            )
        )
    excess = (
        score_vs_execution.filter((pl.col("excess_score") > 0) & pl.col("project_no").is_null())
        .sort("excess_score", descending=True)
        .head(limit)
    )
    parts.append(
        excess.select(
            pl.col("unit_canonical_name").alias("unit"),
            "fiscal_year",
            "report_id",
            pl.format(
                "自评 {} 分，但执行率 {}%，按执行率最多 {} 分（高出 {} 分）",
                _fmt_expr("total_score"),
                _fmt_expr("execution_rate_pct"),
                _fmt_expr("score_ceiling"),
                _fmt_expr("excess_score"),
            ).alias("reason"),
            (100 + pl.col("excess_score")).alias("weight"),
        )
    )
    low = (
        execution_by_unit.filter(pl.col("execution_rate_pct") < LOW_RATE_PCT)
        .sort("execution_rate_pct")
        .head(limit)
    )
    parts.append(
        low.select(
            pl.col("unit_canonical_name").alias("unit"),
            "fiscal_year",
            pl.lit(None, pl.String).alias("report_id"),
            pl.format(
                "预算执行率仅 {}%（全年预算 {} 万元）",
                _fmt_expr("execution_rate_pct"),
                _fmt_expr("budget_final_wan", 2),
            ).alias("reason"),
            (50 + LOW_RATE_PCT - pl.col("execution_rate_pct")).alias("weight"),
        )
    )
    drop = (
        execution_by_unit.filter(pl.col("rate_change_pp") <= RATE_DROP_PP)
        .sort("rate_change_pp")
        .head(limit)
    )
    parts.append(
        drop.select(
            pl.col("unit_canonical_name").alias("unit"),
            "fiscal_year",
            pl.lit(None, pl.String).alias("report_id"),
            pl.format("执行率较上年下降 {} 个百分点", _fmt_expr("rate_change_pp")).alias("reason"),
            (40 - pl.col("rate_change_pp")).alias("weight"),
        )
    )
    frame = pl.concat(
        [p.cast(_STANDOUT_SCHEMA) for p in parts] or [pl.DataFrame(schema=_STANDOUT_SCHEMA)]
    ).with_columns(pl.col("unit").fill_null("未识别单位"))
    return (
        frame.sort(["weight", "fiscal_year", "unit"], descending=[True, True, False])
        .head(limit)
        .drop("weight")
    )


def coverage_grid(coverage: pl.DataFrame) -> pl.DataFrame:
    """Coverage rows as (unit, fiscal_year, report_count), years without a report as None."""
    return coverage.select(
        pl.col("unit_canonical_name").alias("unit"),
        "fiscal_year",
        pl.when(pl.col("has_report")).then(pl.col("report_count")).alias("report_count"),
    )


def execution_bars(picked: pl.DataFrame, limit: int) -> tuple[pl.DataFrame, str]:
    """The bar chart's rows from execution_rates' ``$lowest_rates`` pick, lowest rate first.

    `picked` is what that call returned for `limit` (the reports with the lowest rate, of the
    focus year when there were more than `limit`: ``pick_year``, picked among
    ``pick_count``). Returns the rows (label, stated and derived rate, report_id) and a note
    saying what was left out ('' when nothing was).
    """
    note = ""
    if picked.height:
        pick_year, pick_count = picked["pick_year"][0], picked["pick_count"][0]
        if pick_year is not None:
            note = f"仅显示{pick_year}年"
        if pick_count > limit:
            note = f"{note or '仅显示'}执行率最低的 {limit} 份报告（共 {pick_count:,} 份）"
    rate = pl.coalesce("execution_rate_pct", "execution_rate_derived_pct")
    rows = picked.sort([rate, pl.col("unit_canonical_name")], maintain_order=True).head(limit)
    label = pl.format(
        "{} · {}年", pl.col("unit_canonical_name").fill_null("未识别单位"), pl.col("fiscal_year")
    )
    return rows.select(
        label.alias("label"),
        "execution_rate_pct",
        "execution_rate_derived_pct",
        "report_id",
    ), note


def kind_name(column: str) -> pl.Expr:
    """部门整体 / 项目支出 for a kind column."""
    return pl.col(column).replace_strict(KIND_LABELS, default="未知", return_dtype=pl.String)


UNCLASSIFIED = "未分类"  # the rollups' name for an unknown standard category


def category_options(
    categories: pl.DataFrame, column: str, *, level1: str | None = None
) -> list[str]:
    """The standard categories in `column` of a rollup's (level1_std, level2_std) rows, sorted,
    without 未分类 (an unknown category cannot be picked); with `level1`, only under it."""
    rows = categories if level1 is None else categories.filter(pl.col("level1_std") == level1)
    values = rows[column].drop_nulls().unique().to_list() if rows.height else []
    return sorted(v for v in values if v != UNCLASSIFIED)


def repeated(frame: pl.DataFrame, column: str) -> int:
    """A count a query repeats on every row of its result (0 when there are no rows)."""
    return int(frame[column][0] or 0) if frame.height else 0
