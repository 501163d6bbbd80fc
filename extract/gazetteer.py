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

import cpca

NATIONAL = "全国"

_RESOURCES = Path(cpca.__file__).parent / "resources"


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


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Names of places and the province each one belongs to."""

    province_of: dict[str, str]  # any known name → province full name
    provinces: frozenset[str]  # names (full and short) that are province-level themselves
    pattern: re.Pattern[str]  # matches any known name, longest first

    def province(self, name: str) -> str | None:
        return self.province_of.get(name)


def _trie_regex(words: list[str]) -> str:
    """A regex alternation shaped as a trie: linear-time scanning over thousands of names.

    Python's ``re`` tries alternatives one by one; sharing prefixes turns the scan of
    ~4000 names into a walk down a tree. Longer names are preferred (greedy branches
    first), so 连云港市 wins over 连云港.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = []
        end = "" in node
        for ch in sorted(k for k in node if k):
            branches.append(re.escape(ch) + build(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load and index cpca's administrative divisions (once per process)."""
    with (_RESOURCES / "adcodes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    province_name = {r["adcode"][:2]: r["name"] for r in rows if r["adcode"][2:] == "0" * 10}
    candidates: dict[str, set[str]] = {}
    provinces: set[str] = set()

    def add(name: str, province: str) -> None:
        if len(name) >= 2:
            candidates.setdefault(name, set()).add(province)

    for row in rows:
        code, name = row["adcode"], row["name"]
        province = province_name.get(code[:2])
        if province is None:
            continue
        if code[2:] == "0" * 10:
            provinces.update({name, short_name(name)})
            add(name, province)
            add(short_name(name), province)
        elif code[4:] == "0" * 8:  # prefecture level
            add(name, province)
            add(short_name(name), province)
        elif code[6:] == "0" * 6:  # county level
            add(name, province)
            add(short_name(name), province)
    province_of = {}
    for name, owners in candidates.items():
        if name in provinces:
            # 海南 is a province and a prefecture of Qinghai: a province's own name wins.
            province_of[name] = next(p for p in province_name.values()
                                     if name in (p, short_name(p)))
        elif len(owners) == 1:
            province_of[name] = next(iter(owners))
    names = sorted(province_of, key=len, reverse=True)
    return Gazetteer(province_of, frozenset(provinces), re.compile(_trie_regex(names)))
