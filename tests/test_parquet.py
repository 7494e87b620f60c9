"""Extracted records as Parquet (loaders.records): the map step of a cluster
run writes them by fiscal year, the database step loads them, and the
database is the one a direct ingest builds."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pytest

from loaders.cli import main
from loaders.dbfile import connect_read_only
from loaders.ingest import ingest
from loaders.pipeline import extract_file
from loaders.records import MARKER, report_from_dict
from loaders.synth import generate

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "reports"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    generate(root / "synth", 24, seed=5, formats=["txt", "docx"], workers=1)
    return root / "synth" / "reports"


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_a_record_survives_its_contract_json(name: str) -> None:
    record = extract_file(SAMPLES / name).record
    assert record is not None
    assert report_from_dict(json.loads(json.dumps(record.to_dict()))) == record


def test_records_written_by_year_load_into_the_database_a_direct_ingest_builds(
    corpus: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    dump_db: Callable[[Path], Any],
) -> None:
    out = tmp_path / "records"
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "broken.docx").write_bytes(b"not a zip")
    assert main(["ingest", str(SAMPLES), str(corpus), str(bad), "--parquet", str(out)]) == 0
    assert "30 files extracted (1 failed)" in capsys.readouterr().out
    assert (out / MARKER).is_file()
    years = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert "fiscal_year=2024" in years
    assert "fiscal_year=__HIVE_DEFAULT_PARTITION__" in years  # the failed file: no year
    table = ds.dataset(str(out), format="parquet", partitioning="hive").to_table()
    assert table.num_rows == 30
    for row in table.select(["record", "fiscal_year"]).to_pylist():
        if row["record"]:
            assert json.loads(row["record"])["fiscal_year"] == row["fiscal_year"]

    from_records, direct = tmp_path / "from_records.duckdb", tmp_path / "direct.duckdb"
    assert main(["ingest", str(out), "--db", str(from_records)]) == 0
    assert "loaded 29, duplicate 0, unchanged 0, failed 1, removed 0" in capsys.readouterr().out
    ingest([SAMPLES, corpus, bad], direct)
    assert dump_db(from_records) == dump_db(direct)

    before = dump_db(from_records)
    assert main(["ingest", str(out), "--db", str(from_records)]) == 0  # idempotent
    assert "unchanged 29, failed 1, removed 0" in capsys.readouterr().out  # failures are retried
    assert dump_db(from_records) == before


def test_records_and_report_files_go_in_separate_runs(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "records"
    assert main(["ingest", str(SAMPLES), "--parquet", str(out)]) == 0
    assert main(["ingest", str(out), str(corpus), "--db", str(tmp_path / "db.duckdb")]) == 2


def test_loading_records_removes_nothing_though_their_files_are_not_here(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A records set is not a report folder: its rows name files on the machines that
    # extracted them. Loading it (again) never prunes, nor does ingesting another folder.
    reports, out, db = tmp_path / "reports", tmp_path / "records", tmp_path / "db.duckdb"
    shutil.copytree(SAMPLES, reports)
    assert main(["ingest", str(reports), "--parquet", str(out)]) == 0
    shutil.rmtree(reports)
    for counts in ("loaded 5, duplicate 0, unchanged 0", "loaded 0, duplicate 0, unchanged 5"):
        capsys.readouterr()
        assert main(["ingest", str(out), "--db", str(db)]) == 0
        assert f"{counts}, failed 0, removed 0" in capsys.readouterr().out
    (tmp_path / "other").mkdir()
    shutil.copy(SAMPLES / "000_f85205bb6ece0316.txt", tmp_path / "other")
    assert main(["ingest", str(tmp_path / "other"), "--db", str(db)]) == 0
    assert "failed 0, removed 0" in capsys.readouterr().out
    con = connect_read_only(db)
    try:
        assert con.execute("select count(*) from reports").fetchall() == [(5,)]
        assert con.execute("select count(*) from source_files").fetchall() == [(6,)]
    finally:
        con.close()
