"""The facts of a synthetic report, drawn at random, and nothing about how
they are printed.

A `ReportFacts` holds what a report states: its unit, year, kind, budget,
score, grade, staff, indicators (each target and actual as the cell text
and, separately, as the operator and number written into it), projects and
expenses. Figures are realistic and carry the inconsistencies real reports
have (a stated total that is not the sum, a grade the score does not imply,
full marks on a missed target, a truncated rate, spending above the budget,
no score at all). Those are facts as stated: the ground truth keeps them.

Randomness comes through a `Chooser` (`random.Random` or Hypothesis's
`draw`), so the same code drives the corpus generator and the property test.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from loaders import fictional
from loaders.synth import vocabulary as vb

T = TypeVar("T")
GRADES = ("优", "良", "中", "差")


class Chooser(Protocol):
    """The two draws every random choice here is made of."""

    def randint(self, low: int, high: int) -> int: ...

    def choice(self, options: Sequence[T]) -> T: ...


class RandomChooser:
    """A `Chooser` over `random.Random` (deterministic for a seed)."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)

    def randint(self, low: int, high: int) -> int:
        return self._rng.randint(low, high)

    def choice(self, options: Sequence[T]) -> T:
        return self._rng.choice(options)


def sample(ch: Chooser, options: Sequence[T], k: int) -> list[T]:
    """`k` distinct options, in the order of `options`."""
    chosen = set(range(len(options)))
    while len(chosen) > k:
        chosen.discard(ch.randint(0, len(options) - 1))
    return [options[i] for i in sorted(chosen)]


def chance(ch: Chooser, p: float) -> bool:
    """True with probability `p`."""
    return ch.randint(0, 999) < round(p * 1000)


@dataclass(frozen=True)
class Indicator:
    """One 三级指标 as stated. `target`/`actual` are the cell texts (operators
    already in their contract form); `target_op`, `target_value`,
    `actual_value` are what was written into them; `name_unit` is the unit
    printed in brackets after the name, `value_unit` the one after the number."""

    level1: str
    level2: str
    name: str
    name_unit: str | None
    value_unit: str | None
    target: str
    actual: str
    target_op: str | None
    target_value: float | None
    actual_value: float | None
    weight: float | None
    score: float | None
    note: str | None

    @property
    def measure_unit(self) -> str | None:
        return self.name_unit or self.value_unit

    @property
    def display_name(self) -> str:
        return f"{self.name}({self.name_unit})" if self.name_unit else self.name


@dataclass(frozen=True)
class Budget:
    """Amounts in 万元 as stated (cents of 万元 exact); the rate as printed."""

    initial_wan: float | None
    final_wan: float | None
    executed_wan: float | None
    execution_rate_pct: float | None


@dataclass(frozen=True)
class Project:
    """A project form attached to a department report."""

    name: str
    budget: Budget
    total_score: float | None
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Expense:
    category: str
    amount_wan: float


@dataclass(frozen=True)
class ReportFacts:
    """Everything one synthetic report states."""

    unit_name: str
    fiscal_year: int
    kind: str  # department | project
    subject: str | None  # the project of a project report
    report_date: str  # ISO
    budget: Budget
    rate_weight: float  # the 分值 of the 预算执行率 row
    rate_score: float
    total_score: float | None
    grade: str | None
    staff_authorized: int | None
    staff_actual: int | None
    indicators: tuple[Indicator, ...]
    projects: tuple[Project, ...] = ()
    expenses: tuple[Expense, ...] = ()
    filler: tuple[str, ...] = field(default=())


def number_text(x: float) -> str:
    """A figure as reports print it: no trailing zeros (95.0 → 95, 94.74)."""
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def place_name(ch: Chooser) -> str:
    """A fictional place: 示例甲子县."""
    stem_branch = ch.choice(fictional.STEMS) + ch.choice(fictional.BRANCHES)
    return ch.choice(fictional.PLACE_PREFIXES) + stem_branch + ch.choice(fictional.PLACE_LEVELS)


def unit_name(ch: Chooser) -> str:
    return place_name(ch) + ch.choice(vb.AGENCIES)


def _rate(executed_cents: int, final_cents: int, ch: Chooser) -> float:
    """The rate as printed: truncated or rounded to two decimals, as reports do."""
    exact = executed_cents * 100 / final_cents
    if chance(ch, 0.5):
        return int(exact * 100 + 1e-9) / 100
    return round(exact, 2)


def draw_budget(ch: Chooser, low: int = 500, high: int = 300_000) -> Budget:
    """Initial, final and executed in cents of 万元, and the printed rate."""
    final = ch.randint(low, high)
    initial = final if chance(ch, 0.5) else final * ch.randint(50, 100) // 100
    band = ch.randint(0, 99)
    if band < 70:
        executed = final * ch.randint(9500, 10000) // 10000
    elif band < 95:
        executed = final * ch.randint(5000, 9500) // 10000
    else:
        executed = final * ch.randint(10001, 10400) // 10000  # spent above the budget
    rate = _rate(executed, final, ch)
    return Budget(initial / 100, final / 100, executed / 100, rate)


def _target(
    ch: Chooser, tpl: vb.IndicatorTemplate, year: int
) -> tuple[str, str | None, float | None, str | None]:
    """(text, op, value, value_unit) of a target; unit in the name for counts."""
    if tpl.shape == "date":
        day = ch.choice(("12月31日之前完成", "12月底前完成", "12月31日前"))
        return f"{year}年{day}", None, None, None
    if tpl.shape == "words":
        return ch.choice(vb.QUALITATIVE_TARGETS), None, None, None
    value = float(ch.randint(tpl.low, tpl.high))
    if tpl.shape == "cost":
        op = "≤"
    elif tpl.shape == "pct" and value >= 100:
        op = "="
    else:
        op = ch.choice(("≥", "≥", "≥", "="))
    unit = "%" if tpl.shape == "pct" else None
    return f"{op}{number_text(value)}{unit or ''}", op, value, unit


def draw_indicator(
    ch: Chooser, level1: str, level2: str, weight: float, year: int, used: set[str]
) -> Indicator:
    """One indicator with its actual, score and (for a deduction) a note."""
    options = [t for t in vb.INDICATORS[(level1, level2)] if t.name not in used]
    tpl = ch.choice(options or list(vb.INDICATORS[(level1, level2)]))
    used.add(tpl.name)
    target, op, value, value_unit = _target(ch, tpl, year)
    name_unit = tpl.unit if tpl.shape in ("count", "cost") else None
    met = chance(ch, 0.85)
    actual_value: float | None = None
    if value is None:
        if tpl.shape == "date":
            actual = f"{year}年12月" if met else f"{year + 1}年3月"
        else:
            actual = target if met else ch.choice(vb.QUALITATIVE_SHORTFALL)
    else:
        factor = ch.randint(100, 130) if met else ch.randint(70, 99)
        if op == "≤":
            factor = 200 - factor
        actual_value = (
            round(value * factor / 100, 2)
            if tpl.shape != "count"
            else float(round(value * factor / 100))
        )
        if tpl.shape == "pct":
            actual_value = min(actual_value, 100.0)
        actual = number_text(actual_value) + (value_unit or "")
    score = weight
    note = None
    if not met and not chance(ch, 0.3):  # 30% keep full marks on a missed target
        score = round(weight * ch.randint(50, 95) / 100, 1)
        if chance(ch, 0.8):  # some deductions come with no reason given
            note = ch.choice(vb.DEVIATION_NOTES)
    return Indicator(
        level1,
        level2,
        tpl.name,
        name_unit,
        value_unit,
        target,
        actual,
        op,
        value,
        actual_value,
        float(weight),
        float(score),
        note,
    )


def _split(total: int, parts: int, ch: Chooser) -> list[int]:
    """`total` points over `parts` indicators, whole numbers ≥ 1."""
    cuts = sorted(ch.randint(1, total - 1) for _ in range(parts - 1)) if parts > 1 else []
    edges = [0, *cuts, total]
    sizes = [b - a for a, b in itertools.pairwise(edges)]
    if any(s == 0 for s in sizes):
        base = total // parts
        sizes = [base] * (parts - 1) + [total - base * (parts - 1)]
    return sizes


def draw_indicators(ch: Chooser, year: int) -> tuple[Indicator, ...]:
    """A standard set: 产出 50, 效益 30, 满意度 10 (the 执行率 row holds 10)."""
    plan = [
        ("产出指标", ("数量指标", "质量指标", "时效指标", "成本指标"), 50),
        ("效益指标", ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"), 30),
        ("满意度指标", ("服务对象满意度指标",), 10),
    ]
    out: list[Indicator] = []
    used: set[str] = set()
    for level1, level2s, points in plan:
        count = 1 if len(level2s) == 1 else ch.randint(2, 4)
        chosen = (
            [level2s[0]]
            if count == 1
            else sorted({ch.choice(level2s) for _ in range(count)}, key=level2s.index)
        )
        rows = [lv2 for lv2 in chosen for _ in range(ch.randint(1, 2))]
        for lv2, weight in zip(rows, _split(points, len(rows), ch), strict=True):
            out.append(draw_indicator(ch, level1, lv2, weight, year, used))
    return tuple(out)


def grade_of(score: float) -> str:
    return "优" if score >= 90 else "良" if score >= 80 else "中" if score >= 60 else "差"


def stated_total(indicators: Sequence[Indicator], rate_score: float, ch: Chooser) -> float:
    """The total as printed: the sum, sometimes a point or two off."""
    total = round(sum(i.score or 0.0 for i in indicators) + rate_score, 2)
    if chance(ch, 0.08):
        total = round(min(100.0, total + ch.choice((-2, -1, 1, 2))), 2)
    return total


def rate_points(budget: Budget, weight: float) -> float:
    rate = budget.execution_rate_pct or 0.0
    return round(min(rate, 100.0) / 100 * weight, 2)


def draw_expenses(ch: Chooser, executed_wan: float) -> tuple[Expense, ...]:
    names = sample(ch, vb.EXPENSE_CATEGORIES, ch.randint(3, 8))
    cents = round(executed_wan * 100)
    shares = _split(max(cents, len(names) + 1), len(names), ch)
    return tuple(Expense(n, s / 100) for n, s in zip(names, shares, strict=True))


def project_name(ch: Chooser) -> str:
    return ch.choice(vb.PROJECT_TOPICS) + ch.choice(vb.PROJECT_SUFFIXES)


def _score_and_grade(
    ch: Chooser, indicators: Sequence[Indicator], rate_score: float
) -> tuple[float | None, str | None]:
    """The stated total and grade: usually both, sometimes only one, and a
    grade that the score does not imply now and then."""
    total = stated_total(indicators, rate_score, ch)
    form = ch.randint(0, 99)
    if form < 4:
        return None, grade_of(total)  # 绩效自评结果为良: a grade with no score
    if form < 8:
        return total, None
    grade = grade_of(total)
    if chance(ch, 0.05):
        grade = GRADES[max(0, GRADES.index(grade) - 1)]  # a generous grade
    return total, grade


def draw_project(ch: Chooser, year: int, name: str) -> Project:
    budget = draw_budget(ch, 500, 50_000)
    indicators = draw_indicators(ch, year)
    total = stated_total(indicators, rate_points(budget, 10), ch)
    return Project(name, budget, total, indicators)


def draw_report(ch: Chooser, year: int | None = None, unit: str | None = None) -> ReportFacts:
    """One report's facts. `year`/`unit` fix those (a unit's report series)."""
    year = year if year is not None else ch.randint(2017, 2024)
    unit = unit or unit_name(ch)
    kind = "department" if chance(ch, 0.35) else "project"
    budget = draw_budget(ch)
    indicators = draw_indicators(ch, year)
    rate_score = rate_points(budget, 10)
    total, grade = _score_and_grade(ch, indicators, rate_score)
    month, day = ch.randint(1, 6), ch.randint(1, 28)
    projects: tuple[Project, ...] = ()
    subject = None
    staff: tuple[int | None, int | None] = (None, None)
    if kind == "department":
        names: list[str] = []
        for _ in range(ch.randint(0, 2)):
            name = project_name(ch)
            if name not in names:
                names.append(name)
        projects = tuple(draw_project(ch, year, n) for n in names)
        authorized = ch.randint(8, 300)
        staff = (authorized, max(1, authorized - ch.randint(0, 6)))
    else:
        subject = project_name(ch)
    expenses = draw_expenses(ch, budget.executed_wan or 0.0) if chance(ch, 0.4) else ()
    filler = tuple(ch.choice(vb.FILLER) for _ in range(ch.randint(2, 6)))
    return ReportFacts(
        unit_name=unit,
        fiscal_year=year,
        kind=kind,
        subject=subject,
        report_date=f"{year + 1}-{month:02d}-{day:02d}",
        budget=budget,
        rate_weight=10.0,
        rate_score=rate_score,
        total_score=total,
        grade=grade,
        staff_authorized=staff[0],
        staff_actual=staff[1],
        indicators=indicators,
        projects=projects,
        expenses=expenses,
        filler=filler,
    )
