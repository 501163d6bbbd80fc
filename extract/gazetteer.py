"""Place names → province-level units, built from cpca's shipped administrative divisions.

cpca ships ``resources/adcodes.csv`` (adcode,name,longitude,latitude) with 12-digit codes
whose first two digits name the province. From it we derive:

* every province's full name (湖北省, 广西壮族自治区) and short name (湖北, 广西);
* every prefecture-level unit's full and short name (兰州市/兰州, 恩施土家族苗族自治州/恩施);
* every county-level unit's full and short name (赣榆区/赣榆, 晋江市/晋江).

A name that belongs to several provinces is dropped: it cannot tell us the province (and
generic district names such as 城区, 郊区, 和平区 occur in many provinces, so they go too).
Short names of one character are never used (忠县 stays 忠县).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick
import cpca

NATIONAL = "全国"

_RESOURCES = Path(cpca.__file__).parent / "resources"
_ZONE_PLACES = Path(__file__).resolve().parent / "data" / "zone_places.csv"


@lru_cache(maxsize=1)
def _suffix() -> re.Pattern[str]:
    """Administrative suffixes, with cpca's list of nationalities for autonomous units.

    Longest first, so 壮族自治区 is stripped whole rather than just 自治区.
    """
    nations = (_RESOURCES / "56_nations.csv").read_text(encoding="utf-8").split()
    # 土家族苗族自治州 names two nationalities; 蒙古族 also appears as 蒙古 in some names.
    ethnic = "|".join(sorted({n for n in nations} | {n[:-1] for n in nations if len(n) > 2},
                             key=len, reverse=True))
    # The stem keeps at least two characters: 内蒙古自治区 → 内蒙古, not 内 + 蒙古(族).
    return re.compile(
        rf"(.{{2,}}?)(?:(?:(?:{ethnic})族?)*(?:自治区|自治州|自治县|自治旗)"
        r"|特别行政区|地区|林区|新区|盟|省|市|州|县|区|旗)"
    )


def short_name(name: str) -> str:
    """湖北省 → 湖北, 广西壮族自治区 → 广西, 恩施土家族苗族自治州 → 恩施, 兰州市 → 兰州."""
    match = _suffix().fullmatch(name)
    return match.group(1) if match else name


# A county's short name is often an ordinary word (资源, 合作, 新建, 通道 are counties), so
# it only counts as a place when an administrative or zone word follows it. Rather than
# checking each hit in Python, the automaton holds the name *with* each such word.
_ADMIN_SUFFIX = ("县", "区", "市", "旗", "镇", "乡")
_PLACE_FOLLOWS = (*_ADMIN_SUFFIX, "经济", "开发", "高新", "工业", "产业",
                  "园区", "临港", "港", "新区", "海关", "海洋", "综合保税")


# Kinds of zone: 合作 (a county of Gansu) + 区 is the tail of 边境经济合作区, not a place.
_ZONE_TYPES = ("开发区", "合作区", "试验区", "示范区", "保税区", "高新区", "经开区", "工业区")


@dataclass(frozen=True, slots=True)
class Place:
    start: int
    end: int
    name: str
    province: str
    # A county's short name read only because a zone word follows (新建工业…, 合作园区):
    # often an ordinary word, so it must not outvote what the document says.
    weak: bool = False


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Names of places and the province each one belongs to."""

    province_of: dict[str, str]  # any known name → province full name
    provinces: frozenset[str]  # names (full and short) that are province-level themselves
    automaton: ahocorasick.Automaton  # Aho-Corasick: key → (key, name length, name, weak)

    def province(self, name: str) -> str | None:
        return self.province_of.get(name)

    def find(self, text: str, lo: int = 0, hi: int | None = None) -> list[Place]:
        """Places named in text[lo:hi], leftmost-longest, without overlaps."""
        hi = len(text) if hi is None else hi
        if hi - lo < 2:
            return []
        province_of = self.province_of
        # Slice first: given (text, lo, hi), pyahocorasick converts the whole string per call.
        return [Place(lo + end + 1 - len(key), lo + end + 1 - len(key) + length, name,
                      province_of[name], weak)
                for end, (key, length, name, weak) in self.automaton.iter_long(text[lo:hi])]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load and index cpca's administrative divisions (once per process)."""
    with (_RESOURCES / "adcodes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    province_name = {r["adcode"][:2]: r["name"] for r in rows if r["adcode"][2:] == "0" * 10}
    candidates: dict[str, set[str]] = {}
    provinces: set[str] = set()
    county_short: set[str] = set()
    strong: set[str] = set()  # names that are places on their own
    prefecture_owners: dict[str, set[str]] = {}  # prefecture-level names only

    def add(name: str, province: str, bare: bool) -> None:
        if len(name) >= 2:
            candidates.setdefault(name, set()).add(province)
            (strong if bare else county_short).add(name)

    for row in rows:
        code, name = row["adcode"], row["name"]
        province = province_name.get(code[:2])
        if province is None:
            continue
        is_province = code[2:] == "0" * 10
        is_prefecture = code[4:] == "0" * 8
        if is_province:
            provinces.update({name, short_name(name)})
        if is_province or is_prefecture or code[6:] == "0" * 6:
            add(name, province, True)
            add(short_name(name), province, is_province or is_prefecture)
        if is_prefecture and not is_province:
            for key in (name, short_name(name)):
                prefecture_owners.setdefault(key, set()).add(province)
    province_of = {}
    for name, owners in candidates.items():
        if name in provinces:
            # 海南 is a province and a prefecture of Qinghai: a province's own name wins.
            province_of[name] = next(p for p in province_name.values()
                                     if name in (p, short_name(p)))
        elif len(owners) == 1:
            province_of[name] = next(iter(owners))
        elif len(prefecture_owners.get(name, ())) == 1:
            # 西安 is a city of Shaanxi and a district in two other provinces: the city,
            # the name people mean, wins.
            province_of[name] = next(iter(prefecture_owners[name]))
    # Zones known by a name that holds no place of their province (两江新区, 中关村, 东湖高新区
    # — whose 东湖 alone is a district of Nanchang): world knowledge, kept as data.
    with _ZONE_PLACES.open(encoding="utf-8") as handle:
        province_of.update({row["name"]: row["province"] for row in csv.DictReader(handle)})
    automaton = ahocorasick.Automaton()
    for name in province_of:
        if name in county_short and name not in strong:
            for follower in _PLACE_FOLLOWS:
                key = name + follower
                if key not in province_of and not any(t.endswith(key) for t in _ZONE_TYPES):
                    automaton.add_word(key, (key, len(name), name, follower not in _ADMIN_SUFFIX))
        else:
            automaton.add_word(name, (name, len(name), name, False))
    automaton.make_automaton()
    return Gazetteer(province_of, frozenset(provinces), automaton)
