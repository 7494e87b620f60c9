"""`jixiao bench`: how fast and how big, measured on synthetic corpora.

1. Ingest throughput (reports/s) of .txt and of .docx corpora, each run as
   its own `jixiao ingest` process; peak memory of its process tree
   (parent and workers, sampled from /proc).
2. Databases of 1k, 10k and 100k reports (`--reports`), built by really
   ingesting slices of one synthetic corpus one after the other (so every
   build is also an incremental ingest at scale); each build's rate and peak
   memory are kept.
3. p50/p95 of every named query on each database: whole and unfiltered
   ("all"), for the latest year ("year"), and as the dashboard calls it
   ("dashboard": a first page of a long listing, the rows a chart draws;
   `DASHBOARD_CALLS`), through `queries.run_small` / `queries.run_page`; whole results
   (what a download fetches) through `queries.run`.
4. The same rows in SQLite and the portable core of each dashboard query on
   both engines (`loaders.bench_sqlite`): SQLite ÷ DuckDB.
5. Every dashboard page rendered under AppTest on the largest database
   (`scripts/bench_pages.py`, its own process: its peak memory is the
   dashboard's).

Corpora and databases are kept in `--out` (default bench-results/, never
data/) and reused by the next run when their stamp matches; the results go
to `--out`/bench.json and the table to stdout.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import duckdb

import queries
from loaders import bench_sqlite, facts
from loaders.dbfile import schema_hash
from loaders.synth import generate

SEED = 20_261_122
ROOT = Path(__file__).resolve().parent.parent
PAGES_SCRIPT = ROOT / "scripts" / "bench_pages.py"
TARGETS = {
    "txt_reports_per_s": 500,
    "query_p50_ms": 50,
    "sqlite_ratio": 10,
    "dashboard_rss_mb": 600,
}


@dataclass
class Measured:
    """A child process's wall time, peak memory of its tree and output."""

    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo.extend(int(c) for c in (task / "children").read_text().split())
            except (OSError, ValueError):
                continue
    return found


def run_measured(argv: list[str]) -> Measured:
    """Run a command, sampling the resident memory of its process tree (its
    output goes to temporary files: a full pipe would stall it)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        with subprocess.Popen(argv, stdout=out, stderr=err, text=True, cwd=ROOT) as proc:
            peak = 0
            while proc.poll() is None:
                peak = max(peak, sum(_rss_kb(p) for p in _tree(proc.pid)))
                time.sleep(0.1)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return Measured(seconds, round(peak / 1024, 1), proc.returncode, out.read(), err.read())


def _jixiao(*args: str) -> list[str]:
    return [sys.executable, "-m", "loaders", *args]


def _corpus(folder: Path, count: int, start: int, fmt: str) -> Path:
    """A synthetic corpus slice, written unless an identical one is there."""
    stamp = {"seed": SEED, "reports": count, "first_index": start, "formats": [fmt]}
    manifest = folder / "manifest.json"
    if manifest.is_file():
        kept = json.loads(manifest.read_text(encoding="utf-8"))
        if all(kept.get(k) == v for k, v in stamp.items()):
            return folder / "reports"
        shutil.rmtree(folder)
    generate(folder, count, seed=SEED, start=start, formats=[fmt])
    return folder / "reports"


def _ingest(corpus: Path, db: Path, workers: int | None) -> dict[str, Any]:
    extra = ["--workers", str(workers)] if workers else []
    run = run_measured(_jixiao("ingest", str(corpus), "--db", str(db), *extra))
    if run.returncode != 0:
        raise RuntimeError(f"ingest of {corpus} failed: {run.stderr.strip()[-500:]}")
    first = run.stdout.splitlines()[0] if run.stdout else ""
    files = sum(1 for p in corpus.rglob("*") if p.is_file())
    return {
        "files": files,
        "seconds": round(run.seconds, 2),
        "reports_per_s": round(files / run.seconds, 1),
        "peak_rss_mb": run.peak_rss_mb,
        "summary": first,
    }


def bench_ingest(out: Path, fmt: str, count: int, workers: int | None) -> dict[str, Any]:
    """Throughput of one fresh ingest of `count` synthetic `fmt` reports."""
    corpus = _corpus(out / f"corpus-{fmt}-{count}", count, 0, fmt)
    db = out / f"ingest-{fmt}.duckdb"
    db.unlink(missing_ok=True)
    result = _ingest(corpus, db, workers)
    db.unlink(missing_ok=True)
    return result


def build_databases(out: Path, sizes: list[int], workers: int | None) -> dict[int, dict[str, Any]]:
    """Databases of each size, by ingesting successive slices into one database."""
    built: dict[int, dict[str, Any]] = {}
    live = out / "q-build.duckdb"
    stamp_key = {"seed": SEED, "schema": schema_hash()}
    previous = 0
    for size in sorted(sizes):
        db, stamp = out / f"q-{size}.duckdb", out / f"q-{size}.json"
        if db.is_file() and stamp.is_file():
            kept = json.loads(stamp.read_text(encoding="utf-8"))
            if kept.get("stamp") == stamp_key:
                # Same rows; the derived tables may come from older SQL: rebuild those only.
                facts.ensure_current(db)
                built[size] = kept
                shutil.copyfile(db, live)
                previous = size
                continue
        if previous == 0:
            live.unlink(missing_ok=True)
        corpus = _corpus(out / f"q-slice-{previous}-{size}", size - previous, previous, "txt")
        result = _ingest(corpus, live, workers)
        shutil.copyfile(live, db)
        built[size] = {"stamp": stamp_key, "reports": size, "build": result, "db": str(db)}
        stamp.write_text(json.dumps(built[size], ensure_ascii=False), encoding="utf-8")
        previous = size
    live.unlink(missing_ok=True)
    return built


# How the dashboard calls the queries it does not fetch whole (dashboard/views): the first page of
# a long listing (its download fetches the rest when asked), or only the rows a chart draws; a list
# when the pages call a query more than one way. The "dashboard" variant times these calls (the
# slowest of them, each one under "dashboard_calls"); the others are called whole, as "all".
DashboardCall = tuple[dict[str, Any], int | None]  # (params, page limit or None: the whole result)
DASHBOARD_CALLS: dict[str, DashboardCall | list[DashboardCall]] = {
    "audit_findings": ({}, 2000),
    "reports": ({}, 2000),
    "source_files": ({}, 2000),
    "audit_counts": ({"top_units": 20}, None),
    "indicator_rollup": ({"levels": ["level2"]}, None),
    "indicator_extremes": ({"top": 10}, None),
    "indicator_achievement": ({}, 2000),
    "cost_per_indicator": [({"top_series": 8}, None), ({}, 2000)],
    "cost_indicator_trend": [({"top_series": 8, "top_measures": 4}, None), ({}, 2000)],
    "score_vs_execution": ({"above_ceiling": True}, 2000),
    "execution_rates": [({"lowest_rates": 30}, None), ({"widest_gaps": 2000}, None), ({}, 2000)],
    "execution_by_region_year": ({"max_regions": 8}, None),
    "execution_by_unit_year": [({"lowest_rates": 15, "largest_drops": 15}, None), ({}, 2000)],
    "coverage": [({"top_units": 40}, None), ({"per_unit": True}, 2000)],
}


def dashboard_calls(name: str) -> list[DashboardCall]:
    """The calls the dashboard makes of `name` (one whole call when it is not listed)."""
    calls = DASHBOARD_CALLS.get(name, ({}, None))
    return calls if isinstance(calls, list) else [calls]


def _call(name: str, values: dict[str, Any], limit: int | None, *, whole: bool) -> Any:
    """The call as the dashboard makes it: a chart's result (`run_small`), a page of a listing,
    or (`whole`) every row, as a download fetches them (`run`)."""
    if limit is not None:
        return partial(queries.run_page, name=name, limit=limit, **values)
    if whole:
        return partial(queries.run, name=name, **values)
    return partial(queries.run_small, name=name, **values)


def _params(con: duckdb.DuckDBPyConnection, query: queries.Query) -> dict[str, Any]:
    names = {p.name for p in query.params}
    if "report_id" in names:
        rows = con.execute("select report_id from reports order by report_id limit 1").fetchall()
        return {"report_id": rows[0][0]}
    return {}


def _time(
    con: duckdb.DuckDBPyConnection,
    name: str,
    values: dict[str, Any],
    page: int | None,
    repeat: int,
    *,
    whole: bool = False,
) -> dict[str, Any]:
    cursor = con.cursor()
    try:
        call = _call(name, values, page, whole=whole)
        times = bench_sqlite.timings(partial(call, cursor), repeat)
        rows = call(cursor).height
    finally:
        cursor.close()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(bench_sqlite.percentile(times, 0.95), 2),
        "rows": rows,
    }


def bench_queries(db: Path, repeat: int) -> dict[str, dict[str, Any]]:
    """p50/p95 (ms) of every named query, unfiltered and for the latest year."""
    con = duckdb.connect(str(db), read_only=True)
    out: dict[str, dict[str, Any]] = {}
    try:
        latest = con.execute("select max(fiscal_year) from reports").fetchall()[0][0]
        for name in queries.list_queries():
            query = queries.load(name)
            params = _params(con, query)
            row: dict[str, Any] = {}
            variants: dict[str, tuple[dict[str, Any], int | None]] = {"all": (params, None)}
            if any(p.name == "years" for p in query.params):
                variants["year"] = ({**params, "years": [latest]}, None)
            for variant, (values, page) in variants.items():
                row[variant] = _time(con, name, values, page, repeat, whole=True)
            calls = [
                {
                    **_time(con, name, {**params, **extra}, page, repeat),
                    "params": extra,
                    "limit": page,
                }
                for extra, page in dashboard_calls(name)
            ]
            row["dashboard"] = max(calls, key=lambda c: c["p50_ms"])
            if len(calls) > 1:
                row["dashboard_calls"] = calls
            out[name] = row
    finally:
        con.close()
    return out


def bench_pages(db: Path) -> dict[str, Any]:
    run = run_measured([sys.executable, str(PAGES_SCRIPT), "--db", str(db)])
    if run.returncode != 0:
        return {"error": run.stderr.strip()[-800:], "peak_rss_mb": run.peak_rss_mb}
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    result["process_tree_peak_rss_mb"] = run.peak_rss_mb
    return result


def environment() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "platform": platform.platform(),
    }
