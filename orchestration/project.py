"""The dbt project as dagster-dbt sees it (its own module, so the manifest can be
prepared with ``dagster-dbt project prepare-and-package --file orchestration/project.py``
before the definitions load)."""

import json

import dagster as dg
from dagster_dbt import DbtProject

from zonestats.settings import REPO_ROOT

dbt_project = DbtProject(
    project_dir=REPO_ROOT / "dbt_project",
    profiles_dir=REPO_ROOT / "dbt_project",
)


def ensure_manifest() -> None:
    """Parse the dbt project when its manifest is missing or older than any project file.

    dagster-dbt reads the manifest when the definitions are imported; a full ``dbt parse``
    costs seconds to a minute, so it is skipped when nothing changed.
    """
    manifest = dbt_project.manifest_path
    if manifest.exists():
        built = manifest.stat().st_mtime
        sources = (
            p for p in dbt_project.project_dir.rglob("*")
            if p.suffix in {".sql", ".yml", ".yaml", ".csv"} and dbt_project.target_path not in p.parents
        )
        if all(p.stat().st_mtime <= built for p in sources):
            return
    dbt_project.preparer.prepare(dbt_project)


def table_models() -> list[dg.AssetKey]:
    """The dbt models every build rebuilds: the tables and incremental models built from
    the per-document state (a streaming build leaves views and ``static`` tables built
    from seeds alone, see dbt_project/selectors.yml)."""
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    return [
        dg.AssetKey(node["name"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["config"]["materialized"] in {"table", "incremental"}
        and "static" not in node["config"]["tags"]
    ]
