"""sources.yml: validation that names the entry and field, `zonestats sources add|list|check`,
and the shipped example (which fetches nothing)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from orchestration.assets.sources import source_schedules
from zonestats.cli import app
from zonestats.sources.cli import install_example
from zonestats.sources.config import SourcesError, load_sources
from zonestats.sources.http import FetchError, check_url


def test_each_bad_entry_is_named_with_its_field(home):
    home.sources_file.write_text(
        "sources:\n"
        "  - {name: ok, url: 'https://example.org/a.html'}\n"
        "  - {name: hubei, url: 'https://example.org/', kind: listing}\n"
        "  - {name: feed2, url: 'ftp://example.org/f.xml', kind: feed, cron: 'every day'}\n"
        "  - {url: 'https://example.org/b.html', colour: red}\n"
        "  - {name: ok, url: 'https://example.org/c.html'}\n",
        encoding="utf-8",
    )
    with pytest.raises(SourcesError) as error:
        load_sources(home.sources_file)
    message = str(error.value)
    assert "source 'hubei' (entry 2), the entry: Value error, a listing needs a 'pattern'" in message
    assert "source 'feed2' (entry 3), field 'url': Value error, an http:// or https:// URL with a host" in message
    assert "source 'feed2' (entry 3), field 'cron': Value error, not a cron schedule" in message
    assert "entry 4, field 'name': Field required" in message
    assert "entry 4, field 'colour': Extra inputs are not permitted" in message
    assert "source 'ok' (entry 5), field 'name': used by an earlier entry" in message
    # a file that does not validate gives no schedules and stops nothing else
    assert source_schedules(home) == []


@pytest.mark.parametrize("text", ["- {name: a, url: 'https://example.org/'}\n", "source:\n  - {name: a}\n",
                                  "sources: {name: a}\n", "sources: [\n"])
def test_a_file_of_the_wrong_shape_is_an_error_not_an_empty_list(home, text):
    home.sources_file.write_text(text, encoding="utf-8")
    with pytest.raises(SourcesError, match="sources.yml: (expected a mapping|not valid YAML)"):
        load_sources(home.sources_file)


def test_the_shipped_example_fetches_nothing_and_add_appends_a_validated_entry(home):
    install_example(home)
    assert load_sources(home.sources_file) == [] and source_schedules(home) == []
    runner = CliRunner()

    added = runner.invoke(app, ["sources", "add", "hubei", "https://swt.hubei.gov.cn/news/", "--kind", "listing",
                                "--pattern", r"/news/\d+\.shtml$", "--region", "湖北省"])
    bad = runner.invoke(app, ["sources", "add", "stats", "https://stats.example.org/", "--kind", "listing"])
    again = runner.invoke(app, ["sources", "add", "hubei", "https://example.org/x.html"])
    feed = runner.invoke(app, ["sources", "add", "stats", "https://stats.example.org/rss.xml", "--kind", "feed",
                               "--cron", "15 8 * * 1-5"])

    assert added.exit_code == 0, added.output
    assert bad.exit_code == 2 and "a listing needs a 'pattern'" in bad.output
    assert again.exit_code == 2 and "exists already" in again.output
    assert feed.exit_code == 0, feed.output
    sources = load_sources(home.sources_file)
    assert [(s.name, s.kind, s.pattern, s.region, s.cron) for s in sources] == [
        ("hubei", "listing", r"/news/\d+\.shtml$", "湖北省", "0 6 * * *"),
        ("stats", "feed", None, None, "15 8 * * 1-5"),
    ]
    assert "# Examples" in home.sources_file.read_text(encoding="utf-8")  # the comments stay
    assert len(source_schedules(home)) == 2
    listed = runner.invoke(app, ["sources", "list"], terminal_width=200)
    assert listed.exit_code == 0 and "hubei" in listed.output and "15 8 * * 1-5" in listed.output


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1/", "http://10.1.2.3/x", "http://[::1]/",
                                 "http://169.254.169.254/latest/meta-data/", "http://localhost:8501/", "gopher://a/"])
def test_non_public_and_non_http_addresses_are_refused_unless_allowed(url):
    with pytest.raises(FetchError, match="refused"):
        check_url(url, allow_private=False)
    if url.startswith("http://1"):
        check_url(url, allow_private=True)  # an intranet source may name them


def test_check_is_a_dry_run_that_says_what_would_be_fetched_and_fetch_fetches(home):
    from tests.web_site import Page, Site

    with Site() as site:
        site.pages["/list/"] = Page(b'<a href="/list/1.html">1</a><a href="/list/2.html">2</a><a href="/x">x</a>')
        site.pages["/list/1.html"] = Page("<p>开发区12家</p>".encode())
        home.sources_file.write_text(
            f"sources:\n  - {{name: l, url: '{site.base}/list/', kind: listing, pattern: 'list/\\d', "
            "allow_private: true, min_interval_seconds: 0}\n", encoding="utf-8")

        result = CliRunner().invoke(app, ["sources", "check"], terminal_width=200)

        assert result.exit_code == 0, result.output
        assert f"new       {site.base}/list/1.html" in result.output
        assert f"new       {site.base}/list/2.html" in result.output
        assert [path for path, _ in site.requests()] == ["/robots.txt", "/list/"]  # no document fetched
        assert not any(home.inbox.rglob("*.html"))

        fetched = CliRunner().invoke(app, ["sources", "fetch", "l"], terminal_width=200)

        assert fetched.exit_code == 1  # 2.html does not exist: reported, and 1.html still fetched
        assert "list/2.html: HTTP 404" in fetched.output
        assert [p.name.split("-")[0] for p in home.inbox.rglob("*.html")] == ["1"]
