"""The scale commands of the `jixiao` CLI: `synth`, `bench`, and the progress
and Parquet parts of `ingest` (registered by `loaders.cli`).

Data to stdout, diagnostics (progress, timings) to stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from loaders import parallel, records
from loaders.discovery import discover
from loaders.ingest import FileOutcome
from loaders.pipeline import ExtractResult, sha256_of
from loaders.progress import Progress
from loaders.synth import SynthError, demo, generate
from loaders.synth.formats import FORMATS


def ingest_progress(
    paths: list[Path], db_path: Path
) -> tuple[Progress, Callable[[FileOutcome], None]]:
    """A progress line over the files an ingest will see, and its callback."""
    bar = Progress(len(discover(paths, db_path)), "ingest")

    def on_outcome(outcome: FileOutcome) -> None:
        bar.advance(problem=outcome.status == "failed")

    return bar, on_outcome


def report_rate(bar: Progress, workers: int | None) -> None:
    """The closing timing line (stderr)."""
    elapsed = bar.finish()
    rate = bar.done / elapsed if elapsed > 0 else 0.0
    procs = f", {workers} worker(s)" if workers else ""
    print(f"{bar.done} files in {elapsed:.1f} s: {rate:,.0f} files/s{procs}", file=sys.stderr)


def _results(paths: list[Path], workers: int | None, bar: Progress) -> Iterator[ExtractResult]:
    """Extraction results over the pool; a crash or bug becomes a failed result."""
    # Named from loaders.worker: the workers' server loads the extractor once (see there).
    extract = parallel.Named("loaders.worker", "extract_file")
    for path, result in parallel.map_unordered(extract, paths, workers=workers):
        if isinstance(result, BaseException):
            error = f"{path.name}: internal error ({type(result).__name__}: {result})"
            result = ExtractResult(path, sha256_of(path), None, None, "failed", error=error)
        bar.advance(problem=result.status == "failed")
        yield result


def ingest_parquet(args: argparse.Namespace) -> int | None:
    """`ingest --parquet OUT` (extract to Parquet, no database) or `ingest RECORDS…`
    (load records folders); None when it is a plain ingest."""
    paths = [Path(p) for p in args.paths]
    folders = [p for p in paths if p.is_dir() and records.is_records_folder(p)]
    if args.parquet:
        files = discover(paths)
        bar = Progress(len(files), "extract")
        out = Path(args.parquet)
        count = records.write_records(_results(files, args.workers, bar), out)
        report_rate(bar, args.workers)
        print(f"parquet → {out}: {count} files extracted ({bar.problems} failed), by fiscal_year")
        return 0
    if not folders:
        return None
    if len(folders) != len(paths):
        print("error: load records folders and report files in separate runs", file=sys.stderr)
        return 2
    summary = records.ingest_records(folders, Path(args.db))
    print("\n".join(summary.lines()))
    return 0


DEMO_ENV = demo.DEMO_ENV  # set for the dashboard by `serve --demo`


def demo_database() -> Path:
    """The demo database for `serve --demo`, built (with a note on stderr) when missing."""
    if not demo.DEMO_DB.is_file():
        print(f"building the synthetic demo database {demo.DEMO_DB} …", file=sys.stderr)
    return demo.ensure_demo()


def cmd_synth(args: argparse.Namespace) -> int:
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    bar = Progress(args.reports, "synth")
    try:
        written = generate(
            Path(args.out),
            args.reports,
            seed=args.seed,
            formats=formats,
            workers=args.workers,
            progress=lambda _path: bar.advance(),
        )
    except (SynthError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    elapsed = bar.finish()
    out = Path(args.out)
    print(
        f"synth → {out}: {len(written)} synthetic reports ({', '.join(formats)}), seed {args.seed}"
    )
    print(f"  reports: {out / 'reports'}  (jixiao ingest {out / 'reports'} --db …)")
    print(f"  truth:   {out / 'truth'}")
    print(f"{len(written)} reports in {elapsed:.1f} s", file=sys.stderr)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from loaders import bench_report  # duckdb, sqlite and the corpus tools: only when asked

    return bench_report.main_from_args(args)


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `synth` and `bench`."""
    p = sub.add_parser("synth", help="write a synthetic corpus of fictional reports with truth")
    p.add_argument("--reports", type=int, required=True, metavar="N", help="how many reports")
    p.add_argument("--out", required=True, metavar="DIR", help="corpus folder (not data/reports)")
    p.add_argument("--seed", type=int, default=0, help="same seed, same corpus (default 0)")
    p.add_argument(
        "--formats",
        default="txt",
        help=f"comma-separated, any of {','.join(FORMATS)} (default: txt)",
    )
    p.add_argument("--workers", type=int, default=None, help="processes (default: CPUs)")
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser("bench", help="benchmark ingest, queries, pages and memory at scale")
    p.add_argument(
        "--reports",
        default="1000,10000,100000",
        metavar="N[,N…]",
        help="database sizes for the query benchmark (default: %(default)s)",
    )
    p.add_argument("--out", default="bench-results", metavar="DIR", help="work folder and JSON")
    p.add_argument(
        "--ingest-reports",
        type=int,
        default=10_000,
        metavar="N",
        help="files in the .txt throughput run (default: %(default)s; an ingest's fixed ~1 s,"
        " start-up to swap, is a quarter of a 2,000-file run)",
    )
    p.add_argument("--docx-reports", type=int, default=300, metavar="N")
    p.add_argument("--repeat", type=int, default=10, help="runs per query (default 10)")
    p.add_argument("--skip-pages", action="store_true", help="no AppTest page renders")
    p.add_argument("--workers", type=int, default=None, help="ingest processes (default: CPUs)")
    p.set_defaults(func=cmd_bench)
