"""Shared fixtures: real files, a real DuckDB built by the real ingest.

* `sample_db`: a database built once per test session by ingesting
  ``data/reports`` (the five bundled sample reports) with `loaders.ingest`,
  so every test that reads it also exercises the write path. Treat it as
  read-only; build your own with `ingest_into` to change anything.
* `sample_con`: a read-only connection to it, closed after the test.
* `db_path`: a fresh database path in the test's tmp folder (not created).
* `ingest_into`: ``ingest_into(db, *paths)`` → `Summary`.
* `trends_db`: the samples and three more reports of sample 000's unit and city in
  other years, ingested once per session (read-only, like `sample_db`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from loaders.dbfile import connect_read_only
from loaders.ingest import Summary, ingest

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_REPORTS = REPO_ROOT / "data" / "reports"
SAMPLE_IDS = (
    "000_f85205bb6ece0316",
    "001_d561446380a2a949",
    "002_cdb5fd7bd89dc735",
    "003_f6253369dfa87339",
    "004_e40cd2cf77471691",
)


@pytest.fixture(scope="session")
def sample_reports() -> Path:
    """The folder of the five bundled sample reports."""
    return SAMPLE_REPORTS


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database built by really ingesting ``data/reports`` (once per session)."""
    db = tmp_path_factory.mktemp("sample_db") / "jixiao.duckdb"
    summary = ingest([SAMPLE_REPORTS], db)
    assert summary.count("loaded") == len(SAMPLE_IDS), summary.lines()
    return db


@pytest.fixture
def sample_con(sample_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to `sample_db`."""
    with connect_read_only(sample_db) as con:
        yield con


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's own database goes (not created yet)."""
    return tmp_path / "db" / "jixiao.duckdb"


@pytest.fixture
def ingest_into() -> Callable[..., Summary]:
    """``ingest_into(db, *paths, force=False)``: the real ingest."""

    def run(db: Path, *paths: Path, force: bool = False) -> Summary:
        return ingest(list(paths), db, force=force, raise_on_error=False)

    return run


DbDump = dict[str, list[tuple[Any, ...]]]


@pytest.fixture
def dump_db() -> Callable[[Path], DbDump]:
    """``dump_db(path)``: every table's rows, sorted, to compare whole databases
    (``loaded_at`` left out, and the listing order that follows it: the time of the run)."""

    def dump(db: Path) -> DbDump:
        con = connect_read_only(db)
        try:
            tables = [
                r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()
            ]
            out: DbDump = {}
            for table in sorted(tables):
                columns = {
                    "source_files": "* exclude (loaded_at)",
                    "source_file_facts": "* exclude (loaded_at, listing_order)",
                }.get(table, "*")
                out[table] = con.execute(f"select {columns} from {table} order by all").fetchall()
            return out
        finally:
            con.close()

    return dump


# --- a database across years ---------------------------------------------------
# The samples hold one year per unit: three reports written like sample 000 (巴彦淖尔市信访局,
# prose indicator rows) with other figures add the same unit in 2023 and 2025 and a second unit
# of the same city (临河区) in 2024 (tests/test_queries_trends.py, test_queries_costs.py).

SAMPLE_000 = SAMPLE_REPORTS / "000_f85205bb6ece0316.txt"
EXPENSES_2024 = (
    "2024年信访事务支出244.68万元，办公费294441.65元,印刷费25000元，咨询费90000元,水费4000元,"
    "电费30000元,取暖费12163.7元,物业管理费265000元,差旅费578420元,维修（护）费145000元,"
    "租赁费196000元，会议费58720元，培训费17380元,劳务费329763.05元,公务用车运行维护费44906元，"
    "其他交通费用299898元，办公设备购置56060元"
)

# file name → (text in sample 000, replacement): each must occur exactly once.
VARIANTS: dict[str, list[tuple[str, str]]] = {
    # 2023: 120 → 130 budget, 117 executed (90%); two targets beaten by 30% or more.
    "005_bayannur_2023.txt": [
        (" 2024年度信访事务经费", " 2023年度信访事务经费"),
        ("年初预算数135万元，其中：财政拨款135万元", "年初预算数120万元，其中：财政拨款120万元"),
        (
            "变动后预算数245万元，其中：财政拨款245万元",
            "变动后预算数130万元，其中：财政拨款130万元",
        ),
        (
            "全年执行数244.68万元、执行率为99.86%，其中：财政拨款244.68万元",
            "全年执行数117万元、执行率为90%，其中：财政拨款117万元",
        ),
        (EXPENSES_2024, "2023年信访事务支出117万元，办公费500000元,差旅费470000元,劳务费200000元"),
        ("召开协调会议(次)，目标值32，完成值35", "召开协调会议(次)，目标值25，完成值35"),
        ("督办案件(件)，目标值30，完成值32", "督办案件(件)，目标值30，完成值40"),
        ("差旅成本(元/天/人)，目标值800，完成值800", "差旅成本(元/天/人)，目标值800，完成值780"),
        ("目标值2024年12月，完成值2024年12月", "目标值2023年12月，完成值2023年12月"),
        ("自评得分95.98分", "自评得分95分"),  # 86 + 90% × 10
    ],
    # 2025: 150 → 200 budget, 190 executed (95%); two targets lowered after being beaten.
    "006_bayannur_2025.txt": [
        (" 2024年度信访事务经费", " 2025年度信访事务经费"),
        ("年初预算数135万元，其中：财政拨款135万元", "年初预算数150万元，其中：财政拨款150万元"),
        (
            "变动后预算数245万元，其中：财政拨款245万元",
            "变动后预算数200万元，其中：财政拨款200万元",
        ),
        (
            "全年执行数244.68万元、执行率为99.86%，其中：财政拨款244.68万元",
            "全年执行数190万元、执行率为95%，其中：财政拨款190万元",
        ),
        (EXPENSES_2024, "2025年信访事务支出190万元，办公费600000元,差旅费800000元,劳务费500000元"),
        ("召开协调会议(次)，目标值32，完成值35", "召开协调会议(次)，目标值30，完成值40"),
        ("督办案件(件)，目标值30，完成值32", "督办案件(件)，目标值28，完成值45"),
        ("差旅成本(元/天/人)，目标值800，完成值800", "差旅成本(元/天/人)，目标值850，完成值820"),
        ("目标值2024年12月，完成值2024年12月", "目标值2025年12月，完成值2025年12月"),
        ("自评得分95.98分", "自评得分95.5分"),  # 86 + 95% × 10
    ],
    # Another unit of the same city in 2024: 100 budget, 50 executed (50%), 91 points.
    "007_linhe_2024.txt": [
        ("《巴彦淖尔市信访局财务管理制度》", "《巴彦淖尔市临河区信访局财务管理制度》"),
        ("市信访局深入学习", "区信访局深入学习"),
        (
            "变动后预算数245万元，其中：财政拨款245万元",
            "变动后预算数100万元，其中：财政拨款100万元",
        ),
        (
            "全年执行数244.68万元、执行率为99.86%，其中：财政拨款244.68万元",
            "全年执行数50万元、执行率为50%，其中：财政拨款50万元",
        ),
        (EXPENSES_2024, "2024年信访事务支出50万元，办公费200000元,差旅费200000元,劳务费100000元"),
        ("自评得分95.98分", "自评得分91分"),  # 86 + 50% × 10
    ],
}


def write_variant(folder: Path, name: str, replacements: list[tuple[str, str]]) -> None:
    text = SAMPLE_000.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, (name, old)
        text = text.replace(old, new)
    (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture(scope="session")
def trends_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five samples and the three `VARIANTS` of sample 000, ingested (once per session)."""
    folder = tmp_path_factory.mktemp("trend_reports")
    for sample in SAMPLE_REPORTS.glob("*.txt"):
        (folder / sample.name).write_bytes(sample.read_bytes())
    for name, replacements in VARIANTS.items():
        write_variant(folder, name, replacements)
    db = tmp_path_factory.mktemp("trends_db") / "jixiao.duckdb"
    summary = ingest([folder], db)
    assert summary.count("loaded") == 8, summary.lines()
    return db


@pytest.fixture
def trends_con(trends_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to `trends_db`."""
    with connect_read_only(trends_db) as con:
        yield con
