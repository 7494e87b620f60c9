"""A synthetic corpus on disk: N reports of fictional units over several
years, in every layout and format asked for, each with its ground truth.

    DIR/manifest.json               seed, counts, formats, layouts; "synthetic": true
    DIR/reports/<year>/<stem>.<ext> the reports (what `jixiao ingest DIR/reports` reads)
    DIR/truth/<year>/<stem>.json    the contract JSON each report states

Truth lives in its own tree, not beside the report in one folder, so that
ingesting DIR/reports never meets a .json file it has no reader for.
Report i is drawn from its own seed (corpus seed, i), so any report can be
regenerated alone and a corpus can be written by many processes at once, or
in slices. Report i is about unit i // 8 and year 2017 + i % 8: every unit
has a series of years, every prefix of a corpus spans all years, and no two
reports share a unit and a year (up to 230,400 reports; beyond, units repeat).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from loaders import fictional
from loaders.synth import vocabulary as vb
from loaders.synth.compose import Wording, compose
from loaders.synth.facts import Chooser, RandomChooser, chance, draw_report
from loaders.synth.formats import (
    FORMATS,
    TEXT_ENCODINGS,
    write_docx,
    write_html,
    write_txt,
    write_xlsx,
)
from loaders.synth.layouts import printed
from loaders.synth.truth import truth_record

FIRST_YEAR = 2017
YEARS = 8
MANIFEST = "manifest.json"
# Word and web reports whose title is a heading (Title style, <h1>): the extractor
# does not read those titles yet (see tests/test_synth_roundtrip.py), so a minority.
TITLE_HEADING_SHARE = 0.2

# Layout name → (where the indicators go, how a text table is flattened).
TEXT_LAYOUTS: dict[str, tuple[str, str]] = {
    "tab": ("table", "tab"),
    "cells": ("table", "cells"),
    "pipe_rows": ("table", "pipe_rows"),
    "pipe_cells": ("table", "pipe_cells"),
    "prose_rows": ("prose_rows", "tab"),
    "sentences": ("sentences", "tab"),
}
DOCUMENT_LAYOUTS = ("table", "prose_rows", "sentences")


@dataclass(frozen=True)
class Variant:
    """How one report is printed: format, layout and wording."""

    format: str
    layout: str
    encoding: str = "utf-8"
    amounts_in_yuan: bool = False
    title_as_heading: bool = False

    @property
    def indicator_style(self) -> str:
        return TEXT_LAYOUTS[self.layout][0] if self.format == "txt" else self.layout

    @property
    def table_shape(self) -> str:
        return TEXT_LAYOUTS[self.layout][1] if self.format == "txt" else "tab"

    @property
    def suffix(self) -> str:
        return ".docx" if self.format == "pdf" else f".{self.format}"


def layouts_of(fmt: str) -> tuple[str, ...]:
    return tuple(TEXT_LAYOUTS) if fmt == "txt" else DOCUMENT_LAYOUTS


def draw_variant(ch: Chooser, formats: Sequence[str]) -> Variant:
    fmt = ch.choice(formats)
    layout = ch.choice(layouts_of(fmt))
    encoding = ch.choice(TEXT_ENCODINGS) if fmt in ("txt", "html") else "utf-8"
    heading = fmt in ("docx", "html", "pdf") and chance(ch, TITLE_HEADING_SHARE)
    return Variant(fmt, layout, encoding, chance(ch, 0.25), heading)


def unit_for(index: int) -> str:
    """The fictional unit of the index-th series: every (place, agency) once
    before any repeats (28,800 of them)."""
    agency = vb.AGENCIES[index % len(vb.AGENCIES)]
    k = index // len(vb.AGENCIES)
    level = fictional.PLACE_LEVELS[k % len(fictional.PLACE_LEVELS)]
    k //= len(fictional.PLACE_LEVELS)
    branch = fictional.BRANCHES[k % len(fictional.BRANCHES)]
    k //= len(fictional.BRANCHES)
    stem = fictional.STEMS[k % len(fictional.STEMS)]
    prefix = fictional.PLACE_PREFIXES[(k // len(fictional.STEMS)) % len(fictional.PLACE_PREFIXES)]
    return f"{prefix}{stem}{branch}{level}{agency}"


def report_seed(corpus_seed: int, index: int) -> int:
    return corpus_seed * 1_000_003 + index


def write_one(
    root: Path, corpus_seed: int, index: int, formats: Sequence[str]
) -> tuple[Path, Path]:
    """Write report `index` of a corpus and its truth; return both paths."""
    ch = RandomChooser(report_seed(corpus_seed, index))
    year = FIRST_YEAR + index % YEARS
    facts = draw_report(ch, year=year, unit=unit_for(index // YEARS))
    variant = draw_variant(ch, formats)
    shown = printed(facts, variant.indicator_style)
    wording = Wording(variant.amounts_in_yuan, variant.title_as_heading)
    blocks = compose(shown, variant.indicator_style, wording)
    stem = f"{index:07d}_{variant.format}_{variant.layout}"
    folder = root / "reports" / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (stem + variant.suffix)
    if variant.format == "txt":
        write_txt(blocks, path, variant.table_shape, variant.encoding)
    elif variant.format in ("docx", "pdf"):
        write_docx(blocks, path)  # a pdf is converted from it afterwards (write_corpus)
    elif variant.format == "xlsx":
        write_xlsx(blocks, path)
    else:
        write_html(blocks, path, variant.encoding)
    truth_dir = root / "truth" / str(year)
    truth_dir.mkdir(parents=True, exist_ok=True)
    truth = truth_dir / f"{stem}.json"
    record = truth_record(shown)
    record["synthetic"] = {"seed": corpus_seed, "index": index, **variant.__dict__}
    truth.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return path, truth


def check_formats(formats: Sequence[str]) -> list[str]:
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format(s) {', '.join(unknown)} (known: {', '.join(FORMATS)})")
    return list(dict.fromkeys(formats))


def write_manifest(
    root: Path, seed: int, total: int, formats: Sequence[str], start: int = 0
) -> None:
    manifest = {
        "synthetic": True,
        "note": "合成数据: fictional units (示例/样例/演示/模拟…), generated by `jixiao synth`",
        "seed": seed,
        "reports": total,
        "first_index": start,
        "formats": list(formats),
        "layouts": {f: list(layouts_of(f)) for f in formats},
        "years": [FIRST_YEAR, FIRST_YEAR + YEARS - 1],
    }
    root.mkdir(parents=True, exist_ok=True)
    (root / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
