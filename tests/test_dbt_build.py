"""The in-process dbt build: when it builds everything, and what a streaming build selects."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from dbt.cli.main import dbtRunner

from orchestration.dbt_build import STREAMING_SELECTOR, _full_build_marker, _full_build_reason, project_digest
from orchestration.project import dbt_project, table_models


def test_a_full_build_is_needed_until_one_is_recorded_for_this_project(home):
    assert _full_build_reason(home, "abc", full=False) == "the build file is new"
    home.build_db.parent.mkdir(parents=True, exist_ok=True)
    home.build_db.write_bytes(b"")
    assert _full_build_reason(home, "abc", full=False) == "no full build recorded for this build file"
    _full_build_marker(home).parent.mkdir(parents=True, exist_ok=True)
    _full_build_marker(home).write_text(json.dumps({"digest": "abc"}))
    assert _full_build_reason(home, "abc", full=False) is None
    assert _full_build_reason(home, "abd", full=False) == "the dbt project or the state folder changed since the last full build"
    assert _full_build_reason(home, "abc", full=True) == "a full refresh was asked for"


def test_the_digest_changes_with_a_node_or_the_state_folder():
    """A moved home: the staging views name the old state folder until a full build."""
    def manifest(checksum: str, state: str) -> SimpleNamespace:
        node = SimpleNamespace(checksum=SimpleNamespace(checksum=checksum))
        source = SimpleNamespace(relation_name=f"read_parquet('{state}/figures/*.parquet')")
        return SimpleNamespace(nodes={"model.zonestats.fct_figures": node},
                               sources={"source.zonestats.state.figures": source})

    digest = project_digest(manifest("c1", "/home/a/var"))
    assert project_digest(manifest("c1", "/home/a/var")) == digest
    assert project_digest(manifest("c2", "/home/a/var")) != digest
    assert project_digest(manifest("c1", "/home/b/var")) != digest


@pytest.fixture(scope="module")
def streaming_nodes(tmp_path_factory) -> set[str]:
    target = tmp_path_factory.mktemp("dbt-target")
    result = dbtRunner().invoke([
        "ls", "--selector", STREAMING_SELECTOR, "--resource-type", "all", "--output", "json",
        "--output-keys", "unique_id", "--project-dir", str(dbt_project.project_dir),
        "--profiles-dir", str(dbt_project.profiles_dir), "--target-path", str(target), "--quiet",
    ])
    assert result.success, result.exception
    return {json.loads(line)["unique_id"] for line in result.result}


@pytest.mark.slow
def test_streaming_build_rebuilds_every_table_the_publish_waits_for(streaming_nodes):
    models = {n.split(".")[-1] for n in streaming_nodes if n.startswith("model.")}
    assert models == {key.path[-1] for key in table_models()}
    assert {"fct_figures", "dim_documents", "cmp_zone_counts", "cmp_targets"} <= models
    assert "dim_regions" not in models  # static: built from a seed only
    assert not any(n.startswith(("seed.", "unit_test.")) for n in streaming_nodes)
    # the per-document state is loaded incrementally; the other staging models are views
    assert {m for m in models if m.startswith("stg_")} == {"stg_documents", "stg_figure_loads"}


@pytest.mark.slow
def test_streaming_build_tests_where_documents_enter(streaming_nodes):
    tests = {n.split(".")[2] for n in streaming_nodes if n.startswith("test.")}
    assert "unique_dim_documents_doc_id" in tests
    assert "assert_live_documents_have_their_figures" in tests
    assert "relationships_fct_figures_doc_id__doc_id__ref_dim_documents_" in tests
    assert "unique_quarantine_doc_id" in tests
    # the figures' column tests repeat the GX suite that gates every publish
    assert "not_null_fct_figures_value" not in tests
