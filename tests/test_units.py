"""loaders.units and loaders.unit_registry: one identity per real unit.

Sample reports are read through the real reader; registries are real TOML
files written to tmp_path (and the repo's own data/unit_registry.toml).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extract.regions import Region, locate
from loaders.readers import read
from loaders.unit_registry import DEFAULT_PATH, ENV_VAR, RegistryError, load_registry
from loaders.units import CanonicalUnit, canonical_unit, own_name, region_prefix

REPORTS = Path(__file__).resolve().parent.parent / "data" / "reports"


def report_text(stem: str) -> str:
    doc = read(REPORTS / f"{stem}.txt")
    return "\n".join(text for text, _loc in doc.iter_text())


def write(tmp_path: Path, body: str, name: str = "registry.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


@pytest.fixture
def empty_registry(tmp_path: Path) -> Path:
    return write(tmp_path, "# nothing registered\n", "empty.toml")


def unit_of(stem: str, name: str | None, registry: Path | None = None) -> CanonicalUnit:
    return canonical_unit(name, locate(name, report_text(stem)), f"{stem}.txt", registry)


def test_every_form_of_a_name_gets_one_id(empty_registry: Path) -> None:
    stem = "001_d561446380a2a949"
    forms = [
        unit_of(stem, n, empty_registry) for n in ("洪江区信访局", "怀化市洪江区信访局", "区信访局")
    ]
    assert {u.unit_id for u in forms} == {forms[0].unit_id}
    assert forms[0].canonical_name == "怀化市洪江区信访局"
    assert forms[0].region == Region("湖南省", "怀化市", "洪江区")
    assert forms[0].matched_by == "name"


@pytest.mark.parametrize(
    ("stem", "names", "canonical"),
    [
        ("000_f85205bb6ece0316", ("巴彦淖尔市信访局", "市信访局"), "巴彦淖尔市信访局"),
        ("002_cdb5fd7bd89dc735", ("昆明市呈贡区信访局", "区信访局"), "昆明市呈贡区信访局"),
        ("004_e40cd2cf77471691", ("攀枝花市西区信访局", "西区信访局"), "攀枝花市西区信访局"),
    ],
)
def test_samples_canonical_names(
    empty_registry: Path, stem: str, names: tuple[str, ...], canonical: str
) -> None:
    found = [unit_of(stem, n, empty_registry) for n in names]
    assert {u.canonical_name for u in found} == {canonical}
    assert len({u.unit_id for u in found}) == 1


def test_repo_registry_settles_the_report_that_never_names_its_unit(empty_registry: Path) -> None:
    registry = load_registry(DEFAULT_PATH)
    assert "003_f6253369dfa87339.txt" in registry.by_file
    for name in (None, "信访局", "我局"):
        unit = unit_of("003_f6253369dfa87339", name, DEFAULT_PATH)
        assert unit.canonical_name == "青龙满族自治县信访局"
        assert unit.region == Region("河北省", "秦皇岛市", "青龙满族自治县")
        assert unit.matched_by == "registry"
    # The identity derived from a name (no registry) is the same id.
    by_name = canonical_unit("青龙县信访局", locate("青龙县信访局", ""), "x.txt", empty_registry)
    assert by_name.matched_by == "name"
    assert by_name.unit_id == unit_of("003_f6253369dfa87339", None, DEFAULT_PATH).unit_id


def test_unknown_unit_gets_no_id(empty_registry: Path) -> None:
    unit = unit_of("000_f85205bb6ece0316", "我局", empty_registry)
    assert (unit.unit_id, unit.canonical_name, unit.matched_by) == (None, None, "unknown")
    assert unit.region == Region("内蒙古自治区", "巴彦淖尔市", None)  # the region is still known
    nowhere = canonical_unit("信访局", Region(), "x.txt", empty_registry)
    assert (nowhere.unit_id, nowhere.matched_by) == (None, "unknown")
    assert canonical_unit(None, Region(), "x.txt", empty_registry).matched_by == "unknown"


def test_registry_alias_overrides_what_the_name_says(tmp_path: Path) -> None:
    registry = write(
        tmp_path,
        """
[[unit]]
name = "怀化市洪江管理区信访局"
aliases = ["洪江区信访局", "洪江信访局"]
city = "怀化市"
county = "洪江管理区"
""",
    )
    for name, text in (("洪江区信访局", ""), ("洪江信访局", ""), ("怀化市洪江管理区信访局", "")):
        unit = canonical_unit(name, locate(name, text), "r.txt", registry)
        assert unit.canonical_name == "怀化市洪江管理区信访局"
        assert unit.region == Region("湖南省", "怀化市", "洪江管理区")
        assert unit.matched_by == "registry"
    # The name the text gives, composed with its region, also finds the entry.
    composed = canonical_unit("信访局", Region("湖南省", "怀化市", "洪江管理区"), "r.txt", registry)
    assert composed.matched_by == "registry"


def test_file_entry_wins_over_the_name(tmp_path: Path) -> None:
    registry = write(
        tmp_path,
        """
[[unit]]
name = "青龙满族自治县信访局"

[[file]]
file = "reports/2023/q.txt"
unit = "青龙满族自治县信访局"
""",
    )
    unit = canonical_unit(
        "巴彦淖尔市信访局", Region(city="巴彦淖尔市"), "elsewhere/q.txt", registry
    )
    assert unit.canonical_name == "青龙满族自治县信访局"
    assert unit.matched_by == "registry"


def test_registry_from_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = write(tmp_path, '[[unit]]\nname = "巴彦淖尔市信访局"\naliases = ["市信访局"]\n')
    monkeypatch.setenv(ENV_VAR, str(registry))
    assert canonical_unit("市信访局", Region(), "a.txt").matched_by == "registry"
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "missing.toml"))
    with pytest.raises(RegistryError, match=r"missing\.toml.*not found"):
        canonical_unit("市信访局", Region(), "a.txt")


def test_an_edited_registry_is_read_again(tmp_path: Path) -> None:
    registry = write(tmp_path, '[[unit]]\nname = "巴彦淖尔市信访局"\n')
    assert canonical_unit("市信访局", Region(), "a.txt", registry).matched_by == "unknown"
    registry.write_text('[[unit]]\nname = "巴彦淖尔市信访局"\naliases = ["市信访局"]\n# edit\n')
    assert canonical_unit("市信访局", Region(), "a.txt", registry).matched_by == "registry"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[[unit]\nname = 1", r"not valid TOML"),
        ("[[unit]]\naliases = ['x']\n", r"\(unit\[1\]\): missing key\(s\) \['name'\]"),
        (
            "[[unit]]\nname = 'A局'\ncounty_name = 'x'\n",
            r"\(unit\[1\]\): unknown key\(s\) \['county_name'\]",
        ),
        ("[[unit]]\nname = ''\n", r"\(unit\[1\]\): name must be a non-empty string"),
        ("[[unit]]\nname = 'A局'\naliases = 'B局'\n", r"aliases must be a list"),
        (
            "[[unit]]\nname = 'A局'\naliases = ['C局']\n"
            "[[unit]]\nname = 'B局'\naliases = ['C局']\n",
            r"\(unit\[2\]\): name 'C局' is already used by unit 'A局'",
        ),
        (
            "[[unit]]\nname = 'A局'\ncity = '洪江区'\n",
            r"city '洪江区' is not a city in the gazetteer",
        ),
        (
            "[[unit]]\nname = 'A局'\nprovince = '湖南省'\ncity = '昆明市'\n",
            r"昆明市 is not in 湖南省",
        ),
        ("[[file]]\nfile = 'x.txt'\nunit = 'Nobody局'\n", r"\(file\[1\]\): unit 'Nobody局' is not"),
        ("units = []\n", r"unknown top-level key\(s\) \['units'\]"),
        ("unit = 'x'\n", r"'unit' must be written as \[\[unit\]\] tables"),
    ],
)
def test_malformed_registry_names_the_file_and_the_entry(
    tmp_path: Path, body: str, message: str
) -> None:
    registry = write(tmp_path, body, "bad_registry.toml")
    with pytest.raises(RegistryError, match=r"bad_registry\.toml.*" + message):
        load_registry(registry)


def test_own_name_and_region_prefix() -> None:
    hongjiang = Region("湖南省", "怀化市", "洪江区")
    assert own_name("怀化市洪江区信访局", hongjiang) == "信访局"
    assert own_name("洪江区信访局本级", hongjiang) == "信访局"
    assert own_name("区信访局", hongjiang) == "信访局"
    assert own_name("市场监督管理局", Region(city="怀化市")) == "市场监督管理局"
    assert region_prefix(hongjiang) == "怀化市洪江区"
    assert region_prefix(Region("河北省", "秦皇岛市", "青龙满族自治县")) == "青龙满族自治县"
    assert region_prefix(Region("北京市", "北京市", "朝阳区")) == "北京市朝阳区"
    assert region_prefix(Region("内蒙古自治区", "巴彦淖尔市")) == "巴彦淖尔市"
    assert region_prefix(Region()) == ""


def test_a_synthetic_unit_is_told_apart_by_its_fictional_place(empty_registry: Path) -> None:
    # No gazetteer holds 示例甲子市: the fictional place is the region, at its level.
    city_unit = canonical_unit("示例甲子市卫生健康局", Region(), "a.txt", empty_registry)
    assert (city_unit.canonical_name, city_unit.city, city_unit.county) == (
        "示例甲子市卫生健康局",
        "示例甲子市",
        None,
    )
    assert city_unit.unit_id is not None
    again = canonical_unit("示例甲子市卫生健康局（本级）", Region(), "b.txt", empty_registry)
    assert again.unit_id == city_unit.unit_id
    county_unit = canonical_unit("样例丁丑区交通运输局", Region(), "c.txt", empty_registry)
    assert (county_unit.city, county_unit.county) == (None, "样例丁丑区")
    other = canonical_unit("示例甲子县卫生健康局", Region(), "d.txt", empty_registry)
    assert other.unit_id not in (None, city_unit.unit_id)
    # A real-looking name without a place is still unknown; 示例 alone is no place.
    assert canonical_unit("卫生健康局", Region(), "e.txt", empty_registry).unit_id is None
    assert canonical_unit("示例卫生健康局", Region(), "f.txt", empty_registry).unit_id is None
