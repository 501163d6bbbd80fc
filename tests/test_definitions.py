"""The Dagster definitions load, and their asset graph is the one reviewed.

A fast guard for the edit loop: importing ``orchestration.definitions`` builds every
asset, check, job and schedule, and the graph (each asset's group and upstream assets)
is compared with ``tests/snapshots/asset_graph.json``. A change to the graph shows up
in review as a change to that file: regenerate it with
``ZONESTATS_UPDATE_SNAPSHOT=1 pytest tests/test_definitions.py``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess

from zonestats.settings import REPO_ROOT

SNAPSHOT = REPO_ROOT / "tests" / "snapshots" / "asset_graph.json"


def asset_graph() -> dict[str, dict]:
    from orchestration.definitions import defs

    return {
        spec.key.to_user_string(): {
            "group": spec.group_name,
            "deps": sorted(dep.asset_key.to_user_string() for dep in spec.deps),
        }
        for spec in sorted(defs.resolve_all_asset_specs(), key=lambda s: s.key.to_user_string())
    }


def test_the_asset_graph_matches_its_snapshot():
    graph = asset_graph()
    if os.environ.get("ZONESTATS_UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(graph, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert graph == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_jobs_and_schedules_load():
    from orchestration.definitions import defs

    assert {"refresh", "rebuild"} <= {job.name for job in defs.resolve_all_job_defs()}
    refresh = defs.resolve_job_def("refresh")
    assert refresh.partitions_def is None  # per-document state is in Parquet files, not partitions
    assert defs.resolve_schedule_def("daily_full_refresh").job_name == "refresh"


def test_production_code_uses_no_private_dagster_modules_but_the_compat_module():
    """``dagster._*`` changes without notice between releases; only its public API is used,
    except the watch interval in orchestration/dagster_compat.py (tests/test_dagster_compat.py)."""
    listed = subprocess.run(
        ["git", "grep", "-n", "-E", r"dagster\._", "--", "*.py", ":!tests"],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    ).stdout
    private = [line for line in listed.splitlines() if re.search(r"\bdagster\._", line)]
    assert {line.split(":")[0] for line in private} <= {"orchestration/dagster_compat.py"}, listed
    assert len(private) <= 2, listed


def test_dagster_yaml_uses_stock_classes_only():
    text = (REPO_ROOT / "dagster.yaml").read_text(encoding="utf-8")
    assert "module:" not in text and "class:" not in text


def test_the_idle_daemon_runs_only_the_loops_zonestats_needs(tmp_path):
    """Each daemon thread wakes on its own interval whether or not it has work; the stream
    worker runs the inbox, so the daemon keeps schedules, backfills, the run queue (looked
    at every 15 s) and the sensor loop Dagster always starts (``zonestats bench idle``)."""
    import shutil

    import dagster as dg

    shutil.copyfile(REPO_ROOT / "dagster.yaml", tmp_path / "dagster.yaml")
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert sorted(instance.get_required_daemon_types()) == ["BACKFILL", "QUEUED_RUN_COORDINATOR", "SCHEDULER", "SENSOR"]
        assert instance.run_coordinator.dequeue_interval_seconds == 15
        assert instance.telemetry_enabled is False
        # one writer per DuckDB file: one step of the build pool at a time, across all runs
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1


def test_every_step_that_writes_the_build_file_is_in_the_build_pool():
    from orchestration.definitions import defs

    for job_name in ("refresh", "rebuild"):
        pools = {node.name: node.definition.pool for node in defs.resolve_job_def(job_name).graph.node_dict.values()}
        writers = {name for name in pools if name in {"warehouse", "great_expectations_suites", "published_warehouse"}}
        assert writers and {pools[name] for name in writers} == {"duckdb_build"}, pools
