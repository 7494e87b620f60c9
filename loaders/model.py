"""The extracted record: field names are the extract contract's names.

`Report.to_dict()` is exactly the JSON that `python -m loaders extract`
prints (schema version 1, see the shared `extract-contract.md`). A value the
report does not state is None; nothing here is ever derived.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = 1


@dataclass
class Source:
    file: str
    sha256: str
    format: str
    reader: str | None = None


@dataclass
class Unit:
    name: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None


@dataclass
class Budget:
    initial_wan: float | None = None
    final_wan: float | None = None
    executed_wan: float | None = None
    execution_rate_pct: float | None = None

    def is_empty(self) -> bool:
        return all(v is None for v in vars(self).values())  # asdict would deep-copy: 10x slower


@dataclass
class Staff:
    authorized: int | None = None
    actual: int | None = None


@dataclass
class Indicator:
    level1: str | None
    level2: str | None
    name: str
    measure_unit: str | None = None
    target: str | None = None
    actual: str | None = None
    target_op: str | None = None
    target_value: float | None = None
    actual_value: float | None = None
    weight: float | None = None
    score: float | None = None
    note: str | None = None
    line: int | None = None


@dataclass
class Expense:
    category: str
    amount_wan: float
    line: int | None = None


@dataclass
class Warning:
    """Something the extractor noticed but could not settle. `values` and
    `lines` hold the evidence (both figures of a conflict and where each
    was stated), so the audit can show it without re-reading the file."""

    code: str
    message: str
    line: int | None = None
    values: list[float] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


@dataclass
class Project:
    name: str
    budget: Budget = field(default_factory=Budget)
    total_score: float | None = None
    grade: str | None = None
    indicators: list[Indicator] = field(default_factory=list)
    expenses: list[Expense] = field(default_factory=list)
    line: int | None = None


@dataclass
class Confidence:
    """0..1 per field group: how sure the extractor is of what it filled in
    (1.0: read from a labelled table cell or an unambiguous sentence; lower
    when found by a looser pattern or when sources conflict)."""

    header: float = 0.0
    budget: float = 0.0
    scores: float = 0.0
    indicators: float = 0.0


@dataclass
class Report:
    source: Source
    title: str | None = None
    unit: Unit = field(default_factory=Unit)
    fiscal_year: int | None = None
    kind: str | None = None
    subject: str | None = None
    report_date: str | None = None
    total_score: float | None = None
    grade: str | None = None
    budget: Budget = field(default_factory=Budget)
    staff: Staff = field(default_factory=Staff)
    indicators: list[Indicator] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    expenses: list[Expense] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    confidence: Confidence = field(default_factory=Confidence)
    evidence: dict[str, int] = field(default_factory=dict)
    """Field path → source line, for the facts that are not rows (unit.name,
    total_score, budget.final_wan …), so every number can be traced."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        out.update(asdict(self))
        return out
