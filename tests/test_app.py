"""The dashboard under Streamlit's AppTest, on the real sample database.

Every page opens without an exception; pages show real values of the five
sample reports (呈贡's 60.3% on 预算执行, 洪江's findings on 数据核查); the
filters, their link form and presentation mode drive every page; a swapped
database file is picked up without a restart.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import queries
from dashboard import data, ui, uploads
from loaders.dbfile import connect_read_only
from loaders.ingest import ingest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PAGES = (
    "overview",
    "execution",
    "scores",
    "indicators",
    "costs",
    "audit",
    "report",
    "sources",
)
SAMPLES = Path(__file__).resolve().parent.parent / "data" / "reports"
CHENGGONG = "昆明市呈贡区信访局"
HONGJIANG = "怀化市洪江区信访局"


@pytest.fixture(autouse=True)
def fresh_caches(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Cached connections and results never leak from one test to the next."""
    monkeypatch.delenv(data.PREWARM_ENV, raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def db(sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the session's sample database that this test may replace."""
    copy = tmp_path / "jixiao.duckdb"
    shutil.copyfile(sample_db, copy)
    monkeypatch.setenv(data.DB_ENV, str(copy))
    return copy


def _app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    return at.run()


def _open(page: str, **query: str) -> AppTest:
    """The app as a link to `page` with `query` opens it (AppTest starts on the main page)."""
    at = _app(**query)
    if page != "overview":
        at.switch_page(f"views/{page}.py")
        at.query_params.update(query)
        at.run()
    return at


def _no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _tables(at: AppTest) -> list[pl.DataFrame]:
    return [pl.from_pandas(df.value) for df in at.dataframe]


def _table_with(at: AppTest, column: str) -> pl.DataFrame:
    found = [t for t in _tables(at) if column in t.columns]
    assert found, f"no table with column {column}: {[t.columns for t in _tables(at)]}"
    return found[0]


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _report_id(db: Path, unit: str) -> str:
    con = connect_read_only(db)
    try:
        return str(queries.run(con, "reports", units=[unit])["report_id"][0])
    finally:
        con.close()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_without_an_error(db: Path, page: str) -> None:
    at = _open(page)
    _no_errors(at)
    assert at.title[0].value in {
        "总览",
        "预算执行",
        "评分分布",
        "绩效指标",
        "成本趋势",
        "数据核查",
        "报告详情",
        "数据管理",
    }


def test_overview_answers_how_many_and_how_the_year_compares(db: Path) -> None:
    at = _open("overview")
    _no_errors(at)
    metrics = _metrics(at)
    assert metrics["2024年 报告数"] == "2"
    assert metrics["2024年 单位数"] == "2"
    assert metrics["2024年 预算执行率"] == "99.9%"
    assert metrics["2024年 平均自评分"] == "97.4 分"
    standouts = _table_with(at, "关注原因")
    chenggong = standouts.filter(pl.col("单位") == CHENGGONG)
    assert any("60.3%" in r for r in chenggong["关注原因"])
    assert len(at.get("plotly_chart")) == 4


def test_execution_shows_chenggong_stated_60_3_percent(db: Path) -> None:
    at = _open("execution")
    _no_errors(at)
    rates = _table_with(at, "报告/项目")
    row = rates.filter((pl.col("单位") == CHENGGONG) & (pl.col("报告/项目").str.contains("报告")))
    assert row["执行率·报告（%）"].to_list() == [pytest.approx(60.3)]
    assert row["执行率·计算（%）"].to_list() == [None]  # no final budget stated: not derived


def test_audit_lists_hongjiang_findings_with_their_source_lines(db: Path) -> None:
    at = _open("audit")
    _no_errors(at)
    findings = _table_with(at, "问题类型")
    hongjiang = findings.filter(pl.col("单位") == HONGJIANG)
    assert {"未达目标却得满分", "总分与重算不符"} <= set(hongjiang["问题类型"])
    missed = hongjiang.filter(pl.col("问题类型") == "未达目标却得满分")
    assert "127.73" in missed["说明"][0]
    assert missed["原文"][0].startswith("第")
    assert "报告链接" in findings.columns
    assert _metrics(at)["涉及单位"] == str(findings["单位"].n_unique())


def test_indicator_explorer_filters_in_the_query(db: Path) -> None:
    at = _open("indicators")
    _no_errors(at)
    assert at.selectbox(key="ind_level1").options == [
        "全部",
        *sorted(["产出指标", "成本指标", "效益指标", "满意度指标"]),
    ]
    at.selectbox(key="ind_level1").set_value("成本指标").run()
    assert sorted(at.selectbox(key="ind_level2").options) == sorted(
        ["全部", "经济成本指标", "社会成本指标", "生态成本指标"]
    )
    assert _tables(at)[-1].height == 9  # 洪江's three 成本 in its table and two projects
    at.toggle(key="ind_missed").set_value(True).run()
    _no_errors(at)
    assert _tables(at)[-1]["名称"].to_list() == ["整体支出控制额"]


def test_indicator_explorer_beyond_a_page_draws_quartiles_from_the_database(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui, "MAX_TABLE_ROWS", 20)  # the 79 indicators are more than a page
    monkeypatch.setattr(ui, "INDICATOR_DOWNLOAD_MAX_ROWS", 50)  # and more than a download
    at = _open("indicators")
    _no_errors(at)
    assert any("共 79 行（表中显示前 20 行；超过 50 行不提供下载" in c.value for c in at.caption)
    disabled = [b.proto.disabled for b in at.get("download_button")]
    assert disabled == [False, False, True, True]  # the extremes' downloads, then the list's
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    boxes = [f for f in figures if f["data"] and "q1" in f["data"][0]]
    assert [t["name"] for t in boxes[0]["data"]][-1] == "成本指标"  # 7 of them: the most
    assert boxes[0]["data"][-1]["median"] == [33.33]


def test_cost_charts_draw_the_series_the_query_chose_and_say_how_many(db: Path) -> None:
    at = _open("costs")
    _no_errors(at)
    figures = {
        f["layout"]["title"]["text"]: f
        for f in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
    }
    # 未注明: 洪江's 2 节约率 in 3 scopes and 攀枝花's 5 project budgets, one year each: 8 bars.
    unnamed = figures["成本指标实际值（未注明）"]
    assert len(unnamed["data"][0]["y"]) == 8
    assert unnamed["layout"]["title"]["subtitle"]["text"].endswith("前 8 条，共 11 条")
    per_indicator = figures["每项绩效指标对应的执行金额（万元/项）"]
    assert len(per_indicator["data"][0]["y"]) == 3  # 巴彦淖尔, 洪江, 攀枝花


def test_year_filter_applies_to_every_page_and_goes_into_the_link(db: Path) -> None:
    at = _open("overview")
    at.multiselect(key="w_years").set_value([2023]).run()
    _no_errors(at)
    assert _metrics(at)["2023年 报告数"] == "1"
    assert at.query_params["years"] == "2023"
    at.switch_page("views/execution.py").run()
    _no_errors(at)
    rates = _table_with(at, "报告/项目")
    assert set(rates["单位"]) == {CHENGGONG}
    assert set(rates["年度"]) == {2023}


def test_a_shared_link_sets_the_filters(db: Path) -> None:
    at = _open("overview", years="2024", city="怀化市")
    _no_errors(at)
    assert at.multiselect(key="w_years").value == [2024]
    assert at.selectbox(key="w_city").value == "怀化市"
    assert _metrics(at)["2024年 报告数"] == "1"
    assert "地区：怀化市" in at.caption[0].value


def test_a_stale_link_value_is_dropped_not_raised(db: Path) -> None:
    at = _open("overview", years="1999,abc", units="不存在的单位", grade="甲")
    _no_errors(at)
    assert at.multiselect(key="w_years").value == []
    assert at.multiselect(key="w_units").value == []


def test_kind_and_grade_filters(db: Path) -> None:
    at = _open("overview")
    at.selectbox(key="w_kind").set_value("project").run()
    at.selectbox(key="w_grade").set_value("优").run()
    _no_errors(at)
    assert at.query_params["kind"] == "project"
    assert at.query_params["grade"] == "优"
    assert _metrics(at)["2024年 报告数"] == "1"  # 巴彦淖尔's project report


@pytest.mark.parametrize("page", PAGES)
def test_an_empty_selection_is_a_friendly_message_on_every_page(db: Path, page: str) -> None:
    at = _open(page, years="2021", grade="优")  # 2021's only report states no grade
    _no_errors(at)
    if page not in {"sources", "report"}:
        assert at.info, "an empty selection should say so"


def test_presentation_mode_from_the_link_hides_the_filters(db: Path) -> None:
    at = _open("overview", present="1")
    _no_errors(at)
    assert not at.sidebar.multiselect
    assert at.button(key="exit_present").label == "退出演示模式"
    at.button(key="exit_present").click().run()
    _no_errors(at)
    assert at.sidebar.multiselect
    assert "present" not in at.query_params


def test_presentation_switch_goes_into_the_link(db: Path) -> None:
    at = _open("overview")
    at.toggle(key="w_present").set_value(True).run()
    assert at.query_params["present"] == "1"
    assert not at.sidebar.multiselect


def test_report_page_shows_fields_problems_and_highlighted_source(db: Path) -> None:
    report_id = _report_id(db, HONGJIANG)
    at = _open("report", report=report_id)
    _no_errors(at)
    assert at.selectbox(key="report_pick").value == report_id
    fields = _table_with(at, "字段")
    assert "98.87" in set(fields["值"])
    problems = _table_with(at, "严重程度")
    assert "未达目标却得满分" in set(problems["代码"])
    source = next(h.proto.body for h in at.get("html") if "jx-source" in h.proto.body)
    assert 'class="hit"' in source
    assert 'class="warn"' in source
    assert at.query_params["report"] == report_id


def test_a_click_on_a_report_opens_its_detail(db: Path) -> None:
    report_id = _report_id(db, CHENGGONG)
    at = _open("overview")
    at.session_state["open_report"] = report_id
    at.run()
    _no_errors(at)
    assert at.title[0].value == "报告详情"
    assert at.selectbox(key="report_pick").value == report_id


def test_a_unit_link_lists_its_years(db: Path) -> None:
    at = _open("report", unit=HONGJIANG)
    _no_errors(at)
    history = _table_with(at, "年度")
    assert set(history["年度"]) == {2024}


def test_every_table_offers_csv_and_excel(db: Path) -> None:
    for page in PAGES:
        at = _open(page)
        labels = [b.proto.label for b in at.get("download_button")]
        assert labels.count("下载 CSV") == labels.count("下载 Excel") == len(at.dataframe), page


def test_a_swapped_database_is_picked_up_without_a_restart(db: Path, tmp_path: Path) -> None:
    at = _open("overview")
    assert _metrics(at)["2024年 报告数"] == "2"
    fewer = tmp_path / "fewer" / "jixiao.duckdb"
    ingest([SAMPLES / "000_f85205bb6ece0316.txt"], fewer)
    fewer.replace(db)  # what an ingest does: a new file swapped in, never written in place
    at.run()
    _no_errors(at)
    assert _metrics(at)["2024年 报告数"] == "1"


def test_without_a_database_the_pages_say_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(data.DB_ENV, str(tmp_path / "none.duckdb"))
    for page in PAGES:
        at = _open(page)
        _no_errors(at)
    at = _open("overview")
    assert any("还没有数据库" in i.value for i in at.info)


def test_an_uploaded_report_is_ingested_and_appears_without_a_restart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "db" / "jixiao.duckdb"
    ingest([SAMPLES / "000_f85205bb6ece0316.txt"], db)
    monkeypatch.setenv(data.DB_ENV, str(db))
    at = _open("overview")
    assert _metrics(at)["2024年 报告数"] == "1"
    sample = SAMPLES / "001_d561446380a2a949.txt"
    folder = uploads.save([("../../洪江 自评.txt", sample.read_bytes())], db)
    assert folder.parent == db.parent / "uploads"
    assert [p.name for p in folder.iterdir()] == ["洪江 自评.txt"]
    run = uploads.ingest(folder, db)
    assert run.ok, run.stderr
    at.run()
    _no_errors(at)
    assert _metrics(at)["2024年 报告数"] == "2"
    at.switch_page("views/sources.py").run()
    loaded = _table_with(at, "源文件")
    assert "洪江 自评.txt" in set(loaded["源文件"])


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("a/b/c.txt", "c.txt"),
        ("..\\..\\x.docx", "x.docx"),
        ("", "report"),
        ('q:"*?.pdf', "q____.pdf"),
    ],
)
def test_upload_names_cannot_leave_their_folder(name: str, safe: str) -> None:
    assert uploads.safe_name(name) == safe


def test_a_demo_database_is_labelled_synthetic_on_every_page(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIXIAO_DEMO", "1")
    for page in ("overview", "audit", "sources"):
        at = _open(page)
        _no_errors(at)
        assert any("合成数据" in w.value for w in at.warning), page


def test_real_data_carries_no_synthetic_label(db: Path) -> None:
    at = _open("overview")
    assert not any("合成数据" in w.value for w in at.warning)
