"""Every SQL statement the pages run, in one place.

The pages call these through :mod:`app.data` and the benchmark (``zonestats bench app``)
times exactly the same statements, so a slow page shows up in the bench, not in a
stakeholder's browser. Parameters are always bound (``?``), never formatted in; the
only SQL built from pieces is :func:`figures_filter`, and its pieces are fixed column
names chosen from :data:`FIGURE_FILTERS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The order that makes a figure the "latest" statement for its region: the latest
# year it holds for, then an undated statement (截至目前) before dated ones of the same
# document, then the most recently ingested document, then the first in the document.
# Same rule as the marts' latest_first() macro.
LATEST_FIRST = 'as_of_year desc nulls last, (period is null) desc, doc_ingested_at desc, "start"'

TABLES = """
select table_name from information_schema.tables
where table_catalog = current_database() and table_schema = 'main'
"""

SCHEMA = """
select table_name, column_name, data_type
from information_schema.columns
where table_catalog = current_database() and table_schema = 'main'
order by table_name, ordinal_position
"""

# -- every page: the validation status of the published build -------------------------
VALIDATION_SUMMARY = """
select
    max(validated_at)                                   as validated_at,
    count(*)                                            as checks,
    count(*) filter (where blocking and not success)    as blocking_failures,
    count(*) filter (where not blocking and not success) as warnings
from validation_results
where validated_at = (select max(validated_at) from validation_results)
"""

# -- overview ---------------------------------------------------------------------------
OVERVIEW_COUNTS = """
select
    (select count(*) from dim_documents where status = 'live')                    as documents,
    (select count(*) from fct_figures)                                             as figures,
    (select count(distinct region) from fct_figures where region_code is not null
        and region <> '全国')                                                       as provinces
"""

# The newest figures: the top 20 first, then their labels (a join before the sort
# would label a million rows).
LATEST_FIGURES = """
with latest as (
    select extracted_at, region, subject, display_value, display_unit, "text", metric, indicator_id, population,
           period, kind, doc_id, "start", "end"
    from fct_figures
    order by extracted_at desc, doc_id, "start"
    limit 20
)
-- the indicator's name where the figure has one, else its metric's
select l.*, coalesce(i.name_zh, m.label_zh) as metric_zh, coalesce(i.name_en, m.label_en) as metric_en
from latest as l
left join dim_metrics as m using (metric)
left join dim_indicators as i using (indicator_id)
order by l.extracted_at desc, l.doc_id, l."start"
"""

REGIONS = """
select code, full_name, short_name, macro_region, macro_region_en
from dim_regions
where full_name <> '全国'
order by code
"""

FIGURES_PER_REGION = """
select region, count(*) as value, '' as display_unit
from fct_figures
where region is not null
group by region
"""

METRICS = "select metric, label_zh, label_en from dim_metrics order by metric"

# One row per region: the latest actual figure of an indicator for one population of
# zones (or the economy) for the whole region (no zone or narrower area), in the unit
# most figures of that indicator use, so the bars of one chart share a unit. The choice
# is made once per publish by dbt (cmp_latest_levels, the latest_first() rule); this
# reads its ≤ 35 rows for the chart. Parameters: indicator_id, population.
LATEST_BY_REGION = """
select region, region_code, display_value as value, display_unit, "text", subject,
       as_of_year, doc_id, "start", "end"
from cmp_latest_levels
where indicator_id = ? and population = ?
order by value desc
"""

# The indicators × populations the latest-level charts can show, most regions first:
# what the Provinces page and the tile map offer. Names in both languages.
LEVEL_CHOICES = """
select l.indicator_id, l.population, i.name_zh, i.name_en, count(*) as regions
from cmp_latest_levels as l
join dim_indicators as i using (indicator_id)
group by all
order by regions desc, l.indicator_id, l.population
"""

GROWTH_CHOICES = """
select g.indicator_id, g.population, i.name_zh, i.name_en, count(distinct g.region) as regions
from cmp_growth as g
join dim_indicators as i using (indicator_id)
where g.is_headline and g.region <> '全国'
group by all
order by regions desc, g.indicator_id, g.population
"""

INDICATORS = "select indicator_id, name_zh, name_en, definition from dim_indicators order by indicator_id"

POPULATIONS = """
select population, any_value(name_zh order by priority) as name_zh, any_value(name_en order by priority) as name_en
from population_rules
group by population
"""

# -- provinces ----------------------------------------------------------------------
ZONE_COUNTS = """
select region, region_short_name, total, national, provincial, total_rank,
       doc_id, period, as_of_year,
       total_start, total_end, national_start, national_end, provincial_start, provincial_end,
       -- the row's source: the total where the document states one, else the first level
       coalesce(total_start, national_start, provincial_start) as "start",
       case when total_start is not null then total_end
            when national_start is not null then national_end
            else provincial_end end as "end"
from cmp_zone_counts
where is_latest and region <> '全国'
order by total desc nulls last, national desc nulls last
"""

# Growth rates by region: each region's headline growth of an indicator for one
# population, for its latest period, with the national rate of the same indicator and
# population beside it. Parameters: indicator_id, population.
GROWTH_BY_REGION = """
select region, growth_pct as value, '%' as display_unit, "text", subject, period,
       try_cast(period as integer) as as_of_year, national_growth_pct, doc_id, "start", "end"
from cmp_growth
where indicator_id = ? and population = ? and is_headline and region <> '全国'
qualify row_number() over (partition by region order by period desc nulls last) = 1
order by value desc
"""

# The scorecard's key figures. Each cites a figure_id; the source link resolves it on
# click (FIGURE_SOURCE), since finding them here would scan every figure per view.
SCORECARD_METRICS = ("revenue", "tax_revenue", "fdi", "domestic_investment")
SCORECARD = f"""
select region, zones_total, zones_national, zones_provincial, zones_total_rank, zones_period, zones_doc_id,
       {", ".join(f"{m}, {m}_unit, {m}_period, {m}_growth_pct, {m}_figure_id" for m in SCORECARD_METRICS)}
from cmp_scorecard
order by zones_total desc nulls last, region
"""

# -- targets --------------------------------------------------------------------------
# Progress is only meaningful for a level (an amount or count) target with an actual;
# every actual is of the target's own indicator, population and place (cmp_targets).
TARGET_COLUMNS = """
    t.region, t.indicator_id, t.indicator_name_zh, t.indicator_name_en, t.population, t.comparison,
    t.metric, t.measure, t.subject,
    t.area, try_cast(t.due_year as integer) as due_year,
    t.target_display_value as target_value, t.target_text,
    t.actual_display_value as actual_value, t.actual_text, t.actual_year, t.display_unit,
    t.gap_display as gap,
    case when t.measure = 'level' and t.target_value > 0 and t.actual_value >= 0
         then t.actual_value / t.target_value end as progress,
    t.required_cagr_pct,
    t.target_doc_id as doc_id, t.target_start as "start", t.target_end as "end",
    t.actual_doc_id, t.actual_start, t.actual_end
"""

TARGET_FILTER_OPTIONS = """
select
    list(distinct region order by region) filter (where region is not null)   as region,
    list(distinct indicator_id order by indicator_id) filter (where indicator_id is not null) as indicator_id,
    list(distinct due_year order by due_year) filter (where due_year is not null) as due_year
from cmp_targets
"""


# The list's order: targets with a comparable actual first, then region, indicator
# (unmapped last), due year.
TARGET_ORDER = ("t.actual_value is null, t.region, t.indicator_id is null, t.indicator_id, "
                "try_cast(t.due_year as integer), t.target_id")


def targets_page(selected: dict[str, list[Any]], limit: int = 500) -> tuple[Sql, Sql]:
    """The count and the first ``limit`` targets matching the filters (region, indicator_id, due_year).

    The first ``limit`` matches are chosen on the narrow columns of the order (a top-N,
    not a sort of every target) and only they are then read whole, by rowid.
    """
    where, params = where_in({f"t.{column}": values for column, values in selected.items()})
    count = Sql(f"select count(*) as n from cmp_targets as t {where}", params)
    rows = Sql(
        f"with listed as (select rowid as rid from cmp_targets as t {where} "
        f"order by {TARGET_ORDER} limit {int(limit)}) "
        f"select {TARGET_COLUMNS} from cmp_targets as t "
        f"where rowid in (select rid from listed) order by {TARGET_ORDER}",
        params,
    )
    return count, rows


# -- province and zone profiles -------------------------------------------------------
# Every indicator over the years for one place: each statement of each point, the
# winner first, with its source span (cmp_indicator_series). The pages chart the winners
# and list the rest as sources, disagreements flagged. Parameter: the region, or the zone.
SERIES_COLUMNS = """
    indicator_id, indicator_name_zh, indicator_name_en, population, place_area, series_subject,
    "year", display_value, display_unit, "text", is_winner, n_statements, n_values,
    disagrees_with_winner, winner_display_value, winner_doc_id, subject, doc_id, "start", "end", sentence
"""
PROVINCE_SERIES = f"""
select {SERIES_COLUMNS}
from cmp_indicator_series
where region = ?
order by indicator_id, population, place_area nulls first, series_subject nulls first, "year", is_winner desc, doc_id
"""

ZONE_SERIES = f"""
select {SERIES_COLUMNS}
from cmp_indicator_series
where zone_name = ?
order by indicator_id, population, series_subject nulls first, "year", is_winner desc, doc_id
"""

ZONES = """
select zone_name, names_written, aliases, level, zone_type, city, province, figure_count, document_count
from dim_zones
order by province_code nulls last, zone_name
"""

# What maps to no indicator, most frequent first (unmapped_subjects).
UNMAPPED = """
select subject, metric, measure, unit, figure_count, document_count, regions, example_sentence, example_figure_id
from unmapped_subjects
order by figure_count desc, document_count desc, metric, subject
"""

MAPPING_SHARE = "select count(indicator_id) as mapped, count(*) as figures from fct_figures"

# -- documents ----------------------------------------------------------------------
DOCUMENTS = """
select doc_id, title, file_name, regions, year, script, format, figure_count, status,
       quarantine_stage, quarantine_reason, coalesce(ingested_at, updated_at) as added_at,
       source_name, source_url, fetched_at, gone
from dim_documents
order by added_at desc nulls last, doc_id
"""

FIGURE_SOURCE = 'select doc_id, "start", "end" from fct_figures where figure_id = ?'

DOCUMENT_FIGURES = """
select f.figure_id, f."start", f."end", f."text", f.display_value, f.display_unit,
       f.metric, m.label_zh as metric_zh, m.label_en as metric_en, f.measure, f.region,
       f.area, f.subject, f.period, f.kind, f.qualifier, f."value", f.unit, f.origin, f.corrected_by
from fct_figures as f
left join dim_metrics as m using (metric)
where f.doc_id = ?
order by f."start"
"""

# -- figures --------------------------------------------------------------------------
# Filters of the Figures page: the widget key → the column it filters on.
FIGURE_FILTERS: dict[str, str] = {
    "region": "region",
    "metric": "metric",
    "measure": "measure",
    "kind": "kind",
    "period": "period",
    "doc_id": "doc_id",
}

# The filter choices come from the dimensions (a million-row DISTINCT per filter would
# cost more than the page); kinds are the contract's two.
FIGURE_FILTER_OPTIONS = """
select
    (select list(full_name order by code) from dim_regions)                   as region,
    (select list(metric order by metric) from dim_metrics)                    as metric,
    (select list(measure order by measure) from dim_measures)                 as measure,
    ['actual', 'target']                                                      as kind,
    (select list(period order by period desc) from dim_periods)               as period,
    (select list(doc_id order by doc_id) from dim_documents where status = 'live') as doc_id
"""

FIGURE_COLUMNS = """
    region, area, subject, display_value, display_unit, "text", metric, measure, kind,
    qualifier, period, "value", value_high, unit, doc_id, "start", "end", sentence, figure_id,
    origin, corrected_by, corrected_at, correction_reason
"""


@dataclass(frozen=True)
class Sql:
    """A statement and its bound parameters."""

    sql: str
    params: tuple[Any, ...] = ()

    def __iter__(self):  # so `run_query(db, *statement)` reads naturally
        return iter((self.sql, self.params))


def where_in(selected: dict[str, list[Any]]) -> tuple[str, tuple[Any, ...]]:
    """A WHERE clause keeping rows whose column is among the selected values (empty: no filter).

    The keys are column names chosen by the calling code, never user input; the values
    are bound as list parameters.
    """
    clauses = [f"list_contains(?, {column})" for column, values in selected.items() if values]
    params = tuple(list(values) for values in selected.values() if values)
    return ("where " + " and ".join(clauses)) if clauses else "", params


def figures_filter(selected: dict[str, list[str]], search: str = "") -> tuple[str, tuple[Any, ...]]:
    """The WHERE clause (and its parameters) for the Figures page's filters and text search."""
    where, params = where_in({FIGURE_FILTERS[key]: values for key, values in selected.items()})
    if search:
        where += (" and " if where else "where ") + (
            '(contains(subject, ?) or contains("text", ?) or contains(coalesce(area, \'\'), ?))')
        params += (search,) * 3
    return where, params


@dataclass(frozen=True)
class FiguresPage:
    """The Figures page's statements: its rows, and an exact count only where it is free."""

    rows: Sql  # the first ``limit + 1`` matches: one more than shown says "there are more"
    limit: int
    total: Sql | None = None  # the table's row count, when nothing is filtered

    def statements(self) -> list[Sql]:
        return [s for s in (self.total, self.rows) if s is not None]


def figures_page(selected: dict[str, list[str]], search: str = "", limit: int = 1000) -> FiguresPage:
    """The first ``limit`` (+ 1) rows of the filtered figures, in table order.

    Counting every match of a filter or a text search costs a scan of a million rows,
    as much again as the rows; the page shows "``limit``+" instead, from the one extra
    row fetched. Unfiltered, the count is the table's size (no scan).
    """
    where, params = figures_filter(selected, search)
    # In table order (the build's, document by document): sorting a million rows for
    # the first page would cost more than the whole page.
    n = int(limit) + 1
    if search:
        # contains() is not pushed into the scan, so the wide columns of every row that
        # passes the other filters would be read: the matches are found on the filtered
        # columns alone, and only the ≤ limit + 1 of them are then read whole, by rowid.
        rows = Sql(f"with hits as (select rowid as rid from fct_figures {where} limit {n}) "
                   f"select {FIGURE_COLUMNS} from fct_figures where rowid in (select rid from hits) "
                   f"order by rowid", params)
    else:
        rows = Sql(f"select {FIGURE_COLUMNS} from fct_figures {where} limit {n}", params)
    total = None if where else Sql("select count(*) as n from fct_figures")
    return FiguresPage(rows, int(limit), total)


def figures_export(selected: dict[str, list[str]], search: str = "") -> Sql:
    """Every filtered figure, for the downloads."""
    where, params = figures_filter(selected, search)
    return Sql(f'select {FIGURE_COLUMNS} from fct_figures {where} order by doc_id, "start"', params)


# -- data quality ---------------------------------------------------------------------
VALIDATION_LATEST = """
select suite, table_name, expectation, column_name, arguments, blocking, success, observed_value,
       unexpected_count, unexpected_examples, validated_at, run_seconds
from validation_results
where validated_at = (select max(validated_at) from validation_results)
order by success, blocking desc, suite, expectation
"""

VALIDATION_HISTORY = """
select validated_at, count(*) as checks,
       count(*) filter (where not success) as failed,
       count(*) filter (where blocking and not success) as blocking_failed
from validation_results
group by validated_at
order by validated_at desc
limit 50
"""

CONFLICTS = """
select region, indicator_id, population, metric, measure, kind, period, area, subject, same_document,
       text_a, text_b, value_a, value_b, relative_difference,
       doc_id_a, start_a, end_a, doc_id_b, start_b, end_b, sentence_a, sentence_b
from cmp_conflicts
order by relative_difference desc nulls last
limit 1000
"""

QUARANTINE = "select * from quarantine order by quarantined_at desc"

# -- upload ---------------------------------------------------------------------------
PUBLISHED_DOCUMENTS = """
select d.doc_id, d.status, count(f.doc_id) as figures
from dim_documents as d
left join fct_figures as f using (doc_id)
where list_contains(?, d.doc_id)
group by all
"""


# -- review (app/views/review.py) ----------------------------------------------------------
COLUMNS_OF = "select column_name from duckdb_columns() where table_name = ?"
CORRECTION_IDS = "select correction_id from corrections"

REVIEW_DOCUMENTS = """
select d.doc_id, d.title, d.file_name, d.content_hash, d.figure_count,
       d.doc_id in (select doc_id from corrections where action = 'reviewed' and status = 'applied') as reviewed
from dim_documents as d
where d.status = 'live'
order by reviewed, d.doc_id
"""

DOCUMENT_CORRECTIONS = """
select created_at, action, "start", "end", "text", new_values, author, reason, status, orphan_reason, correction_id
from corrections
where doc_id = ?
order by created_at desc
"""

ORPHANED_CORRECTIONS = """
select created_at, doc_id, file_name, action, "text", new_values, author, reason, orphan_reason, correction_id
from corrections
where status = 'orphaned'
order by created_at desc
"""


def review_queue(columns: set[str], has_conflicts: bool, doc_id: str | None, limit: int = 300) -> Sql:
    """Figures still to check: of documents not marked reviewed, not corrected yet;
    conflicting and unmapped ones first, then the least confident, then in text order.

    ``confidence`` and ``indicator`` are ordered on only where the warehouse has them
    (other work adds them), so the page works with and without."""
    order = []
    if has_conflicts:
        order.append("f.figure_id in (select figure_id_a from cmp_conflicts) desc")
    if "indicator" in columns:
        order.append("(f.indicator is null) desc")
    if "confidence" in columns:
        order.append("f.confidence asc nulls first")
    order += ["f.doc_id", 'f."start"']
    where = ["f.origin = 'extracted'",
             "f.doc_id not in (select doc_id from corrections where action = 'reviewed' and status = 'applied')"]
    params: tuple[Any, ...] = ()
    if doc_id:
        where.append("f.doc_id = ?")
        params = (doc_id,)
    return Sql(f"""select f.figure_id, f.doc_id, d.content_hash, f."start", f."end", f."text", f.sentence,
                          f."value", f.value_high, f.unit, f.metric, f.measure, f.region, f.area, f.subject,
                          f.period, f.kind, f.qualifier
                   from fct_figures as f join dim_documents as d using (doc_id)
                   where {' and '.join(where)}
                   order by {', '.join(order)}
                   limit {int(limit)}""", params)
