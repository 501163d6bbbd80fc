"""Document facts, the gazetteer, and the extract/eval commands."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from extract import EXTRACTOR_VERSION
from extract.facts import document_facts
from extract.gazetteer import gazetteer, short_name
from zonestats.cli import app

ROOT = Path(__file__).resolve().parents[1]


def test_short_names_are_derived_from_cpca_names() -> None:
    assert short_name("广西壮族自治区") == "广西"
    assert short_name("恩施土家族苗族自治州") == "恩施"
    assert short_name("内蒙古自治区") == "内蒙古"
    gaz = gazetteer()
    assert gaz.province("兰州") == "甘肃省" and gaz.province("合肥") == "安徽省"
    assert gaz.province("海南") == "海南省"  # a province's name beats Qinghai's 海南州


def test_county_short_names_need_a_suffix_to_count_as_places() -> None:
    gaz = gazetteer()
    assert [p.name for p in gaz.find("加强资源合作")] == []  # 资源县, 合作市 are also words
    assert [(p.name, p.province) for p in gaz.find("灌云经济开发区")] == [("灌云", "江苏省")]


def test_document_facts() -> None:
    text = "江西省2022年开发区工作要点\n江西省开发区营业收入增长10%。南昌、九江开发区……湖南省也有。"
    facts = document_facts(text)
    assert facts.script == "simplified"
    assert facts.regions[0] == "江西省" and "湖南省" in facts.regions
    assert facts.year == 2022
    assert facts.title == "江西省2022年开发区工作要点"
    assert document_facts("河南省產業集聚區發展").script == "traditional"


def test_extract_command_prints_jsonl_and_csv(tmp_path: Path) -> None:
    (tmp_path / "doc1.txt").write_text("\ufeff湖北省共有103家开发区。", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.splitlines()[0])
    assert (record["doc_id"], record["text"], record["region"], record["start"]) == (
        "doc1", "103家", "湖北省", 5)
    csv_out = CliRunner().invoke(app, ["extract", str(tmp_path / "doc1.txt"), "--format", "csv"])
    assert csv_out.output.splitlines()[0].startswith("doc_id,start,end,text")


def test_eval_command_fails_below_thresholds() -> None:
    args = ["eval", "--docs", str(ROOT / "data/samples"), "--gold", str(ROOT / "tests/gold"),
            "--show", "0"]
    assert CliRunner().invoke(app, [*args, "--min-span-f1", "0.5"]).exit_code == 0
    assert CliRunner().invoke(app, [*args, "--min-record-f1", "1.01"]).exit_code == 1


def test_extractor_version_is_set() -> None:
    assert EXTRACTOR_VERSION
