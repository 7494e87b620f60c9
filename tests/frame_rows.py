"""Finding rows of a query's result by their column values, for the query tests."""

from typing import Any

import polars as pl


def rows(frame: pl.DataFrame, **match: Any) -> list[dict[str, Any]]:
    """The rows whose columns equal every `match` value."""
    return [r for r in frame.to_dicts() if all(r[k] == v for k, v in match.items())]


def one(frame: pl.DataFrame, **match: Any) -> dict[str, Any]:
    """The one row matching (fails the test when there are none or several)."""
    found = rows(frame, **match)
    assert len(found) == 1, (match, found)
    return found[0]
