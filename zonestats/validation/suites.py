"""The expectation suites: which table each validates and what must hold there.

Two kinds of expectation, told apart by GX's own ``severity``:

* ``critical`` — an invariant of the record contract (``docs/figures-spec.md``) or of a
  mart's definition. A failure blocks publishing.
* ``warning`` — a judgement (a plausible size, a sane growth rate). It carries
  ``mostly`` so a few outliers pass, and a failure only warns.

Expectations are built per run from :class:`BuildFacts`, because some bounds come from
the build itself (the region names of ``dim_regions``, whether a mart's inputs exist).
Great Expectations is imported inside the builders only: importing it costs seconds,
and the CLI and Dagster import this module on every start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

import pandas as pd

from extract.records import KINDS, MEASURES, METRICS, QUALIFIERS, UNITS
from zonestats.settings import Settings
from zonestats.validation.provenance import spans_match_texts

if TYPE_CHECKING:
    from great_expectations.expectations import Expectation

WARNING_MOSTLY = 0.99  # a judgement holds for all but 1 % of rows

# Bounds of plausible levels. A zone's, a province's and the nation's amounts all fit:
# China's GDP is ~1.3e14 yuan, so no statement about a level should exceed 2e14.
MAX_CNY_LEVEL = 2e14
MAX_USD_LEVEL = 3e13
MAX_GROWTH_PERCENT = 1000.0
FIRST_YEAR, LAST_YEAR = 1949, 2100


@dataclass(frozen=True)
class BuildFacts:
    """What the suites need to know about the build beyond the table each one checks."""

    tables: frozenset[str]
    regions: tuple[str, ...]  # dim_regions.full_name (includes 全国)
    zone_count_inputs: int  # rows of the int_zone_counts view cmp_zone_counts groups
    # fct_figures rows cmp_targets is built from (in a streaming validation: those loaded
    # since the last publish, as the suite then sees only the target rows built since)
    target_inputs: int
    documents: int = 0  # documents with figures in the build: whether a failure is every document's


@dataclass(frozen=True)
class Suite:
    name: str
    table: str  # the dbt model, and Dagster asset, it validates
    # what to read from the build file: only the columns the suite needs, numbers as
    # bigint/double (GX's range checks are vectorised for int64 and float64 only)
    query: str
    key: tuple[str, ...]  # columns that name an offending row in the results
    expectations: Callable[[BuildFacts], list["Expectation"]] = field(repr=False)
    # adds computed columns (e.g. provenance) to the frame before validation
    prepare: Callable[[pd.DataFrame, Settings], pd.DataFrame] | None = field(default=None, repr=False)
    # a table built incrementally whose rows carry loaded_at and do not change once
    # loaded: a streaming build validates only its rows loaded since the last publish
    # (see run_suites)
    incremental: bool = False

    def sql(self, since: str | None) -> str:
        if since and self.incremental:
            return f"{self.query} where {loaded_since(since)}"
        return self.query


def loaded_since(since: str) -> str:
    """The rows loaded after ``since``, the load time of the newest figure of the last
    published build."""
    return f"loaded_at > '{since}'::timestamptz"


def read_facts(con: Any, since: str | None = None) -> BuildFacts:
    """Collect the build facts with one DuckDB connection to the build file; ``since``:
    the facts of a streaming validation (of the rows loaded since, Suite.incremental)."""
    tables = frozenset(r[0] for r in con.execute("select table_name from information_schema.tables").fetchall())

    def rows(sql: str, table: str) -> list[tuple]:
        return con.execute(sql).fetchall() if table in tables else []

    regions = rows("select full_name from dim_regions where full_name is not null", "dim_regions")
    # int_zone_counts (a dbt view) holds the zone counts whose subject names a whole class
    # of zones; only those reach cmp_zone_counts, so only they make an empty mart a fault
    [(zone_counts,)] = rows("select count(*) from int_zone_counts", "int_zone_counts") or [(0,)]
    loaded = f" and {loaded_since(since)}" if since else ""
    [(targets,)] = rows(f"select count(*) from fct_figures where kind = 'target'{loaded}", "fct_figures") or [(0,)]
    [(documents,)] = rows("select count(distinct doc_id) from fct_figures", "fct_figures") or [(0,)]
    return BuildFacts(
        tables=tables, regions=tuple(r[0] for r in regions), zone_count_inputs=zone_counts, target_inputs=targets,
        documents=documents,
    )


# -- figures -----------------------------------------------------------------------------

def _prepare_figures(frame: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    frame["span_matches_text"] = spans_match_texts(frame, settings.texts_dir)
    frame["value_is_whole"] = frame["value"].mod(1).eq(0)
    return frame


def _figures(facts: BuildFacts) -> list["Expectation"]:
    import great_expectations as gx
    from great_expectations.expectations.row_conditions import Column

    e = gx.expectations
    required = ("doc_id", "start", "end", "text", "value", "unit", "metric", "measure", "subject", "kind", "qualifier")
    enums = {"unit": UNITS, "metric": METRICS, "measure": MEASURES, "kind": KINDS, "qualifier": QUALIFIERS}
    level = Column("measure") == "level"
    return [
        *(e.ExpectColumnValuesToNotBeNull(column=c) for c in required),
        *(e.ExpectColumnValuesToBeInSet(column=c, value_set=list(values)) for c, values in enums.items()),
        e.ExpectCompoundColumnsToBeUnique(column_list=["doc_id", "start"]),
        # provenance: the span's characters in the decoded document are the record's text
        e.ExpectColumnValuesToBeInSet(column="span_matches_text", value_set=[True]),
        e.ExpectColumnValuesToBeBetween(column="start", min_value=0),
        e.ExpectColumnPairValuesAToBeGreaterThanB(column_A="end", column_B="start"),
        e.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="value_high", column_B="value", or_equal=True, ignore_row_if="either_value_is_missing"
        ),
        e.ExpectColumnValuesToNotBeNull(column="value_high", row_condition=Column("qualifier") == "range"),
        # values per unit and measure: what cannot be otherwise
        e.ExpectColumnValuesToBeInSet(column="value_is_whole", value_set=[True], row_condition=Column("unit").is_in(["count", "rank"])),
        e.ExpectColumnValuesToBeBetween(column="value", min_value=0, row_condition=level),
        e.ExpectColumnValuesToBeBetween(column="value", min_value=1, row_condition=Column("unit") == "rank"),
        e.ExpectColumnValuesToBeBetween(
            column="value", min_value=0, max_value=100,
            row_condition=(Column("measure") == "share") & (Column("unit") == "percent"),
        ),
        e.ExpectColumnValuesToBeBetween(
            column="value", min_value=-100,
            row_condition=(Column("measure") == "growth") & (Column("unit") == "percent"),
        ),
        e.ExpectColumnValuesToMatchRegex(column="period", regex=r"^\d{4}$"),
        e.ExpectColumnValuesToBeBetween(column="period_year", min_value=FIRST_YEAR, max_value=LAST_YEAR),
        _regions_resolve(facts),
        # judgements: plausible sizes
        e.ExpectColumnValuesToBeBetween(
            column="value", max_value=MAX_GROWTH_PERCENT, mostly=WARNING_MOSTLY, severity="warning",
            row_condition=(Column("measure") == "growth") & (Column("unit") == "percent"),
        ),
        e.ExpectColumnValuesToBeBetween(
            column="value", min_value=0, strict_min=True, max_value=MAX_CNY_LEVEL, mostly=WARNING_MOSTLY,
            severity="warning", row_condition=level & (Column("unit") == "CNY"),
        ),
        e.ExpectColumnValuesToBeBetween(
            column="value", min_value=0, strict_min=True, max_value=MAX_USD_LEVEL, mostly=WARNING_MOSTLY,
            severity="warning", row_condition=level & (Column("unit") == "USD"),
        ),
    ]


def _regions_resolve(facts: BuildFacts) -> "Expectation":
    """Every named region is a full name in ``dim_regions`` (null: the text does not say)."""
    import great_expectations as gx

    return gx.expectations.ExpectColumnValuesToBeInSet(column="region", value_set=list(facts.regions))


def _non_empty_when(inputs: int) -> "Expectation":
    """A comparison table has rows whenever the figures it is built from exist."""
    import great_expectations as gx

    return gx.expectations.ExpectTableRowCountToBeBetween(min_value=1 if inputs else 0)


# -- marts -------------------------------------------------------------------------------

def _zone_counts(facts: BuildFacts) -> list["Expectation"]:
    import great_expectations as gx

    e = gx.expectations
    return [
        _regions_resolve(facts),
        _non_empty_when(facts.zone_count_inputs),
        *(e.ExpectColumnValuesToBeBetween(column=c, min_value=0) for c in ("total", "national", "provincial")),
        e.ExpectColumnValuesToBeInSet(column="parts_within_total", value_set=[True]),
    ]


def _targets(facts: BuildFacts) -> list["Expectation"]:
    import great_expectations as gx

    e = gx.expectations
    return [
        _regions_resolve(facts),
        _non_empty_when(facts.target_inputs),
        e.ExpectColumnValuesToMatchRegex(column="due_year", regex=r"^\d{4}$"),
        e.ExpectColumnValuesToBeBetween(column="due_year_int", min_value=FIRST_YEAR, max_value=LAST_YEAR),
        # the spec allows a target without a year (到“十四五”末 has one, 力争 alone has none),
        # but a comparison of targets is only useful when most say when they are due
        e.ExpectColumnValuesToNotBeNull(column="due_year", mostly=0.5, severity="warning"),
    ]


SUITES: tuple[Suite, ...] = (
    Suite(
        name="figures",
        table="fct_figures",
        query="""select doc_id, "start", "end", "text", "value", value_high, unit, metric, measure,
                        region, subject, period, try_cast(period as double) as period_year,
                        kind, qualifier
                 from fct_figures""",
        key=("doc_id", "start"),
        expectations=_figures,
        prepare=_prepare_figures,
        incremental=True,
    ),
    Suite(
        name="zone_counts",
        table="cmp_zone_counts",
        # stated together: the parts of a total the same document gives for the same period
        query="""select region, doc_id, period, total, national, provincial,
                        case when total is null or national is null or provincial is null then null
                             else national + provincial <= total end as parts_within_total
                 from cmp_zone_counts""",
        key=("region", "doc_id", "period"),
        expectations=_zone_counts,
    ),
    Suite(
        name="targets",
        table="cmp_targets",
        query="""select region, target_doc_id as doc_id, target_start as "start", due_year,
                        try_cast(due_year as double) as due_year_int
                 from cmp_targets""",
        key=("doc_id", "start"),
        expectations=_targets,
        incremental=True,
    ),
)
