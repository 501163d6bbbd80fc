"""The dbt resource, minus two start-up costs dagster-dbt pays on every dbt invocation.

Before each ``dbt build`` dagster-dbt 0.29 (1) runs ``dbt --version`` in a subprocess —
a whole dbt start-up, ≈3.6 s of CPU — to learn the version of the dbt it will call,
and (2) builds a dbt adapter in the run process, loading every macro (≈2.8 s of CPU),
which it needs only to fetch column metadata or row counts, features we do not use.
Both sit on the path from a file drop to its publish, so both are skipped here: the
version comes from the installed dbt-core package (the ``dbt`` executable is that
package's script), and without an adapter dagster-dbt simply leaves those optional
metadata out. These override private members of a version-pinned library
(``dagster-dbt>=0.29,<0.30``); a new version may rename them, which only brings the
costs back.
"""

from collections.abc import Sequence
from functools import cached_property
from importlib.metadata import version as installed_version

from dagster_dbt import DbtCliResource
from packaging import version


class DbtCli(DbtCliResource):
    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None
