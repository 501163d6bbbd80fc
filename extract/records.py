"""The figure record: the contract between documents and the warehouse.

Mirrors ``figures-spec.md`` (shipped as ``docs/figures-spec.md``) field for field. The
extractor emits these, the gold annotations use the same shape, and the warehouse's
raw figures table has exactly these columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
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
    # How likely the whole record is right (0–1): the spec's extra output key.
    confidence: float = 1.0
    # What decided the uncertain fields ({"region": "sentence", "kind": "genre", …}); the
    # confidence is computed from it. Internal: never part of a record.
    evidence: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The record as the extractor outputs it: the spec's keys, then ``confidence``."""
        return {name: getattr(self, name) for name in OUTPUT_FIELDS}


# The record's keys as gold and the warehouse's raw figures table have them.
FIGURE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Figure))[:-2]
OUTPUT_FIELDS: tuple[str, ...] = (*FIGURE_FIELDS, "confidence")
