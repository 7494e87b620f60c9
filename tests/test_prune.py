"""Files deleted from an ingested folder leave the database at the next ingest
(`loaders.prune`), on real files and a real DuckDB: the database mirrors the folders."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from loaders.cli import main
from loaders.dbfile import connect_read_only
from loaders.ingest import Summary, ingest
from loaders.prune import Kept

Ingest = Callable[..., Summary]
Dump = Callable[[Path], Any]
SAMPLE_000 = "000_f85205bb6ece0316.txt"
SAMPLE_001 = "001_d561446380a2a949.txt"


def rows(db: Path, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    con = connect_read_only(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def statuses(summary: Summary) -> dict[str, str]:
    return {o.path.name: o.status for o in summary.outcomes}


@pytest.fixture
def reports(tmp_path: Path, sample_reports: Path) -> Path:
    """A copy of the five samples (five reports), to delete from."""
    folder = tmp_path / "reports"
    shutil.copytree(sample_reports, folder)
    return folder


def rebuilt(tmp_path: Path, *paths: Path) -> Path:
    """A fresh database ingested from `paths` as they are now: what pruning must match."""
    db = tmp_path / "fresh" / "jixiao.duckdb"
    ingest(list(paths), db)
    return db


def test_a_deleted_file_takes_its_report_and_all_its_rows(
    reports: Path, tmp_path: Path, db_path: Path, ingest_into: Ingest, dump_db: Dump
) -> None:
    ingest_into(db_path, reports)
    gone = reports / SAMPLE_001
    [(report_id,)] = rows(
        db_path, "select report_id from source_files where name = $n", n=gone.name
    )
    indicators = "select count(*) from indicators where report_id = $id"
    assert rows(db_path, indicators, id=report_id) != [(0,)]
    gone.unlink()

    summary = ingest_into(db_path, reports)
    assert [(o.path, o.status, o.report_id) for o in summary.outcomes if o.status == "removed"] == [
        (gone, "removed", report_id)
    ]
    assert (summary.count("unchanged"), summary.count("loaded")) == (4, 0)
    assert "failed 0, removed 1" in summary.lines()[0]
    assert any(
        line.split() == ["removed", f"{gone}:", "no", "longer", "on", "disk"]
        for line in summary.lines()
    )
    for sql in (
        "select count(*) from reports where report_id = $id",
        indicators,
        "select count(*) from source_files where report_id = $id",
    ):
        assert rows(db_path, sql, id=report_id) == [(0,)]
    assert rows(db_path, "select count(*) from reports") == [(4,)]
    # The others, the units and the derived tables: as if the folder had been ingested as it is.
    assert dump_db(db_path) == dump_db(rebuilt(tmp_path, reports))

    before = dump_db(db_path)
    again = ingest_into(db_path, reports)
    assert (again.count("unchanged"), again.count("removed")) == (4, 0)
    assert "unchanged 4, failed 0, removed 0" in again.lines()[0]
    assert dump_db(db_path) == before


def test_a_deleted_copy_leaves_the_report_its_original_feeds(
    reports: Path, tmp_path: Path, db_path: Path, ingest_into: Ingest, dump_db: Dump
) -> None:
    copy = reports / "copies" / "000_copy.txt"
    copy.parent.mkdir()
    shutil.copy(reports / SAMPLE_000, copy)
    first = ingest_into(db_path, reports)
    assert statuses(first)[copy.name] == "duplicate"
    copy.unlink()

    summary = ingest_into(db_path, reports)
    assert statuses(summary) == {copy.name: "removed"} | {
        p.name: "unchanged" for p in reports.glob("*.txt")
    }
    assert rows(db_path, "select count(*) from reports") == [(5,)]
    [removed] = [o for o in summary.outcomes if o.status == "removed"]
    assert removed.report_id is not None
    sql = "select name, status from source_files where report_id = $id"
    assert rows(db_path, sql, id=removed.report_id) == [(SAMPLE_000, "loaded")]
    assert dump_db(db_path) == dump_db(rebuilt(tmp_path, reports))


def test_a_deleted_original_brings_its_report_back_from_the_copy(
    reports: Path, tmp_path: Path, db_path: Path, ingest_into: Ingest, dump_db: Dump
) -> None:
    copy = reports / "copies" / "000_copy.txt"
    copy.parent.mkdir()
    shutil.copy(reports / SAMPLE_000, copy)
    ingest_into(db_path, reports)
    [(report_id,)] = rows(
        db_path, "select report_id from source_files where name = $n", n=SAMPLE_000
    )
    (reports / SAMPLE_000).unlink()

    summary = ingest_into(db_path, reports)
    assert {n: s for n, s in statuses(summary).items() if s != "unchanged"} == {
        SAMPLE_000: "removed",
        copy.name: "loaded",
    }
    assert rows(db_path, "select source_path from reports where report_id = $id", id=report_id) == [
        (str(copy),)
    ]
    assert rows(
        db_path, "select name, status from source_files where report_id = $id", id=report_id
    ) == [(copy.name, "loaded")]
    assert dump_db(db_path) == dump_db(rebuilt(tmp_path, reports))


def test_both_copies_deleted_take_the_report(
    reports: Path, db_path: Path, ingest_into: Ingest
) -> None:
    copy = reports / "000_copy.txt"
    shutil.copy(reports / SAMPLE_000, copy)
    ingest_into(db_path, reports)
    (reports / SAMPLE_000).unlink()
    copy.unlink()
    summary = ingest_into(db_path, reports)
    assert summary.count("removed") == 2
    assert summary.count("loaded") == 0
    assert rows(db_path, "select count(*), count(distinct report_id) from source_files") == [(4, 4)]
    assert rows(db_path, "select count(*) from reports") == [(4,)]


def test_a_file_given_alone_removes_nothing_else(
    reports: Path, db_path: Path, ingest_into: Ingest, dump_db: Dump
) -> None:
    ingest_into(db_path, reports)
    (reports / SAMPLE_001).unlink()
    before = dump_db(db_path)
    summary = ingest_into(db_path, reports / SAMPLE_000)
    assert statuses(summary) == {SAMPLE_000: "unchanged"}
    assert dump_db(db_path) == before  # the deleted file's report is still there
    assert ingest_into(db_path, reports).count("removed") == 1  # until its folder is ingested


def test_an_emptied_folder_removes_nothing_and_says_so(
    reports: Path, db_path: Path, ingest_into: Ingest, dump_db: Dump
) -> None:
    ingest_into(db_path, reports)
    before = dump_db(db_path)
    for path in reports.iterdir():
        path.unlink()
    (reports / ".DS_Store").write_bytes(b"\x00")  # hidden: still no files to ingest
    summary = ingest_into(db_path, reports)
    assert summary.outcomes == []
    assert summary.kept == [Kept(reports, 5, 5)]
    assert "removed 0" in summary.lines()[0]
    [warning] = [line for line in summary.lines() if "warning" in line]
    assert str(reports) in warning
    assert "kept them and their 5 reports, removed nothing" in warning
    assert dump_db(db_path) == before


def test_a_given_subfolder_prunes_only_under_itself(
    tmp_path: Path, sample_reports: Path, db_path: Path, ingest_into: Ingest
) -> None:
    # root/x.txt, root/b/{y,z}.txt, root/bc/w.txt: root/b must not match root/bc.
    root = tmp_path / "root"
    names = sorted(p.name for p in sample_reports.glob("*.txt"))
    layout = {"": names[:1], "b": names[1:3], "bc": names[3:4]}
    for sub, files in layout.items():
        (root / sub).mkdir(parents=True, exist_ok=True)
        for name in files:
            shutil.copy(sample_reports / name, root / sub / name)
    ingest_into(db_path, root)
    deleted = [root / names[0], root / "b" / names[1], root / "bc" / names[3]]
    for path in deleted:
        path.unlink()

    summary = ingest_into(db_path, root / "b")
    assert statuses(summary) == {names[1]: "removed", names[2]: "unchanged"}
    recorded = {Path(p) for (p,) in rows(db_path, "select path from source_files")}
    assert recorded == {root / names[0], root / "b" / names[2], root / "bc" / names[3]}

    summary = ingest_into(db_path, root)
    assert sorted(o.path for o in summary.outcomes if o.status == "removed") == sorted(
        [root / names[0], root / "bc" / names[3]]
    )
    assert rows(db_path, "select count(*) from reports") == [(1,)]


def test_pruning_is_part_of_the_atomic_update(
    reports: Path, db_path: Path, ingest_into: Ingest, dump_db: Dump
) -> None:
    ingest_into(db_path, reports)
    (reports / SAMPLE_001).unlink()
    (reports / "new.txt").write_text("not a report", encoding="utf-8")
    before = dump_db(db_path)

    def fail(outcome: object) -> None:
        raise KeyboardInterrupt  # after the prune, at the first file read

    with pytest.raises(KeyboardInterrupt):
        ingest([reports], db_path, progress=fail)
    assert dump_db(db_path) == before
    assert ingest_into(db_path, reports).count("removed") == 1


def test_the_cli_counts_and_names_removed_files(
    reports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "j.duckdb"
    assert main(["ingest", str(reports), "--db", str(db)]) == 0
    (reports / SAMPLE_001).unlink()
    capsys.readouterr()
    assert main(["ingest", str(reports), "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("loaded 0, duplicate 0, unchanged 4, failed 0, removed 1")
    assert out[1:] == [f"  removed    {reports / SAMPLE_001}: no longer on disk"]
