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


def _fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def standouts(
    score_vs_execution: pl.DataFrame,
    execution_by_unit: pl.DataFrame,
    findings: pl.DataFrame | None = None,
    limit: int = 15,
) -> pl.DataFrame:
    """Units that stand out in the selection, each with the reason in words.

    * high-severity audit findings (the first one's message as the example);
    * a self-score higher than its own execution rate allows (``excess_score > 0``);
    * an execution rate under 80%;
    * an execution rate 20 points or more below the unit's previous year.

    Returns columns unit, fiscal_year, report_id (or None), reason; the strongest first.
    """
    rows: list[dict[str, Any]] = []
    if findings is not None and findings.height:
        high = findings.filter(pl.col("severity") == "high")
        grouped = high.group_by("unit_canonical_name", "fiscal_year", "report_id").agg(
            pl.len().alias("n"), pl.col("message").first()
        )
        for r in grouped.iter_rows(named=True):
            rows.append(
                {
                    "unit": r["unit_canonical_name"],
                    "fiscal_year": r["fiscal_year"],
                    "report_id": r["report_id"],
                    "reason": f"{r['n']} 条高风险核查问题，如：{r['message']}",
                    "weight": 200 + r["n"],
                }
            )
    scores = score_vs_execution.filter(
        (pl.col("excess_score") > 0) & pl.col("project_no").is_null()
    )
    for r in scores.iter_rows(named=True):
        rows.append(
            {
                "unit": r["unit_canonical_name"],
                "fiscal_year": r["fiscal_year"],
                "report_id": r["report_id"],
                "reason": (
                    f"自评 {_fmt(r['total_score'])} 分，"
                    f"但执行率 {_fmt(r['execution_rate_pct'])}%，"
                    f"按执行率最多 {_fmt(r['score_ceiling'])} 分"
                    f"（高出 {_fmt(r['excess_score'])} 分）"
                ),
                "weight": 100 + float(r["excess_score"]),
            }
        )
    for r in execution_by_unit.iter_rows(named=True):
        rate = r["execution_rate_pct"]
        change = r["rate_change_pp"]
        if rate is not None and rate < LOW_RATE_PCT:
            rows.append(
                {
                    "unit": r["unit_canonical_name"],
                    "fiscal_year": r["fiscal_year"],
                    "report_id": None,
                    "reason": (
                        f"预算执行率仅 {_fmt(rate)}%"
                        f"（全年预算 {_fmt(r['budget_final_wan'], 2)} 万元）"
                    ),
                    "weight": 50 + (LOW_RATE_PCT - float(rate)),
                }
            )
        if change is not None and change <= RATE_DROP_PP:
            rows.append(
                {
                    "unit": r["unit_canonical_name"],
                    "fiscal_year": r["fiscal_year"],
                    "report_id": None,
                    "reason": f"执行率较上年下降 {_fmt(-float(change))} 个百分点",
                    "weight": 40 - float(change),
                }
            )
    schema = {
        "unit": pl.String,
        "fiscal_year": pl.Int32,
        "report_id": pl.String,
        "reason": pl.String,
        "weight": pl.Float64,
    }
    frame = pl.DataFrame(rows, schema=schema).with_columns(pl.col("unit").fill_null("未识别单位"))
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


def unit_gaps(coverage: pl.DataFrame) -> pl.DataFrame:
    """One row per unit: its years with and without a report, for the coverage table."""
    return (
        coverage.group_by("unit_canonical_name", maintain_order=True)
        .agg(
            pl.col("region_city").first(),
            pl.col("region_county").first(),
            pl.col("unit_year_count").first(),
            pl.col("span_year_count").first(),
            pl.col("unit_first_year").first(),
            pl.col("unit_last_year").first(),
            pl.col("unit_missing_years").first(),
            pl.col("report_count").sum(),
        )
        .sort(["unit_year_count", "unit_canonical_name"], descending=[True, False])
    )


def execution_bars(
    rates: pl.DataFrame, year: int | None, limit: int = 30
) -> tuple[pl.DataFrame, str]:
    """Report-level rates for the bar chart: all of them when few, else `year`'s lowest.

    Returns the rows (label, stated and derived rate, report_id), lowest rate first,
    and a note saying what was left out ('' when nothing was).
    """
    reports = rates.filter(pl.col("scope") == "report").with_columns(
        pl.coalesce("execution_rate_pct", "execution_rate_derived_pct").alias("_rate")
    )
    reports = reports.filter(pl.col("_rate").is_not_null())
    note = ""
    if reports.height > limit and year is not None:
        reports = reports.filter(pl.col("fiscal_year") == year)
        note = f"仅显示{year}年"
    if reports.height > limit:
        note = f"{note or '仅显示'}执行率最低的 {limit} 份报告（共 {reports.height:,} 份）"
    rows = reports.sort(["_rate", "unit_canonical_name"]).head(limit)
    label = pl.format(
        "{} · {}年", pl.col("unit_canonical_name").fill_null("未识别单位"), pl.col("fiscal_year")
    )
    return rows.select(
        label.alias("label"),
        "execution_rate_pct",
        "execution_rate_derived_pct",
        "report_id",
    ), note


def region_level_for(frame: pl.DataFrame) -> str:
    """The finest region level that still gives a readable chart (≤ 8 regions)."""
    for level in ("county", "city", "province"):
        names = frame.filter(pl.col("region_level") == level)["region_name"].n_unique()
        if 1 < names <= 8:
            return level
    return "province"


def kind_name(column: str) -> pl.Expr:
    """部门整体 / 项目支出 for a kind column."""
    return pl.col(column).replace_strict(KIND_LABELS, default="未知", return_dtype=pl.String)
