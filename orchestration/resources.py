"""Resources: where the installation lives, configured once in Definitions."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from zonestats.settings import Settings


class ZonestatsHome(dg.ConfigurableResource):
    """The installation's home folder; every path derives from it (see zonestats.settings)."""

    home: str
    max_document_bytes: int = 20 * 1024 * 1024

    @property
    def settings(self) -> Settings:
        return Settings(home=Path(self.home), max_document_bytes=self.max_document_bytes)
