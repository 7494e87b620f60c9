"""Every format fixture reads to the same document, and extracts to the same
facts, as the sample .txt it was generated from.

The fixtures in tests/fixtures/formats are renderings of the text reader's
model of each sample (tests/fixtures/make_fixtures.py). If the text reader
changes how it splits or joins paragraphs, regenerate them.
"""

from __future__ import annotations

import re
import shutil
from functools import cache
from pathlib import Path

import pytest

from loaders.pipeline import extract_file
from loaders.readers import read
from loaders.readers.doc import soffice_path
from loaders.readers.ir import Document, Table

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "reports"
FORMATS = ROOT / "tests" / "fixtures" / "formats"
BAD = FORMATS / "bad"
SAMPLE_IDS = sorted(p.stem for p in SAMPLES.glob("*.txt"))


def fixture(sample: str, fmt: str) -> Path:
    """The fixture of `sample` in format (or variant) `fmt`."""
    folder, suffix = VARIANTS.get(fmt, ("", fmt))
    return FORMATS / folder / f"{sample}.{suffix}"


REGENERATE = (
    "if the text reader changed, regenerate: .venv/bin/python tests/fixtures/make_fixtures.py"
)

FAST_FORMATS = ("docx", "xlsx", "html")
# A variant is a format's fixtures in a subfolder: the PDFs printed from Word
# files whose tables have no borders (found by their text columns alone), and the same
# with cells centred and rows set solid (no spacing between them).
# Text variants: the samples with their tables laid out with spaces instead of tabs
# (tests/fixtures/fixture_spaced.py), as space-aligned rows and as indented cells.
VARIANTS = {
    "pdf-borderless": ("borderless", "pdf"),
    "pdf-borderless-tight": ("borderless-tight", "pdf"),
    "txt-spaced": ("spaced", "txt"),
    "txt-indented": ("indented", "txt"),
}
CASES = [
    pytest.param(sample, fmt, marks=[pytest.mark.slow] if fmt in ("doc",) else [])
    for fmt in (*FAST_FORMATS, "pdf", "pdf-borderless", "pdf-borderless-tight", "xls", "doc")
    for sample in SAMPLE_IDS
    if fixture(sample, fmt).exists()
]
TEXT_CASES = [
    pytest.param(sample, fmt)
    for fmt in ("txt-spaced", "txt-indented")
    for sample in SAMPLE_IDS
    if fixture(sample, fmt).exists()
]


# Known gaps: in the solid-set centred PDFs (tests/fixtures/formats/borderless-tight), a few
# cells of 001's 基础数据表 and 004's goal row come out joined with their neighbours or split
# (the facts extracted are still right: the scorer gives the variant 100%). Strict, so a fix
# shows.
CELL_GAPS = {
    ("001_d561446380a2a949", "pdf-borderless-tight"): "基础数据表 figures joined across columns",
    ("004_e40cd2cf77471691", "pdf-borderless-tight"): "年度总体目标 text split over rows",
}


def expect_cell_gap(request: pytest.FixtureRequest, sample: str, fmt: str) -> None:
    if (sample, fmt) in CELL_GAPS:
        reason = CELL_GAPS[sample, fmt]
        request.applymarker(pytest.mark.xfail(strict=True, reason=reason))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@cache
def document(path: Path) -> Document:
    return read(path)


def table_cells(doc: Document) -> set[str]:
    return {
        squash(c.text) for b in doc.blocks if isinstance(b, Table) for r in b.rows for c in r
    } - {""}


def text_stream(doc: Document) -> str:
    """All the text in reading order, whitespace removed."""
    parts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            parts.extend(c.text for row in block.rows for c in row)
        else:
            parts.append(block.text)
    return squash("".join(parts))


def needs_soffice(fmt: str) -> None:
    if fmt == "doc" and soffice_path() is None:
        pytest.skip("LibreOffice is not installed")


def test_every_sample_has_every_format() -> None:
    for sample in SAMPLE_IDS:
        for fmt in ("docx", "pdf", "pdf-borderless", "pdf-borderless-tight", "xlsx", "html",
                    "txt-spaced"):  # fmt: skip
            assert fixture(sample, fmt).exists(), f"{sample} {fmt} missing: {REGENERATE}"


@pytest.mark.parametrize(("sample", "fmt"), CASES + TEXT_CASES)
def test_table_cells_match_the_text_reader(
    request: pytest.FixtureRequest, sample: str, fmt: str
) -> None:
    needs_soffice(fmt)
    expect_cell_gap(request, sample, fmt)
    expected = table_cells(document(SAMPLES / f"{sample}.txt"))
    got = table_cells(document(fixture(sample, fmt)))
    assert got == expected, (
        f"missing {sorted(expected - got)[:5]}, extra {sorted(got - expected)[:5]}"
    )


@pytest.mark.parametrize(("sample", "fmt"), CASES + TEXT_CASES)
def test_all_text_arrives_once_in_order(
    request: pytest.FixtureRequest, sample: str, fmt: str
) -> None:
    needs_soffice(fmt)
    expect_cell_gap(request, sample, fmt)
    expected = text_stream(document(SAMPLES / f"{sample}.txt"))
    got = text_stream(document(fixture(sample, fmt)))
    assert got == expected, REGENERATE


@pytest.mark.parametrize(("sample", "fmt"), CASES)
def test_each_block_has_its_line_in_the_rendered_text(sample: str, fmt: str) -> None:
    needs_soffice(fmt)
    doc = document(fixture(sample, fmt))
    assert doc.lines
    assert not doc.notes
    previous = 0
    for block in doc.blocks:
        first = block.rows[0][0].loc.line if isinstance(block, Table) else block.loc.line
        assert first > previous  # document order
        if isinstance(block, Table):
            for offset, row in enumerate(block.rows):
                assert {c.loc.line for c in row} == {first + offset}
                assert doc.lines[first + offset - 1] == "\t".join(c.text for c in row)
            previous = first + len(block.rows) - 1
        else:
            assert doc.lines[block.loc.line - 1] == block.text
            previous = first


def _facts(path: Path) -> dict[str, object]:
    result = extract_file(path)
    assert result.record is not None, result.error
    facts = result.record.to_dict()
    facts.pop("source")
    facts.pop("warnings", None)  # they quote line numbers, which differ by format

    def strip_lines(value: object) -> object:
        if isinstance(value, dict):
            return {
                k: strip_lines(v)
                for k, v in value.items()
                if k not in ("line", "lines", "evidence")
            }
        if isinstance(value, list):
            return [strip_lines(v) for v in value]
        return value

    stripped = strip_lines(facts)
    assert isinstance(stripped, dict)
    return stripped


@pytest.mark.parametrize(("sample", "fmt"), CASES + TEXT_CASES)
def test_extracts_the_same_facts_as_the_text(sample: str, fmt: str) -> None:
    needs_soffice(fmt)
    assert _facts(fixture(sample, fmt)) == _facts(SAMPLES / f"{sample}.txt")


def test_a_txt_that_is_a_zip_is_read_by_its_content(tmp_path: Path) -> None:
    disguised = tmp_path / "report.txt"
    shutil.copy(FORMATS / "000_f85205bb6ece0316.docx", disguised)
    doc = read(disguised)
    assert doc.format == "docx"
    assert text_stream(doc) == text_stream(document(SAMPLES / "000_f85205bb6ece0316.txt"))


def test_bad_inputs_fail_alone_with_a_message_naming_the_file(tmp_path: Path) -> None:
    """Ingest goes on past every bad input and loads the good file."""
    from loaders.ingest import ingest

    folder = tmp_path / "in"
    shutil.copytree(BAD, folder)
    shutil.copy(FORMATS / "002_cdb5fd7bd89dc735.docx", folder)
    summary = ingest([folder], tmp_path / "db" / "jixiao.duckdb", raise_on_error=False)
    by_name = {o.path.name: o for o in summary.outcomes}
    assert by_name["002_cdb5fd7bd89dc735.docx"].status == "loaded"
    assert by_name["empty_sheet.xlsx"].status == "loaded"  # one real sheet; the empty one noted
    for name in ("scanned.pdf", "protected.pdf", "corrupt.docx", "no_report.html"):
        outcome = by_name[name]
        assert outcome.status == "failed", name
        assert outcome.error
        assert name in outcome.error
