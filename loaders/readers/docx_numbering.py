"""Word's automatic numbering, rendered back into the text.

A Word paragraph numbered by a list ("一、", "（一）", "1.") does not hold its
number in its text: Word computes it from `numbering.xml` while it lays the
page out. `ListNumbering` replays that count in document order so the
reader can put the label back ("一、项目基本情况"), which is what a reader
sees on the page and what heading detection relies on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def _chinese(n: int, digits: str = _CN_DIGITS, ten: str = "十") -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 105 (beyond lists in practice)."""
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    text = "" if tens == 0 else (ten if tens == 1 else digits[tens] + ten)
    return text + (digits[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter value in a Word number format (`numFmt`)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "ideographDigital"):  # fmt: skip
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_LEGAL, "拾")
    if fmt == "ideographTraditional":
        return _HEAVENLY_STEMS[(n - 1) % 10]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)  # decimal, decimalFullWidth, and anything unknown


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


def _val(element: Any, tag: str) -> str | None:
    child = element.find(W + tag) if element is not None else None
    return None if child is None else child.get(W + "val")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _levels(abstract: Any) -> dict[int, _Level]:
    levels: dict[int, _Level] = {}
    for lvl in abstract.findall(W + "lvl"):
        ilvl = _int(lvl.get(W + "ilvl"), 0)
        levels[ilvl] = _Level(
            start=_int(_val(lvl, "start"), 1),
            fmt=_val(lvl, "numFmt") or "decimal",
            text=_val(lvl, "lvlText") or "",
        )
    return levels


@dataclass
class ListNumbering:
    """The lists of one document and their running counters."""

    lists: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_xml(cls, numbering: Any) -> ListNumbering:
        """Build from the `w:numbering` element (None when the document has none)."""
        out = cls()
        if numbering is None:
            return out
        abstracts = {a.get(W + "abstractNumId"): a for a in numbering.findall(W + "abstractNum")}
        for num in numbering.findall(W + "num"):
            abstract = abstracts.get(_val(num, "abstractNumId"))
            if abstract is None:
                continue
            levels = _levels(abstract)
            for override in num.findall(W + "lvlOverride"):
                ilvl = _int(override.get(W + "ilvl"), 0)
                start = _val(override, "startOverride")
                if ilvl in levels and start is not None:
                    levels[ilvl] = _Level(_int(start, 1), levels[ilvl].fmt, levels[ilvl].text)
            out.lists[num.get(W + "numId") or ""] = levels
        return out

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (list, level) and return its label ("一、")."""
        levels = self.lists.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        text = levels[ilvl].text
        for k in range(9):
            placeholder = f"%{k + 1}"
            if placeholder in text:
                level = levels.get(k, _Level())
                value = counts.get(k, level.start)
                text = text.replace(placeholder, format_number(value, level.fmt))
        return "" if levels[ilvl].fmt in ("bullet", "none") else text
