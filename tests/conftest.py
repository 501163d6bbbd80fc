"""Shared fixtures: an isolated zonestats home per test (or per module for slow builds)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from zonestats.settings import REPO_ROOT, Settings
from zonestats.state import ensure_state

SAMPLES = REPO_ROOT / "data" / "samples"


def pytest_sessionstart(session: pytest.Session) -> None:
    """dagster-dbt reads dbt's manifest when the definitions are imported, so parse the
    dbt project (as ``dagster-dbt project prepare-and-package`` would) before collection."""
    from orchestration.project import ensure_manifest
    from zonestats.settings import get_settings

    get_settings().export_env()  # PATH for dbt, telemetry off
    ensure_manifest()

GOLD = REPO_ROOT / "tests" / "gold"


def make_home(root: Path, with_samples: bool = False) -> Settings:
    """A fresh installation rooted at ``root`` with its env exported (dbt reads it)."""
    settings = Settings(home=root)
    settings.export_env()
    ensure_state(settings)
    if with_samples:
        for sample in SAMPLES.glob("*.txt"):
            shutil.copyfile(sample, settings.inbox / sample.name)
    return settings


@pytest.fixture(autouse=True)
def _restore_environment():
    """Tests point ZONESTATS_HOME and friends at temporary folders; put them back after."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture
def home(tmp_path: Path) -> Settings:
    return make_home(tmp_path)


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A Dagster instance configured by the repo's dagster.yaml, in a DAGSTER_HOME of its own."""
    import dagster as dg

    dagster_home = tmp_path / "dagster"
    dagster_home.mkdir()
    shutil.copyfile(REPO_ROOT / "dagster.yaml", dagster_home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(dagster_home))
    instance = dg.DagsterInstance.get()
    yield instance
    instance.dispose()
