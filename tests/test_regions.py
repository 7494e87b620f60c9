"""loaders.extract.regions: a unit's province/city/county from its name and text.

The five samples are read through the real reader, as the extractor sees them;
the rules' edge cases use short hand-written snippets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extract.gazetteer import load_gazetteer
from loaders.extract.regions import Region, find_places, locate, place_prefix
from loaders.readers import read

REPORTS = Path(__file__).resolve().parent.parent / "data" / "reports"


def report_text(stem: str) -> str:
    doc = read(REPORTS / f"{stem}.txt")
    return "\n".join(text for text, _loc in doc.iter_text())


# The unit names the hand-labelled seed facts give, and the regions expected.
SAMPLES = [
    ("000_f85205bb6ece0316", "巴彦淖尔市信访局", Region("内蒙古自治区", "巴彦淖尔市", None)),
    ("001_d561446380a2a949", "洪江区信访局", Region("湖南省", "怀化市", "洪江区")),
    ("002_cdb5fd7bd89dc735", "昆明市呈贡区信访局", Region("云南省", "昆明市", "呈贡区")),
    (
        "003_f6253369dfa87339",
        "青龙满族自治县信访局",
        Region("河北省", "秦皇岛市", "青龙满族自治县"),
    ),
    ("004_e40cd2cf77471691", "攀枝花市西区信访局", Region("四川省", "攀枝花市", "西区")),
]


@pytest.mark.parametrize(("stem", "name", "expected"), SAMPLES)
def test_samples_by_their_unit_name(stem: str, name: str, expected: Region) -> None:
    assert locate(name, report_text(stem)) == expected


@pytest.mark.parametrize(
    ("stem", "name", "expected"),
    [
        # 我局 / 市信访局: the city comes from 《巴彦淖尔市信访局财务管理制度》; no county.
        ("000_f85205bb6ece0316", "我局", Region("内蒙古自治区", "巴彦淖尔市", None)),
        ("000_f85205bb6ece0316", "市信访局", Region("内蒙古自治区", "巴彦淖尔市", None)),
        # The full name appears only in the cited 《怀化市洪江区财政局关于…》 notice.
        ("001_d561446380a2a949", "怀化市洪江区信访局", Region("湖南省", "怀化市", "洪江区")),
        ("001_d561446380a2a949", None, Region("湖南省", "怀化市", "洪江区")),
        ("002_cdb5fd7bd89dc735", "区信访局", Region("云南省", "昆明市", "呈贡区")),
        # Never named in full: the finance bureau that asked for the report gives the county.
        ("003_f6253369dfa87339", "信访局", Region("河北省", "秦皇岛市", "青龙满族自治县")),
        ("003_f6253369dfa87339", "我局", Region("河北省", "秦皇岛市", "青龙满族自治县")),
        ("004_e40cd2cf77471691", "西区信访局", Region("四川省", "攀枝花市", "西区")),
    ],
)
def test_samples_by_other_forms_of_the_name(stem: str, name: str | None, expected: Region) -> None:
    assert locate(name, report_text(stem)) == expected


def test_a_city_unit_never_gets_a_county() -> None:
    text = "按照巴彦淖尔市临河区财政局要求,市信访局开展自评。"
    assert locate("巴彦淖尔市信访局", text) == Region("内蒙古自治区", "巴彦淖尔市", None)
    assert locate("市信访局", text) == Region("内蒙古自治区", "巴彦淖尔市", None)


def test_generic_xiqu_needs_its_city() -> None:
    assert locate("西区信访局", "") == Region(county="西区")
    assert locate("西区信访局", "四川省委部署") == Region(county="西区")
    assert locate("西区信访局", "西区群众工作中心") == Region(county="西区")
    assert locate("西区信访局", "根据攀枝花市西区财政局通知") == Region(
        "四川省", "攀枝花市", "西区"
    )
    assert locate("西区信访局", "攀枝花市委要求") == Region("四川省", "攀枝花市", "西区")
    assert locate("攀枝花市西区信访局", "") == Region("四川省", "攀枝花市", "西区")


def test_ambiguous_district_is_settled_by_the_city_or_left_open() -> None:
    assert len(load_gazetteer().lookup("鼓楼区")) == 4
    assert locate("鼓楼区信访局", "") == Region(county="鼓楼区")
    assert locate("鼓楼区信访局", "根据福州市财政局通知") == Region("福建省", "福州市", "鼓楼区")
    # 南京 and 徐州 both have one: the province is shared, the city is not.
    assert locate("鼓楼区信访局", "江苏省委要求") == Region("江苏省", None, "鼓楼区")
    assert locate("福州市鼓楼区教育局", "南京市") == Region("福建省", "福州市", "鼓楼区")
    # 城区 (阳泉, 晋城, 汕尾) is also an ordinary word: only its city settles it.
    assert locate("城区财政局", "") == Region(county="城区")
    assert locate("城区财政局", "阳泉市城区人民政府") == Region("山西省", "阳泉市", "城区")


def test_autonomous_county_by_full_and_short_name() -> None:
    expected = Region("河北省", "秦皇岛市", "青龙满族自治县")
    assert locate("青龙满族自治县信访局", "") == expected
    assert locate("青龙县财政局", "") == expected
    assert place_prefix("青龙县财政局") == (expected, "财政局")


def test_abbreviated_name_takes_the_county_from_the_text() -> None:
    assert locate("县政协", "按照青龙满族自治县财政局关于开展绩效自评的通知") == Region(
        "河北省", "秦皇岛市", "青龙满族自治县"
    )
    assert locate("县政协", "按照沛县财政局要求") == Region("江苏省", "徐州市", "沛县")
    assert locate("县政协", "按照县财政局要求") == Region()
    # A county named in the text, but the name is a city body: only the city is kept.
    assert locate("市信访局", "青龙满族自治县财政局") == Region("河北省", "秦皇岛市", None)


def test_province_level_cities() -> None:
    assert locate("北京市朝阳区信访局", "") == Region("北京市", "北京市", "朝阳区")
    assert locate("北京市信访局", "") == Region("北京市", "北京市", None)
    assert locate("重庆市酉阳县财政局", "") == Region("重庆市", "重庆市", "酉阳土家族苗族自治县")
    assert locate("区信访局", "重庆市渝中区财政局关于开展自评") == Region(
        "重庆市", "重庆市", "渝中区"
    )
    # 朝阳区 is in 北京 and in 长春: settled only by the text.
    assert locate("朝阳区教育局", "") == Region(county="朝阳区")
    assert locate("朝阳区教育局", "北京市财政局") == Region("北京市", "北京市", "朝阳区")


def test_county_level_city_under_its_province() -> None:
    assert locate("仙桃市财政局", "") == Region("湖北省", None, "仙桃市")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("办公室", "本单位认真开展自评工作。"),
        (None, ""),
        ("我局", "我局认真开展自评。"),
        ("湖南大学", ""),
        ("市场监督管理局", "城区道路改造,老旧小区"),
    ],
)
def test_no_place_at_all(name: str | None, text: str) -> None:
    assert locate(name, text) == Region()


def test_cited_provincial_regulation_gives_the_province_only() -> None:
    text = "为贯彻《中共湖南省委办公厅湖南省人民政府办公厅关于全面实施预算绩效管理的实施意见》"
    assert locate("我局", text) == Region("湖南省", None, None)
    assert locate("信访局", text + ",根据《怀化市洪江区财政局关于开展自评的通知》") == Region(
        "湖南省", "怀化市", "洪江区"
    )


def test_disagreeing_mentions_keep_what_they_share() -> None:
    two_counties = "怀化市鹤城区人民政府、怀化市洪江区人民政府"
    assert locate("信访局", two_counties) == Region("湖南省", "怀化市", None)
    assert locate("信访局", "云南省委,湖南省委") == Region()


def test_management_district_needs_its_city_in_the_text() -> None:
    assert locate("洪江区信访局", "") == Region()
    assert locate("洪江区信访局", "怀化市洪江区财政局") == Region("湖南省", "怀化市", "洪江区")
    assert locate("怀化市洪江管理区信访局", "") == Region("湖南省", "怀化市", "洪江管理区")
    # A word shaped like a district after a city is no district when it is generic.
    assert locate("信访局", "怀化市开发区") == Region("湖南省", "怀化市", None)


def test_place_prefix_splits_the_places_off() -> None:
    assert place_prefix("怀化市洪江区信访局") == (Region("湖南省", "怀化市", "洪江区"), "信访局")
    assert place_prefix("湖南省怀化市洪江区信访局") == (
        Region("湖南省", "怀化市", "洪江区"),
        "信访局",
    )
    assert place_prefix("内蒙古巴彦淖尔市临河区财政局") == (
        Region("内蒙古自治区", "巴彦淖尔市", "临河区"),
        "财政局",
    )
    assert place_prefix("洪江区信访局") == (Region(county="洪江区"), "信访局")
    assert place_prefix("信访局") == (Region(), "信访局")
    assert place_prefix("湖南大学") == (Region(), "湖南大学")


@pytest.mark.parametrize(
    "name", ["怀化市洪江区信访局", "中共洪江区委", "县政协", "青龙县财政局", "北京市", " 信访局"]
)
def test_place_prefix_rest_is_a_suffix_of_the_name(name: str) -> None:
    _region, rest = place_prefix(name)
    assert name.endswith(rest)


def test_find_places_chains_and_skips_ordinary_words() -> None:
    text = "湖南省怀化市洪江区财政局;城区道路改造;湖南大学;攀枝花市西区"
    found = [(p.name, p.level, p.start) for p in find_places(text)]
    assert found == [
        ("湖南省", "province", 0),
        ("怀化市", "city", 3),
        ("洪江区", "county", 6),
        ("攀枝花市", "city", text.index("攀枝花市")),
        ("西区", "county", text.index("西区")),
    ]
    assert find_places(text)[2].region == Region("湖南省", "怀化市", "洪江区")


def test_gazetteer_covers_every_county_with_its_parents() -> None:
    g = load_gazetteer()
    counts = {
        lvl: sum(d.level == lvl for d in g.divisions) for lvl in ("province", "city", "county")
    }
    assert counts == {"province": 31, "city": 313, "county": 2852}
    for division in g.divisions:
        top = list(division.lineage())[-1]
        assert top.level == "province", division
    # Names shared across cities are all there.
    assert {d.parent.name for d in g.lookup("城区") if d.parent} == {"阳泉市", "晋城市", "汕尾市"}
    assert len(g.lookup("郊区")) == 3


def test_gazetteer_finds_the_names_at_and_before_a_position() -> None:
    g = load_gazetteer()
    text = "按照内蒙古自治区巴彦淖尔市信访局和湖南怀化市洪江区"
    for pos in range(len(text) + 1):
        every_length = [text[pos:end] for end in range(pos + 2, len(text) + 1)]
        assert g.names_at(text, pos) == [w for w in every_length if w in g.by_name]
        ending = [text[start:pos] for start in range(0, pos - 1)]
        assert g.longest_name_ending_at(text, pos) == next(
            (w for w in ending if w in g.by_name), None
        )
