"""The warehouse on DuckLake: the same dbt models, a shared catalog, Parquet data files.

One DuckDB file has one writer and lives on one disk. When the warehouse must outgrow
that, the dbt project runs unchanged against a DuckLake: table metadata in a catalog
database (PostgreSQL, so many machines can read and write; or a local ``.ducklake`` file)
and table data as Parquet files in a folder or an object-store prefix.

The switch is the environment:

- ``ZONESTATS_WAREHOUSE=ducklake`` selects the profiles in ``dbt_project/profiles/ducklake``
  (:func:`dbt_profiles_dir`); anything else, or unset, keeps the single DuckDB file;
- ``ZONESTATS_DUCKLAKE_CATALOG``: what follows ``ducklake:`` in the ATTACH, e.g.
  ``postgres:dbname=zonestats host=db.internal user=zonestats`` (default: a DuckDB-file
  catalog under ``warehouse/``);
- ``ZONESTATS_DUCKLAKE_DATA``: where the Parquet files go, a folder or ``s3://bucket/prefix/``
  (default ``warehouse/lake/``);
- ``ZONESTATS_DUCKDB_EXTENSIONS``: the DuckDB extension directory (default ``var/duckdb_extensions``).

Nothing may download at run time, so the ducklake and postgres extensions are installed
from the ``duckdb-extension-ducklake`` / ``duckdb-extension-postgres`` wheels (which ship
the binaries) into that directory; DuckDB then autoloads them on ATTACH.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from zonestats.settings import REPO_ROOT, Settings

WAREHOUSE = "ZONESTATS_WAREHOUSE"
PROFILES_DIR = REPO_ROOT / "dbt_project" / "profiles" / "ducklake"
ALIAS = "lake"  # the attached catalog's name, as in the profile
# extension name -> the wheel that ships it
_WHEELS = {"ducklake": "duckdb_extension_ducklake", "postgres": "duckdb_extension_postgres"}


def enabled() -> bool:
    return os.environ.get(WAREHOUSE, "duckdb").strip().lower() == "ducklake"


def dbt_profiles_dir() -> Path:
    """The profiles folder dbt must use for the warehouse the environment selects."""
    return PROFILES_DIR if enabled() else REPO_ROOT / "dbt_project"


@dataclass(frozen=True, slots=True)
class Lake:
    catalog: str  # what follows "ducklake:" in the ATTACH
    data_path: str  # folder or object-store prefix for the Parquet files
    extensions: Path  # DuckDB extension directory

    @classmethod
    def from_env(cls, settings: Settings) -> "Lake":
        return cls(
            catalog=os.environ.get("ZONESTATS_DUCKLAKE_CATALOG", str(settings.warehouse_dir / "catalog.ducklake")),
            data_path=os.environ.get("ZONESTATS_DUCKLAKE_DATA", str(settings.warehouse_dir / "lake") + "/"),
            extensions=Path(os.environ.get("ZONESTATS_DUCKDB_EXTENSIONS", settings.state / "duckdb_extensions")),
        )

    def export_env(self) -> dict[str, str]:
        """Install the extensions and set the variables the DuckLake profile reads."""
        install_extensions(self.extensions)
        env = {
            "ZONESTATS_DUCKLAKE_CATALOG": self.catalog,
            "ZONESTATS_DUCKLAKE_DATA": self.data_path,
            "ZONESTATS_DUCKDB_EXTENSIONS": str(self.extensions),
        }
        os.environ.update(env)
        return env

    def connect(self, read_only: bool = True, snapshot: int | None = None) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB with the lake attached as ``lake``.

        ``snapshot`` pins the lake at one snapshot: how readers see only a validated
        build on DuckLake, where the single-file warehouse copies and swaps a file
        (the publish step records :meth:`current_snapshot` once validation passed).
        """
        install_extensions(self.extensions)
        con = duckdb.connect(config={"extension_directory": str(self.extensions),
                                     "autoinstall_known_extensions": False})
        options = [f"DATA_PATH '{_quote(self.data_path)}'"]
        if read_only:
            options.append("READ_ONLY")
        if snapshot is not None:
            options.append(f"SNAPSHOT_VERSION {int(snapshot)}")
        con.execute(f"ATTACH 'ducklake:{_quote(self.catalog)}' AS {ALIAS} ({', '.join(options)})")
        return con

    def current_snapshot(self) -> int:
        """The lake's latest snapshot id (each committed dbt model adds one)."""
        with self.connect() as con:
            return int(con.execute(f"select id from {ALIAS}.current_snapshot()").fetchone()[0])


def extension_file(name: str) -> Path:
    """The extension binary shipped inside its wheel."""
    spec = importlib.util.find_spec(_WHEELS[name])
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{_WHEELS[name]} is not installed (pip install {_WHEELS[name].replace('_', '-')})")
    return next(Path(spec.submodule_search_locations[0]).rglob(f"{name}.duckdb_extension"))


def install_extensions(directory: Path) -> None:
    """Copy the shipped extensions into ``directory`` (DuckDB's INSTALL from a local file).

    Installing by path, then letting DuckDB autoload by name, matters for postgres: its
    binary is registered as ``postgres_scanner``, which a LOAD by file name would miss.
    """
    marker = directory / f"installed-{duckdb.__version__}"
    if marker.exists():
        return
    directory.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(config={"extension_directory": str(directory)}) as con:
        for name in _WHEELS:
            con.install_extension(str(extension_file(name)))
    marker.touch()


def _quote(text: str) -> str:
    return text.replace("'", "''")
