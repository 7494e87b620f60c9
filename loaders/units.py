"""One identity per real unit, whatever form its name takes in a report.

`canonical_unit` turns the name a report uses (`洪江区信访局`,
`怀化市洪江区信访局`, `市信访局`, `我局`) and the region found for it
(`loaders.extract.regions.locate`) into a `CanonicalUnit` with a stable
`unit_id`: a hash of the region and of the unit's own name without its place
prefix, so every form of one unit gets one id.

What the text cannot settle goes in the user-edited registry
data/unit_registry.toml (see `loaders.unit_registry`): its per-file entries
and aliases win over what the name says.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from loaders.extract.regions import SELF_REFERENCE, Region, level_marker, place_prefix
from loaders.fictional import fictional_place
from loaders.unit_registry import Registry, RegistryUnit, clean_name, load_registry

MatchedBy = Literal["registry", "name", "unknown"]

_SUFFIXES = ("(本级)", "本级", "(盖章)")


@dataclass(frozen=True)
class CanonicalUnit:
    """The identity a report's unit is stored under.

    `unit_id` and `canonical_name` are None when the unit cannot be told
    apart from others (no name, or only `我局` with no registry entry);
    `matched_by` says where the identity came from.
    """

    unit_id: str | None
    canonical_name: str | None
    province: str | None
    city: str | None
    county: str | None
    matched_by: MatchedBy

    @property
    def region(self) -> Region:
        """The unit's region."""
        return Region(self.province, self.city, self.county)


def canonical_unit(
    name: str | None,
    region: Region,
    source_file: str,
    registry_path: str | Path | None = None,
) -> CanonicalUnit:
    """The canonical identity of a report's unit.

    Parameters
    ----------
    name
        The unit's name as the report gives it, or None.
    region
        Its region, as `locate(name, text)` found it.
    source_file
        The report's file name (or path); a registry `[[file]]` entry for it wins.
    registry_path
        The registry file; default `$JIXIAO_REGISTRY`, else data/unit_registry.toml.

    Returns
    -------
    CanonicalUnit
        matched_by "registry" when a registry entry decided, "name" when the
        name (with its region) did, "unknown" when neither could.
    """
    registry = load_registry(registry_path)
    entry = registry.by_file.get(Path(source_file).name)
    if entry is None and name:
        entry = registry.by_name.get(clean_name(name))
    if entry is not None:
        return _from_registry(entry)
    fictional = fictional_place(clean_name(name)) if name and region.is_empty else None
    if fictional is not None:  # a synthetic unit: its place is fictional, its name specific
        region, rest = fictional
    own = own_name(rest if fictional else name, region) if name else ""
    if not own or SELF_REFERENCE.match(own) or region.is_empty:
        return CanonicalUnit(None, None, region.province, region.city, region.county, "unknown")
    full = region_prefix(region) + own
    entry = registry.by_name.get(full)
    if entry is not None:
        return _from_registry(entry)
    return CanonicalUnit(
        unit_id_of(region, own), full, region.province, region.city, region.county, "name"
    )


def own_name(name: str, region: Region) -> str:
    """The unit's name without its place prefix: `怀化市洪江区信访局` → `信访局`;
    `市信访局` → `信访局` when the region has a city; `洪江区信访局本级` → `信访局`."""
    _, rest = place_prefix(clean_name(name))
    for place in (region.province, region.city, region.county):
        if place and rest.startswith(place) and len(rest) > len(place):
            rest = rest[len(place) :]  # 洪江区信访局: a district the gazetteer lacks
    for suffix in _SUFFIXES:
        if rest.endswith(suffix) and len(rest) > len(suffix):
            rest = rest[: -len(suffix)]
    level, without_marker = level_marker(rest)
    return without_marker if level and getattr(region, level) else rest


def region_prefix(region: Region) -> str:
    """How an official name writes the region in front of a unit: a district
    with its city (`怀化市洪江区`, `北京市朝阳区`), a county alone
    (`青龙满族自治县`), else the city or the province."""
    if region.county:
        if region.county.endswith("区") and region.city:
            return region.city + region.county
        return region.county
    return region.city or region.province or ""


def unit_id_of(region: Region, own: str) -> str:
    """A stable id from the region and the unit's own name (`u-` + 16 hex digits)."""
    key = "|".join([region.province or "", region.city or "", region.county or "", own])
    return "u-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _from_registry(entry: RegistryUnit) -> CanonicalUnit:
    region = entry.region
    own = own_name(entry.name, region)
    return CanonicalUnit(
        unit_id_of(region, own), entry.name, region.province, region.city, region.county, "registry"
    )


__all__ = [
    "CanonicalUnit",
    "Registry",
    "canonical_unit",
    "load_registry",
    "own_name",
    "region_prefix",
    "unit_id_of",
]
