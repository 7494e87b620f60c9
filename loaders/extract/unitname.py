"""The reporting unit's name, in the fullest form the report gives.

Reports name their unit in a form cell (预算单位名称, 实施单位), the title
(`XX局2022年度…报告`), the signature, or only in passing (`我局` with the full
name inside a cited regulation, `市信访局` with the city elsewhere). The
extractor first finds what kind of unit it is (its core name, 信访局), then
the longest place-qualified form of that core anywhere in the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from loaders.extract import vocab
from loaders.extract.forms import Form
from loaders.extract.place_scan import could_end_place, could_start_place
from loaders.extract.regions import place_prefix
from loaders.extract.text import Line

_CJK = "\u4e00-\u9fff"
ORG = re.compile(rf"[{_CJK}()]{{2,30}}?{vocab.ORG_SUFFIX}(?:本级)?")
_UNIT_LABEL_LINE = re.compile(
    r"^(?:预算单位名称|单位名称|部门名称|部门\(单位\)名称|预算部门、单位名称|填报单位|评价单位|报送单位)"
    r"(?:\(盖章\))?[::]\s*(.+)$"
)
_FINANCE_BUREAU = re.compile(r"财政(?:局|厅)")
_SEAL_AND_SPACES = re.compile(r"\(盖章\)|_+|\s+")
_LEVEL_WORD = re.compile(r"^(省|市|区|县|州|旗)(?=.{2,})")
_SELF_REFERENCE = re.compile(r"(?:我|本)(局|委|办|院|所|中心|站|队|会|馆|厅|处|校)(?![门位级])")


def split_place(name: str) -> tuple[str, str]:
    """`怀化市洪江区信访局` → (`怀化市洪江区`, `信访局`); (``, name) when no place leads."""
    _region, rest = place_prefix(name)
    return name[: len(name) - len(rest)], rest


def _known_place(name: str) -> str:
    """The leading place of `name` when the gazetteer knows it (or its city or
    province): `按照县信访局` has a county-shaped word that is no place."""
    region, rest = place_prefix(name)
    if region.province is None and region.city is None:
        return ""
    return name[: len(name) - len(rest)]


def _clean(value: str) -> str | None:
    value = _SEAL_AND_SPACES.sub("", value).removesuffix("本级")
    m = ORG.fullmatch(value)
    return value if m else None


def _core(name: str) -> str:
    """The unit's own name without its place: `攀枝花市西区信访局` → `信访局`;
    a bare level word left in front (`区信访局`) is dropped too."""
    _place, rest = split_place(name)
    return _LEVEL_WORD.sub("", rest)


_BEFORE_YEAR = re.compile(rf"^(?:关于)?({ORG.pattern}?)(?=20\d\d年)")


def _title_org(title: str | None) -> str | None:
    if not title:
        return None
    before = _BEFORE_YEAR.match(title)  # `示例县司法局2023年度…报告`
    if before and (name := _clean(before.group(1))):
        return name
    text = re.sub(r"^.*?20\d\d年度?", "", title) or title
    m = re.match(rf"({ORG.pattern}?)(?=20\d\d|部门|整体|项目|预算|绩效|关于|支出|本级|单位)", text)
    return _clean(m.group(1)) if m else None


def _candidates(
    title: str | None, lines: list[Line], forms: list[Form]
) -> list[tuple[str, int | None]]:
    """Named units in order of trust: department form, title, signature, project forms."""
    out: list[tuple[str, int | None]] = []
    for form in forms:
        for label in ("预算单位名称", "单位名称", "部门名称"):
            if label in form.labels and (name := _clean(form.labels[label][0])):
                out.append((name, form.labels[label][1]))
    for ln in lines[:12]:
        m = _UNIT_LABEL_LINE.match(ln.text)
        if m and (name := _clean(m.group(1))):
            out.append((name, ln.line))
    if (name := _title_org(title)) is not None:
        out.append((name, lines[0].line if lines else None))
    for ln in reversed(lines[-8:]):
        signed = vocab.DATE.sub("", ln.text).strip()  # `XX局 2024年1月25日` on one line
        if len(signed) <= 30 and (name := _clean(signed)):
            out.append((name, ln.line))
    for form in forms:
        for label in ("实施单位", "主管部门", "主管部门及代码"):
            if label in form.labels and (name := _clean(form.labels[label][0])):
                out.append((name, form.labels[label][1]))
    return out


def _core_from_body(text: str) -> str | None:
    """For a report that only says 我局: the most named unit of that kind."""
    m = _SELF_REFERENCE.search(text)
    if not m:
        return None
    suffix = m.group(1)
    cores: Counter[str] = Counter()
    for found in re.finditer(rf"[{_CJK}]{{1,12}}?{suffix}", text):
        core = _core(found.group(0))
        if len(core) >= 3 and not _SELF_REFERENCE.fullmatch(core) and "财政" not in core:
            cores[core] += 1
    return cores.most_common(1)[0][0] if cores else None


def _place_before(window: str, follower: str) -> str:
    """The known place that `window` ends with when `follower` comes next
    (`…按照怀化市洪江区` + `信访局` → `怀化市洪江区`), read from the first
    character it can start at; "" when there is none."""
    if not window or not could_end_place(window[-1]):
        return ""  # the cheap test: most text before a unit's name ends in no place
    for start in range(len(window)):
        if not "\u4e00" <= window[start] <= "\u9fff" or not could_start_place(window, start):
            continue
        place = _known_place(window[start:] + follower)
        if place and len(place) == len(window) - start:
            return place
    return ""


def _occurrences(needle: str, text: str) -> Iterator[int]:
    """Where `needle` starts in `text`, left to right, not overlapping (as
    re.finditer would, without compiling a pattern for every unit's name)."""
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + len(needle))


def _fullest(core: str, text: str) -> str | None:
    """The longest `<place><core>` in the text."""
    best: str | None = None
    for start in _occurrences(core, text):
        place = _place_before(text[max(0, start - 16) : start], core)
        if place and (best is None or len(place + core) > len(best)):
            best = place + core
    return best


def find_unit_name(
    title: str | None, lines: list[Line], forms: list[Form]
) -> tuple[str | None, int | None, bool]:
    """(name, line, composed). `composed` is True when the place came from
    another body of the same government (`青龙满族自治县财政局关于…` + 信访局)."""
    text = (
        "\n".join(ln.text for ln in lines)
        + "\n"
        + "\n".join("\t".join(c.text for c in row) for f in forms for row in f.rows)
    )
    candidates = _candidates(title, lines, forms)
    core = _core(candidates[0][0]) if candidates else _core_from_body(text)
    if not core:
        return None, None, False
    full = _fullest(core, text)
    if full:
        line = next((ln.line for ln in lines if full in ln.text), None)
        if line is None:
            line = next((c[1] for c in candidates if c[0] == full), None)
        return full, line, False
    named = next((c for c in candidates if split_place(c[0])[0]), None)
    if named:
        return named[0], named[1], False
    # Only the kind of unit is named: take the place of the finance bureau that asked for it.
    for ln in lines:
        for m in _FINANCE_BUREAU.finditer(ln.text):
            place = _place_before(ln.text[max(0, m.start() - 16) : m.start()], "财政局")
            if place:
                return place + core, ln.line, True
    return (candidates[0][0], candidates[0][1], False) if candidates else (core, None, False)
