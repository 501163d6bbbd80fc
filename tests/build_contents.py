"""What an incremental build and a full build of the same state must hold alike.

Each model a streaming build changes, read as a full build would make it: build times
(loaded_at) and the scan that first missed a removed document (updated_at) are each
build's own, and left out.
"""

from __future__ import annotations

from typing import Any

MODELS = {
    "stg_figures": "select * from stg_figures",
    "fct_figures": "select * exclude (loaded_at) from fct_figures",
    "dim_documents": "select * exclude (loaded_at, updated_at) from dim_documents",
    "cmp_conflicts": "select * from cmp_conflicts",
    "cmp_growth": "select * from cmp_growth",
    "cmp_latest_levels": "select * from cmp_latest_levels",
    "cmp_indicator_series": "select * from cmp_indicator_series",
    "cmp_targets": "select * exclude (loaded_at) from cmp_targets",
    "cmp_zone_counts": "select * from cmp_zone_counts",
    "cmp_scorecard": "select * from cmp_scorecard",
    "dim_periods": "select * from dim_periods",
}


def build_contents(con: Any) -> dict[str, list[str]]:
    """Every model of :data:`MODELS` as sorted row reprs, from a DuckDB connection."""
    return {name: sorted(map(repr, con.execute(sql).fetchall())) for name, sql in MODELS.items()}
