"""Fetch configured sources into the inbox: each source on its own, failures reported, never raised.

A source's run: read its listing or feed (conditionally) for the document URLs, then fetch
each document conditionally. A 304 or identical bytes change nothing; new bytes go to the
document's inbox file (new, or replacing the previous version); a 404/410 of a known
document marks it gone and keeps its last version. Anything else that goes wrong is one
line in the source's report, and the next URL and the next source go on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Iterable

from zonestats.intake import content_id
from zonestats.settings import Settings
from zonestats.sources.config import Source
from zonestats.sources.discover import feed_links, listing_links
from zonestats.sources.http import Fetcher, FetchError, Policy, Validators
from zonestats.sources.store import (
    SourceState,
    UrlState,
    inbox_name,
    load_state,
    put_in_inbox,
    save_state,
    suffix_for,
    write_manifest,
)

# (source name, URLs done, URLs planned): what a progress bar needs
Progress = Callable[[str, int, int], None]


@dataclass
class SourceReport:
    name: str
    new: list[str] = field(default_factory=list)  # URLs whose first version arrived
    changed: list[str] = field(default_factory=list)  # URLs whose document was replaced
    unchanged: int = 0  # 304, or the same bytes again
    gone: list[str] = field(default_factory=list)  # known URLs that answered 404/410
    errors: list[str] = field(default_factory=list)
    planned: list[tuple[str, str]] = field(default_factory=list)  # a dry run: (URL, "new" | "re-check")

    @property
    def ok(self) -> bool:
        return not self.errors


def fetch_sources(
    settings: Settings,
    sources: Iterable[Source],
    progress: Progress | None = None,
    dry_run: bool = False,
) -> list[SourceReport]:
    """Fetch every source in turn (``dry_run``: only say what would be fetched)."""
    reports = []
    with Fetcher() as fetcher:
        for source in sources:
            report = SourceReport(source.name)
            try:
                _fetch_source(settings, source, fetcher, report, progress, dry_run)
            except Exception as error:  # noqa: BLE001 — one source's bug must not stop the others
                report.errors.append(f"{type(error).__name__}: {error}")
            if not dry_run:
                # after each source: the inbox sensor may process its documents before the
                # run ends, and their provenance should follow them soon
                write_manifest(settings)
            reports.append(report)
    return reports


def _policy(settings: Settings, source: Source) -> Policy:
    return Policy(
        allow_private=source.allow_private,
        min_interval_seconds=source.min_interval_seconds,
        timeout_seconds=source.timeout_seconds,
        retries=source.retries,
        max_bytes=source.max_bytes or settings.max_document_bytes,
    )


def _fetch_source(settings: Settings, source: Source, fetcher: Fetcher, report: SourceReport,
                  progress: Progress | None, dry_run: bool) -> None:
    state = load_state(settings, source.name, source.url)
    state.url, state.region = source.url, source.region
    policy = _policy(settings, source)
    try:
        urls = [source.url] if source.kind == "page" else _document_urls(source, state, fetcher, policy)
    except (FetchError, ValueError) as error:
        report.errors.append(f"{source.kind} {source.url}: {error}")
        return
    if dry_run:
        report.planned = [(url, "re-check" if url in state.urls else "new") for url in urls]
        return
    for done, url in enumerate(urls, 1):
        try:
            _fetch_document(settings, source, state, url, fetcher, policy, report)
        except FetchError as error:
            report.errors.append(str(error))
        if progress:
            progress(source.name, done, len(urls))
    save_state(settings, state)


def _document_urls(source: Source, state: SourceState, fetcher: Fetcher, policy: Policy) -> list[str]:
    """The listing's or feed's document links: re-read, or the last ones if it answered 304."""
    response = fetcher.get(source.url, policy, Validators(state.index_etag, state.index_last_modified))
    if response.not_modified:
        return list(state.links)
    if response.gone:
        raise FetchError(f"HTTP {response.status}")
    if source.kind == "feed":
        links = feed_links(response.content, source.pattern)
    else:
        links = listing_links(response.content, response.url, source.pattern or "")
    state.index_etag, state.index_last_modified = response.validators.etag, response.validators.last_modified
    state.links = links
    return links


def _fetch_document(settings: Settings, source: Source, state: SourceState, url: str,
                    fetcher: Fetcher, policy: Policy, report: SourceReport) -> None:
    entry = state.urls.get(url) or UrlState()
    now = datetime.now(timezone.utc).isoformat()
    response = fetcher.get(url, policy, Validators(entry.etag, entry.last_modified) if entry.doc_id else None)
    if response.gone:
        if entry.doc_id is None:
            raise FetchError(f"{url}: HTTP {response.status}")
        if entry.gone_since is None:
            entry.gone_since = now
            report.gone.append(url)
        entry.checked_at = now
        state.urls[url] = entry
        return
    entry.checked_at, entry.gone_since = now, None
    if response.not_modified:
        report.unchanged += 1
        state.urls[url] = entry
        return
    suffix = suffix_for(response.url, response.content_type)
    if suffix is None:
        raise FetchError(f"{url}: not a document type the pipeline reads ({response.content_type or 'no Content-Type'})")
    entry.etag, entry.last_modified = response.validators.etag, response.validators.last_modified
    doc_id = content_id(response.content)
    if doc_id == entry.doc_id:
        report.unchanged += 1
        state.urls[url] = entry
        return
    path = inbox_name(source.name, url, suffix)
    put_in_inbox(settings, path, response.content)
    if entry.path and entry.path != path:  # a page that became a PDF: one file per URL
        (settings.inbox / entry.path).unlink(missing_ok=True)
    (report.changed if entry.doc_id else report.new).append(url)
    entry.path = path
    entry.versions.append([doc_id, now])
    state.urls[url] = entry
