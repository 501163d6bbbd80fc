"""Resources: where the installation lives, configured once in Definitions."""

from pathlib import Path

import dagster as dg

from zonestats.settings import Settings


class ZonestatsHome(dg.ConfigurableResource):
    """The installation's home folder; every path derives from it (see zonestats.settings).

    Left unset, it follows ``ZONESTATS_HOME`` at run time (not at import time), so the
    same definitions serve ``zonestats run``, the CLI and tests with their own homes.
    """

    home: str | None = None

    @property
    def settings(self) -> Settings:
        from_env = Settings.from_env()
        if self.home is None:
            return from_env
        return Settings(home=Path(self.home), max_document_bytes=from_env.max_document_bytes)
