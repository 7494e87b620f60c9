"""`source_files`: what 数据管理 shows of every file ingest has seen."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

import queries
from loaders.ingest import ingest

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "reports"


def test_source_files_lists_loaded_duplicate_and_failed_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "002_cdb5fd7bd89dc735.txt", folder / "chenggong.txt")
    text = (SAMPLES / "002_cdb5fd7bd89dc735.txt").read_text(encoding="utf-8")
    (folder / "chenggong-gbk.txt").write_bytes(text.encode("gb18030"))
    (folder / "empty.txt").write_bytes(b"")
    db = tmp_path / "j.duckdb"
    ingest([folder], db)

    with duckdb.connect(str(db), read_only=True) as con:
        every = queries.run(con, "source_files")
        failed = queries.run(con, "source_files", status="failed")
        hostile = queries.run(con, "source_files", status="failed' or '1'='1")

    # Three files: one copy of the report loaded, its twin in the other encoding a duplicate
    # of the same report, the empty file failed (listed first, with its reason).
    assert every.height == 3
    assert every.row(0, named=True)["name"] == "empty.txt"
    by_name = {r["name"]: r for r in every.iter_rows(named=True)}
    assert by_name["empty.txt"]["status"] == "failed"
    assert "empty" in (by_name["empty.txt"]["error"] or "")
    twins = [by_name["chenggong.txt"], by_name["chenggong-gbk.txt"]]
    assert sorted(r["status"] for r in twins) == ["duplicate", "loaded"]
    assert twins[0]["report_id"] == twins[1]["report_id"]
    for row in twins:
        assert row["unit_canonical_name"] == "昆明市呈贡区信访局"
        assert row["fiscal_year"] == 2023
        assert row["format"] == "txt"
    assert failed["name"].to_list() == ["empty.txt"]
    assert hostile.height == 0


def test_source_files_follow_the_report_filters(sample_db: Path) -> None:
    with duckdb.connect(str(sample_db), read_only=True) as con:
        every = queries.run(con, "source_files")
        in_2024 = queries.run(con, "source_files", years=[2024])
        yunnan = queries.run(con, "source_files", province="云南省")
    # The samples: five files, one report each; two reports are of 2024 (巴彦淖尔, 洪江), one
    # is in 云南省 (呈贡).
    assert every.height == 5
    assert sorted(in_2024["name"].to_list()) == [
        "000_f85205bb6ece0316.txt",
        "001_d561446380a2a949.txt",
    ]
    assert yunnan["name"].to_list() == ["002_cdb5fd7bd89dc735.txt"]
