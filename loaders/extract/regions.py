"""Where a unit is: province, city and county from its name and the report's text.

Pure functions over the bundled gazetteer (loaders.extract.gazetteer). The
rules, most trusted first:

1. The unit's own name states its deepest level (`昆明市呈贡区信访局` → county
   呈贡区; `巴彦淖尔市信访局` → city, never a county). The gazetteer fills the
   levels above it.
2. A name without a place (`信访局`, `我局`, `县政协`) takes its region from
   the text: first where the text names the unit in full (`《巴彦淖尔市信访局
   财务管理制度》`), then the finance bureau that asked for the report
   (`青龙满族自治县财政局关于开展…`), then other government bodies and
   places. A leading 市/县/区 in the name (`县政协`) caps the level taken.
3. Mentions that disagree keep only what they share: a county and a cited
   《中共湖南省委…》 give the county; two counties of one city give the city.
4. An ambiguous short name (鼓楼区, or a generic 西区/城区/郊区) is settled
   by its city in the name or the text; otherwise the ambiguous levels stay None.
5. A management district the gazetteer lacks is accepted when the text puts
   it right after its city (`怀化市洪江区` → 湖南省/怀化市/洪江区).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.extract.gazetteer import (
    Division,
    Level,
    common_ancestor,
    deepest_consistent,
)
from loaders.extract.place_scan import Mention, Token, is_generic, parse_name, scan

# A leading level word of a name without a place: 市信访局, 县政协, 区财政局, 州财政局.
_MARKERS: dict[str, Level] = {
    "省": "province",
    "自治区": "province",
    "市": "city",
    "州": "city",
    "盟": "city",
    "县": "county",
    "区": "county",
    "旗": "county",
}
_NOT_MARKERS = ("市场", "市民", "区域", "县域", "市域", "省域", "区块")
# How a report refers to its own unit: no name to look for in the text.
SELF_REFERENCE = re.compile(r"^(?:我|本)(?:局|委|办|院|所|部门|单位|中心|站|会|队|馆)?$")
_FINANCE = "财政"


@dataclass(frozen=True)
class Region:
    """A unit's administrative region; None where unknown."""

    province: str | None = None
    city: str | None = None
    county: str | None = None

    @property
    def is_empty(self) -> bool:
        """True when no level is known."""
        return self.province is None and self.city is None and self.county is None


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a text: its name as written, level, span and region."""

    name: str
    level: Level
    start: int
    end: int
    region: Region


def region_of(division: Division | None) -> Region:
    """The region a division stands for, with its city and province filled in."""
    if division is None:
        return Region()
    fields = {node.level: node.name for node in division.lineage()}
    return Region(fields.get("province"), fields.get("city"), fields.get("county"))


def place_prefix(name: str) -> tuple[Region, str]:
    """Split a unit name into the region its leading place names state and the rest.

    Parameters
    ----------
    name
        A unit name as a report writes it.

    Returns
    -------
    tuple[Region, str]
        `怀化市洪江区信访局` → (Region("湖南省", "怀化市", "洪江区"), "信访局");
        `信访局` → (Region(), "信访局"). An ambiguous place (鼓楼区) keeps only
        the levels all its candidates share. A district-shaped word the
        gazetteer lacks is split off as the county alone (`洪江区信访局` →
        (Region(county="洪江区"), "信访局")); `locate` accepts it only when
        the text ties it to a city. The rest is always a suffix of `name`.
    """
    tokens, rest = parse_name(name, unknown_start=True)
    if not tokens:
        return Region(), rest
    return _resolve(tokens[-1], ()), rest


def find_places(text: str) -> list[PlaceMention]:
    """Places named in a text, in order: known divisions, short forms chained
    to another place (湖南怀化市), and management districts right after their
    city. Generic names (西区, 城区) and one-character ones (沛县) count only
    after their city or before a government body (沛县财政局)."""
    return [
        PlaceMention(m.name, m.level, m.start, m.end, _region_of_candidates(m.candidates))
        for m in scan(text)
    ]


def locate(unit_name: str | None, context: str) -> Region:
    """The administrative region of a unit.

    Parameters
    ----------
    unit_name
        The unit's name as the report gives it (`洪江区信访局`, `市信访局`,
        `我局`), or None when the report names none.
    context
        The whole text of the report, used to settle what the name leaves open.

    Returns
    -------
    Region
        Levels the name (or, for a name with no place, the text) states, with
        their parents from the gazetteer; None for what cannot be settled.
    """
    name = unit_name or ""
    tokens, rest = parse_name(name, unknown_start=True)
    mentions = scan(context)
    if tokens and not tokens[-1].candidates:
        # 洪江区信访局: a district the gazetteer lacks counts if the text puts it after its city.
        confirmed = _settle(tokens[-1].name, (), mentions, needs_city=True)
        if confirmed:
            return _region_of_candidates(confirmed)
        tokens, rest = [], name
    if tokens:
        return _resolve(tokens[-1], mentions)
    level, own = level_marker(rest)
    if level is None and SELF_REFERENCE.match(rest):
        own = ""
    found = _region_of_candidates(_context_division(own, mentions, context))
    return _truncate(found, level) if level else found


def _resolve(token: Token, mentions: tuple[Mention, ...]) -> Region:
    """Region of the deepest place of a name, settled with the text's mentions."""
    needs_city = is_generic(token.name) and not token.chained
    candidates = token.candidates
    if len(candidates) > 1 or needs_city:
        candidates = _settle(token.name, candidates, mentions, needs_city)
    if not candidates:
        return _only_level(token.level, token.name)  # 西区 with no city: the county alone
    return _region_of_candidates(candidates)


def _settle(
    name: str,
    candidates: tuple[Division, ...],
    mentions: tuple[Mention, ...],
    needs_city: bool,
) -> tuple[Division, ...]:
    """Narrow a name's candidates with the text: the same name right after its
    city (怀化市洪江区, 攀枝花市西区), else the candidates whose city, or for a
    non-generic name whose province, the text names. A generic name (西区)
    that the text does not tie to a city keeps no candidate."""
    chained = tuple({d for m in mentions if m.name == name and m.chained for d in m.candidates})
    chosen = tuple(d for d in chained if not candidates or d in candidates)
    if len(chosen) == 1 or not candidates:
        return chosen
    named = {d for m in mentions if m.strong and len(m.candidates) == 1 for d in m.candidates}
    levels: tuple[Level, ...] = ("city",) if needs_city else ("city", "province")
    for level in levels:
        matching = tuple(c for c in candidates if (p := c.at(level)) is not None and p in named)
        if matching:
            return matching
    return () if needs_city else candidates


def _context_division(own: str, mentions: tuple[Mention, ...], context: str) -> list[Division]:
    """Candidates of the unit's region from the text, best evidence first."""
    tiers: list[list[Mention]] = []
    if len(own) >= 2:
        tiers.append([m for m in mentions if context.startswith(own, m.end)])
    tiers.append([m for m in mentions if context.startswith(_FINANCE, m.end)])
    tiers.append([m for m in mentions if m.strong])
    for tier in tiers:
        divisions = [d for m in tier if (d := common_ancestor(m.candidates)) is not None]
        if divisions:
            found = deepest_consistent(divisions)
            return [found] if found is not None else []
    return []


def level_marker(rest: str) -> tuple[Level | None, str]:
    """The level a name without a place states by a leading 市/县/区/省…, and
    the name without it: `县政协` → ("county", "政协"); `市场监督管理局` →
    (None, "市场监督管理局")."""
    if rest.startswith(_NOT_MARKERS):
        return None, rest
    for word, level in sorted(_MARKERS.items(), key=lambda kv: -len(kv[0])):
        if rest.startswith(word) and len(rest) > len(word):
            return level, rest[len(word) :]
    return None, rest


def _region_of_candidates(candidates: tuple[Division, ...] | list[Division]) -> Region:
    """Region of one candidate, or the levels all candidates share (鼓楼区 →
    county only; 鼓楼区 of 南京 and 徐州 → 江苏省 + county)."""
    if not candidates:
        return Region()
    if len(candidates) == 1:
        return region_of(candidates[0])
    shared = region_of(common_ancestor(list(candidates)))
    level = candidates[0].level
    if all(c.level == level and c.name == candidates[0].name for c in candidates):
        return _merge(shared, _only_level(level, candidates[0].name))
    return shared


def _only_level(level: Level, name: str) -> Region:
    return Region(**{level: name})


def _merge(base: Region, extra: Region) -> Region:
    return Region(
        base.province or extra.province, base.city or extra.city, base.county or extra.county
    )


def _truncate(region: Region, level: Level) -> Region:
    """Keep the levels down to `level` (a 市信访局 has no county)."""
    if level == "province":
        return Region(region.province)
    if level == "city":
        return Region(region.province, region.city)
    return region
