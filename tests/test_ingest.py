"""Ingest on real files: idempotency, broken files, twins, changes, crashes."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from loaders.dbfile import SCHEMA_KEY, connect_read_only
from loaders.discovery import discover
from loaders.ingest import DERIVED_TABLES_STAGE, Summary, ingest
from loaders.progress import Progress

Ingest = Callable[..., Summary]
TABLES = (
    "units",
    "source_files",
    "reports",
    "projects",
    "indicators",
    "expenses",
    "warnings",
    "evidence",
    "source_lines",
    "jixiao_meta",
)
SAMPLE_000 = "000_f85205bb6ece0316.txt"


def dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = connect_read_only(db)
    try:
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in TABLES}
    finally:
        con.close()


def scalar(db: Path, sql: str) -> Any:
    con = connect_read_only(db)
    try:
        return con.execute(sql).fetchall()[0][0]
    finally:
        con.close()


def sha_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def mixed_folder(tmp_path: Path, sample_reports: Path) -> Path:
    """The samples, binary junk, an empty file, a GB18030 twin, hidden files."""
    folder = tmp_path / "mixed"
    shutil.copytree(sample_reports, folder)
    (folder / "junk.bin").write_bytes(bytes(range(256)) * 8)
    (folder / "nested").mkdir()
    (folder / "nested" / "scan.txt").write_bytes(b"\x00\xff\xfe\x01" * 300 + b"\x80")
    (folder / "empty.txt").write_bytes(b"")
    text = (sample_reports / SAMPLE_000).read_text(encoding="utf-8")
    (folder / "nested" / "000_gb18030.txt").write_bytes(text.encode("gb18030"))
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    (folder / ".git").mkdir()
    (folder / ".git" / "config.txt").write_text("not a report", encoding="utf-8")
    return folder


def test_ingesting_the_samples_twice_changes_nothing(
    sample_reports: Path, db_path: Path, ingest_into: Ingest
) -> None:
    first = ingest_into(db_path, sample_reports)
    before = dump(db_path)
    second = ingest_into(db_path, sample_reports)
    assert (first.count("loaded"), first.count("failed")) == (5, 0)
    assert (second.count("unchanged"), second.count("loaded")) == (5, 0)
    assert dump(db_path) == before
    assert len(before["reports"]) == 5
    assert not list(db_path.parent.glob("*.tmp-*"))  # no temporary copy left behind


def test_the_rebuild_after_the_files_is_announced_only_when_it_runs(
    sample_reports: Path, db_path: Path
) -> None:
    """A terminal sees why a full bar waits (the derived tables' rebuild), and a run with
    nothing new rebuilds nothing, so it announces nothing."""
    stages: list[str] = []
    ingest([sample_reports], db_path, on_stage=stages.append)
    assert stages == [DERIVED_TABLES_STAGE]
    ingest([sample_reports], db_path, on_stage=stages.append)
    assert stages == [DERIVED_TABLES_STAGE]

    shown = io.StringIO()
    bar = Progress(2, "ingest", stream=shown, force=True)
    bar.advance()
    bar.advance()
    bar.stage(DERIVED_TABLES_STAGE)
    bar.finish()
    assert shown.getvalue().split("\r")[-1].splitlines()[1:] == [f"ingest: {DERIVED_TABLES_STAGE}…"]
    assert shown.getvalue().endswith("…\n")


def test_a_mixed_folder_loads_the_reports_and_names_each_broken_file(
    mixed_folder: Path, db_path: Path, ingest_into: Ingest
) -> None:
    summary = ingest_into(db_path, mixed_folder)
    by_name = {o.path.name: o for o in summary.outcomes}
    assert sorted(by_name) == sorted(
        [
            *(p.name for p in mixed_folder.glob("0*.txt")),
            *("junk.bin", "scan.txt", "empty.txt", "000_gb18030.txt"),
        ]
    )  # hidden files and folders skipped
    assert {n: o.status for n, o in by_name.items() if o.status != "loaded"} == {
        "junk.bin": "failed",
        "scan.txt": "failed",
        "empty.txt": "failed",
        "000_gb18030.txt": "duplicate",
    }
    failures = [line for line in summary.lines() if line.strip().startswith("failed")]
    assert len(failures) == 3
    for line, name, reason in zip(
        sorted(failures),
        ["empty.txt", "junk.bin", "scan.txt"],
        ["empty", "no reader", "not a text file"],
        strict=True,
    ):
        assert name in line
        assert reason in line
        assert "\n" not in line
    assert scalar(db_path, "select count(*) from reports") == 5
    assert scalar(db_path, "select count(*) from source_files where status = 'failed'") == 3


def test_a_gb18030_twin_is_the_same_report(
    mixed_folder: Path, db_path: Path, ingest_into: Ingest
) -> None:
    ingest_into(db_path, mixed_folder)
    con = connect_read_only(db_path)
    try:
        twins = con.execute(
            "select name, status, report_id from source_files "
            "where name in ($a, '000_gb18030.txt') order by name",
            {"a": SAMPLE_000},
        ).fetchall()
    finally:
        con.close()
    assert [(n, s) for n, s, _ in twins] == [
        ("000_f85205bb6ece0316.txt", "loaded"),
        ("000_gb18030.txt", "duplicate"),
    ]
    assert twins[0][2] == twins[1][2]


def test_a_failed_file_fails_again_without_changing_the_database(
    mixed_folder: Path, db_path: Path, ingest_into: Ingest
) -> None:
    ingest_into(db_path, mixed_folder)
    before = dump(db_path)
    again = ingest_into(db_path, mixed_folder)
    assert (again.count("unchanged"), again.count("failed")) == (6, 3)
    assert dump(db_path) == before


def test_identical_bytes_elsewhere_are_not_read_again(
    tmp_path: Path, sample_reports: Path, db_path: Path, ingest_into: Ingest
) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        shutil.copy(sample_reports / SAMPLE_000, tmp_path / sub / SAMPLE_000)
    summary = ingest_into(db_path, tmp_path / "a", tmp_path / "b")
    assert [o.status for o in summary.outcomes] == ["loaded", "duplicate"]
    assert scalar(db_path, "select count(distinct report_id) from source_files") == 1


def test_a_changed_file_replaces_its_old_rows(
    tmp_path: Path, sample_reports: Path, db_path: Path, ingest_into: Ingest
) -> None:
    report = tmp_path / "in" / SAMPLE_000
    report.parent.mkdir()
    shutil.copy(sample_reports / SAMPLE_000, report)
    ingest_into(db_path, report.parent)
    lines_before = scalar(db_path, "select count(*) from source_lines")
    report_id = scalar(db_path, "select report_id from reports")
    with report.open("a", encoding="utf-8") as fh:
        fh.write("\n附注：本报告已修订。\n")
    summary = ingest_into(db_path, report.parent)
    assert [o.status for o in summary.outcomes] == ["loaded"]
    assert scalar(db_path, "select report_id from reports") == report_id
    assert scalar(db_path, "select count(*) from source_lines") == lines_before + 2
    assert scalar(db_path, "select sha256 from source_files") == sha_of(report)
    # Now the file turns into junk: its report goes, the failure is recorded.
    report.write_bytes(b"\x00\xff" * 100 + b"\x80")
    ingest_into(db_path, report.parent)
    assert scalar(db_path, "select count(*) from reports") == 0
    assert scalar(db_path, "select status from source_files") == "failed"


def test_a_missing_path_is_refused_before_anything_is_written(
    tmp_path: Path, db_path: Path, ingest_into: Ingest
) -> None:
    with pytest.raises(FileNotFoundError, match="no-such-folder"):
        ingest_into(db_path, tmp_path / "no-such-folder")
    assert not db_path.exists()


def test_discover_skips_hidden_files_and_the_database_itself(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "jixiao.duckdb").write_bytes(b"db")
    (tmp_path / "jixiao.duckdb.tmp-123").write_bytes(b"db")
    found = discover([tmp_path], tmp_path / "jixiao.duckdb")
    assert found == [(tmp_path / "r.txt").resolve()]


def test_an_ingest_that_dies_leaves_the_old_database(
    tmp_path: Path, sample_reports: Path, db_path: Path, ingest_into: Ingest
) -> None:
    ingest_into(db_path, sample_reports / SAMPLE_000)
    before_sha = sha_of(db_path)
    script = textwrap.dedent(
        """
        import os, signal, sys
        from pathlib import Path
        from loaders.ingest import ingest
        def die(outcome):
            os.kill(os.getpid(), signal.SIGKILL)  # mid-ingest, at the first file
        ingest([Path(sys.argv[1])], Path(sys.argv[2]), progress=die)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(sample_reports), str(db_path)], check=False
    )
    assert proc.returncode == -9
    assert sha_of(db_path) == before_sha
    assert list(db_path.parent.glob("*.tmp-*"))  # the killed run's copy is left …
    summary = ingest_into(db_path, sample_reports)
    assert summary.count("loaded") == 4  # … and the next run cleans it up and goes on
    assert not list(db_path.parent.glob("*.tmp-*"))


def test_an_ingest_that_raises_leaves_the_old_database(sample_reports: Path, db_path: Path) -> None:
    ingest([sample_reports / SAMPLE_000], db_path)
    before = dump(db_path)

    def fail(outcome: object) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest([sample_reports], db_path, progress=fail)
    assert dump(db_path) == before
    assert not list(db_path.parent.glob("*.tmp-*"))


def test_a_reader_keeps_its_view_while_an_ingest_swaps_the_file(
    sample_reports: Path, db_path: Path, ingest_into: Ingest
) -> None:
    ingest_into(db_path, sample_reports / SAMPLE_000)
    reader = connect_read_only(db_path)
    try:
        ingest_into(db_path, sample_reports)  # does not wait for, nor break, the reader
        assert reader.execute("select count(*) from reports").fetchall() == [(1,)]
    finally:
        reader.close()
    assert scalar(db_path, "select count(*) from reports") == 5


def test_a_database_of_another_schema_is_rebuilt_from_its_files(
    sample_reports: Path, tmp_path: Path, db_path: Path, ingest_into: Ingest
) -> None:
    ingest_into(db_path, sample_reports)
    con = duckdb.connect(str(db_path))
    con.execute("update jixiao_meta set value = 'old' where key = $k", {"k": SCHEMA_KEY})
    con.close()
    (tmp_path / "nothing-new").mkdir()
    summary = ingest_into(db_path, tmp_path / "nothing-new")
    assert summary.requeued == 5
    assert summary.count("loaded") == 5
    assert scalar(db_path, "select count(*) from reports") == 5
    assert scalar(db_path, f"select value from jixiao_meta where key = '{SCHEMA_KEY}'") != "old"
