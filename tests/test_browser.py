"""The dashboard in a real browser: `jixiao serve` on the sample reports, Debian's chromium.

Every page at 1920×1080 and in presentation mode at 1280×720: no Streamlit error
element, Chinese text rendered, charts drawn; a CSV and a chart PNG downloaded
from the page. Screenshots go to tests/screenshots/ (git-ignored) for a person
to look at.
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "tests" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = {
    "": "总览",
    "execution": "预算执行",
    "scores": "评分分布",
    "indicators": "绩效指标",
    "costs": "成本趋势",
    "audit": "数据核查",
    "report": "报告详情",
    "sources": "数据管理",
}
ERROR_SELECTOR = '[data-testid="stException"], [data-testid="stAlertContentError"]'
CJK = re.compile(r"[\u4e00-\u9fff]")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`jixiao serve` on a fresh database path: it builds the database first, then serves."""
    db = tmp_path_factory.mktemp("browser") / "jixiao.duckdb"
    port = _free_port()
    log = (db.parent / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "loaders", "serve", "--db", str(db), "--port", str(port)],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://localhost:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.time() > deadline:
                raise RuntimeError((db.parent / "serve.log").read_text())
            time.sleep(0.5)
        assert db.exists(), "serve builds the database when there is none"
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _settle(page: Page, timeout_s: float = 60) -> None:
    """Wait until the app has finished its run (no running indicator, nothing stale)."""
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout_s * 1000)
    deadline = time.time() + timeout_s
    quiet_since: float | None = None
    page.wait_for_timeout(300)
    while time.time() < deadline:
        busy = page.locator('[data-testid="stStatusWidget"], [data-stale="true"]').count()
        if busy:
            quiet_since = None
        else:
            quiet_since = quiet_since or time.time()
            if time.time() - quiet_since > 0.6:
                return
        page.wait_for_timeout(100)
    raise AssertionError("the app did not finish its run")


def _open(page: Page, url: str, *, charts: bool) -> None:
    page.goto(url)
    _settle(page)
    if charts:
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    if page.locator('[data-testid="stDataFrame"]').count():
        page.wait_for_selector('[data-testid="stDataFrame"] canvas', timeout=30_000)
    page.wait_for_timeout(1000)  # let plotly and the grids finish their layout


def _check_page(page: Page, title: str) -> None:
    assert page.locator(ERROR_SELECTOR).count() == 0, page.locator(ERROR_SELECTOR).all_inner_texts()
    assert page.locator("h1").first.inner_text().strip() == title
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert len(CJK.findall(text)) > 20, "the page should be in Chinese"


@pytest.mark.parametrize(("path", "title"), PAGES.items())
def test_every_page_at_1920x1080(server: str, browser: Browser, path: str, title: str) -> None:
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        _open(page, f"{server}/{path}", charts=path not in {"report", "sources"})
        _check_page(page, title)
        assert page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').count()
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"desk_{path or 'overview'}.png"))
    finally:
        page.close()


@pytest.mark.parametrize(("path", "title"), PAGES.items())
def test_every_page_in_presentation_mode_at_1280x720(
    server: str, browser: Browser, path: str, title: str
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        _open(page, f"{server}/{path}?present=1", charts=path not in {"report", "sources"})
        _check_page(page, title)
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        h1_size = page.locator("h1").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert h1_size >= 32
        plots = page.locator(".js-plotly-plot")
        if plots.count():
            box = plots.first.bounding_box()
            assert box is not None
            assert box["height"] <= 720, "one chart per screen"
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"present_{path or 'overview'}.png"))
    finally:
        page.close()


def test_a_filtered_link_shows_chenggong_and_its_60_3_percent(
    server: str, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        _open(page, f"{server}/execution?years=2023", charts=True)
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert "年度：2023" in text
        chart = page.locator(".js-plotly-plot").first.inner_text()
        assert "昆明市呈贡区信访局" in chart
        assert "60.3%" in chart
    finally:
        page.close()


def test_a_table_downloads_as_csv_with_bom_and_rows(server: str, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, accept_downloads=True)
    try:
        _open(page, f"{server}/audit", charts=True)
        with page.expect_download(timeout=30_000) as info:
            page.get_by_role("button", name="下载 CSV").first.click()
        download = info.value
        assert download.suggested_filename.endswith(".csv")
        data = Path(download.path()).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows
        assert "怀化市洪江区信访局" in {r["单位"] for r in rows}
        assert any("127.73" in r["说明"] for r in rows)
    finally:
        page.close()


def test_a_chart_downloads_as_png_from_its_toolbar(server: str, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, accept_downloads=True)
    try:
        _open(page, f"{server}/", charts=True)
        chart = page.locator(".js-plotly-plot").first
        chart.hover()
        with page.expect_download(timeout=30_000) as info:
            chart.locator('.modebar-btn[data-title*="PNG" i]').click()
        download = info.value
        assert download.suggested_filename.endswith(".png")
        assert "预算执行率" in download.suggested_filename
        assert Path(download.path()).read_bytes().startswith(b"\x89PNG")
    finally:
        page.close()


def test_a_click_on_a_bar_or_a_row_opens_the_report(server: str, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    try:
        _open(page, f"{server}/execution", charts=True)
        bar = page.locator(".js-plotly-plot").first.locator("g.point path").first
        box = bar.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_url(re.compile(r"/report\?.*report="), timeout=30_000)
        _settle(page)
        assert page.locator("h1").first.inner_text().strip() == "报告详情"

        _open(page, f"{server}/", charts=True)
        grid = page.locator('[data-testid="stDataFrame"]').first
        grid.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        box = grid.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + 18, box["y"] + 52)  # the first row's selection cell
        page.wait_for_url(re.compile(r"/report\?.*report="), timeout=30_000)
        _settle(page)
        assert page.locator("h1").first.inner_text().strip() == "报告详情"
    finally:
        page.close()
