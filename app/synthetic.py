"""A warehouse in the marts' shape, built without the pipeline: for app tests and the bench.

The app's tests need a small warehouse with known content (including hostile document
text), and ``zonestats bench app`` needs a million figures; running extraction and dbt
for either would be slow and would test the wrong thing. The dimension tables come from
the dbt seeds, so region codes, metric labels and display units are the real ones; the
comparison tables are simple stand-ins derived from ``fct_figures`` in the same shape
as the marts. Nothing here is used by the app itself.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping

import duckdb
import pandas as pd

from zonestats.settings import REPO_ROOT

SEEDS = REPO_ROOT / "dbt_project" / "seeds"

DDL = """
create table dim_documents (
    doc_id varchar, file_name varchar, content_hash varchar, format varchar, encoding varchar,
    script varchar, n_bytes bigint, n_chars bigint, title varchar, regions varchar[], year integer,
    figure_count bigint, extractor_version varchar, status varchar, replaced_by varchar,
    quarantine_stage varchar, quarantine_reason varchar, ingested_at timestamptz, updated_at timestamptz
);
create table raw_figures (
    doc_id varchar, "start" bigint, "end" bigint, "text" varchar, "value" double, value_high double,
    unit varchar, metric varchar, measure varchar, region varchar, area varchar, subject varchar,
    period varchar, kind varchar, qualifier varchar, sentence varchar, extracted_at timestamptz
);
create table quarantine (
    doc_id varchar, file_name varchar, n_bytes bigint, stage varchar, reason varchar,
    quarantined_at timestamptz, in_inbox boolean
);
create table validation_results (
    validated_at timestamptz, suite varchar, table_name varchar, expectation varchar,
    column_name varchar, blocking boolean, success boolean, observed_value varchar,
    unexpected_count bigint, unexpected_examples varchar, run_seconds double
);
"""

# fct_figures from the raw records, as the mart derives it (display units, region code, years).
FCT_FIGURES = """
create table fct_figures as
select
    md5(f.doc_id || ':' || f."start" || ':' || f."end") as figure_id,
    f.doc_id, f."start", f."end", f."text", f."value", f.value_high, f.unit, f.metric, f.measure,
    f.region, r.code as region_code, f.area, f.subject, f.period,
    try_cast(f.period as integer) as period_year, f.kind, f.qualifier,
    f."value" / u.divisor as display_value, f.value_high / u.divisor as display_value_high,
    u.display_unit, f.sentence, d.year as doc_year,
    coalesce(try_cast(f.period as integer), d.year) as as_of_year,
    d.ingested_at as doc_ingested_at, f.extracted_at
from raw_figures as f
join dim_documents as d using (doc_id)
left join dim_units as u using (unit)
left join dim_regions as r on r.full_name = f.region
where d.status = 'live'
"""

LATEST_FIRST = 'as_of_year desc nulls last, (period is null) desc, doc_ingested_at desc, "start"'

_ZONE_LEVEL_COLUMNS = ", ".join(
    f"max(value) filter (where level = '{c}') as {c}, "
    f"min(start) filter (where level = '{c}') as {c}_start, "
    f"min(\"end\") filter (where level = '{c}') as {c}_end"
    for c in ("total", "national", "provincial")
)

# Stand-ins for the comparison marts: same columns, simpler rules.
CMP_ZONE_COUNTS = f"""
create table cmp_zone_counts as
with counts as (
    select region, region_code, doc_id, period, as_of_year, doc_ingested_at,
        case when subject like '国家级%' then 'national' when subject like '省级%' then 'provincial'
             else 'total' end as level,
        "value", "start", "end"
    from fct_figures
    where metric = 'zone_count' and measure = 'level' and kind = 'actual' and region is not null and area is null
),
statements as (
    select region, any_value(region_code) as region_code, doc_id, period,
        any_value(as_of_year) as as_of_year, any_value(doc_ingested_at) as doc_ingested_at, min("start") as "start",
        {_ZONE_LEVEL_COLUMNS}
    from counts
    group by region, doc_id, period
),
ranked as (
    select *, row_number() over (partition by region order by {LATEST_FIRST}) = 1 as is_latest
    from statements
)
select md5(r.region || ':' || r.doc_id || ':' || coalesce(r.period, '')) as zone_count_id,
    r.region, r.region_code, g.short_name as region_short_name, g.macro_region, r.doc_id, r.period,
    r.as_of_year, r.total, r.total_start, r.total_end, r.national, r.national_start, r.national_end,
    r.provincial, r.provincial_start, r.provincial_end, r.is_latest,
    case when r.is_latest and r.region <> '全国' and r.total is not null
        then rank() over (partition by r.is_latest and r.region <> '全国' and r.total is not null
                          order by r.total desc) end as total_rank
from ranked as r
left join dim_regions as g on g.full_name = r.region
"""

_A_LATEST_FIRST = 'a.as_of_year desc nulls last, (a.period is null) desc, a.doc_ingested_at desc, a."start"'

CMP_TARGETS = f"""
create table cmp_targets as
with targets as (
    select * from fct_figures
    where kind = 'target' and region is not null and period_year is not null and measure = 'level'
),
actuals as (
    select * from fct_figures where kind = 'actual' and measure = 'level' and as_of_year is not null
),
paired as (
    select t.*, a.display_value as actual_value, a."text" as actual_text, a.as_of_year as actual_year,
        a.doc_id as actual_doc_id, a."start" as actual_start, a."end" as actual_end,
        row_number() over (partition by t.figure_id order by {_A_LATEST_FIRST}) as n
    from targets as t
    left join actuals as a
        on a.region = t.region and a.metric = t.metric and a.unit = t.unit and a.subject = t.subject
)
select figure_id as target_id, region, region_code, metric, subject, unit, display_unit,
    period_year as due_year, display_value as target_value, "text" as target_text,
    doc_id, "start", "end", actual_value, actual_text, actual_year, actual_doc_id, actual_start, actual_end,
    target_value - actual_value as gap,
    actual_value / nullif(target_value, 0) as progress,
    case when actual_value > 0 and due_year > actual_year
        then power(target_value / actual_value, 1.0 / (due_year - actual_year)) - 1 end as required_cagr
from paired
where n = 1
"""

CMP_SCORECARD = f"""
create table cmp_scorecard as
with latest as (
    select region, metric, display_value, doc_id, "start", "end"
    from fct_figures
    where kind = 'actual' and measure = 'level' and area is null and region is not null
      and metric in ('zone_count', 'revenue', 'fdi')
    qualify row_number() over (partition by region, metric order by {LATEST_FIRST}) = 1
)
select region,
    max(display_value) filter (where metric = 'zone_count') as zone_count,
    max(display_value) filter (where metric = 'revenue') as revenue_yi,
    max(display_value) filter (where metric = 'fdi') as fdi_yi_usd,
    any_value(doc_id) as doc_id
from latest
group by region
"""

CMP_CONFLICTS = """
create table cmp_conflicts as
select a.region, a.metric, a.subject, a.period, a."value" as value_a, b."value" as value_b,
    a.doc_id as doc_id, a."start", a."end", b.doc_id as other_doc_id, b."start" as other_start
from fct_figures as a
join fct_figures as b
    on a.region = b.region and a.metric = b.metric and a.measure = b.measure and a.subject = b.subject
   and a.period = b.period and a.unit = b.unit and a.kind = 'actual' and b.kind = 'actual'
   and a.doc_id < b.doc_id and a."value" <> b."value"
"""

# Synthetic figures for the bench: one document per 200 figures, metrics, regions and
# values spread by hashing the row number, so the data has the marts' cardinalities.
SYNTHETIC = """
insert into dim_documents
select 'syn' || lpad(d::varchar, 13, '0'), 'synthetic_' || d || '.txt', 'syn' || d, 'txt', 'utf-8',
    'simplified', 20000, 8000, '合成文件 ' || d, [regions[1 + hash(d) % len(regions)]], 2015 + d % 10,
    200, 'synthetic', 'live', null, null, null, now() - to_seconds(d), now() - to_seconds(d)
from range($n_docs) as t(d), (select list(full_name) as regions from dim_regions);

insert into raw_figures
select 'syn' || lpad((i // 200)::varchar, 13, '0'), (i % 200) * 40, (i % 200) * 40 + 6,
    (hash(i) % 1000)::varchar || '亿元', (hash(i) % 100000) * 1e6, null,
    units[1 + hash(i + 1) % len(units)], metrics[1 + hash(i + 2) % len(metrics)],
    measures[1 + hash(i + 3) % len(measures)], regions[1 + hash(i + 4) % len(regions)],
    case when hash(i + 5) % 3 = 0 then '某开发区' end, '合成主体' || (hash(i + 6) % 50),
    (2010 + hash(i + 7) % 16)::varchar, case when hash(i + 8) % 4 = 0 then 'target' else 'actual' end,
    'exact', '合成句子。', now() - to_seconds(i)
from range($n) as t(i),
    (select list(full_name) as regions from dim_regions),
    (select list(metric) as metrics from dim_metrics),
    (select ['level', 'level', 'growth', 'share', 'difference'] as measures),
    (select ['count', 'CNY', 'USD', 'percent'] as units);
"""


def build_warehouse(
    path: Path,
    documents: Iterable[Mapping[str, Any]] = (),
    figures: Iterable[Mapping[str, Any]] = (),
    quarantine: Iterable[Mapping[str, Any]] = (),
    validation: Iterable[Mapping[str, Any]] = (),
    n_synthetic: int = 0,
) -> None:
    """Write a warehouse file with these rows (plus ``n_synthetic`` generated figures)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        for table, seed in (("dim_regions", "regions"), ("dim_metrics", "dim_metrics"),
                            ("dim_measures", "dim_measures"), ("dim_units", "dim_units")):
            con.execute(f"create table {table} as select * from read_csv(?, all_varchar = true)",
                        [str(SEEDS / f"{seed}.csv")])
        con.execute("alter table dim_units alter divisor type double")
        con.execute(DDL)
        for table, rows in (("dim_documents", documents), ("raw_figures", figures),
                            ("quarantine", quarantine), ("validation_results", validation)):
            _insert(con, table, list(rows))
        if n_synthetic:
            con.execute(SYNTHETIC.replace("$n_docs", str(max(1, n_synthetic // 200)))
                        .replace("$n", str(int(n_synthetic))))
        con.execute(FCT_FIGURES)
        con.execute("drop table raw_figures")
        con.execute("""update dim_documents as d set figure_count = c.n
                       from (select doc_id, count(*) as n from fct_figures group by doc_id) as c
                       where c.doc_id = d.doc_id and d.figure_count is null""")
        for statement in (CMP_ZONE_COUNTS, CMP_TARGETS, CMP_SCORECARD, CMP_CONFLICTS):
            con.execute(statement)
        con.execute("checkpoint")


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[Mapping[str, Any]]) -> None:
    if not rows:
        return
    frame = pd.DataFrame(rows)  # noqa: F841 (read by name in the SQL below)
    con.execute(f"insert into {table} by name select * from frame")


def now() -> datetime:
    return datetime.now(timezone.utc)
