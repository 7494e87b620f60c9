"""Hostile input, nothing lost: every bad file gets the loader's own one-line
error (or is read for what it is), the other files load, and the database
is always either the old one or the new one.

Slow cases (a 200 MB file, SIGKILL at random points, the dashboard during an
ingest) are marked `slow`: CI runs them, a quick local run may skip them.
"""

from __future__ import annotations

import contextlib
import random
import shutil
import struct
import subprocess
import sys
import time
import tomllib
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.errors import LoaderError
from loaders.extract.report import extract_report
from loaders.ingest import ingest
from loaders.model import Source
from loaders.pipeline import extract_file
from loaders.readers import read
from loaders.readers.ir import Cell, Document, Heading, Location, Paragraph, Table
from loaders.readers.txt import read_text
from loaders.synth import generate

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "tests" / "fixtures" / "formats"
SAMPLES = ROOT / "data" / "reports"
SAMPLE = "000_f85205bb6ece0316"
TEXT = (SAMPLES / f"{SAMPLE}.txt").read_text(encoding="utf-8")
FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _fixture(ext: str) -> bytes:
    return (FORMATS / f"{SAMPLE}.{ext}").read_bytes()


def _zip_bomb(path: Path, lie: bool = False) -> Path:
    """A .docx/.xlsx-looking zip whose main part inflates to 300 MB of spaces;
    with `lie`, its headers declare 4 KB."""
    part = "word/document.xml" if path.suffix == ".docx" else "xl/workbook.xml"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open(part, "w") as member:
            for _ in range(300):
                member.write(b" " * 2**20)
    if lie:
        raw = bytearray(path.read_bytes())
        name = part.encode()
        for magic, size_at, name_at, len_at in (
            (b"PK\x01\x02", 24, 46, 28),
            (b"PK\x03\x04", 22, 30, 26),
        ):
            at = raw.find(magic)
            while at != -1:
                length = struct.unpack_from("<H", raw, at + len_at)[0]
                if raw[at + name_at : at + name_at + length] == name:
                    struct.pack_into("<I", raw, at + size_at, 4096)
                at = raw.find(magic, at + 4)
        path.write_bytes(bytes(raw))
    return path


def _zip_header_flip(ext: str, offset: int, value: int) -> Callable[[Path], Path]:
    """The sample .docx/.xlsx with one field of its first central-directory
    header set to `value`, as one flipped byte does: at offset 6 the zip
    version needed (221: 22.1, unknown), at 10 the compression method (99)."""

    def write(path: Path) -> Path:
        raw = bytearray(_fixture(ext))
        struct.pack_into("<H", raw, raw.find(b"PK\x01\x02") + offset, value)
        path.write_bytes(bytes(raw))
        return path

    return write


def _gb18030_with_bad_bytes() -> bytes:
    data = TEXT.encode("gb18030")
    middle = data.index("（三）".encode("gb18030"))
    return data[:middle] + b"\xff\x80\xfe" + data[middle:]


# name → (bytes or a builder, expected: ("failed", words in the error) | ("read", format))
CASES: dict[str, tuple[Any, tuple[str, str]]] = {
    "empty.txt": (b"", ("failed", "empty")),
    "empty.docx": (b"", ("failed", "damaged")),
    "empty.pdf": (b"", ("failed", "damaged")),
    "empty.xlsx": (b"", ("failed", "damaged")),
    "empty.html": (b"", ("failed", "empty")),
    "binary.txt": (random.Random(1).randbytes(5000), ("failed", "not a text file")),
    "binary.docx": (random.Random(2).randbytes(5000), ("failed", "damaged")),
    "binary.pdf": (b"%PDF-1.4\n" + random.Random(3).randbytes(5000), ("failed", "damaged")),
    "truncated.docx": (_fixture("docx")[:20000], ("failed", "damaged")),
    "truncated.xlsx": (_fixture("xlsx")[:4000], ("failed", "damaged")),
    "truncated.pdf": (_fixture("pdf")[: len(_fixture("pdf")) // 2], ("failed", "damaged")),
    "truncated_utf8.txt": (TEXT.encode()[:2001], ("read", "txt")),
    "gb18030_bad_bytes.txt": (_gb18030_with_bad_bytes(), ("read", "txt")),
    "docx_named.txt": (_fixture("docx"), ("read", "docx")),
    "pdf_named.xlsx": (_fixture("pdf"), ("read", "pdf")),
    "text_named.docx": (TEXT.encode("utf-8"), ("read", "txt")),
    "image_named.pdf": (b"\x89PNG\r\n\x1a\n" + bytes(200), ("failed", "an image")),
    "bomb.docx": (_zip_bomb, ("failed", "refused")),
    "bomb.xlsx": (_zip_bomb, ("failed", "refused")),
    "lying_bomb.docx": (lambda p: _zip_bomb(p, lie=True), ("failed", "damaged")),
    "unknown_compression.xlsx": (_zip_header_flip("xlsx", 10, 99), ("failed", "damaged")),
    "unknown_zip_version.docx": (_zip_header_flip("docx", 6, 221), ("failed", "damaged")),
    "deep.html": (
        b"<html><body>" + b"<div>" * 100_000 + TEXT.encode() + b"</div>" * 100_000,
        ("failed", "nested"),
    ),
}


def _write(folder: Path, name: str) -> Path:
    content, _ = CASES[name]
    path = folder / name
    if callable(content):
        content(path)
    else:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_hostile_file_gets_a_clear_outcome(tmp_path: Path, name: str) -> None:
    result = extract_file(_write(tmp_path, name))
    outcome, detail = CASES[name][1]
    if outcome == "failed":
        assert result.status == "failed"
        assert result.error is not None
        assert result.error.startswith(name)
        assert detail in result.error
        assert "\n" not in result.error
    else:
        assert result.record is not None, result.error
        assert result.format == detail


def test_damaged_text_keeps_its_facts_and_says_so(tmp_path: Path) -> None:
    result = extract_file(_write(tmp_path, "gb18030_bad_bytes.txt"))
    assert result.record is not None
    assert result.record.unit.name == "巴彦淖尔市信访局"
    assert result.record.budget.final_wan == 245
    assert result.status == "partial"
    assert any("replaced" in note for note in result.notes)


def test_a_folder_of_hostile_files_loads_the_good_ones(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in CASES:
        _write(folder, name)
    shutil.copy(SAMPLES / "002_cdb5fd7bd89dc735.txt", folder)
    summary = ingest([folder], tmp_path / "db.duckdb", workers=2)
    by_name = {o.path.name: o for o in summary.outcomes}
    assert len(by_name) == len(CASES) + 1  # every file has an outcome: nothing silently skipped
    assert by_name["002_cdb5fd7bd89dc735.txt"].status == "loaded"
    for name, (_, (outcome, _detail)) in CASES.items():
        assert (by_name[name].status == "failed") == (outcome == "failed"), name
    con = duckdb.connect(str(tmp_path / "db.duckdb"), read_only=True)
    try:
        rows = con.execute("select count(*), count(error) from source_files").fetchall()[0]
    finally:
        con.close()
    assert rows == (len(CASES) + 1, sum(o == "failed" for _, (o, _d) in CASES.values()))


# ------------------------------------------------------------------ fuzz
@FUZZ
@given(
    content=st.binary(max_size=3000),
    suffix=st.sampled_from([".txt", ".docx", ".xlsx", ".pdf", ".html", ""]),
)
def test_any_bytes_under_any_name_give_a_result_or_a_clear_error(
    tmp_path: Path, content: bytes, suffix: str
) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(content)
    result = extract_file(path)  # never raises
    assert result.status in ("ok", "partial", "failed")
    assert (result.record is None) == (result.status == "failed")
    if result.error:
        assert result.error.startswith(path.name)
    with contextlib.suppress(LoaderError):  # the loader's own error; anything else fails
        read(path)


@FUZZ
@given(
    source=st.sampled_from(["docx", "html", "pdf", "txt", "xlsx"]),
    flips=st.lists(st.tuples(st.integers(0, 2**20), st.integers(0, 255)), max_size=6),
    cut=st.none() | st.integers(0, 2**20),
)
def test_damaged_real_files_give_a_result_or_a_clear_error(
    tmp_path: Path, source: str, flips: list[tuple[int, int]], cut: int | None
) -> None:
    data = bytearray(
        (SAMPLES / f"{SAMPLE}.txt").read_bytes() if source == "txt" else _fixture(source)
    )
    for at, value in flips:
        data[at % len(data)] = value
    path = tmp_path / f"damaged.{source}"
    path.write_bytes(bytes(data[:cut]))
    result = extract_file(path)
    assert result.status in ("ok", "partial", "failed")


TOKENS = [
    "一、", "(一)", "1.", "(1)", "产出指标", "数量指标", "效益指标", "满意度指标", "三级指标",
    "年度指标值", "实际完成值", "分值", "得分", "总分", "自评等级", "优", "良", "项目名称",
    "预算单位名称", "年初预算数", "全年预算数", "全年执行数", "执行率", "万元", "元", "%", "≥",
    "≤", "=", "示例县信访局", "2023年度", "年", "月", "日", "报告", "自评", "绩效", "0", "7",
    "99.5", "1,234.56", "100", ",", "。", ":", "|", "\t", "\n", " ", "目标值", "完成值",
]  # fmt: skip
tokens_text = st.lists(st.sampled_from(TOKENS), max_size=300).map("".join)


@FUZZ
@given(text=tokens_text)
def test_any_text_of_report_words_extracts_without_raising(text: str) -> None:
    try:
        doc = read_text(text, Path("fuzz.txt"))
    except LoaderError:
        return  # blank text: "the file holds no text"
    extract_report(doc, Source(file="fuzz.txt", sha256="0", format="txt"))


def _block(draw: st.DrawFn, line: int) -> Any:
    loc = Location(line=line)
    kind = draw(st.sampled_from(["p", "h", "t"]))
    if kind == "p":
        return Paragraph(draw(tokens_text), loc)
    if kind == "h":
        return Heading(draw(tokens_text), draw(st.integers(0, 4)), loc)
    rows = draw(st.lists(st.lists(tokens_text, max_size=9), max_size=12))
    return Table(tuple(tuple(Cell(c, loc) for c in row) for row in rows), loc)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    blocks = [_block(draw, n) for n in range(1, draw(st.integers(0, 25)) + 1)]
    lines = [draw(tokens_text) for _ in blocks]
    return Document(source=Path("fuzz.docx"), format="docx", blocks=blocks, lines=lines)


@FUZZ
@given(doc=documents())
def test_any_document_model_extracts_without_raising(doc: Document) -> None:
    extract_report(doc, Source(file="fuzz.docx", sha256="0", format="docx"))


# ------------------------------------------------------------------ enormous, killed, served
@pytest.mark.slow
def test_a_200_mb_text_file_is_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    from loaders.bench import run_measured

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / f"{SAMPLE}.txt", folder)
    block = TEXT.encode("utf-8") * 64
    with (folder / "enormous.txt").open("wb") as fh:
        for _ in range(200 * 2**20 // len(block) + 1):
            fh.write(block)
    db = tmp_path / "db.duckdb"
    run = run_measured([sys.executable, "-m", "loaders", "ingest", str(folder), "--db", str(db)])
    assert run.returncode == 0, run.stderr
    assert "loaded 1" in run.stdout
    assert "enormous.txt: too large for a report" in run.stdout
    assert run.peak_rss_mb < 600


def _corpus(tmp_path: Path, count: int) -> Path:
    generate(tmp_path / "corpus", count, seed=3, workers=1)
    return tmp_path / "corpus" / "reports"


@pytest.mark.slow
def test_ingest_killed_at_random_points_leaves_the_old_or_the_new_database(
    tmp_path: Path, dump_db: Callable[[Path], Any]
) -> None:
    corpus = _corpus(tmp_path, 150)
    expected = tmp_path / "expected.duckdb"
    ingest([SAMPLES, corpus], expected)
    new = dump_db(expected)
    db = tmp_path / "db.duckdb"
    rng = random.Random(7)
    for attempt in range(6):
        db.unlink(missing_ok=True)
        ingest([SAMPLES], db)
        old = dump_db(db)
        command = [
            sys.executable,
            "-m",
            "loaders",
            "ingest",
            str(SAMPLES),
            str(corpus),
            "--db",
            str(db),
        ]
        with subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ) as proc:
            time.sleep(rng.uniform(0.3, 6.0))
            proc.kill()  # SIGKILL
        state = dump_db(db)
        assert state in (old, new), f"attempt {attempt}: a database that is neither old nor new"
        ingest([SAMPLES, corpus], db)  # the next run completes it and removes the leftovers
        assert dump_db(db) == new
        assert not list(db.parent.glob(f"{db.name}.tmp-*"))


@pytest.mark.slow
def test_the_dashboard_serves_during_an_ingest_and_shows_the_new_data_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    db = tmp_path / "db.duckdb"
    ingest([SAMPLES], db)
    corpus = _corpus(tmp_path, 160)
    monkeypatch.setenv("JIXIAO_DB", str(db))
    monkeypatch.delenv("JIXIAO_PREWARM", raising=False)
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120).run()
    before = {m.label: m.value for m in at.metric}
    command = [sys.executable, "-m", "loaders", "ingest", str(corpus), "--db", str(db)]
    renders = 0
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        while proc.poll() is None:
            at.run()
            renders += 1
            assert not at.exception, [e.value for e in at.exception]
            assert not at.error, [e.value for e in at.error]
    assert proc.returncode == 0
    assert renders >= 1
    at.run()
    after = {m.label: m.value for m in at.metric}
    label = next(k for k in before if k.endswith("报告数"))
    assert int(after[label]) > int(before[label])


def test_uploads_are_size_limited_and_sniffed_by_content(tmp_path: Path) -> None:
    from dashboard import uploads

    config = tomllib.loads((ROOT / "dashboard" / ".streamlit" / "config.toml").read_text())
    assert 0 < config["server"]["maxUploadSize"] <= 160  # MB, within the loader's own limit
    db = tmp_path / "db" / "jixiao.duckdb"
    folder = uploads.save(
        [
            ("report.docx", TEXT.encode("utf-8")),  # text under a Word name
            ("report.txt", _fixture("docx")),  # Word under a text name
            ("scan.pdf", b"\xff\xd8\xff\xe0JFIF" + bytes(100)),  # an image
            ("huge.txt", TEXT.encode("utf-8") * 2000),  # > 8 MB of text
        ],
        db,
    )
    run = uploads.ingest(folder, db)
    assert run.ok, run.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = dict(
            con.execute("select name, coalesce(format, error) from source_files").fetchall()
        )
    finally:
        con.close()
    assert rows["report.docx"] == "txt"
    assert rows["report.txt"] == "docx"
    assert "an image" in rows["scan.pdf"]
    assert "too large" in rows["huge.txt"]
