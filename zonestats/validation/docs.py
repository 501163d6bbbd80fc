"""Great Expectations Data Docs: a static site of the latest validation, under var/data_docs/.

GX renders the site (suite pages and validation result pages, static HTML with local
CSS). Each run renders into a fresh folder that then replaces the previous site, so the
site always shows one whole run, never a mix.

GX's own ``index.html`` draws its tables with bootstrap-table loaded from a CDN: offline
(and this installation has no internet) it shows empty tables. So next to it we write
``summary.html``, a plain page listing each suite's outcome with links to GX's result
pages; that page is what the app links to.
"""

from __future__ import annotations

import html
import shutil
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from zonestats.settings import Settings

if TYPE_CHECKING:
    from zonestats.validation.runner import SuiteOutcome

SITE_NAME = "local"
SUMMARY_PAGE = "summary.html"


def data_docs_page(settings: Settings) -> Path:
    """Where the page the app links to is (or will be, once a validation rendered it)."""
    return settings.data_docs_dir / SUMMARY_PAGE


def data_docs_index(settings: Settings) -> Path | None:
    """The page the app links to, or None before the first validation."""
    page = data_docs_page(settings)
    return page if page.exists() else None


class DataDocsSite:
    """One run's site: rendered into a staging folder, then swapped into place."""

    def __init__(self, settings: Settings) -> None:
        self.target = settings.data_docs_dir
        self.staging = self.target.with_name(f".{self.target.name}-{uuid.uuid4().hex[:8]}")

    def context(self) -> Any:
        """An ephemeral GX context whose one Data Docs site is the staging folder."""
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        context.add_data_docs_site(
            site_name=SITE_NAME,
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(self.staging)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder", "show_cta_footer": False},
            },
        )
        return context

    def publish(self, validations: Sequence[tuple[Any, Any]], outcomes: Sequence["SuiteOutcome"], run_id: Any) -> Path:
        """Render ``validations`` (GX suites with their results) and the summary, swap the site in.

        The results enter a context of the site's own here, not during validation: storing
        them is part of the rendering's cost, which is paid after the publish.
        """
        from great_expectations.data_context.types.resource_identifiers import (
            ExpectationSuiteIdentifier,
            ValidationResultIdentifier,
        )

        context = self.context()
        for suite, result in validations:
            context.suites.add(suite)
            suite_id = ExpectationSuiteIdentifier(name=suite.name)
            context.validation_results_store.store_validation_results(
                suite_validation_result=result,
                suite_validation_result_identifier=ValidationResultIdentifier(
                    expectation_suite_identifier=suite_id, run_id=run_id, batch_identifier=result.meta["batch_id"]
                ),
                expectation_suite_identifier=suite_id,
            )
        context.build_data_docs(site_names=[SITE_NAME])
        (self.staging / SUMMARY_PAGE).write_text(_summary_html(self.staging, outcomes), encoding="utf-8")
        old = self.target.with_name(f".{self.target.name}-old-{uuid.uuid4().hex[:8]}")
        if self.target.exists():
            self.target.rename(old)
        self.staging.rename(self.target)
        shutil.rmtree(old, ignore_errors=True)
        return self.target / SUMMARY_PAGE

    def discard(self) -> None:
        """Remove the staging folder if the run stopped before publishing it."""
        shutil.rmtree(self.staging, ignore_errors=True)


def _summary_html(site: Path, outcomes: Sequence["SuiteOutcome"]) -> str:
    rows = []
    for o in outcomes:
        pages = sorted((site / "validations" / o.suite).rglob("*.html"))
        link = pages[0].relative_to(site).as_posix() if pages else None
        name = f'<a href="{html.escape(link)}">{html.escape(o.suite)}</a>' if link else html.escape(o.suite)
        status = "passed" if o.success else "FAILED (not published)"
        warnings = sum(1 for r in o.failures if not r["blocking"])
        rows.append(
            f"<tr><td>{name}</td><td>{html.escape(o.table)}</td><td>{len(o.rows)}</td>"
            f"<td>{len(o.blocking_failures)}</td><td>{warnings}</td><td>{status}</td></tr>"
        )
    failures = [
        f"<li><b>{'blocking' if r['blocking'] else 'warning'}</b> {html.escape(o.table)}: "
        f"{html.escape(r['expectation'])}({html.escape(r['column_name'])}) "
        f"{html.escape(r['observed_value'] or '')} — {html.escape(r['unexpected_examples'] or '')}</li>"
        for o in outcomes for r in o.failures
    ]
    run_at = outcomes[0].rows[0]["validated_at"].isoformat(timespec="seconds") if outcomes and outcomes[0].rows else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>zonestats validation</title>
<link rel="stylesheet" href="static/styles/data_docs_default_styles.css">
<style>body{{font-family:sans-serif;margin:2em}} td,th{{padding:.3em 1em;text-align:left}}</style></head>
<body><h1>Validation of the warehouse build</h1><p>Run at {html.escape(run_at)}.
Great Expectations' <a href="index.html">own index</a> needs internet for its tables; the result pages below do not.</p>
<table><tr><th>suite</th><th>table</th><th>expectations</th><th>blocking failures</th><th>warnings</th><th>status</th></tr>
{''.join(rows)}</table>
<h2>Failed expectations</h2><ul>{''.join(failures) or '<li>none</li>'}</ul></body></html>
"""
