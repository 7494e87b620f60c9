"""Document model → Report: the extractor's entry point.

Each part of the record comes from its own module; this one decides which
source wins when a report states a fact more than once (the department
form over prose for budgets, the prose conclusion over a form's 总分 for the
total score) and records the conflicts as warnings.
"""

from __future__ import annotations

from loaders.extract import budget as budget_mod
from loaders.extract import header, indicators, projects, scoring
from loaders.extract.breakdowns import budget_part_mismatches, expenses, part_mismatches
from loaders.extract.confidence import confidence
from loaders.extract.forms import Form, has_budget_header, has_indicator_header, split_forms
from loaders.extract.regions_bridge import locate_unit
from loaders.extract.scoring import Stated
from loaders.extract.sections import project_sections
from loaders.extract.streams import reshape
from loaders.extract.text import Line, pin_line, prose
from loaders.extract.unitname import find_unit_name
from loaders.model import Indicator, Project, Report, Source, Staff, Warning
from loaders.readers.ir import Document


def extract_report(doc: Document, source: Source) -> Report:
    doc = reshape(doc)
    lines = prose(doc)
    forms = split_forms(doc)
    report = Report(source=source)
    ev = report.evidence

    title, title_line = header.find_title(lines)
    report.title = title
    report.kind = header.report_kind(title, lines)
    report.report_date, date_line = header.report_date(lines)
    report.fiscal_year, year_line = header.fiscal_year(title, lines, report.report_date)
    _note(ev, "title", title_line)
    _note(ev, "report_date", date_line)
    _note(ev, "fiscal_year", year_line or title_line)

    name, name_line, composed = find_unit_name(title, lines, forms)
    report.unit = locate_unit(name, doc)
    _note(ev, "unit.name", name_line)
    if composed:
        report.warnings.append(
            Warning(
                "unit_name_composed",
                f"单位全称未在报告中出现,由报告中的单位类别与同级机关所在地组合得出: {name}",
                name_line,
                lines=[name_line] if name_line else [],
            )
        )
    report.subject = header.subject(title, name, report.kind)

    own, project_forms = _own_form(forms, report.kind)
    if report.subject is None and report.kind == "project" and own is not None and own.name:
        report.subject = own.name
        _note(ev, "subject", own.name_line)
    sections = []
    if report.kind == "project" and report.subject is None and own is None and not project_forms:
        sections = project_sections(lines)
    in_sections = {ln.line for section in sections for ln in section.lines}
    whole = [ln for ln in lines if ln.line not in in_sections]  # about the report as a whole
    _fill_budget(report, own, whole, project_forms)
    _fill_scores(report, own, whole, doc.lines)
    report.indicators = _indicators(own, lines)
    report.projects = [section.project for section in sections]
    projects.merge(report.projects, _projects(report, project_forms, forms, lines))
    report.expenses = expenses(lines)
    authorized, actual, where = header.staff(lines)
    report.staff = Staff(authorized=authorized, actual=actual)
    ev.update(where)
    report.warnings.extend(part_mismatches(lines))
    report.confidence = confidence(report, own is not None)
    _pin_evidence(report, doc)
    return report


def _pin_evidence(report: Report, doc: Document) -> None:
    """A fact found in a paragraph joined over wrapped lines carries the
    paragraph's first line; move it to the line that holds the figure."""
    for key, line in list(report.evidence.items()):
        value: object = report
        for part in key.split("."):
            value = getattr(value, part, None)
        if isinstance(value, (int, float, str)):
            report.evidence[key] = pin_line(doc.lines, line, value)


def _note(evidence: dict[str, int], key: str, line: int | None) -> None:
    if line is not None:
        evidence[key] = line


def _own_form(forms: list[Form], kind: str | None) -> tuple[Form | None, list[Form]]:
    """The form about the report's own subject, and the forms of other projects."""
    dept = [f for f in forms if f.kind == "department"]
    named = [f for f in forms if f.kind == "project"]
    unnamed = [
        f for f in forms if f.kind is None and (has_indicator_header(f) or has_budget_header(f))
    ]
    if dept:
        return dept[0], named
    if kind == "department":
        # A department report's unnamed indicator table (no 预算单位名称 cell, no form
        # title) is the department's own: project tables name their project.
        scored = [f for f in unnamed if has_indicator_header(f)]
        return (scored[0] if scored else None), named
    if kind == "project":
        if len(named) == 1 and not unnamed:
            return named[0], []
        if unnamed:
            return unnamed[0], named
    return None, named


def _fill_budget(
    report: Report, own: Form | None, lines: list[Line], project_forms: list[Form]
) -> None:
    figures = budget_mod.prose_figures(lines)
    if report.kind == "project" and own is None and len(project_forms) > 1:
        # A report on several projects: what a project's own form states is that project's.
        figures = budget_mod.not_of_projects(
            figures, [budget_mod.from_form(f)[0] for f in project_forms]
        )
    prose_budget, prose_lines, conflicts = budget_mod.whole_budget(figures, report.kind)
    if own is not None:
        report.budget, where = budget_mod.from_form(own)
        for field, line in where.items():
            report.evidence[f"budget.{field}"] = line
    if report.budget.is_empty():
        report.budget = prose_budget
        for field, line in prose_lines.items():
            report.evidence[f"budget.{field}"] = line
    else:
        conflicts = [
            budget_mod.Figure(_role(f), getattr(prose_budget, f), prose_lines[f])
            for f in prose_lines
            if getattr(report.budget, f) not in (None, getattr(prose_budget, f))
        ]
    for fig in conflicts:
        field = "execution_rate_pct" if fig.role == "rate" else f"{fig.role}_wan"
        stated = getattr(report.budget, field)
        first = report.evidence.get(f"budget.{field}")
        report.warnings.append(
            Warning(
                "conflicting_figures",
                f"{_FIELD_NAMES[field]}前后不一致: {stated:g}(第{first}行) "
                f"与 {fig.value:g}(第{fig.line}行)",
                fig.line,
                values=[stated, fig.value],
                lines=[x for x in (first, fig.line) if x],
            )
        )
    whole = {
        role: (getattr(report.budget, f"{role}_wan"), report.evidence.get(f"budget.{role}_wan", 0))
        for role in budget_mod.ROLES
        if getattr(report.budget, f"{role}_wan") is not None
    }
    if report.kind == "department":
        report.warnings.extend(budget_part_mismatches(figures, whole))


_FIELD_NAMES = {
    "initial_wan": "年初预算",
    "final_wan": "全年预算",
    "executed_wan": "全年执行数",
    "execution_rate_pct": "执行率",
}


def _role(field: str) -> str:
    return "rate" if field == "execution_rate_pct" else field.removesuffix("_wan")


def _fill_scores(report: Report, own: Form | None, lines: list[Line], source: list[str]) -> None:
    scores: list[Stated] = scoring.prose_scores(lines)
    grades: list[Stated] = scoring.prose_grades(lines)
    if own is not None:
        table_score, table_grade = scoring.form_total(own)
        table_grade = table_grade or scoring.form_grade(own)
        scores += [table_score] if table_score else []
        grades += [table_grade] if table_grade else []
    scores = [Stated(s.value, pin_line(source, s.line, s.value), s.source) for s in scores]
    if scores:
        report.total_score = float(scores[0].value)
        report.evidence["total_score"] = scores[0].line
    if grades:
        report.grade = str(grades[0].value)
        report.evidence["grade"] = grades[0].line
    for code, stated, what in (
        ("score_conflict", scores, "总分"),
        ("grade_conflict", grades, "等级"),
    ):
        differing = [s for s in stated[1:] if s.value != stated[0].value]
        if differing:
            other = differing[0]
            report.warnings.append(
                Warning(
                    code,
                    f"报告中{what}前后不一致: {stated[0].value}"
                    f"(第{stated[0].line}行,{_SOURCE[stated[0].source]}) "
                    f"与 {other.value}(第{other.line}行,{_SOURCE[other.source]}); 取前者",
                    other.line,
                    values=[float(s.value) for s in (stated[0], other)]
                    if code == "score_conflict"
                    else [],
                    lines=[stated[0].line, other.line],
                )
            )


_SOURCE = {"prose": "正文", "table": "自评表"}


def _indicators(own: Form | None, lines: list[Line]) -> list[Indicator]:
    if own is not None:
        found, _end = indicators.from_form(own)
        if found:
            return found
    return indicators.from_prose_rows(lines) or indicators.from_target_lists(lines)


def _projects(
    report: Report, project_forms: list[Form], forms: list[Form], lines: list[Line]
) -> list[Project]:
    out: list[Project] = []
    for form in project_forms:
        found, _end = indicators.from_form(form)
        budget, _where = budget_mod.from_form(form)
        score, grade = scoring.form_total(form)
        out.append(
            Project(
                name=form.name or "",
                budget=budget,
                total_score=float(score.value) if score else None,
                grade=str(grade.value) if grade else None,
                indicators=found,
                line=form.name_line or form.line,
            )
        )
    for form in forms:
        if form.kind == "basic_data":
            projects.merge(out, projects.from_basic_data(form, report.fiscal_year))
    listed = [
        p
        for p in projects.from_prose_lists(lines)
        if not (report.subject and projects.similar(p.name, report.subject))
    ]
    projects.merge(out, listed)
    return [p for p in out if p.name and not (p.budget.is_empty() and not p.indicators)]
