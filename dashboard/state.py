"""The shared filters: one `Filters` value, its sidebar widgets, and its URL form.

The session holds the current `Filters` under `KEY_FILTERS`; the sidebar widgets
(keys ``w_*``) edit it, and every run writes it to the URL's query string, so a
filtered view can be shared as a link. A new session reads the link back.
Presentation mode (`KEY_PRESENT`, ``?present=1``) travels the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl
import streamlit as st

from dashboard.theme import GRADES, KIND_LABELS

KEY_FILTERS = "filters"
KEY_PRESENT = "present"
KEY_URL_READ = "url_read"
KEY_W_YEARS = "w_years"
KEY_W_UNITS = "w_units"
KEY_W_PROVINCE = "w_province"
KEY_W_CITY = "w_city"
KEY_W_COUNTY = "w_county"
KEY_W_KIND = "w_kind"
KEY_W_GRADE = "w_grade"
KEY_W_PRESENT = "w_present"

# Query-string names (short, readable in a shared link).
URL_YEARS = "years"
URL_UNITS = "units"
URL_PROVINCE = "province"
URL_CITY = "city"
URL_COUNTY = "county"
URL_KIND = "kind"
URL_GRADE = "grade"
URL_PRESENT = "present"
URL_REPORT = "report"
URL_UNIT = "unit"
FILTER_URL_KEYS = (URL_YEARS, URL_UNITS, URL_PROVINCE, URL_CITY, URL_COUNTY, URL_KIND, URL_GRADE)
ALL = "全部"


@dataclass(frozen=True)
class Filters:
    """The report filters every page applies. Empty / None means "all"."""

    years: tuple[int, ...] = ()
    units: tuple[str, ...] = ()
    province: str | None = None
    city: str | None = None
    county: str | None = None
    kind: str | None = None
    grade: str | None = None

    def query_params(self) -> dict[str, Any]:
        """The values for the shared ``$years, $units, … $grade`` query params."""
        return {
            "years": list(self.years) or None,
            "units": list(self.units) or None,
            "province": self.province,
            "city": self.city,
            "county": self.county,
            "kind": self.kind,
            "grade": self.grade,
        }

    def cache_key(self) -> tuple[tuple[str, Any], ...]:
        """A hashable form of the params, for caching results per filter value."""
        return tuple(
            (k, tuple(v) if isinstance(v, list) else v) for k, v in self.query_params().items()
        )

    def is_empty(self) -> bool:
        return self == Filters()

    def to_url(self) -> dict[str, str]:
        """The query-string form: only the set filters, lists comma-separated."""
        out: dict[str, str] = {}
        if self.years:
            out[URL_YEARS] = ",".join(str(y) for y in sorted(self.years))
        if self.units:
            out[URL_UNITS] = ",".join(self.units)
        for key, value in (
            (URL_PROVINCE, self.province),
            (URL_CITY, self.city),
            (URL_COUNTY, self.county),
            (URL_KIND, self.kind),
            (URL_GRADE, self.grade),
        ):
            if value:
                out[key] = value
        return out

    @classmethod
    def from_url(cls, params: Mapping[str, str | list[str]]) -> Filters:
        """Read a query string back; values that do not parse are dropped, never raised."""

        def text(key: str) -> str | None:
            raw = params.get(key)
            if isinstance(raw, list):
                raw = raw[-1] if raw else None
            value = (raw or "").strip()
            return value or None

        def items(key: str) -> list[str]:
            raw = params.get(key)
            parts = raw if isinstance(raw, list) else [raw or ""]
            return [p.strip() for part in parts for p in part.split(",") if p.strip()]

        years = tuple(sorted({int(y) for y in items(URL_YEARS) if re.fullmatch(r"\d{4}", y)}))
        kind = text(URL_KIND)
        grade = text(URL_GRADE)
        return cls(
            years=years,
            units=tuple(dict.fromkeys(items(URL_UNITS))),
            province=text(URL_PROVINCE),
            city=text(URL_CITY),
            county=text(URL_COUNTY),
            kind=kind if kind in KIND_LABELS else None,
            grade=grade if grade in GRADES else None,
        )

    def describe(self) -> str:
        """The filters in words, for captions and export headers."""
        parts = [
            "年度：" + ("、".join(str(y) for y in self.years) if self.years else ALL),
            "单位：" + ("、".join(self.units) if self.units else ALL),
        ]
        region = "".join(x for x in (self.province, self.city, self.county) if x)
        parts.append("地区：" + (region or ALL))
        parts.append("类型：" + (KIND_LABELS.get(self.kind, ALL) if self.kind else ALL))
        parts.append("等级：" + (self.grade or ALL))
        return "；".join(parts)

    def slug(self) -> str:
        """The set filters as a short file-name part (empty when nothing is filtered)."""
        parts: list[str] = []
        if self.years:
            ys = sorted(self.years)
            contiguous = ys == list(range(ys[0], ys[-1] + 1))
            parts.append(
                f"{ys[0]}-{ys[-1]}年"
                if contiguous and len(ys) > 1
                else "+".join(map(str, ys)) + "年"
            )
        if self.units:
            parts.append(self.units[0] + (f"等{len(self.units)}家" if len(self.units) > 1 else ""))
        region = "".join(x for x in (self.province, self.city, self.county) if x)
        if region:
            parts.append(region)
        if self.kind:
            parts.append(KIND_LABELS.get(self.kind, self.kind))
        if self.grade:
            parts.append(f"{self.grade}级")
        return "_".join(parts)


@dataclass(frozen=True)
class FilterOptions:
    """What the filters can choose from, read from the whole database."""

    years: tuple[int, ...] = ()
    units: tuple[str, ...] = ()
    regions: pl.DataFrame = field(default_factory=pl.DataFrame)

    @classmethod
    def from_frame(cls, frame: pl.DataFrame) -> FilterOptions:
        """From `filter_options` rows (one per identified unit: its region and its years)."""
        if frame.is_empty():
            return cls()
        years = frame["years"].explode().drop_nulls().unique().sort(descending=True)
        units = frame["unit_canonical_name"].drop_nulls().unique().sort()
        regions = frame.select(
            "unit_canonical_name", "region_province", "region_city", "region_county"
        ).unique()
        return cls(tuple(int(y) for y in years), tuple(units), regions)

    def provinces(self) -> list[str]:
        return self._distinct("region_province", {})

    def cities(self, province: str | None) -> list[str]:
        return self._distinct("region_city", {"region_province": province})

    def counties(self, province: str | None, city: str | None) -> list[str]:
        return self._distinct("region_county", {"region_province": province, "region_city": city})

    def units_in(self, province: str | None, city: str | None, county: str | None) -> list[str]:
        if not (province or city or county):
            return list(self.units)
        conditions = {"region_province": province, "region_city": city, "region_county": county}
        return self._distinct("unit_canonical_name", conditions)

    def _distinct(self, column: str, conditions: Mapping[str, str | None]) -> list[str]:
        if self.regions.is_empty():
            return []
        frame = self.regions
        for col, value in conditions.items():
            if value:
                frame = frame.filter(pl.col(col) == value)
        return sorted(frame[column].drop_nulls().unique().to_list())

    def clamp(self, filters: Filters) -> Filters:
        """Drop values that are not options (a stale link), so widgets never reject them."""
        years = tuple(y for y in filters.years if y in set(self.years))
        units = tuple(u for u in filters.units if u in set(self.units))
        province = filters.province if filters.province in self.provinces() else None
        city = filters.city if filters.city in self.cities(province) else None
        county = filters.county if filters.county in self.counties(province, city) else None
        return replace(
            filters, years=years, units=units, province=province, city=city, county=county
        )


def url_flag(params: Mapping[str, str | list[str]], key: str) -> bool:
    raw = params.get(key)
    if isinstance(raw, list):
        raw = raw[-1] if raw else None
    return (raw or "").strip().lower() in {"1", "true", "yes", "on"}


# --- Streamlit session: the functions below read and write st.session_state. ---


def _url_params() -> dict[str, str | list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def read_url_once() -> None:
    """On a session's first run, take filters and presentation mode from the link."""
    if st.session_state.get(KEY_URL_READ):
        return
    params = _url_params()
    st.session_state[KEY_FILTERS] = Filters.from_url(params)
    st.session_state[KEY_PRESENT] = url_flag(params, URL_PRESENT)
    st.session_state[KEY_URL_READ] = True


def current() -> Filters:
    """The filters in force for this run."""
    value = st.session_state.get(KEY_FILTERS)
    return value if isinstance(value, Filters) else Filters()


def is_present() -> bool:
    return bool(st.session_state.get(KEY_PRESENT, False))


def set_present(on: bool) -> None:
    st.session_state[KEY_PRESENT] = on
    st.session_state[KEY_W_PRESENT] = on


def set_filters(filters: Filters) -> None:
    """Replace the filters (e.g. a click on a unit) and re-seed the widgets from them."""
    st.session_state[KEY_FILTERS] = filters
    for key in (KEY_W_YEARS, KEY_W_UNITS, KEY_W_PROVINCE, KEY_W_CITY, KEY_W_COUNTY):
        st.session_state.pop(key, None)
    for key in (KEY_W_KIND, KEY_W_GRADE):
        st.session_state.pop(key, None)


def sync_url(extra: Mapping[str, str] | None = None, keep: Iterable[str] = ()) -> None:
    """Write filters, presentation mode and page params (`extra`) to the query string.

    Keys in `keep` that are already in the URL stay (a page's own params).
    """
    wanted: dict[str, str] = current().to_url()
    if is_present():
        wanted[URL_PRESENT] = "1"
    for key in keep:
        if key in st.query_params and key not in wanted:
            wanted[key] = st.query_params[key]
    wanted.update(extra or {})
    have = {k: st.query_params[k] for k in st.query_params}
    if have != wanted:
        st.query_params.from_dict(wanted)
