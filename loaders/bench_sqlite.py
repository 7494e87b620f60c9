"""The SQLite side of the benchmark: the same rows, the same SQL, two engines.

The named queries are DuckDB SQL (table macros, lists, GROUPING SETS,
quantiles, regular expressions) that SQLite cannot run. So each dashboard
query with a portable core gets that core here, written once in SQL both
engines accept, and timed on both over the same rows: `export` copies the
tables the cores read from the DuckDB file into a SQLite file (with the
indexes a SQLite user would add). The cores read the rows the dashboard's
queries read: `report_facts`, the reports with their canonical unit, region
and listing order already joined in (rebuilt at each ingest, so no query
joins the units), and the indicators; the one-report lookups read `reports`
and `units` as the detail page does. The ratio is SQLite's median over
DuckDB's for the identical statement; the named query's own time is
measured separately (`loaders.bench`). Both sides deliver what a dashboard
needs, a polars DataFrame: DuckDB through Arrow (as `queries.run_small` for a
result of a chart's size, as `queries.run` for a longer one), SQLite through
its rows (`fetchall`, as a SQLite-backed app would).
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

import queries

TABLES: dict[str, str] = {
    "units": "unit_id, canonical_name, province, city, county",
    "report_facts": (
        "report_id, unit_id, unit_canonical_name, region_province, region_city, region_county, "
        "fiscal_year, kind, subject, total_score::double as total_score, grade, "
        "budget_final_wan::double as budget_final_wan, executed_wan::double as executed_wan, "
        "execution_rate_pct::double as execution_rate_pct, listing_order"
    ),
    "reports": (
        "report_id, unit_id, unit_name, unit_province, unit_city, unit_county, fiscal_year, "
        "kind, subject, title, total_score::double as total_score, grade, "
        "budget_initial_wan::double as budget_initial_wan, "
        "budget_final_wan::double as budget_final_wan, executed_wan::double as executed_wan, "
        "execution_rate_pct::double as execution_rate_pct, extract_status"
    ),
    "indicators": (
        "report_id, indicator_no, project_no, level1, level2, name, measure_unit, target, "
        "actual, target_op, target_value::double as target_value, "
        "actual_value::double as actual_value, weight::double as weight, score::double as score"
    ),
}
INDEXES = (
    "create index report_facts_year on report_facts (fiscal_year)",
    "create index report_facts_unit on report_facts (unit_id)",
    "create unique index report_facts_id on report_facts (report_id)",
    "create unique index report_facts_order on report_facts (listing_order)",
    "create unique index reports_id on reports (report_id)",
    "create unique index units_id on units (unit_id)",
    "create index indicators_report on indicators (report_id)",
)

_REPORTS = "report_facts as r"
_INDICATORS = "indicators as i join report_facts as r on r.report_id = i.report_id"
_HAS_RATE = "r.budget_final_wan > 0 and r.executed_wan is not null"

# Dashboard query → the portable core of what it computes (no filters: the widest view).
PORTABLE: dict[str, str] = {
    "kpi_summary": f"""
        select r.fiscal_year, count(*), count(distinct r.unit_id),
            sum(case when {_HAS_RATE} then r.budget_final_wan end),
            sum(case when {_HAS_RATE} then r.executed_wan end),
            avg(r.total_score), sum(case when r.total_score >= 100 then 1 else 0 end)
        from {_REPORTS} group by r.fiscal_year order by r.fiscal_year""",
    "execution_by_region_year": f"""
        select r.region_province as province, r.region_city as city, r.fiscal_year, count(*),
            sum(case when {_HAS_RATE} then r.budget_final_wan end) as budget,
            sum(case when {_HAS_RATE} then r.executed_wan end) as executed
        from {_REPORTS} group by 1, 2, 3 order by 1, 2, 3""",
    "execution_by_unit_year": f"""
        select r.unit_id, r.unit_canonical_name, r.fiscal_year, count(*),
            sum(r.budget_final_wan), sum(r.executed_wan),
            sum(r.executed_wan) * 100.0 / sum(r.budget_final_wan)
        from {_REPORTS} group by 1, 2, 3 order by 1, 3""",
    "score_distribution": f"""
        select r.fiscal_year,
            case when r.total_score < 60 then 1 when r.total_score < 70 then 2
                when r.total_score < 80 then 3 when r.total_score < 85 then 4
                when r.total_score < 90 then 5 when r.total_score < 95 then 6
                when r.total_score < 100 then 7 else 8 end as bin_no, count(*)
        from {_REPORTS} where r.total_score is not null group by 1, 2 order by 1, 2""",
    "grade_counts": f"""
        select r.fiscal_year, r.grade,
            case when r.total_score >= 90 then '优' when r.total_score >= 80 then '良'
                when r.total_score >= 60 then '中' when r.total_score is not null then '差'
                end as implied, count(*)
        from {_REPORTS} group by 1, 2, 3 order by 1, 2, 3""",
    "indicator_rollup": f"""
        select i.level1, i.level2, count(*), count(distinct i.report_id),
            avg(case when i.weight > 0 then i.score / i.weight end),
            sum(case when i.weight > 0 and i.score >= i.weight then 1 else 0 end)
        from {_INDICATORS}
        group by 1, 2 order by 1, 2""",
    "indicator_achievement": f"""
        select r.fiscal_year, i.level1,
            sum(case when i.target_value is null or i.actual_value is null then 0
                when coalesce(i.target_op, '≥') in ('≥', '>') and i.actual_value >= i.target_value
                    then 1
                when i.target_op in ('≤', '<') and i.actual_value <= i.target_value then 1
                when i.target_op = '=' and i.actual_value = i.target_value then 1 else 0 end),
            count(*)
        from {_INDICATORS}
        group by 1, 2 order by 1, 2""",
    "cost_per_indicator": f"""
        select i.name, i.measure_unit, r.fiscal_year, count(*), avg(i.actual_value),
            avg(i.target_value)
        from {_INDICATORS}
        where i.level1 like '%成本%' or i.level2 like '%成本%'
        group by 1, 2, 3 order by 1, 2, 3""",
    "reports": f"""
        select r.report_id, r.unit_canonical_name, r.fiscal_year, r.kind, r.subject,
            r.total_score, r.grade, r.budget_final_wan, r.executed_wan, r.execution_rate_pct
        from {_REPORTS} order by r.listing_order""",
    "report_detail": """
        select r.*, u.canonical_name
        from reports as r left join units as u on u.unit_id = r.unit_id
        where r.report_id = $report_id""",
    "report_indicators": """
        select * from indicators where report_id = $report_id order by indicator_no""",
}


def export(duck_path: Path, sqlite_path: Path) -> dict[str, int]:
    """Copy the benchmark's tables into a new SQLite file; rows per table."""
    sqlite_path.unlink(missing_ok=True)
    source = duckdb.connect(str(duck_path), read_only=True)
    target = sqlite3.connect(str(sqlite_path))
    counts: dict[str, int] = {}
    try:
        for table, columns in TABLES.items():
            result = source.execute(f"select {columns} from {table}")
            names = [d[0] for d in result.description or []]
            target.execute(f"create table {table} ({', '.join(names)})")
            marks = ", ".join("?" for _ in names)
            counts[table] = 0
            while rows := result.fetchmany(50_000):
                target.executemany(f"insert into {table} values ({marks})", rows)
                counts[table] += len(rows)
        for statement in INDEXES:
            target.execute(statement)
        target.execute("analyze")
        target.commit()
    finally:
        source.close()
        target.close()
    return counts


def timings(run: Callable[[], Any], repeat: int) -> list[float]:
    """Milliseconds of `repeat` runs after one warm-up run."""
    run()
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        out.append((time.perf_counter() - started) * 1000)
    return out


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _sqlite_frame(con: sqlite3.Connection, sql: str, params: dict[str, Any]) -> Any:
    """The result as a SQLite-backed dashboard would get it: rows into a DataFrame."""
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return pl.DataFrame(cursor.fetchall(), schema=names, orient="row", infer_schema_length=None)


def compare(
    duck_path: Path, sqlite_path: Path, report_id: str, repeat: int
) -> dict[str, dict[str, float]]:
    """Per portable query: DuckDB and SQLite p50 (ms) and SQLite ÷ DuckDB."""
    duck = duckdb.connect(str(duck_path), read_only=True)
    lite = sqlite3.connect(str(sqlite_path))
    out: dict[str, dict[str, float]] = {}
    try:
        for name, sql in PORTABLE.items():
            params = {"report_id": report_id} if "$report_id" in sql else {}
            rows = queries.fetch_frame(duck, sql, params, small=False).height
            small = rows <= queries.SMALL_RESULT_ROWS
            duck_ms = timings(partial(queries.fetch_frame, duck, sql, params, small=small), repeat)
            lite_ms = timings(partial(_sqlite_frame, lite, sql, params), max(3, repeat // 4))
            d50, l50 = statistics.median(duck_ms), statistics.median(lite_ms)
            out[name] = {
                "duckdb_p50_ms": round(d50, 2),
                "sqlite_p50_ms": round(l50, 2),
                "sqlite_over_duckdb": round(l50 / d50, 1) if d50 > 0 else 0.0,
            }
    finally:
        duck.close()
        lite.close()
    return out


def first_report_id(duck_path: Path) -> str:
    """A report id to look up (the detail queries need one)."""
    con = duckdb.connect(str(duck_path), read_only=True)
    try:
        return str(con.execute("select min(report_id) from reports").fetchall()[0][0])
    finally:
        con.close()
