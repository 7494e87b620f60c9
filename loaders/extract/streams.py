"""Forms that lost their rows: rebuilding a table from a stream of cells.

Websites and converters often leave a 自评表 as one cell per line (`cell |`)
or flatten it into one space-separated line. The cells are still in reading
order, so the domain vocabulary can put them back into rows: a run of column
headers tells the columns, a 一级/二级指标 word starts an indicator row, and
`年度资金总额` / `总分` are followed by their figures. The rebuilt rows become a
`Table` in place of the stream, so the form logic reads them like any table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from loaders.extract import vocab
from loaders.extract.forms import PROJECT_NAME_LABEL, UNIT_NAME_LABEL
from loaders.extract.indicators import clean_level
from loaders.extract.numbers import parse_number
from loaders.readers.ir import Block, Cell, Document, Paragraph, Table

_UNIT_TOKEN = re.compile(
    r"^(万元|元|%|‰|公里|千米|人|人次|次|件|个|户|天|分|家|所|台|套|亩|吨|平方米|\(\d+分\))$"
)
_GRADE_LABEL = re.compile(r"^(自评等级|评价等级|等级|自评结论)[::]?$")
_MIN_STREAM_CELLS = 6


def reshape(doc: Document) -> Document:
    """The document with every cell stream rebuilt as a table."""
    blocks: list[Block] = []
    changed = False
    source = _group_cell_paragraphs(doc.blocks)
    for block in source:
        tokens = block if isinstance(block, list) else _stream_tokens(block)
        first = block[0] if isinstance(block, list) else block
        if tokens is None:
            blocks.append(first)  # type: ignore[arg-type]
            continue
        rows = rebuild_rows(tokens)
        if rows:
            blocks.append(Table(rows=tuple(tuple(r) for r in rows), loc=tokens[0].loc))
            changed = True
        elif isinstance(block, list):
            blocks.extend(Paragraph(c.text, c.loc) for c in block)
        else:
            blocks.append(block)
    if not changed:
        return doc
    return Document(
        source=doc.source, format=doc.format, blocks=blocks, notes=doc.notes, lines=doc.lines
    )


_CELL_PARAGRAPH_MAX = 40


def _group_cell_paragraphs(blocks: list[Block]) -> list[Block | list[Cell]]:
    """Runs of short paragraphs that are really cells, one per line (a table
    whose cells a converter put on lines of their own), as cell lists."""
    out: list[Block | list[Cell]] = []
    run: list[Paragraph] = []

    def close() -> None:
        if len(run) >= _MIN_STREAM_CELLS and _headers(p.text for p in run) >= 3:
            # Lines before the form's first label or header (its title) stay paragraphs.
            start = next(i for i, p in enumerate(run) if _starts_form(p.text))
            out.extend(run[:start])
            out.append(_merge_split_words([Cell(p.text, p.loc) for p in run[start:]]))
        else:
            out.extend(run)
        run.clear()

    for block in blocks:
        if isinstance(block, Paragraph) and len(block.text) <= _CELL_PARAGRAPH_MAX:
            run.append(block)
            continue
        close()
        out.append(block)
    close()
    return out


def _starts_form(text: str) -> bool:
    t = _no_space(text)
    return bool(
        PROJECT_NAME_LABEL.match(t)
        or UNIT_NAME_LABEL.match(t)
        or _column_role(t)
        or _budget_role(t)
    )


def _stream_tokens(block: Block) -> list[Cell] | None:
    if isinstance(block, Table):
        single = sum(1 for row in block.rows if len(row) <= 1)
        if len(block.rows) >= _MIN_STREAM_CELLS and single >= 0.8 * len(block.rows):
            return [row[0] if row else Cell("", block.loc) for row in block.rows]
        return None
    if isinstance(block, Paragraph):
        words = block.text.split()
        if len(words) >= _MIN_STREAM_CELLS and _headers(words) >= 3:
            return _merge_split_words([Cell(w, block.loc) for w in words])
    return None


def _headers(texts: Iterable[str]) -> int:
    """How many of `texts` are column headers (of indicators or of money)."""
    return sum(1 for t in texts if _column_role(t) or _budget_role(t))


def _merge_split_words(cells: list[Cell]) -> list[Cell]:
    """Undo spaces a flattening put inside one cell: `≥45 公里`, `满意度 指标`."""
    out: list[Cell] = []
    for cell in cells:
        t = cell.text
        if out and (_UNIT_TOKEN.match(t) or (t == "指标" and clean_level(out[-1].text + t))):
            out[-1] = Cell(out[-1].text + t, out[-1].loc)
        else:
            out.append(cell)
    return out


def _no_space(text: str) -> str:
    return "".join(text.split())


# The role tests below are pure and see the same header words in every report: cached.
@lru_cache(maxsize=4096)
def _column_role(text: str) -> str | None:
    t = _no_space(text)
    if len(t) > 14:
        return None
    for role, pattern in vocab.INDICATOR_COLUMNS:
        if pattern.search(t):
            return role
    return None


@lru_cache(maxsize=4096)
def _budget_role(text: str) -> str | None:
    t = _no_space(text).rstrip(":")
    if len(t) > 10:
        return None
    for role, pattern in vocab.BUDGET_COLUMNS:
        if role in ("initial", "final", "executed", "rate") and pattern.search(t):
            return role
    return None


@lru_cache(maxsize=4096)
def _is_level(text: str) -> str | None:
    level = clean_level(_no_space(text))
    if level in vocab.LEVEL1 and level not in vocab.LEVEL2:
        return "level1"
    if level in vocab.LEVEL2:
        return "level2"
    return None


def rebuild_rows(tokens: list[Cell]) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    i, n = 0, len(tokens)
    text = [_no_space(t.text) for t in tokens]
    while i < n:
        t = text[i]
        if not t:
            i += 1
            continue
        if (
            PROJECT_NAME_LABEL.match(t) or UNIT_NAME_LABEL.match(t) or _GRADE_LABEL.match(t)
        ) and i + 1 < n:
            rows.append([tokens[i], tokens[i + 1]])
            i += 2
            continue
        run = _run(text, i, _budget_role, extra=("weight", "score"))
        if len(run) >= 2:
            i = _budget_block(tokens, text, i, run, rows)
            continue
        pairs = _labelled_figures(text, i)
        if pairs:
            rows.append(tokens[i : i + pairs])
            i += pairs
            # The part rows below it, `其中:财政拨款 | 8`, each a row of its own.
            while i + 1 < n and vocab.PART_FUND_ROW.match(text[i]) and _is_figure(text[i + 1]):
                rows.append(tokens[i : i + 2])
                i += 2
            continue
        run = _run(text, i, _column_role)
        if len(run) >= 3:
            i = _indicator_block(tokens, text, i, run, rows)
            continue
        if vocab.TOTAL_ROW_LABEL.match(t):
            # Its figures, with the empty cells between them when the stream kept
            # them (`合计 | | | 100 | | 96`): they place each figure in its column.
            j = end = i + 1
            while j < n and (not text[j] or parse_number(text[j]) is not None):
                j += 1
                end = j if text[j - 1] else end
            rows.append(tokens[i:end])
            j = end
            i = max(j, i + 1)
            continue
        rows.append([tokens[i]])
        i += 1
    has_structure = any(len(r) > 2 for r in rows)
    return rows if has_structure else []


def _labelled_figures(text: list[str], i: int) -> int:
    """How many cells from i on are `预算数:` / `8` pairs: a money label with
    its colon, then its figure (one row of the form, `预算数: | 8 | 执行数: | 8`)."""
    j = i
    while (
        j + 1 < len(text)
        and text[j].endswith(":")
        and _budget_role(text[j]) is not None
        and _is_figure(text[j + 1])
    ):
        j += 2
    return j - i


def _is_figure(text: str) -> bool:
    return parse_number(text) is not None


def _run(text: list[str], i: int, role_of: object, extra: tuple[str, ...] = ()) -> list[int]:
    """Indexes of consecutive header cells from i on (each naming a new column)."""
    seen: set[str] = set()
    out: list[int] = []
    j = i
    while j < len(text):
        role = role_of(text[j]) if callable(role_of) else None
        if role is None and extra:
            role = next(
                (r for r, p in vocab.BUDGET_COLUMNS if r in extra and p.search(text[j])), None
            )
        if role is None or role in seen:
            break
        seen.add(role)
        out.append(j)
        j += 1
    return out


def _budget_block(
    tokens: list[Cell], text: list[str], i: int, run: list[int], rows: list[list[Cell]]
) -> int:
    empty = Cell("", tokens[i].loc)
    rows.append([empty] + [tokens[j] for j in run])
    j = run[-1] + 1
    while j < len(text) and j <= run[-1] + 3:
        if vocab.TOTAL_FUND_ROW.match(text[j]):
            values = tokens[j + 1 : j + 1 + len(run)]
            rows.append([tokens[j], *values])
            return j + 1 + len(values)
        j += 1
    return run[-1] + 1


def _indicator_block(
    tokens: list[Cell], text: list[str], i: int, run: list[int], rows: list[list[Cell]]
) -> int:
    header = [tokens[j] for j in run]
    roles = [_column_role(text[j]) for j in run]
    rows.append(header)
    pos = {r: k for k, r in enumerate(roles) if r}
    values = [
        r
        for r in roles
        if r in ("target", "actual", "weight", "score", "op", "measure_unit", "criteria")
    ]
    loc = tokens[i].loc
    level1: Cell | None = None
    level2: Cell | None = None
    row: dict[str, Cell] | None = None
    filled: list[str] = []
    # A stream that kept its empty cells (`|` lines) keeps every column: the cell
    # after the score is the 偏差原因 even when the next row's name follows it.
    positional_note = any(not t for t in text[run[-1] + 1 :])

    def flush() -> None:
        if row is not None:
            cells = [Cell("", loc)] * len(roles)
            for role, cell in row.items():
                if role in pos:
                    cells[pos[role]] = cell
            rows.append(list(cells))

    j = run[-1] + 1
    while j < len(text):
        t = text[j]
        kind = _is_level(t)
        if kind == "level2" and clean_level(t) in vocab.LEVEL1:
            # 满意度指标 / 成本指标 name both levels: followed by a 二级 word, it is the 一级.
            # So is one followed by the same word: the 二级 cell repeats its 一级.
            nxt = _next_cell(text, j)
            if _is_level(nxt) == "level2" and (
                clean_level(nxt) not in vocab.LEVEL1 or clean_level(nxt) == clean_level(t)
            ):
                kind = "level1"
        if kind == "level2" and "level2" not in pos and clean_level(t) in vocab.LEVEL1:
            kind = "level1"  # a form with no 二级 column: 满意度指标 is its 一级
        if (
            vocab.TOTAL_ROW_LABEL.match(t)
            or PROJECT_NAME_LABEL.match(t)
            or _column_role(t) == "level1"
        ):
            break
        if kind == "level1":
            flush()
            row, level1, level2 = None, tokens[j], None
        elif kind == "level2":
            flush()
            level2 = tokens[j]
            row, filled = {"level2": level2}, []
            if level1 is not None:
                row["level1"], level1 = level1, None
        elif row is not None and "name" not in row:
            if t:
                row["name"] = tokens[j]
        elif row is not None and len(filled) < len(values):
            row[values[len(filled)]] = tokens[j]
            filled.append(values[len(filled)])
        elif (
            row is not None
            and "note" in pos
            and "note" not in row
            and (positional_note or (t and _next_is_vocab(text, j)))
        ):
            row["note"] = tokens[j]
        elif t:
            flush()
            row, filled = {"name": tokens[j]}, []
            if level1 is not None:
                row["level1"], level1 = level1, None
        j += 1
    flush()
    return j


def _next_cell(text: list[str], j: int) -> str:
    """The first non-empty cell after j ("" when none). An index walk: slicing the
    rest of the list at every cell made rebuilding a stream quadratic."""
    k = j + 1
    while k < len(text) and not text[k]:
        k += 1
    return text[k] if k < len(text) else ""


def _next_is_vocab(text: list[str], j: int) -> bool:
    nxt = _next_cell(text, j)
    return not nxt or _is_level(nxt) is not None or bool(vocab.TOTAL_ROW_LABEL.match(nxt))
