"""Title, fiscal year, kind, subject, report date and staffing."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from loaders.extract import vocab
from loaders.extract.numbers import cn_numeral
from loaders.extract.text import Line

_TITLE_WORDS = re.compile(r"报告|自评表|评价表|自评情况")
_YEAR = re.compile(r"(20\d\d)\s*年")
_YEAR_DU = re.compile(r"(20\d\d)年度")
_ATTACHMENT = re.compile(r"附件\d*")
_EVALUATION_WORD = re.compile(r"绩效|评价|自评")
_PROJECT_KIND = re.compile(r"项目支出绩效|项目绩效")
_SIGNATURE_DATE = re.compile(rf"[\u4e00-\u9fff()]{{2,30}}\s*{vocab.DATE.pattern}")
_FILLED_DATE = re.compile(r"(?:填报|报告|编制|评价)日期:?" + vocab.DATE.pattern)
_REPORT_SUFFIX = re.compile(
    r"(项目)?(支出)?(预算)?(绩效)?(自评|评价|自我评价)(工作)?(报告|表|情况|结果)?.*$"
)


def find_title(lines: list[Line]) -> tuple[str | None, int | None]:
    """The report title: among the first lines, the one naming a report;
    a title wrapped onto a second short line (`…项目绩效` / `自评报告`) is joined."""
    head = [ln for ln in lines[:12] if ln.text and not _ATTACHMENT.fullmatch(ln.text)]
    for i, ln in enumerate(head):
        text = ln.text
        if _TITLE_WORDS.search(text) and len(text) <= 60 and ln.heading in (None, 0):
            return text, ln.line
        nxt = head[i + 1].text if i + 1 < len(head) else ""
        if (
            len(text) <= 40
            and _EVALUATION_WORD.search(text)
            and len(nxt) <= 10
            and _TITLE_WORDS.search(nxt)
            and ln.heading in (None, 0)
        ):
            return text + nxt, ln.line
    return None, None


def fiscal_year(
    title: str | None, lines: list[Line], report_date: str | None
) -> tuple[int | None, int | None]:
    """The budget year evaluated. The title's own year wins; then the most
    stated `20XX年度`; then the year before the report's date."""
    if title:
        m = _YEAR.search(title)
        if m:
            return int(m.group(1)), None
    counts: Counter[int] = Counter()
    first_line: dict[int, int] = {}
    for ln in lines:
        for m in _YEAR_DU.finditer(ln.text):
            year = int(m.group(1))
            counts[year] += 1
            first_line.setdefault(year, ln.line)
    if counts:
        year = counts.most_common(1)[0][0]
        return year, first_line[year]
    if report_date:
        return int(report_date[:4]) - 1, None
    return None, None


def report_kind(title: str | None, lines: list[Line]) -> str | None:
    if title:
        if vocab.KIND_DEPARTMENT.search(title):
            return "department"
        if vocab.KIND_PROJECT.search(title):
            return "project"
    text = "".join(ln.text for ln in lines[:40])
    dept = len(vocab.KIND_DEPARTMENT.findall(text))
    proj = len(_PROJECT_KIND.findall(text))
    if dept > proj:
        return "department"
    if proj > dept:
        return "project"
    return None


def subject(title: str | None, unit_name: str | None, kind: str | None) -> str | None:
    """The project a project report is about, from its title
    (`2024年度信访事务经费项目绩效自评报告` → 信访事务经费)."""
    if kind != "project" or not title:
        return None
    text = re.sub(r"^.*?20\d\d年度?", "", title) if _YEAR.search(title) else title
    if unit_name and text.startswith(unit_name):
        text = text[len(unit_name) :]
    text = re.sub(r"^关于", "", text)
    text = _REPORT_SUFFIX.sub("", text).strip("的")
    if len(text) < 2 or re.search(vocab.ORG_SUFFIX + "$", text):
        return None
    return text


def report_date(lines: list[Line], fiscal: int | None = None) -> tuple[str | None, int | None]:
    """The date the report is signed: a line holding only a date (the
    signature), else a 填报日期. Dates inside sentences are events, not the signing."""
    standalone: list[tuple[str, int]] = []
    filled: list[tuple[str, int]] = []
    for ln in lines:
        if "日" not in ln.text:
            continue  # every date, in Arabic or Chinese numerals, ends in 日
        text = _arabic_date(ln.text).strip("。.")
        # The signature: a date alone on its line, or after the unit's name on the same line.
        m = vocab.DATE.fullmatch(text) or _SIGNATURE_DATE.fullmatch(text)
        target = standalone
        if not m:
            m = _FILLED_DATE.search(text)
            target = filled
        if not m:
            continue
        y, mo, d = (int(g) for g in m.groups())
        try:
            iso = date(y, mo, d).isoformat()
        except ValueError:
            continue
        if fiscal is None or y >= fiscal:
            target.append((iso, ln.line))
    found = standalone or filled
    return found[0] if found else (None, None)


_CN_DATE = re.compile(
    r"([二〇零一三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)


def _arabic_date(text: str) -> str:
    """`二〇二四年一月二十五日` → `2024年1月25日` (official documents date in Chinese numerals)."""

    def convert(m: re.Match[str]) -> str:
        year = "".join(str(cn_numeral(ch) if ch not in "〇零" else 0) for ch in m.group(1))
        return f"{year}年{cn_numeral(m.group(2))}月{cn_numeral(m.group(3))}日"

    return _CN_DATE.sub(convert, text)


_AUTHORIZED = re.compile(
    r"(?:核定编制|编制数|编制人数|核定人员编制)(?:为|是|:|共)?(\d{1,5})(?:人|名)?"
)
_ACTUAL = re.compile(
    r"(?:实有(?:在职)?人(?:员|数)|在职人(?:员|数)|实有在职|在编人数)(?:为|是|:|共|合计)?(\d{1,5})(?:人|名)?"
)


def staff(lines: list[Line]) -> tuple[int | None, int | None, dict[str, int]]:
    authorized = actual = None
    where: dict[str, int] = {}
    for ln in lines:
        if authorized is None and (m := _AUTHORIZED.search(ln.text)):
            authorized, where["staff.authorized"] = int(m.group(1)), ln.line
        if actual is None and (m := _ACTUAL.search(ln.text)):
            actual, where["staff.actual"] = int(m.group(1)), ln.line
    return authorized, actual, where
