"""The source text of a report as HTML, the lines each fact came from highlighted.

Pure: rows in, an escaped HTML string out (no streamlit). A line that facts were
read from is marked yellow with the facts named; a line that a warning or an
audit finding cites is marked red with its message.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

_REF = re.compile(r"^(indicator|project|expense|warning):(\d+)$")
_REF_NAMES = {"indicator": "指标", "project": "项目", "expense": "支出", "warning": "提示"}


@dataclass(frozen=True)
class SourceLine:
    """One rendered line of the source with what was read from it."""

    line: int
    text: str
    refs: tuple[str, ...] = ()


def ref_label(ref: str, field_labels: Mapping[str, str]) -> str:
    """``indicator:3`` → 指标3; ``budget.final_wan`` → its Chinese label when known."""
    match = _REF.match(ref)
    if match:
        return f"{_REF_NAMES[match.group(1)]}{match.group(2)}"
    return field_labels.get(ref, ref)


def visible_lines(
    lines: Sequence[SourceLine], marked: Iterable[int], *, context: int | None
) -> list[SourceLine | None]:
    """All lines, or (with `context`) only marked lines and `context` lines around them.

    A None in the result stands for skipped lines (drawn as ⋯).
    """
    if context is None:
        return list(lines)
    keep = {m + d for m in marked for d in range(-context, context + 1)}
    out: list[SourceLine | None] = []
    for row in lines:
        if row.line in keep:
            out.append(row)
        elif out and out[-1] is not None:
            out.append(None)
    if out and out[-1] is None:
        out.pop()
    return out


def render(
    lines: Sequence[SourceLine],
    *,
    field_labels: Mapping[str, str],
    flagged: Mapping[int, Sequence[str]],
    context: int | None = None,
) -> str:
    """The lines as an HTML block (class ``jx-source``), every text escaped.

    Parameters
    ----------
    lines : sequence of SourceLine
        The report's lines in order.
    field_labels : mapping
        Chinese labels for field paths (``total_score`` → 自评总分).
    flagged : mapping of int to messages
        Lines cited by warnings or findings, with their messages.
    context : int, optional
        Show only marked lines and this many around them.
    """
    marked = {row.line for row in lines if row.refs} | set(flagged)
    parts = ['<div class="jx-source">']
    for row in visible_lines(lines, marked, context=context):
        if row is None:
            parts.append('<div class="gap"><span class="ln">⋯</span></div>')
            continue
        css = "warn" if row.line in flagged else ("hit" if row.refs else "")
        tags = [ref_label(r, field_labels) for r in row.refs]
        tags += [f"⚠ {m}" for m in flagged.get(row.line, ())]
        tag = f'<span class="tag">← {html.escape("；".join(tags))}</span>' if tags else ""
        parts.append(
            f'<div id="L{row.line}" class="{css}"><span class="ln">{row.line}</span>'
            f"{html.escape(row.text)}{tag}</div>"
        )
    parts.append("</div>")
    return "".join(parts)
