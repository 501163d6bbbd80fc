"""The figure record: the contract between documents and the warehouse.

Mirrors ``figures-spec.md`` (shipped as ``docs/figures-spec.md``) field for field. The
extractor emits these, the gold annotations use the same shape, and the warehouse's
raw figures table has exactly these columns.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

UNITS = (
    "count", "CNY", "USD", "percent", "percentage_point", "rank",
    "m2", "km2", "mu", "ton", "CNY_per_mu", "times", "other",
)
METRICS = (
    "zone_count", "revenue", "tax_revenue", "fiscal_revenue", "gdp", "industrial_output",
    "industrial_value_added", "investment", "fdi", "domestic_investment", "trade",
    "enterprise_count", "project_count", "cluster_count", "platform_count", "land",
    "environment", "threshold", "other",
)
MEASURES = ("level", "growth", "share", "difference", "rank")
KINDS = ("actual", "target")
QUALIFIERS = ("exact", "approx", "at_least", "at_most", "range")


@dataclass(frozen=True, slots=True)
class Figure:
    """One quantitative statement, with its character span in the decoded document."""

    doc_id: str
    start: int
    end: int
    text: str
    value: float
    value_high: float | None
    unit: str
    metric: str
    measure: str
    region: str | None
    area: str | None
    subject: str
    period: str | None
    kind: str
    qualifier: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


FIGURE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Figure))
