"""SQL text as the query loader needs it: header lists split, comments stripped, and a
statement without its final ORDER BY (for counting its rows)."""

from __future__ import annotations

import re

_ORDER_BY_RE = re.compile(r"order\s+by\b", re.IGNORECASE)
_LIMIT_RE = re.compile(r"\b(limit|offset)\b", re.IGNORECASE)


def unordered(sql: str) -> str:
    """`sql` without its final top-level ORDER BY (the same rows, in no particular order); as
    it is when that clause is followed by a LIMIT or OFFSET, or there is none."""
    depth, quoted, cut = 0, False, -1
    code = strip_comments(sql)
    for i, ch in enumerate(code):
        if ch == "'":
            quoted = not quoted
        elif quoted:
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif (
            depth == 0
            and _ORDER_BY_RE.match(code, i)
            and (i == 0 or not (code[i - 1].isalnum() or code[i - 1] == "_"))
        ):
            cut = i
    if cut < 0 or _LIMIT_RE.search(code, cut):
        return sql
    return code[:cut].rstrip()


def strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


def split_top_level(text: str) -> list[str]:
    """Split on commas that are not inside brackets: DECIMAL(9, 4) stays whole."""
    items: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            items.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    items.append("".join(current).strip())
    return [i for i in items if i]
