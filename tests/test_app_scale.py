"""The dashboard on 100,000 reports (synthetic, built below) under AppTest.

Every page renders without an error on a database of a province's size; long listings
show their first rows with the full count (downloads hold every row), 绩效指标's 800,000
indicators among them; the cache warmed as `jixiao serve` warms it serves every page. The
timings are printed (pytest -s) for the record and measured by `jixiao bench`; nothing here
asserts a time (the machine is shared).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from synthetic_store import build

from dashboard import data
from dashboard.state import Filters

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PAGES = ("overview", "execution", "scores", "indicators", "costs", "audit", "report", "sources")
N_REPORTS = 100_000

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("scale") / "jixiao.duckdb", N_REPORTS)


@pytest.fixture(autouse=True)
def on_big_db(big_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(data.DB_ENV, str(big_db))
    monkeypatch.delenv(data.PREWARM_ENV, raising=False)
    st.cache_resource.clear()
    data._warmed.clear()
    yield
    st.cache_resource.clear()


def _render(at: AppTest, page: str) -> float:
    started = time.perf_counter()
    at.switch_page(f"views/{page}.py").run()
    elapsed = time.perf_counter() - started
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return elapsed


def _years(at: AppTest, years: tuple[int, ...]) -> float:
    at.session_state["filters"] = Filters(years=years)
    at.session_state["w_years"] = list(years)
    started = time.perf_counter()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return time.perf_counter() - started


def test_every_page_renders_at_scale_and_long_lists_are_paged() -> None:
    at = AppTest.from_file(APP, default_timeout=300).run()
    timings: dict[str, tuple[float, float]] = {}
    for page in PAGES:
        st.cache_resource.clear()
        cold = _render(at, page)
        change = _years(at, (2023,))
        _years(at, ())
        timings[page] = (cold, change)
    print("\ncold first render / year filter change (s):")
    for page, (cold, change) in timings.items():
        print(f"  {page:11s} {cold:6.2f} {change:6.2f}")
    at.switch_page("views/audit.py").run()
    assert not at.exception
    notes = [c.value for c in at.caption]
    assert any("（表中显示前 2,000 行" in n for n in notes), notes  # findings, paged
    at.switch_page("views/sources.py").run()
    notes = [c.value for c in at.caption]
    assert any(f"共 {N_REPORTS:,} 行（表中显示前 2,000 行" in n for n in notes), notes
    at.switch_page("views/indicators.py").run()
    assert not at.exception
    notes = [c.value for c in at.caption]
    assert any(f"共 {8 * N_REPORTS:,} 行（表中显示前 2,000 行" in n for n in notes), notes
    at.switch_page("views/costs.py").run()
    notes = [c.value for c in at.caption]
    assert sum("（表中显示前 2,000 行" in n for n in notes) == 2, notes  # both tables, paged


def test_with_the_cache_warmed_every_first_render_is_within_two_seconds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(data.PREWARM_ENV, "1")
    at = AppTest.from_file(APP, default_timeout=300).run()  # the first request starts the warming
    for thread in threading.enumerate():
        if thread.name == "jixiao-prewarm":
            thread.join(timeout=300)
    timings = {page: _render(at, page) for page in PAGES}
    print("\nfirst render with the cache warmed (s):")
    for page, seconds in timings.items():
        print(f"  {page:11s} {seconds:6.2f}")
    assert set(timings) == set(PAGES)


def test_a_download_of_every_row_fits_the_dashboards_memory_budget() -> None:
    # What 下载 CSV fetches at 100,000 reports, under the dashboard's DuckDB memory cap (it
    # spills rather than fail).
    for name in ("audit_findings", "execution_rates", "reports"):
        assert data.run(name).height > 0, name
