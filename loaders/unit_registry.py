"""The user-edited unit registry (data/unit_registry.toml): canonical units
with their aliases and region, and per-file entries for reports whose text
cannot settle their unit. The file's own comments explain how to add entries.

Loaded once per path and validated: any problem raises `RegistryError`
naming the file and the entry (`unit[2]`, `file[1]`).
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from loaders.errors import LoaderError
from loaders.extract.gazetteer import load_gazetteer
from loaders.extract.regions import Region, place_prefix

ENV_VAR = "JIXIAO_REGISTRY"
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "unit_registry.toml"
_UNIT_KEYS = {"name", "aliases", "province", "city", "county", "note"}
_FILE_KEYS = {"file", "unit", "note"}


class RegistryError(LoaderError):
    """The registry file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class RegistryUnit:
    """One canonical unit of the registry."""

    name: str
    aliases: tuple[str, ...]
    region: Region


@dataclass(frozen=True)
class Registry:
    """Canonical units by name and alias, and by report file name."""

    path: Path | None
    units: tuple[RegistryUnit, ...] = ()
    by_name: dict[str, RegistryUnit] = field(default_factory=dict)
    by_file: dict[str, RegistryUnit] = field(default_factory=dict)


def clean_name(name: str) -> str:
    """A name as compared with registry keys: NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def registry_path(path: str | Path | None = None) -> tuple[Path, bool]:
    """The registry to use and whether it must exist: `path`, else
    `$JIXIAO_REGISTRY`, else data/unit_registry.toml (optional)."""
    if path is not None:
        return Path(path), True
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]), True
    return DEFAULT_PATH, False


def load_registry(path: str | Path | None = None) -> Registry:
    """The registry at `path` (see `registry_path`), loaded once per file
    version.

    Raises
    ------
    RegistryError
        When the file is missing (if it was asked for), not TOML, or an entry
        is malformed, duplicated or points at no unit.
    """
    resolved, required = registry_path(path)
    try:
        version = resolved.stat().st_mtime_ns  # an edited file is read again
    except OSError:
        version = None
    # absolute(), not resolve(): a cache key needs no symbolic links followed, and resolve()'s
    # system calls were ~4% of an ingest worker's time (this runs once per report).
    return _load(str(resolved.absolute()), required, version)


@lru_cache(maxsize=8)
def _load(path: str, required: bool, version: int | None) -> Registry:
    file = Path(path)
    if not file.is_file():
        if required:
            raise RegistryError("registry file not found", path)
        return Registry(path=None)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RegistryError(f"not valid TOML: {exc}", path) from exc
    unknown = set(data) - {"unit", "file"}
    if unknown:
        raise RegistryError(
            f"unknown top-level key(s) {sorted(unknown)}; use [[unit]] or [[file]]", path
        )
    units = [_unit(entry, i, path) for i, entry in enumerate(_tables(data, "unit", path), 1)]
    by_name: dict[str, RegistryUnit] = {}
    for i, unit in enumerate(units, 1):
        for key in (unit.name, *unit.aliases):
            other = by_name.get(clean_name(key))
            if other is not None and other is not unit:
                raise RegistryError(
                    f"name {key!r} is already used by unit {other.name!r}", path, f"unit[{i}]"
                )
            by_name[clean_name(key)] = unit
    by_file: dict[str, RegistryUnit] = {}
    for i, entry in enumerate(_tables(data, "file", path), 1):
        where = f"file[{i}]"
        _check_keys(entry, _FILE_KEYS, {"file", "unit"}, path, where)
        file_name = Path(_text(entry, "file", path, where)).name
        unit_name = _text(entry, "unit", path, where)
        if clean_name(unit_name) not in by_name:
            raise RegistryError(
                f"unit {unit_name!r} is not the name or alias of any [[unit]]", path, where
            )
        if file_name in by_file:
            raise RegistryError(f"file {file_name!r} is listed twice", path, where)
        by_file[file_name] = by_name[clean_name(unit_name)]
    return Registry(Path(path), tuple(units), by_name, by_file)


def _tables(data: dict[str, Any], key: str, path: str) -> list[dict[str, Any]]:
    entries = data.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise RegistryError(f"{key!r} must be written as [[{key}]] tables", path)
    return entries


def _unit(entry: dict[str, Any], index: int, path: str) -> RegistryUnit:
    where = f"unit[{index}]"
    _check_keys(entry, _UNIT_KEYS, {"name"}, path, where)
    name = clean_name(_text(entry, "name", path, where))
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise RegistryError("aliases must be a list of non-empty strings", path, where)
    stated: dict[str, str] = {
        k: clean_name(_text(entry, k, path, where))
        for k in ("province", "city", "county")
        if k in entry
    }
    return RegistryUnit(
        name, tuple(clean_name(a) for a in aliases), _region(name, stated, path, where)
    )


def _region(name: str, stated: dict[str, str], path: str, where: str) -> Region:
    """The stated region, its upper levels filled from the gazetteer; with
    nothing stated, the region the name's place prefix gives."""
    if not stated:
        return place_prefix(name)[0]
    g = load_gazetteer()
    for level in ("province", "city"):
        if level in stated and not any(d.level == level for d in g.lookup(stated[level])):
            raise RegistryError(
                f"{level} {stated[level]!r} is not a {level} in the gazetteer", path, where
            )
    implied, _ = place_prefix(stated.get("city", "") + stated.get("county", "") + "单位")
    region = Region(
        stated.get("province", implied.province),
        stated.get("city", implied.city),
        stated.get("county", implied.county),
    )
    if implied.province and region.province != implied.province:
        raise RegistryError(
            f"{region.city or region.county} is not in {region.province}", path, where
        )
    return region


def _check_keys(
    entry: dict[str, Any], allowed: set[str], required: set[str], path: str, where: str
) -> None:
    unknown = set(entry) - allowed
    if unknown:
        raise RegistryError(
            f"unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}", path, where
        )
    missing = required - set(entry)
    if missing:
        raise RegistryError(f"missing key(s) {sorted(missing)}", path, where)


def _text(entry: dict[str, Any], key: str, path: str, where: str) -> str:
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        raise RegistryError(f"{key} must be a non-empty string", path, where)
    return value
