"""The expectation suites: which table each validates and what must hold.

Blocking expectations are invariants of the record contract; judgements carry
``mostly`` and only warn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from extract.records import KINDS, MEASURES, METRICS, QUALIFIERS, UNITS


@dataclass(frozen=True)
class Suite:
    name: str
    table: str  # the dbt model (and Dagster asset) it validates
    query: str
    expectations: Callable[[], list[Any]] = field(repr=False)


def _raw_figures() -> list[Any]:
    import great_expectations as gx

    e = gx.expectations
    required = ["doc_id", "start", "end", "text", "value", "unit", "metric", "measure", "subject", "kind", "qualifier"]
    return [
        *(e.ExpectColumnValuesToNotBeNull(column=c) for c in required),
        e.ExpectColumnValuesToBeInSet(column="unit", value_set=list(UNITS)),
        e.ExpectColumnValuesToBeInSet(column="metric", value_set=list(METRICS)),
        e.ExpectColumnValuesToBeInSet(column="measure", value_set=list(MEASURES)),
        e.ExpectColumnValuesToBeInSet(column="kind", value_set=list(KINDS)),
        e.ExpectColumnValuesToBeInSet(column="qualifier", value_set=list(QUALIFIERS)),
        e.ExpectCompoundColumnsToBeUnique(column_list=["doc_id", "start"]),
    ]


SUITES: tuple[Suite, ...] = (
    Suite(
        name="raw_figures",
        table="fct_figures",
        query="select * from fct_figures",
        expectations=_raw_figures,
    ),
)
