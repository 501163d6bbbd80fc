"""What one evaluation of the inbox sensor costs the code server that runs it every second.

Dagster hands each evaluation a reference to the instance; opening an instance from it
checks every SQLite schema (alembic), so the sensor opens one per process and reuses it.
"""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import dagster as dg

from orchestration import sensors
from zonestats.settings import REPO_ROOT


def test_evaluations_share_one_instance_per_process(tmp_path, monkeypatch):
    home = tmp_path / "dagster"
    home.mkdir()
    shutil.copyfile(REPO_ROOT / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    ref = dg.DagsterInstance.get().get_ref()
    opened = []
    original = dg.DagsterInstance.from_ref
    monkeypatch.setattr(dg.DagsterInstance, "from_ref", staticmethod(lambda r: opened.append(r) or original(r)))
    sensors._instance_for.cache_clear()

    first = sensors._instance(SimpleNamespace(instance_ref=ref))
    second = sensors._instance(SimpleNamespace(instance_ref=ref))
    assert first is second and len(opened) == 1
    assert first.root_directory == str(home)


def test_a_context_built_around_an_instance_uses_it():
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(instance=instance)
        assert sensors._instance(context) is instance
