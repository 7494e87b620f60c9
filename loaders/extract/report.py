"""Document model → Report: the extractor's entry point."""

from __future__ import annotations

from loaders.model import Report, Source
from loaders.readers.ir import Document


def extract_report(doc: Document, source: Source) -> Report:
    return Report(source=source)
