"""The dbt project built on the gold-derived dev state: mart contents, incremental
loads, document status changes, and the analyst queries of docs/queries/.

dbt runs twice for the whole module: once on the five gold documents, then
incrementally after a document is added (one that contradicts a gold figure), one is
removed and one is replaced.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any, Iterator

import duckdb
import pytest

from scripts import dev_state
from tests.build_contents import MODELS, build_contents
from zonestats.offline_build import add_document, run_dbt
from zonestats.settings import Settings

pytestmark = pytest.mark.slow

QUERIES = sorted((Path(__file__).resolve().parent.parent / "docs" / "queries").glob("*.sql"))
GOLD = dev_state.gold_documents()


def _build(settings: Settings) -> None:
    result = run_dbt(settings, "build")
    assert result.returncode == 0, result.stdout[-4000:]


def _rows(con: duckdb.DuckDBPyConnection, sql: str, *params: Any) -> list[dict[str, Any]]:
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _gold_doc(region: str, subject: str) -> str:
    """The gold document that reports zone counts of `subject` for `region`."""
    return next(doc for doc, figures in GOLD.items()
                if any(f["region"] == region and f["subject"] == subject for f in figures))


@pytest.fixture(scope="module")
def gold_home(tmp_path_factory) -> Settings:
    settings = dev_state.build_dev_state(tmp_path_factory.mktemp("dbt-gold"))
    _build(settings)
    return settings


@pytest.fixture(scope="module")
def warehouse(gold_home) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(gold_home.build_db), read_only=True)
    yield con
    con.close()


# A contradiction of a gold figure, a removal and a replacement, then an incremental build.
HUBEI_DOC = _gold_doc("湖北省", "国家级开发区")
REMOVED = next(doc for doc in GOLD if doc != HUBEI_DOC)
REPLACED = next(doc for doc in GOLD if doc not in (HUBEI_DOC, REMOVED))
REEXTRACTED = next(doc for doc in GOLD if doc not in (HUBEI_DOC, REMOVED, REPLACED))
CONFLICTING = "zz_conflicting_report"
REVISION = "zz_revised_version"


@pytest.fixture(scope="module")
def evolved_home(gold_home, warehouse, tmp_path_factory) -> tuple[Settings, dict]:
    home = tmp_path_factory.mktemp("dbt-evolved") / "home"
    shutil.copytree(gold_home.home, home)
    settings = Settings(home=home)
    first_loads = dict(warehouse.execute(
        "select doc_id, max(loaded_at) from fct_figures group by doc_id").fetchall())
    # the first build's state files were written an hour ago: an incremental build reads
    # only what is written after its last load (less a minute, macros/state_files.sql)
    hour_ago = time.time() - 3600
    for path in settings.state.rglob("*.parquet"):
        os.utime(path, (hour_ago, hour_ago))

    text = "2018年，湖北省有国家级开发区20家。2021年，苏州园区综合排名第二。"
    start, rank = text.index("20家"), text.index("第二")
    add_document(settings, CONFLICTING, text, [{
        "start": start, "end": start + 3, "text": "20家", "value": 20.0, "value_high": None,
        "unit": "count", "metric": "zone_count", "measure": "level", "region": "湖北省", "area": None,
        "subject": "国家级开发区", "period": "2018", "kind": "actual", "qualifier": "exact"}, {
        # the zone of a gold figure (苏州工业园区) under its short name
        "start": rank, "end": rank + 2, "text": "第二", "value": 2.0, "value_high": None,
        "unit": "rank", "metric": "other", "measure": "rank", "region": "江苏省", "area": "苏州园区",
        "subject": "国家级经开区综合发展水平考核综合排名", "period": "2021", "kind": "actual",
        "qualifier": "exact"}])
    dev_state.remove_document(settings, REMOVED)
    revised = (dev_state.SAMPLES / f"{REPLACED}.txt").read_text(encoding="utf-8") + "\n（修订）"
    add_document(settings, REVISION, revised, GOLD[REPLACED], file_name=f"{REPLACED}.txt")
    # a new extractor version finds one figure fewer in an unchanged document
    text = (dev_state.SAMPLES / f"{REEXTRACTED}.txt").read_text(encoding="utf-8")
    add_document(settings, REEXTRACTED, text, GOLD[REEXTRACTED][:-1])
    _build(settings)
    return settings, first_loads


@pytest.fixture(scope="module")
def evolved(evolved_home) -> Iterator[tuple[duckdb.DuckDBPyConnection, dict]]:
    settings, first_loads = evolved_home
    con = duckdb.connect(str(settings.build_db), read_only=True)
    yield con, first_loads
    con.close()


def _latest_zones(con, region: str) -> tuple:
    return con.execute(
        "select total, national, provincial from cmp_zone_counts where region = ? and is_latest",
        [region]).fetchone()


# -- the gold build ---------------------------------------------------------------

def test_every_gold_figure_is_loaded_with_provenance(warehouse):
    n_gold = sum(len(figures) for figures in GOLD.values())
    assert warehouse.execute("select count(*) from fct_figures").fetchone()[0] == n_gold
    missing = warehouse.execute("""
        select count(*) from fct_figures
        where (region is not null and region_code is null) or sentence = ''
           or (display_unit is null and unit <> 'other')
    """).fetchone()[0]
    assert missing == 0


def test_display_values_use_the_unit_divisor(warehouse):
    rows = _rows(warehouse, "select distinct unit, display_unit, display_value / value as ratio "
                            "from fct_figures where unit in ('CNY', 'percent') and value <> 0")
    assert {(r["unit"], r["display_unit"], round(r["ratio"], 12)) for r in rows} == {
        ("CNY", "亿元", 1e-8), ("percent", "%", 1.0)}


@pytest.mark.parametrize(("region", "expected"), [
    ("湖北省", (103, 19, 84)),
    ("江苏省", (158, 47, 111)),
])
def test_zone_counts_total_national_provincial(warehouse, region, expected):
    assert _latest_zones(warehouse, region) == expected


@pytest.mark.parametrize(("region", "total", "national"), [("安徽省", 131, 23), ("湖南省", 144, 18)])
def test_zone_counts_total_and_national(warehouse, region, total, national):
    assert _latest_zones(warehouse, region)[:2] == (total, national)


def test_zone_counts_keep_their_spans_and_rank(warehouse):
    rows = _rows(warehouse, "select region, doc_id, total, total_start, total_end, total_rank "
                            "from cmp_zone_counts where is_latest and total_start is not null")
    for row in rows:
        assert GOLD[row["doc_id"]] and any(
            f["start"] == row["total_start"] and f["end"] == row["total_end"] and f["value"] == row["total"]
            for f in GOLD[row["doc_id"]])
    ranked = sorted((r["total_rank"], -r["total"]) for r in rows)
    assert [rank for rank, _ in ranked] == sorted(rank for rank, _ in ranked)
    assert next(r for r in rows if r["region"] == "江苏省")["total_rank"] == 1


@pytest.mark.parametrize(("region", "indicator", "growth"), [("湖南省", "fdi_growth", 74.5),
                                                            ("安徽省", "revenue_growth", 11.9)])
def test_growth_2020(warehouse, region, indicator, growth):
    assert warehouse.execute(
        "select growth_pct from cmp_growth where region = ? and indicator_id = ? and population = 'all_zones' "
        "and period = '2020' and is_headline", [region, indicator]).fetchall() == [(growth,)]


def test_jiangxi_2025_revenue_target(warehouse):
    rows = _rows(warehouse, """
        select target_value, target_display_value, display_unit, target_qualifier
        from cmp_targets
        where region = '江西省' and indicator_id = 'revenue' and population = 'all_zones' and due_year = '2025'""")
    assert rows and all(r["target_value"] == 6e12 and r["target_display_value"] == 60000
                        and r["display_unit"] == "亿元" for r in rows)


def test_hunan_2018_target_of_total_income(warehouse):
    rows = _rows(warehouse, """
        select target_value, subject from cmp_targets
        where region = '湖南省' and indicator_id = 'revenue' and population = 'all_zones' and due_year = '2018'""")
    assert [(r["target_value"], "技工贸总收入" in r["subject"]) for r in rows] == [(5e12, True)]


def test_scorecard_lines_up_latest_key_figures(warehouse):
    hunan = _rows(warehouse, "select * from cmp_scorecard where region = '湖南省'")[0]
    assert (hunan["zones_total"], hunan["zones_national"]) == (144, 18)
    assert (round(hunan["fdi"], 2), hunan["fdi_unit"], hunan["fdi_growth_pct"]) == (7.82, "亿美元", 74.5)
    anhui = _rows(warehouse, "select * from cmp_scorecard where region = '安徽省'")[0]
    assert (anhui["revenue"], anhui["revenue_growth_pct"]) == (45519, 11.9)


def _latest_first(figure: dict[str, Any]) -> tuple:
    """The latest_first() order as a sort key: latest year, undated first, newest document, first stated."""
    year, ingested = figure["as_of_year"], figure["doc_ingested_at"]
    return (year is None, -(year or 0), figure["period"] is not None,
            ingested is None, -(ingested.timestamp() if ingested else 0), figure["start"])


def test_latest_levels_are_each_regions_latest_region_wide_actual(warehouse):
    """cmp_latest_levels against the rule recomputed in Python from every gold figure."""
    actuals = _rows(warehouse, "select * from fct_figures where kind = 'actual' and indicator_id is not null "
                               "and unit is not null")
    counts: dict[str, dict[str, int]] = {}
    for f in actuals:
        by_unit = counts.setdefault(f["indicator_id"], {})
        by_unit[f["unit"]] = by_unit.get(f["unit"], 0) + 1
    chart_unit = {key: min(units, key=lambda u: (-units[u], u)) for key, units in counts.items()}
    expected: dict[tuple, dict[str, Any]] = {}
    for f in sorted(actuals, key=_latest_first):
        if f["region"] in (None, "全国") or f["place_area"] is not None or f["unit"] != chart_unit[f["indicator_id"]]:
            continue
        expected.setdefault((f["region"], f["indicator_id"], f["population"]), f)
    mart = _rows(warehouse, "select * from cmp_latest_levels")
    assert expected and {(r["region"], r["indicator_id"], r["population"]): r["figure_id"] for r in mart} == {
        key: f["figure_id"] for key, f in expected.items()}
    for row in mart:  # each keeps its source span and the text as written
        f = expected[(row["region"], row["indicator_id"], row["population"])]
        assert (row["doc_id"], row["start"], row["end"], row["text"], row["display_value"]) == (
            f["doc_id"], f["start"], f["end"], f["text"], f["display_value"])
        text = (dev_state.SAMPLES / f"{row['doc_id']}.txt").read_text(encoding="utf-8")
        assert text[row["start"]:row["end"]] == row["text"]


def test_latest_levels_anhui_revenue_with_its_source(warehouse):
    row = _rows(warehouse, "select * from cmp_latest_levels "
                           "where region = '安徽省' and indicator_id = 'revenue' and population = 'all_zones'")[0]
    assert (row["display_value"], row["display_unit"]) == (45519, "亿元")
    gold = [f for f in GOLD[row["doc_id"]] if (f["start"], f["end"]) == (row["start"], row["end"])]
    assert [(f["text"], f["value"], f["kind"], f["area"]) for f in gold] == [(row["text"], 4.5519e12, "actual", None)]


def test_the_targets_page_lists_targets_with_an_actual_first_then_by_region_indicator_year(warehouse):
    from app import queries

    rows = _rows(warehouse, "select target_id, target_doc_id, target_start, region, indicator_id, due_year, "
                            "actual_value from cmp_targets")
    expected = sorted(rows, key=lambda r: (r["actual_value"] is None, r["region"] is None, r["region"] or "",
                                           r["indicator_id"] is None, r["indicator_id"] or "",
                                           r["due_year"] is None, int(r["due_year"] or 0), r["target_id"]))
    assert len(rows) > 3
    last_region = next(r["region"] for r in reversed(expected) if r["region"])
    for selected in ({}, {"region": [last_region]}):
        count, listed = queries.targets_page(selected, limit=3)
        page = _rows(warehouse, listed.sql, *listed.params)
        matching = [r for r in expected if not selected or r["region"] in selected["region"]]
        assert [(r["doc_id"], r["start"]) for r in page] == [(r["target_doc_id"], r["target_start"]) for r in matching[:3]]
        assert warehouse.execute(count.sql, list(count.params)).fetchone() == (len(matching),)


@pytest.mark.parametrize("region", ["湖北省", "江苏省"])
def test_zone_counts_are_figures_of_the_zones_indicator_by_population(warehouse, region):
    spans = warehouse.execute(
        "select doc_id, total_start, national_start, provincial_start from cmp_zone_counts "
        "where region = ? and is_latest", [region]).fetchone()
    doc_id, starts = spans[0], spans[1:]
    identities = [warehouse.execute(
        "select indicator_id, population from fct_figures where doc_id = ? and \"start\" = ?",
        [doc_id, start]).fetchone() for start in starts]
    assert identities == [("zones", "all_zones"), ("zones", "national_zones"), ("zones", "provincial_zones")]


def test_gold_figures_map_to_indicators_and_the_rest_is_listed(warehouse):
    mapped, total = warehouse.execute(
        "select count(indicator_id), count(*) from fct_figures").fetchone()
    assert mapped / total >= 0.9
    listed = warehouse.execute("select sum(figure_count) from unmapped_subjects").fetchone()[0]
    assert listed == total - mapped
    # a class of zones counted is never an enterprise or a cluster count, and vice versa
    assert warehouse.execute(
        "select distinct i.metric = f.metric and i.measure = f.measure from fct_figures f "
        "join dim_indicators i using (indicator_id)").fetchall() == [(True,)]


def test_national_clusters_and_provincial_clusters_are_apart(warehouse):
    rows = dict(warehouse.execute(
        "select subject, population from fct_figures where metric = 'cluster_count' "
        "and subject in ('培育的国家级、世界级先进制造业产业集群', '过千亿元省级产业集群')").fetchall())
    assert rows == {"培育的国家级、世界级先进制造业产业集群": "clusters_national",
                    "过千亿元省级产业集群": "clusters_provincial"}


def test_zone_profile_page_shows_a_zone_of_the_gold_documents(gold_home, tmp_path, monkeypatch):
    """The app's zone page on the gold warehouse: the zone's facts from seeds/zones.csv and its series."""
    from streamlit.testing.v1 import AppTest

    settings = Settings(home=tmp_path / "home")
    settings.published_db.parent.mkdir(parents=True)
    shutil.copyfile(gold_home.build_db, settings.published_db)
    monkeypatch.setenv("ZONESTATS_HOME", str(settings.home))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app" / "streamlit_app.py"),
                           default_timeout=60)
    at.query_params["zone"] = "苏州工业园区"
    at.switch_page("views/zone.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert {m.label: m.value for m in at.metric} == {"级别": "national", "类型": "economic", "城市": "苏州市",
                                                     "省份": "江苏省"}
    statements = at.dataframe[0].value
    assert statements[["year", "display_value", "status"]].values.tolist() == [[2020, 1, "采用值"]]


def test_gold_documents_are_live_and_quarantine_has_its_reason(warehouse):
    statuses = dict(warehouse.execute("select status, count(*) from dim_documents group by status").fetchall())
    assert statuses == {"live": len(GOLD), "quarantined": 1}
    assert warehouse.execute("select count(*) from quarantine where reason <> ''").fetchone()[0] == 1


def test_no_conflicts_among_the_gold_documents(warehouse):
    assert warehouse.execute("select count(*) from cmp_conflicts").fetchone()[0] == 0


# -- after adding, removing and replacing documents ------------------------------------

def test_conflicting_report_is_found(evolved):
    con, _ = evolved
    rows = _rows(con, "select * from cmp_conflicts where region = '湖北省' and metric = 'zone_count'")
    assert [(r["doc_id_a"], r["value_a"], r["doc_id_b"], r["value_b"], r["subject"]) for r in rows] == [
        (HUBEI_DOC, 19, CONFLICTING, 20, "国家级开发区")]


def test_indicator_series_point_keeps_both_sources_and_the_winner(evolved):
    con, _ = evolved
    rows = _rows(con, "select * from cmp_indicator_series where indicator_id = 'zones' "
                      "and population = 'national_zones' and region = '湖北省' and year = 2018 order by doc_id")
    assert [(r["doc_id"], r["value"], r["is_winner"], r["disagrees_with_winner"]) for r in rows] == sorted([
        (HUBEI_DOC, 19, False, True), (CONFLICTING, 20, True, False)])
    assert {(r["n_statements"], r["n_values"], r["winner_doc_id"]) for r in rows} == {(2, 2, CONFLICTING)}
    for r in rows:  # each statement with its span
        text = con.execute("select text from fct_figures where figure_id = ?", [r["figure_id"]]).fetchone()[0]
        assert text == r["text"] and r["end"] > r["start"]


def test_zone_aliases_resolve_to_one_zone(evolved):
    con, _ = evolved
    zone = _rows(con, "select * from dim_zones where zone_name = '苏州工业园区'")[0]
    assert sorted(zone["names_written"]) == ["苏州园区", "苏州工业园区"]
    assert (zone["level"], zone["zone_type"], zone["city"], zone["province"]) == (
        "national", "economic", "苏州市", "江苏省")
    assert con.execute("select count(distinct zone_name), count(*) from fct_figures "
                       "where area in ('苏州园区', '苏州工业园区')").fetchone() == (1, 2)
    # the zone's two rank statements form one series, 2020 and 2021
    years = con.execute("select year, display_value from cmp_indicator_series where zone_name = '苏州工业园区' "
                        "and indicator_id = 'zone_rank' and is_winner order by year").fetchall()
    assert years == [(2020, 1), (2021, 2)]


def test_latest_total_wins_over_a_newer_partial_statement(evolved):
    con, _ = evolved
    assert _latest_zones(con, "湖北省") == (103, 19, 84)


def test_removed_and_replaced_documents_leave_the_figures_but_stay_in_history(evolved):
    con, _ = evolved
    status = dict(con.execute("select doc_id, status from dim_documents").fetchall())
    assert (status[REMOVED], status[REPLACED], status[REVISION], status[CONFLICTING]) == (
        "removed", "replaced", "live", "live")
    assert con.execute("select replaced_by from dim_documents where doc_id = ?", [REPLACED]).fetchone() == (REVISION,)
    loaded = dict(con.execute("select doc_id, count(*) from fct_figures group by doc_id").fetchall())
    assert REMOVED not in loaded and REPLACED not in loaded
    assert loaded[REVISION] == len(GOLD[REPLACED]) and loaded[CONFLICTING] == 2


def test_incremental_build_loads_only_the_new_documents(evolved):
    con, first_loads = evolved
    loads = dict(con.execute("select doc_id, max(loaded_at) from fct_figures group by doc_id").fetchall())
    untouched = set(first_loads) - {REMOVED, REPLACED, REEXTRACTED}
    assert {doc: loads[doc] for doc in untouched} == {doc: first_loads[doc] for doc in untouched}
    first_build = max(first_loads.values())
    assert all(loads[doc] > first_build for doc in (CONFLICTING, REVISION, REEXTRACTED))


def test_incremental_build_reads_only_the_state_files_written_since(evolved):
    con, first_loads = evolved
    loads = dict(con.execute("select doc_id, max(loaded_at) from stg_figure_loads group by doc_id").fetchall())
    rewritten = {CONFLICTING, REVISION, REEXTRACTED}
    assert {doc for doc, at in loads.items() if at > max(first_loads.values())} == rewritten
    assert {doc for doc, at in loads.items() if at not in first_loads.values()} == rewritten
    documents = dict(con.execute("select doc_id, loaded_at from stg_documents").fetchall())
    assert {doc for doc, at in documents.items() if at > max(first_loads.values())} == rewritten




def test_incremental_build_equals_a_full_refresh(evolved, evolved_home, tmp_path):
    """What the incremental models hold after additions, a removal, a replacement and a
    re-extraction is what building everything again from the state files gives."""
    con, _ = evolved
    incremental = build_contents(con)
    home = tmp_path / "home"
    shutil.copytree(evolved_home[0].home, home)
    settings = Settings(home=home)
    result = run_dbt(settings, "build", "--full-refresh")
    assert result.returncode == 0, result.stdout[-4000:]
    with duckdb.connect(str(settings.build_db), read_only=True) as con:
        full = build_contents(con)
    for name in MODELS:
        assert full[name] == incremental[name], name


def test_reextracted_document_replaces_all_its_figures(evolved):
    con, _ = evolved
    assert con.execute("select count(*) from fct_figures where doc_id = ?", [REEXTRACTED]).fetchone() == (
        len(GOLD[REEXTRACTED]) - 1,)


@pytest.mark.parametrize("query", QUERIES, ids=[q.stem for q in QUERIES])
def test_analyst_query_answers(evolved, query):
    con, _ = evolved
    rows = con.execute(query.read_text(encoding="utf-8")).fetchall()
    assert rows, f"{query.name} returned no rows"


def test_there_are_ten_analyst_queries():
    assert len(QUERIES) == 10
