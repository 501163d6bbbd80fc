"""Generate ``seeds/regions.csv``: China's 34 province-level units plus ``全国``.

Codes and full names come from the adcode table shipped with cpca (a maintained
package the extractor already uses), so the list is not typed in by hand: province
rows are the adcodes ending in ten zeros, and the GB/T 2260 code is the first six
digits. Run it again after upgrading cpca:

    python -m scripts.generate_regions_seed
"""

from __future__ import annotations

import csv
import io
import re
from importlib import resources
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds" / "regions.csv"

# The NBS four-region grouping (国家统计局《东西中部和东北地区划分方法》, 2011), keyed
# by the two-digit province prefix of the code. cpca does not carry it. Hong Kong,
# Macau and Taiwan are outside that statistical grouping: '港澳台'.
MACRO_REGIONS: dict[str, tuple[str, str]] = {
    **{p: ("东部", "East") for p in ("11", "12", "13", "31", "32", "33", "35", "37", "44", "46")},
    **{p: ("中部", "Central") for p in ("14", "34", "36", "41", "42", "43")},
    **{p: ("西部", "West") for p in ("15", "45", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65")},
    **{p: ("东北", "Northeast") for p in ("21", "22", "23")},
    **{p: ("港澳台", "Hong Kong, Macau, Taiwan") for p in ("71", "81", "82")},
}

# The nation as a whole (figures with region '全国'). GB/T 2260 has no code for it;
# 100000 is the country adcode of the AMap/DataV administrative tables.
NATION = {"code": "100000", "full_name": "全国", "short_name": "全国",
          "macro_region": "全国", "macro_region_en": "Nationwide", "level": "nation"}

# Administrative suffixes, longest first; the ethnic names only ever precede 自治区.
_SUFFIX = re.compile(r"(特别行政区|(壮族|回族|维吾尔)?自治区|省|市)$")


def short_name(full_name: str) -> str:
    """湖北省 → 湖北, 广西壮族自治区 → 广西, 香港特别行政区 → 香港."""
    return _SUFFIX.sub("", full_name)


def province_rows() -> list[dict[str, str]]:
    adcodes = resources.files("cpca") / "resources" / "adcodes.csv"
    with adcodes.open(encoding="utf-8") as handle:
        provinces = [row for row in csv.DictReader(handle) if row["adcode"].endswith("0" * 10)]
    rows = []
    for row in sorted(provinces, key=lambda r: r["adcode"]):
        code = row["adcode"][:6]
        macro, macro_en = MACRO_REGIONS[code[:2]]
        rows.append({"code": code, "full_name": row["name"], "short_name": short_name(row["name"]),
                     "macro_region": macro, "macro_region_en": macro_en, "level": "province"})
    return rows


def render() -> str:
    """The seed's CSV text."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(NATION), lineterminator="\n")
    writer.writeheader()
    writer.writerows(province_rows() + [NATION])
    return buffer.getvalue()


def main() -> None:
    SEED.write_text(render(), encoding="utf-8")
    print(f"wrote {SEED}")


if __name__ == "__main__":
    main()
