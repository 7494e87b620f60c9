"""Every filter of every query is a bound parameter: hostile strings in any of
them select nothing and change nothing, on a writable copy of the sample
database (a read-only connection would hide an injection)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

import queries
from loaders import cli
from queries import QueryError

HOSTILE = (
    "'; drop table reports; --",
    "x' or '1'='1",
    '"; delete from indicators; --',
    "1); drop table units; --",
    "湖南省' --",
    "--",
    ";",
    "%",
    "\\",
)
TABLES = (
    "reports",
    "units",
    "projects",
    "indicators",
    "expenses",
    "warnings",
    "evidence",
    "source_lines",
    "source_files",
)


@pytest.fixture(scope="module")
def writable(
    sample_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[duckdb.DuckDBPyConnection]:
    copy = tmp_path_factory.mktemp("hostile") / "copy.duckdb"
    shutil.copyfile(sample_db, copy)
    con = duckdb.connect(str(copy))
    try:
        yield con
    finally:
        con.close()


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    out = {}
    for table in TABLES:
        # fetchall: an execute() result left half-read blocks the connection's next query
        out[table] = int(con.execute(f"select count(*) from {table}").fetchall()[0][0])
    return out


def assert_selects_nothing(name: str, frame: Any) -> None:
    if name == "kpi_summary":  # its all-years row is always there, counting nothing
        assert frame.to_dicts()[0]["report_count"] == 0
        assert frame.height == 1
    else:
        assert frame.is_empty(), (name, frame)


def text_params(query: queries.Query) -> list[queries.Param]:
    return [p for p in query.params if p.base_type == "VARCHAR"]


@pytest.mark.parametrize("name", queries.list_queries())
def test_hostile_strings_in_every_text_filter(
    name: str, writable: duckdb.DuckDBPyConnection
) -> None:
    query = queries.load(name)
    before = counts(writable)
    assert all(before.values()), before
    for hostile in HOSTILE:
        every = {p.name: [hostile] if p.is_list else hostile for p in text_params(query)}
        assert_selects_nothing(name, queries.run(writable, name, **every))
        for param in text_params(query) if hostile in HOSTILE[:3] else []:
            alone = {param.name: [hostile] if param.is_list else hostile}
            if param.name != "report_id" and any(p.name == "report_id" for p in query.params):
                alone["report_id"] = hostile
            assert_selects_nothing(name, queries.run(writable, name, **alone))
    assert counts(writable) == before


@pytest.mark.parametrize("name", queries.list_queries())
def test_hostile_strings_in_typed_filters_are_refused(
    name: str, writable: duckdb.DuckDBPyConnection
) -> None:
    query = queries.load(name)
    typed = [p for p in query.params if p.base_type != "VARCHAR"]
    assert typed, "every query takes $years"
    for param in typed:
        for hostile in HOSTILE:
            value = [hostile] if param.is_list else hostile
            required = {p.name: "r" for p in query.params if not p.nullable}
            with pytest.raises(QueryError, match=f"\\${param.name} expects"):
                queries.run(writable, name, **required, **{param.name: value})


def test_the_audit_on_the_command_line(sample_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`jixiao query audit_findings` lists the findings; a hostile filter finds none."""
    assert cli.main(["query", "audit_findings", "--db", str(sample_db), "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    codes = {f["code"] for f in found}
    assert {
        "conflicting_figures",
        "total_mismatch",
        "missed_target_full_score",
        "parts_mismatch",
        "score_exceeds_execution",
    } <= codes
    hostile = ["--param", "units='; drop table reports; --", "--format", "json"]
    assert cli.main(["query", "audit_findings", "--db", str(sample_db), *hostile]) == 0
    assert json.loads(capsys.readouterr().out) == []
