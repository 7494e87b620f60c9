"""Helpers of the report-shape tests: the fictional reports in tests/fixtures/shapes/
and the facts of a report as tuples a test can compare at a glance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from loaders.model import Budget, Indicator, Report
from loaders.pipeline import extract_text

SHAPES = Path(__file__).parent / "fixtures" / "shapes"


def extract(name: str) -> Report:
    return extract_text((SHAPES / name).read_text(encoding="utf-8"), name)


def money(b: Budget) -> tuple[float | None, ...]:
    return (b.initial_wan, b.final_wan, b.executed_wan, b.execution_rate_pct)


def row(i: Indicator) -> tuple[Any, ...]:
    """An indicator as (一级, 二级, 名称, 单位, 指标值, 完成值, 分值, 得分)."""
    return (i.level1, i.level2, i.name, i.measure_unit, i.target, i.actual, i.weight, i.score)


def codes(r: Report) -> list[str]:
    return [w.code for w in r.warnings]
