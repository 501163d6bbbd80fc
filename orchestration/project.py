"""The dbt project as dagster-dbt sees it (its own module, so the manifest can be
prepared with ``dagster-dbt project prepare-and-package --file orchestration/project.py``
before the definitions load)."""

from dagster_dbt import DbtProject

from zonestats.settings import REPO_ROOT

dbt_project = DbtProject(
    project_dir=REPO_ROOT / "dbt_project",
    profiles_dir=REPO_ROOT / "dbt_project",
)
