"""The one place the extractor asks the gazetteer where a unit is."""

from __future__ import annotations

from loaders.extract.regions import locate
from loaders.model import Unit
from loaders.readers.ir import Document


def locate_unit(name: str | None, doc: Document) -> Unit:
    """Province, city and county of a unit, from its name and the whole text."""
    context = "\n".join(text for text, _loc in doc.iter_text())
    region = locate(name, context)
    return Unit(name=name, province=region.province, city=region.city, county=region.county)
