"""The `jixiao` command line: extract, ingest, query, serve.

Data goes to stdout, diagnostics to stderr. Exit codes: 0 done (an ingest
whose files partly failed is done: the summary names them), 1 a fatal error
(the database cannot be opened, a query fails), 2 bad usage (a path that does
not exist, an unknown query or parameter).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

import queries
from loaders import cli_scale, facts
from loaders.dbfile import DEFAULT_DB, connect_read_only
from loaders.ingest import ingest
from loaders.pipeline import extract_file

if TYPE_CHECKING:  # imported where a frame is rendered: an ingest never pays its ~0.2 s
    import polars as pl

FORMATS = ("table", "csv", "json")
SAMPLE_REPORTS = Path("data") / "reports"


def _cmd_extract(args: argparse.Namespace) -> int:
    result = extract_file(Path(args.file))
    if result.record is None:
        print(f"error: {result.error}", file=sys.stderr)
        return 2
    json.dump(result.record.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    db_path = Path(args.db)
    paths = [Path(p) for p in args.paths]
    try:
        handled = cli_scale.ingest_parquet(args)
        if handled is not None:
            return handled
        bar, on_outcome = cli_scale.ingest_progress(paths, db_path)
        summary = ingest(
            paths,
            db_path,
            force=args.force,
            raise_on_error=args.raise_on_error,
            progress=on_outcome,
            on_stage=bar.stage,
            workers=args.workers,
        )
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"error: database {db_path}: {exc}", file=sys.stderr)
        return 1
    cli_scale.report_rate(bar, args.workers)
    print("\n".join(summary.lines()))
    return 0


def _plain(value: Any) -> Any:
    """A Decimal as the shortest exact number (95.980000 → 95.98)."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return int(text) if "." not in text else float(text)
    return value


def _plain_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Decimal columns as floats for display (the DECIMAL in the DB stays exact)."""
    import polars as pl

    return frame.with_columns(
        pl.col(name).cast(pl.Float64)
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Decimal)
    )


def render(frame: pl.DataFrame, fmt: str) -> str:
    """A query result as text: an aligned table, CSV or a JSON array of objects."""
    import polars as pl

    if fmt == "json":
        rows = [{k: _plain(v) for k, v in row.items()} for row in frame.to_dicts()]
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str)
    plain = _plain_frame(frame)
    if fmt == "csv":
        return plain.write_csv().rstrip("\n")
    with pl.Config(
        tbl_rows=-1,
        tbl_cols=-1,
        tbl_hide_dataframe_shape=True,
        tbl_hide_column_data_types=True,
        tbl_formatting="ASCII_MARKDOWN",
        fmt_str_lengths=60,
        tbl_width_chars=10_000,
        float_precision=None,
        fmt_float="mixed",
    ):
        return str(plain)


def _cmd_query(args: argparse.Namespace) -> int:
    db_path = Path(args.db)
    try:
        query = queries.load(args.name)
        params = queries.parse_cli_params(query, args.param or [])
    except queries.QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not db_path.is_file():
        print(
            f"error: no database at {db_path}: run `jixiao ingest data/reports` first",
            file=sys.stderr,
        )
        return 1
    try:
        con = connect_read_only(db_path)
    except duckdb.Error as exc:
        print(f"error: database {db_path}: {exc}", file=sys.stderr)
        return 1
    try:
        frame = queries.run(con, query.name, **params)
    except queries.QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(render(frame, args.format))
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    """Build the database from `--reports` if there is none, then exec streamlit (headless).

    The dashboard is found beside this package (never imported: `loaders` must not import
    `dashboard`); it reads the database named by ``$JIXIAO_DB`` read-only.
    """
    if args.demo:  # a synthetic database of its own, flagged for the dashboard
        args.db = str(cli_scale.demo_database())
        os.environ[cli_scale.DEMO_ENV] = "1"
    db_path = Path(args.db).resolve()
    reports = Path(args.reports).resolve()
    if not db_path.exists():
        if not reports.is_dir():
            print(
                f"error: no database at {db_path} and no reports folder {reports}", file=sys.stderr
            )
            return 2
        print(f"no database at {db_path}: building it from {reports}", file=sys.stderr)
        summary = ingest([reports], db_path)
        print("\n".join(summary.lines()), file=sys.stderr)
    elif facts.ensure_current(db_path):
        print(f"{db_path}: derived tables rebuilt for this version", file=sys.stderr)
    app = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
    env = {
        **os.environ,
        "JIXIAO_DB": str(db_path),
        "JIXIAO_PREWARM": "1",  # warm the query cache in the background: fast first renders
    }
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.headless",
        "true",
        "--server.port",
        str(args.port),
        "--browser.gatherUsageStats",
        "false",
    ]
    print(f"dashboard: http://localhost:{args.port}/ (database {db_path})", file=sys.stderr)
    sys.stderr.flush()
    os.execve(sys.executable, command, env)
    return 0  # not reached: exec replaces this process


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jixiao", description="绩效看板 Jixiao")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="print the extracted JSON of one report")
    p.add_argument("file")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("ingest", help="load report files and folders into the database")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (recursive)")
    p.add_argument("--db", default=str(DEFAULT_DB), help="database file (default: %(default)s)")
    p.add_argument("--force", action="store_true", help="re-read files already loaded")
    p.add_argument(
        "--raise-on-error", action="store_true", help="stop at the first bad file (development)"
    )
    p.add_argument(
        "--workers", type=int, default=None, help="extraction processes (default: one per CPU)"
    )
    p.add_argument(
        "--parquet",
        metavar="DIR",
        help="write the extracted records to DIR as Parquet by fiscal_year instead of the "
        "database; a DIR written so, given as PATH, is loaded into the database",
    )
    p.set_defaults(func=_cmd_ingest)

    names = ", ".join(queries.list_queries())
    p = sub.add_parser("query", help=f"run a named query from queries/ ({names})")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--db", default=str(DEFAULT_DB), help="database file (default: %(default)s)")
    p.add_argument(
        "--param",
        action="extend",
        nargs="+",
        metavar="K=V",
        help="a query parameter; lists comma-separated (years=2023,2024)",
    )
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(func=_cmd_query)

    p = sub.add_parser(
        "serve", help="start the dashboard (headless; builds the database if missing)"
    )
    p.add_argument("--db", default=str(DEFAULT_DB), help="database file (default: %(default)s)")
    p.add_argument("--port", type=int, default=8501, help="port (default: %(default)s)")
    p.add_argument(
        "--reports",
        default=str(SAMPLE_REPORTS),
        help="where a missing database is built from (default: %(default)s)",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help="serve synthetic demo data (data/jixiao-demo.duckdb, built on first use, "
        "flagged 合成数据), never the real database",
    )
    p.set_defaults(func=_cmd_serve)

    cli_scale.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code
