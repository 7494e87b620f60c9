"""The fictional places of synthetic corpora (`jixiao synth`): 示例甲子县, 样例丁丑市 …

Every synthetic place is one of `PLACE_PREFIXES`, a heavenly stem, an earthly
branch and a level (县, 区 or 市), so no name can be mistaken for a real
division and no gazetteer holds one. `fictional_place` reads such a prefix off
a unit name, so the store can tell synthetic units apart (one id per
示例甲子市卫生健康局, its region the fictional city) the way it tells real ones
apart by their gazetteer region; without it every synthetic report would be of
an unknown unit and a benchmark would measure a dashboard with one unit.
"""

from __future__ import annotations

import re

from loaders.extract.regions import Region

PLACE_PREFIXES = ("示例", "样例", "演示", "模拟")
STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
PLACE_LEVELS = ("县", "区", "市")

_PLACE = re.compile(
    f"^((?:{'|'.join(PLACE_PREFIXES)})[{STEMS}][{BRANCHES}]([{''.join(PLACE_LEVELS)}]))(.+)$"
)


def fictional_place(name: str) -> tuple[Region, str] | None:
    """`示例甲子市卫生健康局` → (Region(city="示例甲子市"), "卫生健康局"); None for any
    name that does not start with a fictional place."""
    match = _PLACE.match(name)
    if match is None:
        return None
    place, level, rest = match.groups()
    region = Region(city=place) if level == "市" else Region(county=place)
    return region, rest
