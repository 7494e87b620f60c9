"""Ground truth: the facts a synthetic report states, as the extract contract
(`loaders.model.Report.to_dict()`) shapes them, and the comparable part of
an extracted record.

`truth_record(facts)` is what a perfect extractor returns for the printed
facts (`loaders.synth.layouts.printed`). `comparable(record)` keeps the
fields a report states (no source, lines, evidence, confidence or warnings:
those describe the extraction, not the report) with numbers rounded to six
decimals, so `comparable(extracted) == comparable(truth)` is the round trip.
"""

from __future__ import annotations

from typing import Any

from loaders.model import SCHEMA_VERSION
from loaders.synth.facts import Budget, Expense, Indicator, ReportFacts

INDICATOR_FIELDS = (
    "level1",
    "level2",
    "name",
    "measure_unit",
    "target",
    "actual",
    "target_op",
    "target_value",
    "actual_value",
    "weight",
    "score",
    "note",
)


def title_of(facts: ReportFacts) -> str:
    """The report's title line."""
    if facts.kind == "department":
        return f"{facts.unit_name}{facts.fiscal_year}年度部门整体支出绩效自评报告"
    return f"{facts.unit_name}{facts.fiscal_year}年度{facts.subject}项目支出绩效自评报告"


def _budget(b: Budget) -> dict[str, Any]:
    return {
        "initial_wan": b.initial_wan,
        "final_wan": b.final_wan,
        "executed_wan": b.executed_wan,
        "execution_rate_pct": b.execution_rate_pct,
    }


def _indicator(i: Indicator) -> dict[str, Any]:
    return {
        "level1": i.level1 or None,
        "level2": i.level2 or None,
        "name": i.name,
        "measure_unit": i.measure_unit,
        "target": i.target,
        "actual": i.actual or None,
        "target_op": i.target_op,
        "target_value": i.target_value,
        "actual_value": i.actual_value,
        "weight": i.weight,
        "score": i.score,
        "note": i.note,
    }


def _expense(e: Expense) -> dict[str, Any]:
    return {"category": e.category, "amount_wan": e.amount_wan}


def truth_record(facts: ReportFacts) -> dict[str, Any]:
    """The contract JSON of the printed facts (region: none, the places are fictional)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "title": title_of(facts),
        "unit": {"name": facts.unit_name, "province": None, "city": None, "county": None},
        "fiscal_year": facts.fiscal_year,
        "kind": facts.kind,
        "subject": facts.subject,
        "report_date": facts.report_date,
        "total_score": facts.total_score,
        "grade": facts.grade,
        "budget": _budget(facts.budget),
        "staff": {"authorized": facts.staff_authorized, "actual": facts.staff_actual},
        "indicators": [_indicator(i) for i in facts.indicators],
        "projects": [
            {
                "name": p.name,
                "budget": _budget(p.budget),
                "total_score": p.total_score,
                "grade": None,
                "indicators": [_indicator(i) for i in p.indicators],
                "expenses": [],
            }
            for p in facts.projects
        ],
        "expenses": [_expense(e) for e in facts.expenses],
    }


def _round(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return round(float(value), 6)
    return value


def _budget_view(b: dict[str, Any]) -> dict[str, Any]:
    return {k: _round(b.get(k)) for k in _budget(Budget(None, None, None, None))}


def _indicators_view(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: _round(r.get(k)) for k in INDICATOR_FIELDS} for r in rows]


def _expenses_view(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"category": r["category"], "amount_wan": _round(r["amount_wan"])} for r in rows]


def comparable(record: dict[str, Any]) -> dict[str, Any]:
    """The stated facts of a contract record, numbers rounded to 6 decimals."""
    return {
        "title": record.get("title"),
        "unit": dict(record.get("unit") or {}),
        "fiscal_year": record.get("fiscal_year"),
        "kind": record.get("kind"),
        "subject": record.get("subject"),
        "report_date": record.get("report_date"),
        "total_score": _round(record.get("total_score")),
        "grade": record.get("grade"),
        "budget": _budget_view(record.get("budget") or {}),
        "staff": dict(record.get("staff") or {}),
        "indicators": _indicators_view(record.get("indicators") or []),
        "projects": [
            {
                "name": p.get("name"),
                "budget": _budget_view(p.get("budget") or {}),
                "total_score": _round(p.get("total_score")),
                "grade": p.get("grade"),
                "indicators": _indicators_view(p.get("indicators") or []),
                "expenses": _expenses_view(p.get("expenses") or []),
            }
            for p in record.get("projects") or []
        ],
        "expenses": _expenses_view(record.get("expenses") or []),
    }


def differences(extracted: dict[str, Any], truth: dict[str, Any]) -> list[str]:
    """Field paths where the comparable parts differ, with both values."""
    out: list[str] = []

    def walk(path: str, got: Any, want: Any) -> None:
        if isinstance(want, dict) and isinstance(got, dict):
            for key in want.keys() | got.keys():
                walk(f"{path}.{key}" if path else key, got.get(key), want.get(key))
        elif isinstance(want, list) and isinstance(got, list) and len(got) == len(want):
            for n, (g, w) in enumerate(zip(got, want, strict=True)):
                walk(f"{path}[{n}]", g, w)
        elif got != want:
            out.append(f"{path}: extracted {got!r}, stated {want!r}")

    walk("", comparable(extracted), comparable(truth))
    return out
