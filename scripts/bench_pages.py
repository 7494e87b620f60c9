"""Render every dashboard page under Streamlit's AppTest against one database
and print the timings as JSON (run by `jixiao bench` in its own process, so
the process's peak memory is the dashboard's).

    .venv/bin/python scripts/bench_pages.py --db bench-results/q-100000.duckdb

For each page: the first render (cold: no cached query result) and a second
render of the same page (warm: Streamlit's cache). The first run of the app
(entry script, sidebar filters, the default page) is reported as `app`.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"


def page_paths() -> list[str]:
    """The page scripts, relative to the app (views/ or pages/, whichever the app uses)."""
    for folder in ("views", "pages"):
        found = sorted((APP.parent / folder).glob("*.py"))
        if found:
            return [f"{folder}/{p.name}" for p in found if not p.name.startswith("_")]
    return []


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _errors(at: object) -> list[str]:
    found = [str(e.value) for e in getattr(at, "exception", [])]
    return found + [str(e.value) for e in getattr(at, "error", [])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    os.environ["JIXIAO_DB"] = str(Path(args.db).resolve())
    os.environ.pop("JIXIAO_PREWARM", None)  # cold renders: nothing computed ahead

    from streamlit.testing.v1 import AppTest

    out: dict[str, object] = {"db": args.db, "pages": {}}
    started = time.perf_counter()
    at = AppTest.from_file(str(APP), default_timeout=900)
    at.run()
    out["app_ms"] = round((time.perf_counter() - started) * 1000)
    out["app_errors"] = _errors(at)
    pages: dict[str, dict[str, object]] = {}
    for page in page_paths():
        timing: dict[str, object] = {}
        for attempt in ("cold_ms", "warm_ms"):
            started = time.perf_counter()
            at.switch_page(page).run()
            timing[attempt] = round((time.perf_counter() - started) * 1000)
        timing["errors"] = _errors(at)
        pages[Path(page).stem] = timing
    out["pages"] = pages
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
