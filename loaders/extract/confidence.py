"""How sure the extractor is of each field group, 0..1.

1.0: read from a labelled form cell or an unambiguous sentence and not
contradicted; lower when found by a looser pattern, when sources conflict,
or when the group is missing. The dashboard sends reports below
`REVIEW_THRESHOLD` in any group to a person.
"""

from __future__ import annotations

from loaders.model import Confidence, Report

REVIEW_THRESHOLD = 0.6


def confidence(report: Report, has_form: bool) -> Confidence:
    codes = {w.code for w in report.warnings}
    header_found = [
        report.unit.name is not None,
        report.fiscal_year is not None,
        report.kind is not None,
    ]
    header = sum(header_found) / len(header_found)
    if "unit_name_composed" in codes:
        header -= 0.2
    b = report.budget
    stated = [b.initial_wan, b.final_wan, b.executed_wan, b.execution_rate_pct]
    budget = 0.0 if all(v is None for v in stated) else (1.0 if has_form else 0.8)
    if "conflicting_figures" in codes:
        budget -= 0.3
    scores = 0.0 if report.total_score is None and report.grade is None else 1.0
    if "score_conflict" in codes or "grade_conflict" in codes:
        scores -= 0.4
    inds = report.indicators or [i for p in report.projects for i in p.indicators]
    if not inds:
        indicators = 0.0
    else:
        complete = sum(
            1 for i in inds if i.target is not None and (i.actual is not None or i.weight is None)
        )
        indicators = (
            complete
            / len(inds)
            * (1.0 if has_form or any(i.weight is not None for i in inds) else 0.8)
        )
    return Confidence(
        header=round(max(header, 0.0), 2),
        budget=round(max(budget, 0.0), 2),
        scores=round(max(scores, 0.0), 2),
        indicators=round(max(indicators, 0.0), 2),
    )
