"""The derived tables (`loaders.facts`): built by every ingest from the stored rows,
rebuilt when the SQL that makes them changes, and equal to what the views compute.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

import queries
from loaders import facts
from loaders.dbfile import connect_read_only


def test_an_ingest_leaves_current_facts_equal_to_the_views(sample_db: Path) -> None:
    con = connect_read_only(sample_db)
    try:
        assert facts.is_current(con)
        for table, view in (("scope_facts", "v_scopes"), ("indicator_facts", "v_indicators")):
            stored = con.execute(f"select * from {table} order by all").fetchall()
            computed = con.execute(f"select * from {view} order by all").fetchall()
            assert stored, table
            assert stored == computed, table
        reports = con.execute("select count(*) from reports").fetchall()[0][0]
        listed = con.execute("select count(*), max(listing_order) from report_facts").fetchall()[0]
        assert listed == (reports, reports)
    finally:
        con.close()


def test_stale_or_missing_facts_are_rebuilt_with_the_same_results(
    sample_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(sample_db, db)
    with connect_read_only(db) as con:
        before = queries.run(con, "audit_findings")
    with duckdb.connect(str(db)) as con:
        con.execute("drop table audit_facts")
        con.execute("update jixiao_meta set value = 'older' where key = $k", {"k": facts.FACTS_KEY})
        assert not facts.is_current(con)
    assert facts.ensure_current(db) is True
    assert facts.ensure_current(db) is False  # current now: left alone
    with connect_read_only(db) as con:
        assert facts.is_current(con)
        assert queries.run(con, "audit_findings").equals(before)
        assert before.height > 0


def test_a_changed_report_leaves_no_stale_facts_behind(
    tmp_path: Path, sample_reports: Path, ingest_into: Callable[..., object]
) -> None:
    folder = tmp_path / "reports"
    shutil.copytree(sample_reports, folder)
    db = tmp_path / "db.duckdb"
    ingest_into(db, folder)
    with connect_read_only(db) as con:
        findings = con.execute("select count(distinct report_id) from audit_facts").fetchall()
    assert findings[0][0] >= 2
    # Change one report: the facts follow the stored rows, nothing of the old version stays.
    first = sorted(folder.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n附注：本报告已更正。\n", "utf-8")
    ingest_into(db, folder)
    with connect_read_only(db) as con:
        orphans = con.execute(
            """
            select count(*) from (
                select report_id from audit_facts union all
                select report_id from indicator_facts union all
                select report_id from scope_facts union all
                select report_id from report_facts
            ) as f
            where report_id not in (select report_id from reports)
            """
        ).fetchall()
    assert orphans[0][0] == 0


@pytest.mark.parametrize("table", queries.FACT_TABLES)
def test_every_fact_table_has_its_sql_file(table: str) -> None:
    statement = dict(queries.facts_sql())[table]
    assert f"create or replace table {table} as" in statement
