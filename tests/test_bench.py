"""`jixiao bench` end to end on a tiny corpus: it runs every step, writes its JSON and
prints the table with the targets. The figures themselves are not asserted (the machine
is shared); the README quotes a full run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders.cli import main


@pytest.mark.slow
def test_bench_runs_every_step_on_a_tiny_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bench"
    argv = ["bench", "--out", str(out), "--reports", "60,120", "--ingest-reports", "40"]
    argv += ["--docx-reports", "10", "--repeat", "2"]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    results = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    assert set(results["ingest"]) >= {"txt", "docx", "build 60 (+slice)", "build 120 (+slice)"}
    assert results["ingest"]["txt"]["files"] == 40
    timed = results["queries"]["120"]
    assert {"audit_findings", "audit_counts", "reports", "indicator_rollup"} <= set(timed)
    assert timed["reports"]["dashboard"]["rows"] == 120  # a first page of 2,000: all of them
    assert timed["indicator_rollup"]["dashboard"]["rows"] < timed["indicator_rollup"]["all"]["rows"]
    assert results["pages"]["pages"]["audit"]["errors"] == []
    assert "as the dashboard calls it" in printed
    assert "== targets" in printed
    # A second run reuses the databases it kept (their build figures are the first run's).
    assert main([*argv, "--skip-pages"]) == 0
    again = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    assert again["ingest"]["build 120 (+slice)"] == results["ingest"]["build 120 (+slice)"]
