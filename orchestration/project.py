"""The dbt project as dagster-dbt sees it (its own module, so the manifest can be
prepared with ``dagster-dbt project prepare-and-package --file orchestration/project.py``
before the definitions load)."""

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
