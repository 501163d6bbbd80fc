"""Where everything lives. One root (``ZONESTATS_HOME``) fixes every path.

Dagster, dbt, the app and the CLI all read their locations from here, and
:func:`Settings.export_env` hands the same paths to subprocesses (dbt reads
``ZONESTATS_BUILD_DB`` and ``ZONESTATS_STATE`` in ``profiles.yml`` and its sources),
so no path is written down twice.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """All paths of one zonestats installation, derived from its home folder."""

    home: Path
    max_document_bytes: int = DEFAULT_MAX_BYTES

    @classmethod
    def from_env(cls) -> "Settings":
        home = Path(os.environ.get("ZONESTATS_HOME", REPO_ROOT)).resolve()
        max_bytes = int(os.environ.get("ZONESTATS_MAX_DOCUMENT_BYTES", DEFAULT_MAX_BYTES))
        return cls(home=home, max_document_bytes=max_bytes)

    # -- inputs -------------------------------------------------------------
    @cached_property
    def inbox(self) -> Path:
        return self.home / "data" / "inbox"

    @cached_property
    def sources_file(self) -> Path:
        """Web pages, listings and feeds fetched on schedules (zonestats/sources/)."""
        return self.home / "sources.yml"

    @cached_property
    def samples(self) -> Path:
        return REPO_ROOT / "data" / "samples"

    # -- per-document state (files any worker may write) ---------------------
    @cached_property
    def state(self) -> Path:
        return self.home / "var"

    @cached_property
    def raw_dir(self) -> Path:
        """Content-addressed copies of every file that entered the inbox."""
        return self.state / "raw"

    @cached_property
    def intake_dir(self) -> Path:
        return self.state / "intake"

    @cached_property
    def documents_dir(self) -> Path:
        return self.state / "documents"

    @cached_property
    def texts_dir(self) -> Path:
        return self.state / "texts"

    @cached_property
    def figures_dir(self) -> Path:
        return self.state / "figures"

    @cached_property
    def quarantine_dir(self) -> Path:
        return self.state / "quarantine"

    @cached_property
    def corrections_dir(self) -> Path:
        """Analysts' corrections, one append-only file each (zonestats/corrections.py)."""
        return self.state / "corrections"

    @cached_property
    def users_dir(self) -> Path:
        """Local accounts of the app and their failed sign-ins (zonestats/users.py)."""
        return self.state / "users"

    @cached_property
    def held_dir(self) -> Path:
        """Documents validation held back, one file each (zonestats/validation/holds.py)."""
        return self.state / "held"

    @cached_property
    def validation_dir(self) -> Path:
        return self.state / "validation"

    @cached_property
    def data_docs_dir(self) -> Path:
        return self.state / "data_docs"

    @cached_property
    def dbt_target_dir(self) -> Path:
        """dbt's target folder: one per home, as the parsed project depends on its paths."""
        return self.state / "dbt"

    @cached_property
    def dagster_home(self) -> Path:
        return self.state / "dagster"

    # -- the warehouse ---------------------------------------------------------
    @cached_property
    def warehouse_dir(self) -> Path:
        return self.home / "warehouse"

    @cached_property
    def build_db(self) -> Path:
        """The one file dbt writes; never opened by readers."""
        return self.warehouse_dir / "build" / "zonestats.duckdb"

    @cached_property
    def published_db(self) -> Path:
        """The validated copy readers open read-only; replaced atomically."""
        return self.warehouse_dir / "zonestats.duckdb"

    @cached_property
    def publish_status(self) -> Path:
        return self.warehouse_dir / "status.json"

    def ensure_dirs(self) -> None:
        for path in (
            self.inbox, self.raw_dir, self.intake_dir, self.documents_dir, self.texts_dir,
            self.figures_dir, self.quarantine_dir, self.held_dir, self.validation_dir, self.dagster_home,
            self.build_db.parent,
        ):
            path.mkdir(parents=True, exist_ok=True)

    def subprocess_env(self) -> dict[str, str]:
        """The variables subprocesses such as dbt read, without setting them here."""
        env = {
            "ZONESTATS_HOME": str(self.home),
            "ZONESTATS_STATE": str(self.state),
            "ZONESTATS_BUILD_DB": str(self.build_db),
            "DAGSTER_HOME": str(self.dagster_home),
            "GX_ANALYTICS_ENABLED": "False",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        }
        # dbt (run by dagster-dbt as a subprocess) comes from this interpreter's environment
        bin_dir = str(Path(sys.executable).parent)
        if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
            env["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
        return env

    def export_env(self) -> dict[str, str]:
        """Set (and return) :meth:`subprocess_env` in this process's environment."""
        env = self.subprocess_env()
        os.environ.update(env)
        return env


def put_app_on_path() -> None:
    """Make ``import app`` work: the Streamlit app (``app/``) runs from the checkout and is
    not an installed package, but the CLI's benchmarks time its queries."""
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))


def get_settings() -> Settings:
    return Settings.from_env()
