"""Reading numbers, amounts and percentages out of report text.

Amounts are returned in 万元, computed with `Decimal` so that a figure stated
in 元 stays exact (294441.65元 → 29.444165万元).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER_RE = re.compile(rf"^\s*(-?(?:{NUMBER}))\s*$")
_AMOUNT_RE = re.compile(rf"(-?(?:{NUMBER}))\s*(万元|万|元|亿元|千元)?")
_ANY_NUMBER = re.compile(NUMBER)
_COUNT_SUFFIX = re.compile(r"(分|%|人|个|次|件|万元)$")
_UNIT_FACTORS = {
    "万元": Decimal(1),
    "万": Decimal(1),
    "元": Decimal("0.0001"),
    "亿元": Decimal(10000),
    "千元": Decimal("0.1"),
}
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def to_decimal(text: str) -> Decimal | None:
    """`1,234.50` → Decimal('1234.50'); None when the text is not one number."""
    m = _NUMBER_RE.match(text)
    if not m:
        return None
    try:
        return Decimal(m.group(1).replace(",", ""))
    except InvalidOperation:
        return None


@lru_cache(maxsize=8192)  # the same cells recur in every form (10, 100%, 9.5分)
def parse_number(text: str | None) -> float | None:
    """A cell or phrase that is exactly one number (with optional `分`, `%`, `人`)."""
    if text is None:
        return None
    s = _COUNT_SUFFIX.sub("", "".join(text.split()))  # whitespace removed, then the unit
    value = to_decimal(s)
    return float(value) if value is not None else None


def first_number(text: str | None) -> float | None:
    """The first number inside a phrase (`≤127.73万元` → 127.73), or None."""
    if not text:
        return None
    m = _ANY_NUMBER.search(text)
    if not m:
        return None
    value = to_decimal(m.group(0))
    return float(value) if value is not None else None


def amount_wan(number: str, unit: str | None, default_unit: str = "万元") -> float | None:
    """An amount in 万元 from its digits and unit (`元`, `万元`, `万`, …)."""
    value = to_decimal(number)
    if value is None:
        return None
    factor = _UNIT_FACTORS.get(unit or default_unit, Decimal(1))
    return float((value * factor).normalize())


def parse_amount_wan(text: str | None, default_unit: str = "万元") -> float | None:
    """A cell holding one amount (`620.82万元`, `250,000.00`, `150万`) → 万元.
    `default_unit` applies when the cell carries no unit of its own."""
    if not text:
        return None
    m = _AMOUNT_RE.fullmatch("".join(text.split()))
    if not m:
        return None
    return amount_wan(m.group(1), m.group(2), default_unit)


def cn_numeral(text: str) -> int | None:
    """Small Chinese numerals: 一 → 1, 十二 → 12, 二十 → 20, 三十五 → 35."""
    if not text or any(ch not in _CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text)) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    t = _CN_DIGITS[tens] if tens else 1
    o = _CN_DIGITS[ones] if ones else 0
    return t * 10 + o


def close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance
