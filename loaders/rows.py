"""Extracted record → table rows, and the report's identity.

Identity: a report is not its file. Its key comes from the extracted facts,
``unit_id|fiscal_year|kind|subject`` (the subject only for project reports),
and from a hash of the document's text, whitespace removed, when one of those
facts is unknown. So the same report in another encoding or format has one
key. Pure functions: no database here (`loaders.store` writes the rows).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from loaders.model import SCHEMA_VERSION, Budget, Expense, Indicator, Report
from loaders.pipeline import ExtractResult

REPORT_TABLES = (
    "reports",
    "projects",
    "indicators",
    "expenses",
    "warnings",
    "evidence",
    "source_lines",
)


@dataclass(frozen=True)
class ResolvedUnit:
    """The canonical unit a report belongs to (see `resolve_unit`)."""

    unit_id: str
    canonical_name: str
    province: str | None
    city: str | None
    county: str | None
    matched_by: str


def resolve_unit(record: Report) -> ResolvedUnit | None:
    """The one call into the unit registry (`loaders.units.canonical_unit`).

    None when the registry cannot tell the unit apart from others (no name,
    or only 我局): the report is then keyed by its text, never by a guess.
    """
    # Imported here: the writer's process imports this module for its types and encoding,
    # and resolves no unit (the ingest workers do, `loaders.worker`).
    from loaders.extract.regions import Region
    from loaders.units import canonical_unit

    stated = record.unit
    region = Region(province=stated.province, city=stated.city, county=stated.county)
    found = canonical_unit(stated.name, region, record.source.file)
    if not found.unit_id:
        return None
    return ResolvedUnit(
        unit_id=found.unit_id,
        canonical_name=found.canonical_name or stated.name or found.unit_id,
        province=found.province,
        city=found.city,
        county=found.county,
        matched_by=found.matched_by,
    )


def text_key(lines: list[str]) -> str:
    """A hash of the document text with all whitespace removed: equal for the
    same text in any encoding or line wrapping."""
    text = re.sub(r"\s+", "", "".join(lines))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def report_key(record: Report, lines: list[str], unit: ResolvedUnit | None) -> tuple[str, str]:
    """(key, basis): basis 'facts' when unit, year, kind (and, for a project
    report, its subject or else its title) are known; else 'text'.

    The title stands in for a missing subject so that the .txt and .docx of
    one project report (whose texts differ in layout) still share a key."""
    subject = re.sub(r"\s+", "", record.subject or "")
    if record.kind == "project" and not subject:
        subject = "title:" + re.sub(r"\s+", "", record.title or "") if record.title else ""
    if (
        unit is not None
        and record.fiscal_year is not None
        and record.kind
        and (record.kind != "project" or subject)
    ):
        return f"{unit.unit_id}|{record.fiscal_year}|{record.kind}|{subject}", "facts"
    return f"text:{text_key(lines)}", "text"


def report_id_of(key: str) -> str:
    """A short stable id of a report key (16 hex digits)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def fact_count(record: Report) -> int:
    """How many facts a record states: top-level values plus rows."""
    top = [
        record.title,
        record.unit.name,
        record.fiscal_year,
        record.kind,
        record.subject,
        record.report_date,
        record.total_score,
        record.grade,
        record.staff.authorized,
        record.staff.actual,
        *asdict(record.budget).values(),
    ]
    rows = len(record.indicators) + len(record.expenses) + len(record.projects)
    rows += sum(len(p.indicators) + len(p.expenses) for p in record.projects)
    return sum(v is not None for v in top) + rows


def _dec(value: float | int | None) -> str | None:
    """A stated number as exact decimal text (the float's shortest repr), for a DECIMAL column.

    Text, not `decimal.Decimal`: it reaches the store inside JSON (`encode`), and DuckDB
    casts the text to the column's DECIMAL(18, 6) exactly as it cast a Decimal (rounding
    alike; checked on 4,000 values).
    """
    if value is None:
        return None
    return repr(value) if isinstance(value, float) else str(int(value))


def _budget_cols(budget: Budget) -> dict[str, Any]:
    return {
        "budget_initial_wan": _dec(budget.initial_wan),
        "budget_final_wan": _dec(budget.final_wan),
        "executed_wan": _dec(budget.executed_wan),
        "execution_rate_pct": _dec(budget.execution_rate_pct),
    }


def _iso_date(text: str | None) -> tuple[date | None, str | None]:
    if text is None:
        return None, None
    try:
        return date.fromisoformat(text), None
    except ValueError:
        return None, f"report_date '{text}' is not an ISO date; stored as null"


def report_rows(
    result: ExtractResult, report_id: str, key: tuple[str, str], unit: ResolvedUnit | None
) -> dict[str, list[dict[str, Any]]]:
    """Every row one extracted record becomes, by table name. Only the ``reports`` row
    names its `report_id`: the rows of the other tables have it too, stated once for all of
    them (`prepare`, `encode`)."""
    record = result.record
    assert record is not None, "a failed extraction has no rows"
    report_date, date_problem = _iso_date(record.report_date)
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in REPORT_TABLES}
    rows["reports"].append(
        {
            "report_id": report_id,
            "report_key": key[0],
            "key_basis": key[1],
            "source_path": str(result.path),
            "source_sha256": result.sha256,
            "source_format": result.format,
            "schema_version": SCHEMA_VERSION,
            "title": record.title,
            "unit_id": unit.unit_id if unit else None,
            "unit_name": record.unit.name,
            "unit_matched_by": unit.matched_by if unit else None,
            "unit_province": record.unit.province,
            "unit_city": record.unit.city,
            "unit_county": record.unit.county,
            "fiscal_year": record.fiscal_year,
            "kind": record.kind,
            "subject": record.subject,
            "report_date": report_date,
            "total_score": _dec(record.total_score),
            "grade": record.grade,
            **_budget_cols(record.budget),
            "staff_authorized": record.staff.authorized,
            "staff_actual": record.staff.actual,
            "confidence_header": record.confidence.header,
            "confidence_budget": record.confidence.budget,
            "confidence_scores": record.confidence.scores,
            "confidence_indicators": record.confidence.indicators,
            "extract_status": result.status,
            "fact_count": fact_count(record),
        }
    )
    owners: list[tuple[int | None, list[Indicator], list[Expense]]] = [
        (None, record.indicators, record.expenses)
    ]
    for no, project in enumerate(record.projects, start=1):
        rows["projects"].append(
            {
                "project_no": no,
                "name": project.name,
                "total_score": _dec(project.total_score),
                "grade": project.grade,
                **_budget_cols(project.budget),
                "line": project.line,
            }
        )
        owners.append((no, project.indicators, project.expenses))
    for project_no, indicators, expenses in owners:
        for ind in indicators:
            rows["indicators"].append(
                {
                    "indicator_no": len(rows["indicators"]) + 1,
                    "project_no": project_no,
                    "level1": ind.level1,
                    "level2": ind.level2,
                    "name": ind.name,
                    "measure_unit": ind.measure_unit,
                    "target": ind.target,
                    "actual": ind.actual,
                    "target_op": ind.target_op,
                    "note": ind.note,
                    "line": ind.line,
                    "target_value": _dec(ind.target_value),
                    "actual_value": _dec(ind.actual_value),
                    "weight": _dec(ind.weight),
                    "score": _dec(ind.score),
                }
            )
        for exp in expenses:
            rows["expenses"].append(
                {
                    "expense_no": len(rows["expenses"]) + 1,
                    "project_no": project_no,
                    "category": exp.category,
                    "amount_wan": _dec(exp.amount_wan),
                    "line": exp.line,
                }
            )
    warnings = [
        ("extractor", w.code, w.message, w.line, [float(v) for v in w.values], list(w.lines))
        for w in record.warnings
    ]
    warnings += [("reader", "reader_note", note, None, [], []) for note in result.notes]
    if date_problem:
        warnings.append(("store", "report_date_invalid", date_problem, None, [], []))
    if unit is None:
        warnings.append(
            ("store", "unit_unknown", "no unit name found: unit left null", None, [], [])
        )
    for no, (origin, code, message, line, values, lines) in enumerate(warnings, start=1):
        rows["warnings"].append(
            {
                "warning_no": no,
                "origin": origin,
                "code": code,
                "message": message,
                "line": line,
                "evidence_values": values,
                "evidence_lines": lines,
            }
        )
    rows["evidence"] = [
        {"field": f, "line": line}
        for f, line in sorted(record.evidence.items())
        if line is not None
    ]
    rows["source_lines"] = [
        {"line": no, "text": text} for no, text in enumerate(result.lines, start=1)
    ]
    return rows


Encoded = tuple[tuple[str, ...], tuple[str, ...], str]
"""A table's rows as JSON: its columns with a value per row, its columns with one value for
every row (`shared`), and one JSON object holding an array per row-column and the shared
values once. What the store inserts (DuckDB parses it), and what crosses from a worker to
the writer as one string (unpickling a row's values one by one cost the writer's process
~0.15 ms a report)."""


def encode(rows: list[dict[str, Any]], shared: dict[str, Any] | None = None) -> Encoded:
    """Rows that all have the same keys (`report_rows` builds them so), encoded by column;
    `shared`: columns with one value for every row (a report's ``report_id``), stated once.
    A table of one row (``reports``) is all `shared`, with no `rows`: one row per doc."""
    doc = dict(shared or {})
    each = tuple(name for name in rows[0] if name not in doc) if rows else ()
    doc.update((name, [row[name] for row in rows]) for name in each)
    return each, tuple(shared or ()), json.dumps(doc, ensure_ascii=False, default=_json_value)


def _json_value(value: object) -> str:
    """A date or timestamp as DuckDB reads it (`2024-03-01`, `2024-03-01 08:00:00`)."""
    if isinstance(value, date):  # a datetime is a date too
        return str(value)
    raise TypeError(f"no JSON form for {type(value).__name__}")


@dataclass(frozen=True)
class Prepared:
    """One extraction made ready for the store: its unit, key, id and rows by table, encoded
    (`encode`; tables without rows left out).

    Pure, so an ingest works it out in the worker that extracted the file
    (`loaders.worker.extract_prepared`) and the single writer only inserts: building rows was
    half of the writer's time, and the writer is the one process that cannot
    be multiplied.
    """

    unit: ResolvedUnit | None
    key: tuple[str, str]
    report_id: str
    fact_count: int
    tables: dict[str, Encoded]


def prepare(result: ExtractResult) -> Prepared | None:
    """The store's view of an extraction; None for a failed one (no record)."""
    record = result.record
    if record is None:
        return None
    unit = resolve_unit(record)
    key = report_key(record, result.lines, unit)
    report_id = report_id_of(key[0])
    rows = report_rows(result, report_id, key, unit)
    (report,) = rows.pop("reports")  # its one row: every column a single value
    shared = {"report_id": report_id}  # once per table, not once per row (146k times)
    tables = {t: encode(table_rows, shared) for t, table_rows in rows.items() if table_rows}
    tables["reports"] = encode([], report)
    return Prepared(unit, key, report_id, fact_count(record), tables)


@dataclass(frozen=True)
class Extracted:
    """What an ingest worker hands the writer: how one file's extraction went and its
    prepared rows (None when it failed). Not the record itself: the rows hold all of it,
    and unpickling it again cost the writer's process ~0.1 ms a report."""

    format: str | None
    status: str  # ok | partial | failed (`ExtractResult.status`)
    error: str | None
    prepared: Prepared | None
