"""The demo database behind `jixiao serve --demo`: synthetic reports only,
flagged as synthetic, in a file of its own.

The database is ``data/jixiao-demo.duckdb`` (never ``data/jixiao.duckdb``);
its corpus is written outside the repository, under
``$XDG_CACHE_HOME/jixiao/demo-corpus`` (default ``~/.cache``), so the
report files its rows point to stay readable and nothing synthetic ever
lands in ``data/reports``. Two flags say "synthetic" to the dashboard:

* the table ``jixiao_meta`` holds ``('synthetic', 'true')`` and
  ``('synthetic_note', '合成数据 …')`` (`is_synthetic` reads it);
* `jixiao serve --demo` sets ``JIXIAO_DEMO=1`` in the dashboard's environment.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from loaders.dbfile import DEFAULT_DB, updating
from loaders.ingest import ingest
from loaders.synth import REAL_REPORTS, SynthError, generate

DEMO_DB = Path("data") / "jixiao-demo.duckdb"
DEMO_ENV = "JIXIAO_DEMO"
DEMO_REPORTS = 2000
DEMO_SEED = 2026
DEMO_FORMATS = ("txt", "docx", "xlsx", "html")
META_KEY = "synthetic"
META_NOTE = "synthetic_note"
NOTE = "合成数据：示例/样例/演示/模拟单位均为虚构，由 jixiao synth 生成，不代表任何真实单位"


def corpus_dir() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "jixiao" / "demo-corpus"


def mark_synthetic(db_path: Path) -> None:
    """Flag a database as synthetic in its `jixiao_meta` table."""
    with updating(db_path) as update:
        update.con.execute(
            "insert or replace into jixiao_meta values ($k, 'true'), ($n, $note)",
            {"k": META_KEY, "n": META_NOTE, "note": NOTE},
        )


def is_synthetic(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database behind `con` is flagged synthetic."""
    rows = con.execute("select value from jixiao_meta where key = $k", {"k": META_KEY}).fetchall()
    return bool(rows) and rows[0][0] == "true"


def build_demo(
    db_path: Path = DEMO_DB, reports: int = DEMO_REPORTS, workers: int | None = None
) -> Path:
    """Write the demo corpus (if missing) and ingest it into `db_path`, flagged.

    Raises `SynthError` for the real database's path or the real reports folder.
    """
    target = db_path.resolve()
    if target == DEFAULT_DB.resolve() or REAL_REPORTS.resolve() in target.parents:
        raise SynthError(f"{db_path} is the real database's place: the demo goes elsewhere")
    corpus = corpus_dir()
    if not (corpus / "manifest.json").is_file():
        generate(corpus, reports, seed=DEMO_SEED, formats=DEMO_FORMATS, workers=workers)
    ingest([corpus / "reports"], db_path, workers=workers)
    mark_synthetic(db_path)
    return db_path


def ensure_demo(db_path: Path = DEMO_DB) -> Path:
    """The demo database, built on first use."""
    if not db_path.is_file():
        build_demo(db_path)
    return db_path
