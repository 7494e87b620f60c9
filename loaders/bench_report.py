"""`jixiao bench` end to end: run the steps of `loaders.bench`, write the JSON,
print the table and the targets (met or not, with the figures)."""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

from loaders import bench, bench_sqlite
from loaders.bench import TARGETS

REAL_DATA = Path("data")


def _sizes(text: str) -> list[int]:
    return sorted({int(t.replace("_", "").replace("k", "000")) for t in text.split(",") if t})


def _mark(ok: bool) -> str:
    return "ok  " if ok else "MISS"


def table(results: dict[str, Any]) -> str:
    """The results as plain-text tables."""
    lines = ["== ingest (own process; reports/s over the whole run, peak RSS of its tree)"]
    for label, r in results["ingest"].items():
        lines.append(
            f"  {label:<22} {r['files']:>7} files  {r['seconds']:>8.1f} s  "
            f"{r['reports_per_s']:>7.1f} reports/s  peak {r['peak_rss_mb']:>7.1f} MB"
        )
    sizes = [int(s) for s in results["queries"]]
    largest = str(max(sizes)) if sizes else None
    ratios = results.get("sqlite", {})
    head = "  ".join(f"{s:>15}" for s in sizes)
    lines += [
        "",
        f"== named queries, ms p50/p95, unfiltered and whole   {head}"
        f"   as the dashboard calls it at {largest}   SQLite÷DuckDB",
    ]
    names = sorted({n for per in results["queries"].values() for n in per})
    for name in names:
        cells = []
        for s in sizes:
            q = results["queries"][str(s)].get(name, {}).get("all")
            cells.append(f"{q['p50_ms']:>7.1f}/{q['p95_ms']:<7.1f}" if q else f"{'—':>15}")
        page = results["queries"][largest].get(name, {}).get("dashboard") if largest else None
        shown = f"{page['p50_ms']:>7.1f} ({page['rows']:>6} rows)" if page else f"{'—':>20}"
        ratio = ratios.get(name, {}).get("sqlite_over_duckdb")
        lines.append(
            f"  {name:<24} {'  '.join(cells)}   {shown}   {f'{ratio:>6.1f}×' if ratio else '    —'}"
        )
    if largest:
        year = [q["year"]["p50_ms"] for q in results["queries"][largest].values() if "year" in q]
        if year:
            lines.append(f"  (latest year only, at {largest}: max p50 {max(year):.1f} ms)")
    if ratios:
        lines += ["", f"== same SQL, same rows at {results.get('sqlite_size')}: DuckDB vs SQLite"]
        for name, r in ratios.items():
            lines.append(
                f"  {name:<28} duckdb {r['duckdb_p50_ms']:>8.2f} ms   sqlite "
                f"{r['sqlite_p50_ms']:>9.2f} ms   {r['sqlite_over_duckdb']:>6.1f}×"
            )
    pages = results.get("pages") or {}
    if pages.get("pages"):
        lines += ["", f"== dashboard pages under AppTest at {largest} reports (ms)"]
        lines.append(f"  app start (entry + sidebar + default page): {pages.get('app_ms')} ms")
        for page, p in pages["pages"].items():
            errors = f"  errors: {p['errors']}" if p.get("errors") else ""
            lines.append(f"  {page:<14} cold {p['cold_ms']:>7}   warm {p['warm_ms']:>7}{errors}")
        lines.append(f"  dashboard process peak RSS: {pages.get('peak_rss_mb')} MB")
    elif pages.get("error"):
        lines += ["", f"== dashboard pages: failed: {pages['error'][-300:]}"]
    lines += ["", "== targets"] + [f"  {t}" for t in results["targets"]]
    return "\n".join(lines)


def targets(results: dict[str, Any]) -> list[str]:
    out = []
    txt = results["ingest"].get("txt")
    if txt:
        ok = txt["reports_per_s"] >= TARGETS["txt_reports_per_s"]
        out.append(
            f"{_mark(ok)} .txt ingest {txt['reports_per_s']:.0f} reports/s "
            f"(target ≥ {TARGETS['txt_reports_per_s']})"
        )
    sizes = sorted(int(s) for s in results["queries"])
    if sizes:
        largest = results["queries"][str(sizes[-1])]
        for variant, what in (("dashboard", "as the dashboard calls it"), ("all", "whole")):
            timed = [(n, q[variant]) for n, q in largest.items() if variant in q]
            if not timed:
                continue
            name, worst = max(timed, key=lambda t: t[1]["p50_ms"])
            ok = worst["p50_ms"] <= TARGETS["query_p50_ms"]
            over = sum(q["p50_ms"] > TARGETS["query_p50_ms"] for _, q in timed)
            out.append(
                f"{_mark(ok)} slowest query p50 at {sizes[-1]}, {what}: {name} "
                f"{worst['p50_ms']:.1f} ms; {over} of {len(timed)} over "
                f"(target ≤ {TARGETS['query_p50_ms']} ms)"
            )
    ratios = results.get("sqlite") or {}
    if ratios:
        low = min(ratios.items(), key=lambda kv: kv[1]["sqlite_over_duckdb"])
        ok = low[1]["sqlite_over_duckdb"] >= TARGETS["sqlite_ratio"]
        out.append(
            f"{_mark(ok)} smallest SQLite÷DuckDB: {low[0]} {low[1]['sqlite_over_duckdb']:.1f}× "
            f"(target ≥ {TARGETS['sqlite_ratio']}×)"
        )
    pages = results.get("pages") or {}
    if "peak_rss_mb" in pages:
        ok = pages["peak_rss_mb"] < TARGETS["dashboard_rss_mb"]
        out.append(
            f"{_mark(ok)} dashboard process peak {pages['peak_rss_mb']} MB "
            f"(target < {TARGETS['dashboard_rss_mb']} MB)"
        )
    return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    out = Path(args.out).resolve()
    if out == REAL_DATA.resolve() or REAL_DATA.resolve() in out.parents:
        raise ValueError(f"--out {args.out} is inside data/: benchmark data never goes there")
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict[str, Any] = {"environment": bench.environment(), "ingest": {}, "queries": {}}
    results["ingest"]["txt"] = bench.bench_ingest(out, "txt", args.ingest_reports, args.workers)
    if args.docx_reports:
        results["ingest"]["docx"] = bench.bench_ingest(out, "docx", args.docx_reports, args.workers)
    sizes = _sizes(args.reports)
    built = bench.build_databases(out, sizes, args.workers)
    for size, info in built.items():
        if "build" in info:
            results["ingest"][f"build {size} (+slice)"] = info["build"]
        results["queries"][str(size)] = bench.bench_queries(Path(info["db"]), args.repeat)
    largest = Path(built[max(sizes)]["db"])
    con_path = out / f"sqlite-{max(sizes)}.sqlite"
    results["sqlite_rows"] = bench_sqlite.export(largest, con_path)
    results["sqlite_size"] = max(sizes)
    report_id = bench_sqlite.first_report_id(largest)
    results["sqlite"] = bench_sqlite.compare(largest, con_path, report_id, args.repeat)
    if not args.skip_pages:
        results["pages"] = bench.bench_pages(largest)
    results["environment"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["targets"] = targets(results)
    (out / "bench.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), "utf-8")
    return results


def main_from_args(args: argparse.Namespace) -> int:
    """Run the benchmark; the table to stdout; 0 when it ran (targets are reported, not
    enforced: a machine busy with other work must not fail a run)."""
    try:
        results = run(args)
    except (ValueError, RuntimeError) as exc:
        print(f"error: {exc}", flush=True)
        return 1
    print(table(results))
    print(f"\n(json: {Path(args.out) / 'bench.json'}, {results['seconds']} s)")
    return 0
