"""Web sources end to end against a small site on 127.0.0.1 (tests/web_site.py).

The schedule built from sources.yml is evaluated and its run executed in process: it must
bring in exactly the new documents, fetch nothing new the second time (conditional
requests), replace a changed page's document, keep a vanished page's last version marked
gone, and report each failure (404, timeout, redirect loop, file:// redirect, oversized,
robots.txt, a private address not allowed) under its source without stopping the others.
"""

from __future__ import annotations

import dagster as dg
import pyarrow.parquet as pq
import pytest
import yaml

from orchestration.assets.sources import fetch_sources_job, source_schedules, web_sources
from orchestration.resources import ZonestatsHome
from tests.web_site import Page, Site
from zonestats.documents import ingest_document
from zonestats.intake import content_id, scan_inbox
from zonestats.settings import Settings
from zonestats.sources.store import MANIFEST

A1 = "<html><head><title>湖北开发区</title></head><body><article><p>截至2023年底，湖北省共有开发区103家，其中国家级开发区21家。</p></article></body></html>"
A2 = "<html><head><title>河南开发区</title></head><body><article><p>2023年河南省开发区实现营业收入3.2万亿元，增长8.5%。</p></article></body></html>"
F1 = "<html><body><article><p>2024年江苏省开发区实际使用外资120亿美元，较上年增长6.1%。</p></article></body></html>"
PAGE_V1 = "<html><body><article><p>浙江省共有省级以上开发区117家。</p></article></body></html>"
PAGE_V2 = "<html><body><article><p>浙江省共有省级以上开发区118家（2024年新增1家）。</p></article></body></html>"
CAP = 4096


def listing(base: str) -> str:
    links = ["a1.html", "a2.html", "missing.html", "slow.html", "loop.html", "to-file.html", "big.html",
             "big-stream.html", "secret/s.html"]
    items = "".join(f'<li><a href="/news/{link}">{link}</a></li>' for link in links)
    return f'<html><body><ul>{items}<li><a href="{base}/about.html">about</a></li></ul></body></html>'


def rss(base: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>开发区动态</title>'
        f'<item><title>江苏</title><link>{base}/feed/f1.html</link></item>'
        f'<item><title>又一篇</title><link>{base}/news/a1.html</link></item>'
        "</channel></rss>"
    )


@pytest.fixture
def site():
    with Site() as site:
        base = site.base
        site.pages.update({
            "/robots.txt": Page(b"User-agent: *\nDisallow: /news/secret/\n", "text/plain"),
            "/news/": Page(listing(base).encode()),
            "/news/a1.html": Page(A1.encode()),
            # GBK, said only in the header; validated by Last-Modified instead of an ETag
            "/news/a2.html": Page(A2.encode("gbk"), "text/html; charset=gbk", etag=False),
            "/news/slow.html": Page(b"<p>late</p>", slow=True),
            "/news/loop.html": Page(b"", status=302, location="/news/loop2.html"),
            "/news/loop2.html": Page(b"", status=301, location=f"{base}/news/loop.html"),
            "/news/to-file.html": Page(b"", status=302, location="file:///etc/passwd"),
            "/news/big.html": Page(b"<p>" + "开发区".encode() * CAP + b"</p>"),
            "/news/big-stream.html": Page(b"<p>" + "开发区".encode() * CAP + b"</p>", declare_length=False),
            "/news/secret/s.html": Page(A1.encode()),
            "/about.html": Page(b"<p>about</p>"),
            "/feed.xml": Page(rss(base).encode(), "application/rss+xml"),
            "/feed/f1.html": Page(F1.encode()),
            "/page.html": Page(PAGE_V1.encode()),
        })
        yield site


def write_sources(home: Settings, site: Site) -> None:
    polite = {"allow_private": True, "min_interval_seconds": 0, "timeout_seconds": 0.5, "retries": 2,
              "max_bytes": CAP}
    entries = [
        {"name": "news", "url": f"{site.base}/news/", "kind": "listing", "pattern": r"/news/.+\.html$",
         "region": "湖北省", **polite},
        {"name": "feed", "url": f"{site.base}/feed.xml", "kind": "feed", **polite},
        {"name": "zhejiang", "url": f"{site.base}/page.html", "cron": "0 * * * *", **polite},
        {"name": "gone-listing", "url": f"{site.base}/nothing/", "kind": "listing", "pattern": "x", **polite},
        # the same server without allow_private: refused, as any loopback address is
        {"name": "not-allowed", "url": f"{site.base}/page.html"},
    ]
    home.sources_file.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True), encoding="utf-8")


def run_schedules(home: Settings) -> dict[str, dict]:
    """Evaluate every source schedule and execute each run it requests, as the daemon would."""
    schedules = source_schedules(home)
    defs = dg.Definitions(
        assets=[web_sources], jobs=[fetch_sources_job], schedules=schedules,
        resources={"zonestats": ZonestatsHome(home=str(home.home))},
    )
    job = defs.resolve_job_def(fetch_sources_job.name)
    metadata = {}
    with dg.DagsterInstance.ephemeral() as instance:
        for schedule in schedules:
            with dg.build_schedule_context(instance=instance) as context:
                (request,) = schedule.evaluate_tick(context).run_requests
            result = job.execute_in_process(run_config=request.run_config, instance=instance)
            assert result.success
            (materialization,) = result.asset_materializations_for_node("web_sources")
            metadata[schedule.name] = {k: v.value for k, v in materialization.metadata.items()}
    return metadata


def inbox_ids(home: Settings) -> dict[str, str]:
    return {f.path: f.doc_id for f in scan_inbox(home).files}


def manifest(home: Settings) -> dict[str, dict]:
    return {row["doc_id"]: row for row in pq.read_table(home.intake_dir / MANIFEST).to_pylist()}


def test_a_schedule_run_brings_in_exactly_the_new_documents_and_reports_each_failure(home, site):
    write_sources(home, site)

    runs = run_schedules(home)

    assert len(runs) == 2  # one schedule per distinct cron: the hourly page, the daily others
    daily = next(m for name, m in runs.items() if "0_6" in name)
    hourly = next(m for name, m in runs.items() if "0_x" in name)
    # new URLs per source: a1, a2 (news); f1 and a1 again (feed): a1's bytes are one document
    assert (daily["new"], daily["sources"]) == (4, 4)
    assert hourly["new"] == 1
    expected = {content_id(body) for body in (A1.encode(), A2.encode("gbk"), F1.encode(), PAGE_V1.encode())}
    assert set(inbox_ids(home).values()) == expected
    failures = daily["failed_sources"]
    assert set(failures) == {"news", "gone-listing", "not-allowed"}
    news = " | ".join(failures["news"])
    assert len(failures["news"]) == 7
    for reason in ("missing.html: HTTP 404", "slow.html: no answer within 0.5 s (after 2 attempts)",
                   "redirect loop", "refused file:///etc/passwd", "big.html: 36,871 bytes, over the 4,096-byte cap",
                   "big-stream.html: over the 4,096-byte cap (stopped reading)",
                   "robots.txt of 127.0.0.1"):
        assert reason in news, reason
    assert failures["gone-listing"] == [f"listing {site.base}/nothing/: HTTP 404"]
    assert "non-public address (127.0.0.1)" in failures["not-allowed"][0]
    assert ("/about.html", 200) not in site.requests()  # not matched by the pattern

    # provenance: each document's URL, source, fetch time and region hint
    rows = manifest(home)
    assert {r["source_url"] for r in rows.values()} == {
        f"{site.base}{p}" for p in ("/news/a1.html", "/news/a2.html", "/feed/f1.html", "/page.html")}
    a2 = rows[content_id(A2.encode("gbk"))]
    assert (a2["source_name"], a2["region_hint"], a2["gone"]) == ("news", "湖北省", False)
    assert a2["fetched_at"] is not None

    # the GBK page reads as Chinese through the same decode step as any inbox file
    assert ingest_document(home, content_id(A2.encode("gbk"))).ok
    text = (home.texts_dir / f"{content_id(A2.encode('gbk'))}.txt").read_text(encoding="utf-8")
    assert "河南省开发区实现营业收入3.2万亿元" in text


@pytest.mark.slow
def test_a_second_run_fetches_nothing_new_with_conditional_requests(home, site):
    write_sources(home, site)
    run_schedules(home)
    before = inbox_ids(home)
    seen = len(site.log)

    runs = run_schedules(home)

    assert inbox_ids(home) == before
    assert sum(m["new"] + m["changed"] for m in runs.values()) == 0
    answers = dict(site.requests(seen))
    for path in ("/news/", "/news/a1.html", "/news/a2.html", "/feed.xml", "/feed/f1.html", "/page.html"):
        assert answers[path] == 304, path  # ETag or Last-Modified (a2) sent back, nothing re-read


@pytest.mark.slow
def test_a_changed_page_replaces_its_document_and_a_vanished_one_keeps_its_last_version(home, site):
    write_sources(home, site)
    run_schedules(home)
    (page_path,) = [p for p in inbox_ids(home) if p.startswith("web/zhejiang/")]

    site.pages["/page.html"] = Page(PAGE_V2.encode())
    del site.pages["/news/a1.html"]
    runs = run_schedules(home)

    ids = inbox_ids(home)
    assert ids[page_path] == content_id(PAGE_V2.encode())  # same file, new content: old doc superseded
    assert content_id(PAGE_V1.encode()) not in ids.values()
    assert sum(m["changed"] for m in runs.values()) == 1
    assert sum(m["gone"] for m in runs.values()) == 2  # a1, listed by both the news listing and the feed
    assert content_id(A1.encode()) in ids.values()  # gone, but its last version stays
    rows = manifest(home)
    assert rows[content_id(A1.encode())]["gone"] is True
    assert rows[content_id(PAGE_V1.encode())]["source_url"] == f"{site.base}/page.html"  # both versions traced
    assert rows[content_id(PAGE_V2.encode())]["gone"] is False

    site.pages["/news/a1.html"] = Page(A1.encode())  # back again: no longer gone, nothing new
    runs = run_schedules(home)
    assert manifest(home)[content_id(A1.encode())]["gone"] is False
    assert sum(m["new"] + m["changed"] for m in runs.values()) == 0


def test_requests_to_one_host_keep_the_sources_politeness_interval(home, site):
    entry = {"name": "polite", "url": f"{site.base}/news/", "kind": "listing", "pattern": r"/news/a\d\.html$",
             "allow_private": True, "min_interval_seconds": 0.4}
    home.sources_file.write_text(yaml.safe_dump({"sources": [entry]}), encoding="utf-8")

    run_schedules(home)

    times = sorted(at for _, _, at in site.log)  # arrival at the server
    assert len(times) == 4  # robots.txt, the listing, two articles
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.3  # 0.4 s less scheduling jitter; unthrottled: ~ms


def test_a_source_removed_after_its_schedule_was_loaded_does_not_stop_the_others(home, site):
    write_sources(home, site)
    schedules = source_schedules(home)
    entries = yaml.safe_load(home.sources_file.read_text(encoding="utf-8"))["sources"]
    kept = [e for e in entries if e["name"] in ("feed", "zhejiang")]
    home.sources_file.write_text(yaml.safe_dump({"sources": kept}, allow_unicode=True), encoding="utf-8")
    defs = dg.Definitions(assets=[web_sources], jobs=[fetch_sources_job], schedules=schedules,
                          resources={"zonestats": ZonestatsHome(home=str(home.home))})
    daily = next(s for s in schedules if "0_6" in s.name)  # news, feed, gone-listing, not-allowed

    with dg.DagsterInstance.ephemeral() as instance, dg.build_schedule_context(instance=instance) as context:
        (request,) = daily.evaluate_tick(context).run_requests
        result = defs.resolve_job_def(fetch_sources_job.name).execute_in_process(
            run_config=request.run_config, instance=instance)

    assert result.success
    assert {p.split("/")[1] for p in inbox_ids(home)} == {"feed"}


def test_a_fetch_in_progress_does_not_hold_back_the_stream_worker(home):
    from orchestration.inbox_runs import plan_run

    (home.inbox / "湖北.txt").write_text("湖北省共有开发区103家。", encoding="utf-8")
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_run(dg.DagsterRun(job_name=fetch_sources_job.name, status=dg.DagsterRunStatus.STARTED))
        assert plan_run(home, instance).job_name == "refresh"

        refresh = instance.add_run(dg.DagsterRun(job_name="refresh", status=dg.DagsterRunStatus.STARTED))
        plan = plan_run(home, instance)
        assert plan.job_name is None and plan.waiting and refresh.run_id[:8] in plan.skip_reason


def test_a_server_error_is_retried_with_backoff(home, site):
    site.pages["/busy.html"] = Page(PAGE_V1.encode(), unavailable=2)
    entry = {"name": "busy", "url": f"{site.base}/busy.html", "allow_private": True, "min_interval_seconds": 0}
    home.sources_file.write_text(yaml.safe_dump({"sources": [entry]}), encoding="utf-8")

    (run,) = run_schedules(home).values()

    assert run["new"] == 1 and run["failed_sources"] == {}
    busy = [(status, at) for path, status, at in site.log if path == "/busy.html"]
    assert [status for status, _ in busy] == [503, 503, 200]  # three attempts, the default
    assert busy[1][1] - busy[0][1] >= 0.9 and busy[2][1] - busy[1][1] >= 1.9  # backoff: 1 s, then 2 s
