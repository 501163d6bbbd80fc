"""The whole chain in process: inbox → documents → figures → dbt → checks → publish.

One sample document goes through a real Dagster run against a temporary instance;
the published file must then answer a query for that document's figures. Then the
stream worker's run plan is asked of the same state, to check it batches and stays quiet.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timezone

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest

from orchestration.dbt_build import forget_full_build
from orchestration.inbox_runs import DOCUMENTS_TAG, plan_run
from orchestration.runner import refresh_now
from tests.conftest import SAMPLES, make_home
from zonestats.cli import prepare_dbt
from zonestats.intake import content_id
from zonestats.state import FIGURE_SCHEMA, write_table
from zonestats.warehouse import read_status

pytestmark = pytest.mark.slow

HUBEI_SAMPLE = SAMPLES / "000_d1c28d201404847c.txt"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("home"))
    shutil.copyfile(HUBEI_SAMPLE, home.inbox / HUBEI_SAMPLE.name)
    prepare_dbt()
    instance = dg.DagsterInstance.ephemeral()
    result = refresh_now(home, instance)
    return home, instance, result


def test_one_document_is_published_with_its_figures(published):
    home, instance, result = published
    assert result.success and result.documents == 1
    doc_id = content_id(HUBEI_SAMPLE.read_bytes())
    # per-document state lives in Parquet files, not in Dagster partitions
    assert instance.get_dynamic_partitions("documents") == []
    assert (home.figures_dir / f"{doc_id}.parquet").exists()
    with duckdb.connect(str(home.published_db), read_only=True) as con:
        rows = con.execute(
            "select text, value, unit, region from fct_figures where doc_id = ? and metric = 'zone_count'",
            [doc_id],
        ).fetchall()
        document = con.execute("select file_name, status from dim_documents where doc_id = ?", [doc_id]).fetchone()
        validated = con.execute("select count(*), bool_and(success or not blocking) from validation_results").fetchone()
    assert ("103家", 103.0, "count", "湖北省") in rows
    assert document == (HUBEI_SAMPLE.name, "live")
    assert validated[0] > 0 and validated[1] is True


def test_every_figure_span_points_at_its_text(published):
    home, _, _ = published
    doc_id = content_id(HUBEI_SAMPLE.read_bytes())
    text = (home.texts_dir / f"{doc_id}.txt").read_text(encoding="utf-8")
    with duckdb.connect(str(home.published_db), read_only=True) as con:
        spans = con.execute('select start, "end", text from fct_figures where doc_id = ?', [doc_id]).fetchall()
    assert spans and all(text[s:e] == t for s, e, t in spans)


def test_new_documents_are_batched_into_one_run(published):
    home, instance, _ = published
    assert plan_run(home, instance).skip_reason == "inbox unchanged"
    for sample in sorted(SAMPLES.glob("*.txt"))[1:3]:
        shutil.copyfile(sample, home.inbox / sample.name)
    plan = plan_run(home, instance)
    assert plan.job_name == "refresh" and plan.tags[DOCUMENTS_TAG] == "2"

    # once those are processed and published, the worker stays quiet
    result = refresh_now(home, instance)
    assert result.success and result.documents == 2
    quiet = plan_run(home, instance)
    assert quiet.job_name is None and quiet.skip_reason == "inbox unchanged"


def test_a_figure_in_no_known_region_holds_its_document_back_and_says_why(published):
    """Caught by the GX suite in a streaming build: that document is held back, the others
    stay published; a full build keeps it held (its rows leave staging, so dbt's own
    relationship test passes); the figures corrected, it is published again."""
    home, instance, _ = published
    doc_id = content_id(HUBEI_SAMPLE.read_bytes())
    figures_file = home.figures_dir / f"{doc_id}.parquet"
    rows = pq.read_table(figures_file).to_pylist()
    bad = {**rows[0], "start": rows[-1]["end"] + 1, "region": "亚特兰蒂斯", "extracted_at": datetime.now(timezone.utc)}
    write_table(figures_file, [*rows, bad], FIGURE_SCHEMA)

    def held() -> tuple[str, str | None, int, int]:
        with duckdb.connect(str(home.published_db), read_only=True) as con:
            status, reason = con.execute(
                "select status, quarantine_reason from dim_documents where doc_id = ?", [doc_id]).fetchone()
            [(mine,)] = con.execute("select count(*) from fct_figures where doc_id = ?", [doc_id]).fetchall()
            [(others,)] = con.execute("select count(*) from fct_figures where doc_id <> ?", [doc_id]).fetchall()
        return status, reason, mine, others

    run = refresh_now(home, instance)  # streaming build: dbt passes, GX holds the document back
    assert run.success
    status, reason, mine, others = held()
    assert status == "held" and "region" in reason and "亚特兰蒂斯" in reason
    assert mine == 0 and others > 0
    assert read_status(home)["last_attempt"]["ok"] is True
    # Dagster shows it: the check's metadata (passed once the document was held) and the publish's
    checks = {e.dagster_event.event_specific_data.check_name: e.dagster_event.event_specific_data
              for e in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)}
    assert checks["gx_figures"].passed and checks["gx_figures"].metadata["held_back"].value == 1
    [shown] = checks["gx_figures"].metadata["held_back_documents"].value
    assert shown["doc_id"] == doc_id and "亚特兰蒂斯" in shown["reason"]
    assert {f["region"] for f in shown["figures"]} == {"亚特兰蒂斯"}  # one row, each expectation it broke
    publish = instance.get_latest_materialization_event(dg.AssetKey("published_warehouse")).asset_materialization
    assert publish.metadata["held_back"].value == 1
    # the next build changes nothing: still held, nothing refused
    assert refresh_now(home, instance).success
    assert held()[0] == "held"

    forget_full_build(home)  # as after a crash recovery: the next build is a full one
    assert refresh_now(home, instance).success
    assert held()[:3] == ("held", reason, 0)

    write_table(figures_file, [{**r, "extracted_at": datetime.now(timezone.utc)} for r in rows], FIGURE_SCHEMA)
    assert refresh_now(home, instance).success  # corrected: released, validated, published
    assert held()[0] == "live" and held()[2] == len(rows)
