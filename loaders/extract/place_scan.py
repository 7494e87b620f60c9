"""Finding place names in unit names and in running text (used by regions.py).

Two readers of the same vocabulary:
- `parse_name` reads the places a unit name starts with (`湖南省怀化市洪江区…`),
  each one inside the one before it.
- `scan` finds the places in a whole report, chains adjacent ones
  (`怀化市洪江区`) and drops matches too weak to mean a place in prose.

Both accept a management district the gazetteer lacks when it directly
follows its city (`怀化市洪江区`, `怀化市洪江管理区`), or when it opens a
unit name (`洪江区信访局`, with no parent then).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from loaders.extract.gazetteer import Division, Gazetteer, Level, load_gazetteer

# Every name and county/prefecture short form ends with one of these.
_NAME_END = re.compile("[省市区县旗州盟]")
# A management district right after its city: 洪江区, 洪江管理区.
_DISTRICT = re.compile("([\u4e00-\u9fff]{2})(管理区|新区|区|县)")
_DISTRICT_ENDS = frozenset("区县")  # the last characters _DISTRICT can match
_NOT_STEM_CHARS = set("省市区县旗镇乡村本全各该我辖所")
_NOT_STEMS = frozenset(
    {"自治", "开发", "示范", "试验", "保护", "风景", "旅游", "功能", "主城", "中心", "城区",
     "经济", "工业", "产业", "物流", "综合", "城市", "农村", "城镇", "贫困", "民族", "边境",
     "革命", "重点", "行政", "管理", "其他", "周边", "相关", "偏远", "少数"}
)  # fmt: skip
# A body of government right after a place name: the place is meant (沛县财政局, 湖南省委).
_ORGAN = re.compile("财政|人民|政府|党委|委|人大|政协|纪委|监委|机关")


@dataclass(frozen=True)
class Token:
    """A place at the start of a unit name."""

    name: str
    level: Level
    end: int
    candidates: tuple[Division, ...]  # empty: a district the gazetteer does not know
    chained: bool  # inside the place written just before it


@dataclass(frozen=True)
class Mention:
    """A place in running text."""

    name: str
    level: Level
    start: int
    end: int
    candidates: tuple[Division, ...]
    chained: bool  # right after a place that contains it (怀化市|洪江区)
    strong: bool  # clearly a place: chained, before a government body, or a city/province


def is_generic(name: str) -> bool:
    """One character + 区 (西区, 城区, 郊区, 矿区): a district name that is
    also an ordinary word, trusted only next to its city."""
    return len(name) == 2 and name.endswith("区")


def parse_name(name: str, unknown_start: bool = False) -> tuple[list[Token], str]:
    """The places a unit name starts with, and the rest of the name (always a
    suffix of `name`). A province's short form (湖南) counts only before
    another place (`湖南大学` has none). With `unknown_start`, a district-shaped
    word the gazetteer lacks may open the name (`洪江区信访局`): a token with
    no candidates, for the caller to confirm from the text."""
    g = load_gazetteer()
    tokens: list[Token] = []
    pos = 0
    while pos < len(name):
        prev = tokens[-1] if tokens else None
        token = _known_at(g, name, pos, prev)
        if token is None and (prev is not None or unknown_start):
            token = _district_at(name, pos, prev)
        if token is None:
            break
        if prev is not None and token.chained:
            tokens[-1] = _narrow_parent(prev, token.candidates)
        tokens.append(token)
        pos = token.end
    if tokens and tokens[-1].name in g.short_forms and tokens[-1].level == "province":
        dropped = tokens.pop()
        pos = dropped.end - len(dropped.name)
    return tokens, name[pos:]


def could_end_place(char: str) -> bool:
    """False when no place `parse_name` reads can end with `char`: each is a
    gazetteer key or an unknown district ending in 区/县 (see `_DISTRICT`)."""
    return char in load_gazetteer().last_chars or char in _DISTRICT_ENDS


def could_start_place(text: str, pos: int) -> bool:
    """False when no place `parse_name` reads inside `text` can start at `pos`:
    its first name, known or a district, would have to start there."""
    return bool(load_gazetteer().names_at(text, pos)) or _DISTRICT.match(text, pos) is not None


def _known_at(g: Gazetteer, text: str, pos: int, prev: Token | None) -> Token | None:
    for word in reversed(g.names_at(text, pos)):  # the longest name first
        length = len(word)
        candidates = g.lookup(word)
        if prev is None:
            return Token(word, candidates[0].level, pos + length, candidates, chained=False)
        inside = _inside(candidates, prev.candidates)
        if inside:
            return Token(word, inside[0].level, pos + length, inside, chained=True)
    return None


def _district_at(text: str, pos: int, prev: Token | None) -> Token | None:
    """A district the gazetteer lacks: at the start of a name, or after a city."""
    cities = tuple(c for c in prev.candidates if c.level == "city") if prev else ()
    if prev is not None and not cities:
        return None
    match = _DISTRICT.match(text, pos)
    if match is None or not _plausible_stem(match.group(1)) or match.end() >= len(text):
        return None
    word = match.group(0)
    adhoc = tuple(Division(word, "county", city) for city in cities)
    return Token(word, "county", match.end(), adhoc, chained=bool(cities))


def _plausible_stem(stem: str) -> bool:
    return stem not in _NOT_STEMS and not (set(stem) & _NOT_STEM_CHARS)


def _inside(
    candidates: tuple[Division, ...], parents: tuple[Division, ...]
) -> tuple[Division, ...]:
    return tuple(c for c in candidates if any(c != p and c.is_within(p) for p in parents))


def _narrow_parent(prev: Token, children: tuple[Division, ...]) -> Token:
    kept = tuple(p for p in prev.candidates if any(c.is_within(p) for c in children))
    return replace(prev, candidates=kept or prev.candidates)


@lru_cache(maxsize=16)
def scan(text: str) -> tuple[Mention, ...]:
    """Places named in a text, in order of position (see module docstring)."""
    g = load_gazetteer()
    spans = _longest_spans(g, text)
    mentions: list[Mention] = []
    for start, end, word in spans:
        mention = _mention(g, text, start, end, word, mentions[-1] if mentions else None)
        if mention.chained:
            mentions[-1] = _narrow_prev(mentions[-1], mention.candidates)
        mentions.append(mention)
        district = _district_after(text, mention, spans)
        if district is not None:
            mentions[-1] = _narrow_prev(mention, district.candidates)
            mentions.append(district)
    return tuple(m for m in mentions if _kept(g, text, m, mentions))


def _longest_spans(g: Gazetteer, text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping name matches, longer ones first."""
    found: list[tuple[int, int, str]] = []
    for match in _NAME_END.finditer(text):
        end = match.end()
        word = g.longest_name_ending_at(text, end)
        if word is not None:
            found.append((end - len(word), end, word))
    for match in _province_short_forms().finditer(text):
        found.append((match.start(), match.end(), match.group(0)))
    taken: list[tuple[int, int, str]] = []
    for span in sorted(found, key=lambda s: (s[0] - s[1], s[0])):
        if all(span[1] <= t[0] or span[0] >= t[1] for t in taken):
            taken.append(span)
    return sorted(taken)


@lru_cache(maxsize=1)
def _province_short_forms() -> re.Pattern[str]:
    g = load_gazetteer()
    shorts = [s for s in g.short_forms if all(d.level == "province" for d in g.lookup(s))]
    return re.compile("|".join(sorted(shorts, key=len, reverse=True)))


def _mention(
    g: Gazetteer, text: str, start: int, end: int, word: str, prev: Mention | None
) -> Mention:
    candidates = g.lookup(word)
    chained = False
    if prev is not None and prev.end == start:
        inside = _inside(candidates, prev.candidates)
        if inside:
            candidates, chained = inside, True
    level = candidates[0].level
    strong = (
        chained
        or bool(_ORGAN.match(text, end))
        or (level != "county" and word not in g.short_forms)
    )
    return Mention(word, level, start, end, candidates, chained, strong)


def _narrow_prev(prev: Mention, children: tuple[Division, ...]) -> Mention:
    kept = tuple(p for p in prev.candidates if any(c.is_within(p) for c in children))
    return replace(prev, candidates=kept or prev.candidates, strong=True)


def _district_after(
    text: str, mention: Mention, spans: list[tuple[int, int, str]]
) -> Mention | None:
    """An unknown district right after a city mention (怀化市洪江区)."""
    cities = tuple(c for c in mention.candidates if c.level == "city")
    if not cities:
        return None
    match = _DISTRICT.match(text, mention.end)
    if match is None or not _plausible_stem(match.group(1)):
        return None
    if any(s[0] < match.end() and s[1] > mention.end for s in spans):
        return None  # a known name starts inside: not an unknown district
    word = match.group(0)
    adhoc = tuple(Division(word, "county", city) for city in cities)
    return Mention(word, "county", mention.end, match.end(), adhoc, chained=True, strong=True)


def _kept(g: Gazetteer, text: str, mention: Mention, mentions: list[Mention]) -> bool:
    """Drop matches that are ordinary words more often than places."""
    if mention.chained:
        return True
    if is_generic(mention.name):
        return False
    if mention.name in g.short_forms and mention.level == "province":
        return any(m.chained and m.start == mention.end for m in mentions)
    if len(mention.name) == 2:
        return bool(_ORGAN.match(text, mention.end))
    return True
