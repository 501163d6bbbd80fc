"""The dbt project's fixed vocabularies agree with the record contract (no dbt run)."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from extract.records import KINDS, MEASURES, METRICS, QUALIFIERS, UNITS
from scripts import generate_regions_seed

DBT = Path(__file__).resolve().parent.parent / "dbt_project"


def _seed_column(name: str, column: str) -> tuple[str, ...]:
    with (DBT / "seeds" / f"{name}.csv").open(encoding="utf-8") as handle:
        return tuple(row[column] for row in csv.DictReader(handle))


def test_dimension_seeds_list_the_spec_vocabularies():
    assert _seed_column("dim_metrics", "metric") == METRICS
    assert _seed_column("dim_measures", "measure") == MEASURES
    assert _seed_column("dim_units", "unit") == UNITS


def test_staging_accepted_values_are_the_spec_vocabularies():
    staging = yaml.safe_load((DBT / "models" / "staging" / "_staging.yml").read_text(encoding="utf-8"))
    figures = next(model for model in staging["models"] if model["name"] == "stg_figures")
    accepted = {
        column["name"]: tuple(test["accepted_values"]["arguments"]["values"])
        for column in figures["columns"]
        for test in column.get("data_tests", [])
        if isinstance(test, dict) and "accepted_values" in test
    }
    assert accepted == {"unit": UNITS, "metric": METRICS, "measure": MEASURES,
                        "kind": KINDS, "qualifier": QUALIFIERS}


def test_regions_seed_is_the_generator_output():
    seed = (DBT / "seeds" / "regions.csv").read_text(encoding="utf-8")
    assert seed == generate_regions_seed.render()


def test_regions_cover_every_province_level_unit_once():
    rows = list(csv.DictReader(generate_regions_seed.render().splitlines()))
    provinces = [row for row in rows if row["level"] == "province"]
    assert len(provinces) == 34
    assert len({row["code"] for row in rows}) == len(rows)
    by_macro = {}
    for row in provinces:
        by_macro[row["macro_region"]] = by_macro.get(row["macro_region"], 0) + 1
    assert by_macro == {"东部": 10, "中部": 6, "西部": 12, "东北": 3, "港澳台": 3}


def test_short_names_drop_administrative_suffixes():
    short = generate_regions_seed.short_name
    assert [short(n) for n in ("湖北省", "北京市", "广西壮族自治区", "新疆维吾尔自治区",
                               "宁夏回族自治区", "西藏自治区", "香港特别行政区")] == [
        "湖北", "北京", "广西", "新疆", "宁夏", "西藏", "香港"]
