"""Web sources as a Dagster asset, and one schedule per distinct cron of ``sources.yml``.

``web_sources`` fetches the named sources (all, unnamed) into the inbox; the stream
worker then processes what arrived like any dropped file, so fetching never writes the
warehouse and needs no slot of its pool. Each schedule runs the asset for the sources
sharing its cron. Schedules are built when the definitions load: after editing
``sources.yml``, reload the code location (or restart ``zonestats run``). A file that
does not validate gives no schedules and a warning, and stops nothing else.
"""

import hashlib
import logging
import re
from itertools import groupby

import dagster as dg

from orchestration.resources import ZonestatsHome
from zonestats.settings import Settings
from zonestats.sources.config import SourcesError, load_sources
from zonestats.sources.fetch import fetch_sources

_log = logging.getLogger(__name__)


class SourcesConfig(dg.Config):
    """Which sources to fetch: their names, or every configured source when empty."""

    names: list[str] = []


@dg.asset(group_name="ingest", kinds={"python"})
def web_sources(context: dg.AssetExecutionContext, config: SourcesConfig, zonestats: ZonestatsHome) -> dg.MaterializeResult:
    """The configured web pages, listings and feeds, fetched into the inbox (new or changed
    documents only; conditional requests); failures are reported per source."""
    settings = zonestats.settings
    configured = load_sources(settings.sources_file)
    unknown = set(config.names) - {s.name for s in configured}
    if unknown:  # removed since the schedules were loaded: the others are still fetched
        context.log.warning(f"no longer in {settings.sources_file}: {', '.join(sorted(unknown))}")
    chosen = [s for s in configured if not config.names or s.name in config.names]
    reports = fetch_sources(settings, chosen)
    for report in reports:
        for error in report.errors:
            context.log.warning(f"{report.name}: {error}")
        context.log.info(f"{report.name}: {len(report.new)} new, {len(report.changed)} changed, "
                         f"{report.unchanged} unchanged, {len(report.gone)} gone, {len(report.errors)} failed")
    return dg.MaterializeResult(metadata={
        "sources": len(reports),
        "new": sum(len(r.new) for r in reports),
        "changed": sum(len(r.changed) for r in reports),
        "unchanged": sum(r.unchanged for r in reports),
        "gone": sum(len(r.gone) for r in reports),
        "failed_sources": dg.MetadataValue.json({r.name: r.errors for r in reports if r.errors}),
    })


fetch_sources_job = dg.define_asset_job(
    name="fetch_sources",
    selection=dg.AssetSelection.assets(web_sources),
    executor_def=dg.in_process_executor,
    description="Fetch web sources into the inbox (the stream worker processes what arrives).",
)


def source_schedules(settings: Settings) -> list[dg.ScheduleDefinition]:
    """One schedule per distinct cron in ``sources.yml``, each fetching its sources."""
    try:
        sources = load_sources(settings.sources_file)
    except SourcesError as error:
        _log.warning("no source schedules: %s", error)
        return []
    by_cron = groupby(sorted(sources, key=lambda s: s.cron), key=lambda s: s.cron)
    return [
        dg.ScheduleDefinition(
            name=schedule_name(cron),
            cron_schedule=cron,
            job=fetch_sources_job,
            run_config={"ops": {"web_sources": {"config": {"names": [s.name for s in group]}}}},
            default_status=dg.DefaultScheduleStatus.RUNNING,
            description=f"Fetch {', '.join(s.name for s in group)} ({cron}).",
        )
        for cron, group in ((c, list(g)) for c, g in by_cron)
    ]


def schedule_name(cron: str) -> str:
    """Readable and stable for a cron (Dagster keeps a schedule's on/off state by name)."""
    readable = re.sub(r"[^0-9A-Za-z]+", "_", cron.replace("*", "x")).strip("_")
    return f"fetch_sources_{readable}_{hashlib.sha256(cron.encode()).hexdigest()[:4]}"
