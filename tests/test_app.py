"""The Streamlit app, page by page, with AppTest against a fixture warehouse."""

from __future__ import annotations

import base64
import io
import json
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from app.auth import SESSION_KEY
from app.tiles import TILE_GRID
from tests.app_fixture import DOCS, FIGURES, QUARANTINE_REASON, QUARANTINED_ID, app_home, built_home, span  # noqa: F401
from zonestats.intake import content_id
from zonestats.settings import Settings
from zonestats.state import QUARANTINE_SCHEMA, write_table
from zonestats.users import User
from zonestats.validation.holds import Offence, hold
from zonestats.warehouse import record_failed_build

pytestmark = pytest.mark.slow  # the session's fixture warehouse is built by dbt

APP = Path(__file__).resolve().parent.parent / "app" / "streamlit_app.py"
ANALYST = User("analyst1", "analyst")


def open_page(page: str | None = None, user: User | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(query)
    if user is not None:  # signed in (tests/test_app_auth.py signs in through the form)
        at.session_state[SESSION_KEY] = (user, time.time() + 3600)
    if page:  # straight to the page, without first rendering the default one
        at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def frames(at: AppTest) -> list[pd.DataFrame]:
    return [df.value for df in at.dataframe]


def plotly_specs(at: AppTest) -> list[dict[str, Any]]:
    return [_decoded(json.loads(chart.proto.spec)) for chart in at.get("plotly_chart")]


def _decoded(spec: Any) -> Any:
    """Plotly sends numeric arrays base64-encoded ({dtype, bdata}); turn them back into lists."""
    if isinstance(spec, dict) and "bdata" in spec and "dtype" in spec:
        array = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=spec["dtype"])
        return array.reshape([int(n) for n in str(spec["shape"]).split(",")]).tolist() if "shape" in spec else array.tolist()
    if isinstance(spec, dict):
        return {key: _decoded(value) for key, value in spec.items()}
    if isinstance(spec, list):
        return [_decoded(value) for value in spec]
    return spec


def texts(at: AppTest, kind: str) -> list[str]:
    return [element.value for element in getattr(at, kind)]


# -- overview ------------------------------------------------------------------------------
def test_overview_counts_latest_figures_and_tile_map(app_home: Settings) -> None:
    at = open_page()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["文件"] == "3"  # the quarantined input is not a live document
    assert metrics["数据点"] == str(len(FIGURES))
    assert metrics["省份"] == "3"
    published = json.loads(app_home.publish_status.read_text())["published"]["published_at"]
    assert metrics["最近发布"] == published.replace("T", " ")[:16]
    latest = frames(at)[0]
    assert set(latest["text"]) == {written for _, written, _ in FIGURES}
    newest = latest.iloc[0]  # the newest document's figures first, in text order
    assert (newest["text"], newest["source"].split("&")[0]) == ("30家", f"documents?doc={DOCS['hostile'].doc_id}")
    hubei = latest[latest["text"] == "45519亿元"].iloc[0]
    assert hubei["display_value"] == 45519 and hubei["display_unit"] == "亿元"
    assert hubei["source"] == f"documents?doc={DOCS['hubei'].doc_id}&start={span('hubei', '45519亿元')[0]}&end={span('hubei', '45519亿元')[1]}"

    tiles = plotly_specs(at)[0]["data"]
    labels = [label.split("<br>")[0] for trace in tiles for label in trace["text"]]
    assert sorted(labels) == sorted(TILE_GRID)  # every province-level unit has a tile
    coloured = dict(zip(tiles[1]["text"], tiles[1]["marker"]["color"]))
    assert coloured == {"湖北<br>6": 6, "河南<br>4": 4, "江苏<br>2": 2}  # figures per province


def test_tile_map_coloured_by_a_metric(app_home: Settings) -> None:
    at = open_page()
    at.selectbox(key="tile_metric").set_value("revenue|all_zones").run()
    coloured = plotly_specs(at)[0]["data"][1]
    assert dict(zip(coloured["text"], coloured["marker"]["color"])) == {
        "江苏<br>60,000": 60000, "湖北<br>45,519": 45519, "河南<br>30,000": 30000,
    }


def test_english_switch(app_home: Settings) -> None:
    at = open_page()
    at.toggle(key="lang_en").set_value(True).run()
    assert texts(at, "title") == ["Development zone statistics"]
    assert "Documents" in {m.label for m in at.metric}


def test_validation_status_and_failed_publish_banner(app_home: Settings) -> None:
    at = open_page()
    assert any("数据校验通过" in s for s in texts(at, "success"))
    record_failed_build(app_home, "expect_column_values_to_not_be_null(doc_id) failed")
    at = open_page("figures")
    assert any("最新构建未发布" in w and "expect_column_values_to_not_be_null" in w for w in texts(at, "warning"))


def test_no_warehouse_yet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONESTATS_HOME", str(tmp_path))
    for page in (None, "provinces", "province", "zone", "targets", "unmapped", "documents",
                 "figures", "quality", "sql"):
        at = open_page(page, ANALYST)
        assert any("尚未发布" in i for i in texts(at, "info")), page


# -- provinces and targets ---------------------------------------------------------------
def test_provinces_zone_counts_metrics_and_scorecard(app_home: Settings) -> None:
    at = open_page("provinces")
    zones, scorecard = frames(at)
    hubei = zones.set_index("region").loc["湖北省"]
    assert (hubei["national"], hubei["provincial"]) == (21, 82)
    start, end = span("hubei", "21家")
    assert hubei["source"] == f"documents?doc={DOCS['hubei'].doc_id}&start={start}&end={end}"
    charts = {spec["layout"]["title"]["text"]: spec["data"] for spec in plotly_specs(at)}
    stacked = charts["开发区数量"]
    assert {trace["name"] for trace in stacked} == {"国家级", "省级"}
    # one indicator of one population per chart: revenue of all of a province's zones
    revenue = charts["营业收入 · 省级及以上开发区（最新）（亿元）"][0]
    assert dict(zip(revenue["x"], revenue["y"])) == {"江苏省": 60000, "湖北省": 45519, "河南省": 30000}
    # each bar carries its source: doc_id, start, end
    hubei_bar = revenue["customdata"][revenue["x"].index("湖北省")][:3]
    assert hubei_bar == [DOCS["hubei"].doc_id, *span("hubei", "45519亿元")]
    growth = charts["营业收入增速 · 省级及以上开发区（%）"][0]
    assert dict(zip(growth["x"], growth["y"])) == {"湖北省": 11.9, "河南省": 8.5}
    assert set(scorecard["region"]) == {"湖北省", "河南省", "江苏省"}


def test_provinces_filtered_to_chosen_provinces(app_home: Settings) -> None:
    at = open_page("provinces")
    at.multiselect(key="prov_regions").set_value(["河南省"]).run()
    zones, scorecard = frames(at)
    assert zones["region"].tolist() == ["河南省"] and scorecard["region"].tolist() == ["河南省"]


def test_targets_progress_and_required_growth(app_home: Settings) -> None:
    at = open_page("targets")
    table = frames(at)[0]
    row = table.set_index("region").loc["湖北省"]
    assert (row["target_value"], row["target_text"], row["actual_value"], row["actual_year"]) == (80000, "80000亿元", 45519, 2020)
    assert row["progress_pct"] == pytest.approx(56.9, abs=0.05)
    assert row["required_cagr_pct"] == pytest.approx(((80000 / 45519) ** (1 / 5) - 1) * 100, abs=0.01)
    assert (row["indicator_label"], row["population_label"], row["comparison_label"]) == (
        "营业收入", "省级及以上开发区", "同口径实际值")
    bullet = plotly_specs(at)[0]["data"]
    assert [trace["x"] for trace in bullet] == [[80000], [45519]]


def test_province_profile_charts_every_indicator_over_the_years_with_sources(app_home: Settings) -> None:
    at = open_page("province", region="湖北省")
    statements = frames(at)[0]
    assert set(statements["series"]) >= {"营业收入 · 省级及以上开发区", "开发区数量 · 国家级开发区"}
    revenue = statements[statements["series"] == "营业收入 · 省级及以上开发区"]
    assert revenue[["year", "display_value", "status"]].values.tolist() == [[2020, 45519, "采用值"]]
    start, end = span("hubei", "45519亿元")
    assert revenue["source"].tolist() == [f"documents?doc={DOCS['hubei'].doc_id}&start={start}&end={end}"]
    at.selectbox(key="province_series").set_value("营业收入 · 省级及以上开发区").run()
    line = plotly_specs(at)[0]["data"][0]
    assert (line["x"], line["y"]) == ([2020], [45519])


def test_zone_profile_without_zones_says_so(app_home: Settings) -> None:
    at = open_page("zone")
    assert any("尚未出现具体园区" in i for i in texts(at, "info"))


def test_unmapped_page_shows_the_mapped_share(app_home: Settings) -> None:
    at = open_page("unmapped")
    assert {m.label: m.value for m in at.metric}["归入指标的数据点占比"] == "100.0%"
    assert frames(at)[0].empty


# -- documents -----------------------------------------------------------------------------
def test_document_list_shows_quarantined_input_with_reason(app_home: Settings) -> None:
    at = open_page("documents")
    listing = frames(at)[0]
    quarantined = listing[listing["status"] == "quarantined"]
    assert quarantined["file_name"].tolist() == ["scan.pdf"]
    assert quarantined["quarantine_reason"].tolist() == [QUARANTINE_REASON]
    # titles as the documents give them (first line), hostile markup included, as plain data
    assert set(listing.loc[listing["status"] == "live", "title"]) == {d.text.splitlines()[0] for d in DOCS.values()}


def test_viewer_shows_hostile_html_as_text(app_home: Settings) -> None:
    doc = DOCS["hostile"]
    start, _ = span("hostile", "30家")
    at = open_page("documents", doc=doc.doc_id, start=str(start))
    rendered = at.get("html")[0].proto.body
    assert "<script>" not in rendered and "<img" not in rendered
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in rendered
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered
    assert rendered.count('class="zs-fig') == 2
    assert 'id="zs-selected" tabindex="0">30家<span class="zs-rec">' in rendered
    figures = frames(at)[1]
    assert figures["text"].tolist()[0] == "30家"  # the linked figure first


def test_viewer_shows_traditional_document_as_written(app_home: Settings) -> None:
    doc = DOCS["henan"]
    at = open_page("documents", doc=doc.doc_id)
    rendered = at.get("html")[0].proto.body
    assert "國家級開發區" in rendered and "30000億元" in rendered
    figure = frames(at)[1].set_index("text").loc["30000億元"]
    assert (figure["display_value"], figure["display_unit"]) == (30000, "亿元")


def test_viewer_shows_quarantine_reason(app_home: Settings) -> None:
    at = open_page("documents", doc=QUARANTINED_ID)
    assert any(QUARANTINE_REASON in e for e in texts(at, "error"))
    assert any("原文不可用" in i for i in texts(at, "info"))


# -- figures and downloads ---------------------------------------------------------------
@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes]]:
    """The files the app's download buttons would serve, by file name."""
    captured: dict[str, Callable[[], bytes]] = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        captured[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return captured


def test_figures_filtered_table_and_downloads(app_home: Settings, downloads: dict) -> None:
    at = open_page("figures")
    assert len(frames(at)[0]) == len(FIGURES)
    assert texts(at, "caption")[-1] == f"共 {len(FIGURES)} 条，显示前 {len(FIGURES)} 条"
    periods = sorted({f["period"] for _, _, f in FIGURES}, reverse=True)
    assert at.multiselect(key="fig_period").options == periods  # from dim_periods, newest first
    at.multiselect(key="fig_region").set_value(["河南省"]).run()
    at.multiselect(key="fig_measure").set_value(["level"]).run()
    table = frames(at)[0]
    expected = {written for key, written, f in FIGURES if key == "henan" and f["measure"] == "level"}
    assert set(table["text"]) == expected and set(table["region"]) == {"河南省"}
    assert texts(at, "caption")[-1] == "共 3 条，显示前 3 条"

    csv = pd.read_csv(io.BytesIO(downloads["zonestats_figures.csv"]()), encoding="utf-8-sig")
    parquet = pd.read_parquet(io.BytesIO(downloads["zonestats_figures.parquet"]()))
    excel = pd.read_excel(io.BytesIO(downloads["zonestats_figures.xlsx"]()))
    for frame in (csv, parquet, excel):
        assert set(frame["text"]) == expected
        assert frame.set_index("text").loc["30000億元", "value"] == 3e12


def test_figures_text_search(app_home: Settings) -> None:
    at = open_page("figures")
    at.text_input(key="fig_search").input("外资").run()
    assert frames(at)[0]["text"].tolist() == ["12.5亿美元"]
    assert texts(at, "caption")[-1] == "共 1 条，显示前 1 条"


# -- data quality --------------------------------------------------------------------------
def test_quality_validation_conflicts_quarantine(app_home: Settings) -> None:
    at = open_page("quality")
    results = frames(at)[0]
    assert len(results) == 2
    failed = results[~results["success"]].iloc[0]
    assert (failed["column_name"], failed["blocking"], failed["unexpected_count"]) == ("display_value", False, 3)
    quarantine = frames(at)[-1]
    assert quarantine["reason"].tolist() == [QUARANTINE_REASON]
    at.toggle(key="dq_failed_only").set_value(True).run()
    assert frames(at)[0]["column_name"].tolist() == ["display_value"]


def test_quality_lists_documents_held_back_with_reason_and_figures(app_home: Settings) -> None:
    held_id = content_id(b"held back for the app test")
    figure = {"doc_id": held_id, "start": 12, "text": "8.41家", "value": 8.41, "unit": "count"}
    hold(app_home, [Offence(held_id, "figures", "expect_column_values_to_be_in_set", "value_is_whole", (figure,))])
    at = open_page("quality")
    [held] = [f for f in frames(at) if "figures" in f.columns]
    assert held["doc_id"].tolist() == [held_id]
    assert "value_is_whole" in held["reason"].iloc[0] and "8.41家" in held["figures"].iloc[0]
    assert frames(at)[-1]["reason"].tolist() == [QUARANTINE_REASON]  # the quarantine table still last


# -- SQL console ---------------------------------------------------------------------------
def run_sql(sql: str) -> AppTest:
    at = open_page("sql", ANALYST)
    at.text_area(key="sql_text").input(sql)
    at.button(key="sql_run").click().run()
    assert not at.exception
    return at


def test_sql_query_and_download(app_home: Settings) -> None:
    at = run_sql("select region, count(*) as n from fct_figures group by region order by n desc;")
    result = frames(at)[-1]
    assert result.to_dict("list") == {"region": ["湖北省", "河南省", "江苏省"], "n": [6, 4, 2]}
    assert [b.label for b in at.download_button] == ["下载 CSV", "下载 Parquet", "下载 Excel"]


ESCAPES = [
    "select * from read_csv('/etc/passwd')",
    "copy fct_figures to '{out}'",
    "attach '{out}' as other",
    "install httpfs",
    "load httpfs",
    "set threads = 1",
    "select 1; select 2",
]


def test_sql_escapes_are_refused(app_home: Settings) -> None:
    out = app_home.home / "escaped.csv"
    at = open_page("sql", ANALYST)
    for sql in ESCAPES:
        at.text_area(key="sql_text").input(sql.format(out=out))
        at.button(key="sql_run").click().run()
        errors = texts(at, "error")
        assert len(errors) == 1 and errors[0].startswith(("拒绝执行", "查询失败")), (sql, errors)
        assert not frames(at)[-1].isin(["root"]).any().any()  # only the schema browser's tables
    assert not out.exists()


# -- upload --------------------------------------------------------------------------------
def test_upload_lands_in_inbox_and_progress_follows_the_pipeline(app_home: Settings) -> None:
    content = "2023年，湖南省共有国家级开发区20家。".encode("utf-8")
    doc_id = content_id(content)
    at = open_page("upload", ANALYST)
    at.file_uploader(key="upload_files").upload("湖南 report.txt", content, "text/plain")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception
    inbox = list(app_home.inbox.iterdir())
    assert [p.read_bytes() for p in inbox] == [content]
    audit = [json.loads(line) for line in (app_home.users_dir / "audit.jsonl").read_text().splitlines()]
    assert [(a["user"], a["action"], a["doc_id"]) for a in audit] == [("analyst1", "upload", doc_id)]
    assert any("已存储" in m for m in texts(at, "markdown"))

    # the pipeline's steps, as the state files show them
    (app_home.texts_dir / f"{doc_id}.txt").write_text(content.decode(), encoding="utf-8")
    at.run()
    assert any(doc_id in m and "已解码" in m for m in texts(at, "markdown"))
    write_table(app_home.quarantine_dir / f"{doc_id}.parquet",
                [{"doc_id": doc_id, "file_name": "x", "n_bytes": 1, "stage": "extract", "reason": "extractor failed"}],
                QUARANTINE_SCHEMA)
    at.run()
    assert any("extract: extractor failed" in e for e in texts(at, "error"))


def test_scorecard_links_resolve_to_the_cited_sentence(app_home: Settings) -> None:
    scorecard = frames(open_page("provinces"))[1].set_index("region")
    link = scorecard.loc["湖北省", "revenue_source"]
    assert link.startswith("documents?figure=")
    at = open_page("documents", figure=link.split("=", 1)[1])
    start, _ = span("hubei", "45519亿元")
    assert 'id="zs-selected" tabindex="0">45519亿元<' in at.get("html")[0].proto.body
    assert frames(at)[1]["start"].tolist()[0] == start
