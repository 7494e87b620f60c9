"""Synthetic reports: fictional units, realistic figures, known truth.

`generate(out, reports=N)` writes a corpus (see `loaders.synth.corpus` for its
layout) for benchmarks at scale, the round-trip test
(extract(synthesize(facts)) == facts) and the demo database. Every unit is
fictional (示例甲子县…局); the manifest and the demo database say
"synthetic" so nothing downstream can take them for real reports, and a
corpus is never written into the real reports folder.

Modules: `facts` (what a report states, drawn at random), `layouts` and
`compose` (the blocks of a report in one of the shapes real reports take),
`render` (blocks → text with tables flattened), `formats` (→ txt, docx,
xlsx, html, pdf), `truth` (the contract JSON of the printed facts),
`corpus` (the files on disk), `demo` (the demo database).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from loaders import parallel
from loaders.synth.corpus import MANIFEST, check_formats, write_manifest, write_one
from loaders.synth.formats import docx_to_pdf, pdf_available

REAL_REPORTS = Path("data") / "reports"
PDF_BATCH = 40  # Word files per LibreOffice run
SMALL_CORPUS = 200  # fewer reports are written in this process: no pool to start


class SynthError(Exception):
    """The corpus cannot be written where or as asked."""


@dataclass(frozen=True)
class _Job:
    root: Path
    seed: int
    index: int
    formats: tuple[str, ...]


def _write_job(job: _Job) -> tuple[Path, Path]:
    return write_one(job.root, job.seed, job.index, job.formats)


def check_target(out: Path) -> None:
    """Refuse to write synthetic files among real ones.

    Raises `SynthError` when `out` is (inside) the real reports folder, or a
    non-empty folder that is not an earlier synthetic corpus.
    """
    target = out.resolve()
    real = REAL_REPORTS.resolve()
    if target == real or real in target.parents:
        raise SynthError(f"{out} is inside the real reports folder {REAL_REPORTS}: choose another")
    if target.is_file():
        raise SynthError(f"{out} is a file, not a folder")
    if target.is_dir() and any(target.iterdir()):
        manifest = target / MANIFEST
        try:
            synthetic = json.loads(manifest.read_text(encoding="utf-8")).get("synthetic")
        except (OSError, ValueError):
            synthetic = False
        if synthetic is not True:
            raise SynthError(f"{out} is not empty and holds no synthetic corpus: choose another")


def generate(
    out: Path,
    reports: int,
    *,
    seed: int = 0,
    start: int = 0,
    formats: Sequence[str] = ("txt",),
    workers: int | None = None,
    progress: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write a synthetic corpus of `reports` reports under `out`.

    Parameters
    ----------
    out : Path
        The corpus folder (created; see `check_target` for what is refused).
    reports : int
        How many reports.
    seed : int
        The corpus seed: the same seed gives the same reports.
    start : int
        The index of the first report: a corpus can be written in slices
        (reports [start, start + reports) of one seed), each its own folder.
    formats : sequence of str
        Any of txt, docx, xlsx, html, pdf (pdf needs LibreOffice).
    workers : int, optional
        Processes writing files; default one per CPU.
    progress : callable, optional
        Called with each report's path once it is written.

    Returns
    -------
    list of Path
        The report files, in index order.
    """
    chosen = tuple(check_formats(formats))
    if "pdf" in chosen and not pdf_available():
        raise SynthError("pdf needs LibreOffice (soffice) on the PATH")
    check_target(out)
    root = out.resolve()
    write_manifest(root, seed, reports, chosen, start)
    jobs = (_Job(root, seed, i, chosen) for i in range(start, start + reports))
    if workers is None and reports < SMALL_CORPUS:
        workers = 1
    written: dict[int, Path] = {}
    to_pdf: list[Path] = []
    for job, result in parallel.map_unordered(_write_job, jobs, workers=workers):
        if isinstance(result, BaseException):
            raise SynthError(f"report {job.index} could not be written: {result}") from result
        path = result[0]
        if "_pdf_" in path.name:
            to_pdf.append(path)
        written[job.index] = path
        if progress:
            progress(path)
    for start in range(0, len(to_pdf), PDF_BATCH):
        batch = sorted(to_pdf[start : start + PDF_BATCH])
        by_folder: dict[Path, list[Path]] = {}
        for source in batch:
            by_folder.setdefault(source.parent, []).append(source)
        for folder, sources in by_folder.items():
            for source, pdf in zip(sources, docx_to_pdf(sources, folder), strict=True):
                source.unlink()
                index = int(source.name.split("_", 1)[0])
                written[index] = pdf
    return [written[i] for i in sorted(written)]
