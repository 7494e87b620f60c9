"""The `jixiao` command line: extract, ingest, query; data on stdout, errors on stderr."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from loaders.cli import main

SAMPLE_000 = "000_f85205bb6ece0316.txt"


def test_extract_prints_the_contract_json(
    sample_reports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(sample_reports / SAMPLE_000)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["schema_version"] == 1
    assert record["source"]["file"] == SAMPLE_000


def test_ingest_prints_a_summary_and_query_the_table(
    tmp_path: Path, sample_reports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "j.duckdb"
    (tmp_path / "in").mkdir()
    for src in sample_reports.iterdir():
        (tmp_path / "in" / src.name).write_bytes(src.read_bytes())
    (tmp_path / "in" / "broken.bin").write_bytes(b"\x00\x01")
    assert main(["ingest", str(tmp_path / "in"), "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("loaded 5, duplicate 0, unchanged 0, failed 1, removed 0")
    assert len(out) == 2
    assert "broken.bin" in out[1]
    assert "no reader for '.bin' files" in out[1]

    assert main(["query", "reports", "--db", str(db)]) == 0
    table = capsys.readouterr().out
    assert "巴彦淖尔市信访局" in table
    assert "95.98" in table
    assert len(table.strip().splitlines()) == 2 + 5  # header, rule, five reports


def test_query_csv_and_json_with_params(
    sample_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["query", "reports", "--db", str(sample_db), "--param", "years=2024", "kind=project"]
    assert main([*args, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["source_file"], r["executed_wan"]) for r in rows] == [(SAMPLE_000, "244.68")]

    assert main([*args, "--format", "json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["total_score"], row["budget_final_wan"], row["grade"]) == (95.98, 245, "优")
    assert row["execution_rate_derived_pct"] == 99.87


def test_query_params_repeat_and_lists_split(
    sample_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["query", "reports", "--db", str(sample_db), "--format", "json"]
    assert main([*args, "--param", "years=2021,2022", "--param", "kind=department"]) == 0
    years = sorted(r["fiscal_year"] for r in json.loads(capsys.readouterr().out))
    assert years == [2021, 2022]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["query", "nope"], 2, "no such query"),
        (["query", "reports", "--param", "year=2024"], 2, "unknown parameter 'year'"),
        (["query", "reports", "--param", "years=next"], 2, "expects INTEGER[]"),
        (["ingest", "no/such/folder"], 2, "no such file or folder: no/such/folder"),
    ],
)
def test_bad_usage_exits_2_with_one_line_on_stderr(
    sample_db: Path, argv: list[str], code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--db", str(sample_db)]) == code
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert len(captured.err.strip().splitlines()) == 1


def test_query_without_a_database_says_how_to_make_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "reports", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "jixiao ingest data/reports" in capsys.readouterr().err


def test_python_dash_m_loaders_runs_the_same_cli(sample_db: Path) -> None:
    argv = ["query", "reports", "--db", str(sample_db), "--format", "csv", "--param", "years=2023"]
    proc = subprocess.run(
        [sys.executable, "-m", "loaders", *argv],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "昆明市呈贡区信访局" in proc.stdout
