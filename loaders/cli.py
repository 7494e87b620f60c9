"""The `jixiao` command line: extract, ingest, query, serve.

Data goes to stdout, diagnostics to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from loaders.pipeline import extract_file


def _cmd_extract(args: argparse.Namespace) -> int:
    result = extract_file(Path(args.file))
    if result.record is None:
        print(f"error: {result.error}", file=sys.stderr)
        return 2
    json.dump(result.record.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jixiao", description="绩效看板 Jixiao")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="print the extracted JSON of one report")
    p.add_argument("file")
    p.set_defaults(func=_cmd_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code
