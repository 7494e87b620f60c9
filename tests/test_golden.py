"""Each sample report extracts to its golden record, compared whole.

A missing golden, or UPDATE_GOLDEN=1, writes it instead (review the diff like
code); CI refuses to run with UPDATE_GOLDEN set, so goldens change only on purpose.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from loaders.pipeline import extract_file

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLES = sorted((REPO / "data" / "reports").glob("*.txt"))


def _dump(record: dict[str, object]) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_update_golden_is_off_in_ci() -> None:
    in_ci_with_update = os.environ.get("CI") and os.environ.get("UPDATE_GOLDEN")
    assert not in_ci_with_update, "UPDATE_GOLDEN must not be set in CI"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_sample_matches_golden(sample: Path) -> None:
    result = extract_file(sample)
    assert result.record is not None, result.error
    got = _dump(result.record.to_dict())
    golden = GOLDEN / f"{sample.stem}.json"
    if os.environ.get("UPDATE_GOLDEN") or not golden.exists():
        golden.write_text(got, encoding="utf-8")
        pytest.skip(f"wrote {golden.name}")
    assert json.loads(got) == json.loads(golden.read_text(encoding="utf-8"))
