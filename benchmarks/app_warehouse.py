"""Published warehouses built without the Dagster pipeline: for app tests and the bench.

Both write per-document state files (the same Parquet the workers write) and then run
the real dbt project, the validation loader and the publish step, so the app is always
tested and timed against the marts' actual shape. What is skipped is extraction (the
figures are given or generated) and the dbt data tests (the bench's random figures
would not pass them, and they are the pipeline's job, not the app's).
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import duckdb

from zonestats.offline_build import run_dbt
from zonestats.settings import REPO_ROOT, Settings
from zonestats.state import ensure_state, write_table
from zonestats.validation.runner import RESULT_SCHEMA, load_results_into_build
from zonestats.warehouse import publish

SEEDS = REPO_ROOT / "dbt_project" / "seeds"


def build_and_publish(settings: Settings, validation: Iterable[Mapping[str, Any]] = ()) -> None:
    """dbt build (models and seeds) over the state under ``settings``, then publish."""
    result = run_dbt(settings, "build", "--exclude-resource-type", "test",
                     "--exclude-resource-type", "unit_test", target_path=settings.state / "dbt_target")
    if result.returncode != 0:
        raise RuntimeError(f"dbt build failed:\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}")
    rows = list(validation)
    if rows:
        write_table(settings.validation_dir / "results.parquet", rows, RESULT_SCHEMA)
    load_results_into_build(settings)
    publish(settings)


# Synthetic state for the bench: one document per FIGURES_PER_DOC figures; regions,
# metrics, measures, periods and values spread by hashing the row number, with units
# that fit the metric and measure, so the marts see realistic cardinalities.
FIGURES_PER_DOC = 200
COUNT_METRICS = "('zone_count', 'enterprise_count', 'project_count', 'cluster_count', 'platform_count')"

SYNTHETIC_DOCUMENTS = """
copy (
    select 'syn' || lpad(d::varchar, 13, '0') as doc_id, 'syn' || d as content_hash,
        'synthetic_' || d || '.txt' as file_name, 'txt' as format, 'utf-8' as encoding,
        'simplified' as script, 20000::bigint as n_bytes, 8000::bigint as n_chars,
        '合成文件 ' || d as title, [regions[1 + (hash(d) % len(regions))::bigint]] as regions,
        (2015 + d % 10)::bigint as year, 'synthetic' as extractor_version,
        timestamptz '2024-01-01 00:00:00+00' + to_seconds(d) as ingested_at
    from range({n_docs}) as t(d), (select list(full_name) as regions from read_csv('{seeds}/regions.csv'))
) to '{state}/documents/synthetic.parquet' (format parquet);

copy (
    select '{inbox}/synthetic_' || d || '.txt' as path, 'syn' || lpad(d::varchar, 13, '0') as doc_id,
        20000::bigint as n_bytes, timestamptz '2024-01-01 00:00:00+00' + to_seconds(d) as modified_at,
        timestamptz '2024-06-01 00:00:00+00' as scanned_at
    from range({n_docs}) as t(d)
) to '{state}/intake/inbox.parquet' (format parquet);
"""

SYNTHETIC_FIGURES = """
copy (
    with picked as (
        select i,
            metrics[1 + (hash(i + 2) % len(metrics))::bigint] as metric,
            ['level', 'level', 'level', 'growth', 'share', 'difference'][1 + (hash(i + 3) % 6)::bigint] as measure
        from range({n}) as t(i), (select list(metric) as metrics from read_csv('{seeds}/dim_metrics.csv'))
    )
    select 'syn' || lpad((i // {per_doc})::varchar, 13, '0') as doc_id,
        ((i % {per_doc}) * 40)::bigint as "start", ((i % {per_doc}) * 40 + 6)::bigint as "end",
        (hash(i) % 1000)::varchar || '亿元' as "text", ((hash(i) % 100000) * 1e6)::double as "value",
        null::double as value_high,
        case when measure in ('growth', 'share') then 'percent'
             when metric in {count_metrics} then 'count'
             when metric = 'fdi' then 'USD' else 'CNY' end as unit,
        metric, measure, regions[1 + (hash(i + 4) % len(regions))::bigint] as region,
        case when hash(i + 5) % 3 = 0 then '某开发区' end as area,
        case when metric = 'zone_count' then ['开发区', '国家级开发区', '省级开发区'][1 + (hash(i + 6) % 3)::bigint]
             else '合成主体' || (hash(i + 6) % 50) end as subject,
        (2010 + hash(i + 7) % 16)::varchar as period,
        case when hash(i + 8) % 4 = 0 then 'target' else 'actual' end as kind,
        'exact' as qualifier, '合成句子。' as sentence,
        timestamptz '2024-01-01 00:00:00+00' + to_seconds(i // {per_doc}) as extracted_at
    from picked, (select list(full_name) as regions from read_csv('{seeds}/regions.csv'))
) to '{state}/figures/synthetic.parquet' (format parquet);
"""


def write_synthetic_state(settings: Settings, n_figures: int) -> int:
    """Per-document state for ``n_figures`` generated figures; returns the document count."""
    ensure_state(settings)
    n_docs = max(1, n_figures // FIGURES_PER_DOC)
    values = dict(n=int(n_figures), n_docs=n_docs, per_doc=FIGURES_PER_DOC, seeds=SEEDS,
                  state=settings.state, inbox=settings.inbox, count_metrics=COUNT_METRICS)
    with duckdb.connect() as con:
        con.execute(SYNTHETIC_DOCUMENTS.format(**values))
        con.execute(SYNTHETIC_FIGURES.format(**values))
    return n_docs
