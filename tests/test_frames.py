"""The pure reshapes pages make of query results (`dashboard.frames`)."""

from __future__ import annotations

import polars as pl

from dashboard import frames


def _picked(rates: list[float | None], pick_count: int, pick_year: int | None) -> pl.DataFrame:
    """Rows as execution_rates' $lowest_rates returns them: in the listing's order."""
    n = len(rates)
    return pl.DataFrame(
        {
            "unit_canonical_name": ["昆明市呈贡区信访局", None, "巴彦淖尔市信访局"][:n],
            "fiscal_year": [2023, 2024, 2024][:n],
            "execution_rate_pct": rates,
            "execution_rate_derived_pct": [None, 80.0, 99.8694][:n],
            "report_id": ["a", "b", "c"][:n],
            "pick_count": [pick_count] * n,
            "pick_year": pl.Series([pick_year] * n, dtype=pl.Int32),
        }
    )


def test_execution_bars_go_lowest_first_with_labels() -> None:
    bars, note = frames.execution_bars(_picked([60.3, None, 99.86], 3, None), limit=30)
    assert bars["report_id"].to_list() == ["a", "b", "c"]  # 60.3, 80 (derived), 99.86
    assert bars["label"].to_list() == [
        "昆明市呈贡区信访局 · 2023年",
        "未识别单位 · 2024年",
        "巴彦淖尔市信访局 · 2024年",
    ]
    assert note == ""


def test_execution_bars_say_what_was_left_out() -> None:
    _, note = frames.execution_bars(_picked([99.86, 100.0], 2, 2024), limit=2)
    assert note == "仅显示2024年"
    _, note = frames.execution_bars(_picked([99.86, 100.0], 12_500, 2024), limit=2)
    assert note == "仅显示2024年执行率最低的 2 份报告（共 12,500 份）"
    _, note = frames.execution_bars(_picked([99.86, 100.0], 5, None), limit=2)
    assert note == "仅显示执行率最低的 2 份报告（共 5 份）"


def test_execution_bars_of_nothing_are_empty() -> None:
    bars, note = frames.execution_bars(_picked([], 0, None), limit=30)
    assert bars.is_empty()
    assert bars.columns == [
        "label",
        "execution_rate_pct",
        "execution_rate_derived_pct",
        "report_id",
    ]
    assert note == ""
