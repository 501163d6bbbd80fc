"""Fetched documents through the whole pipeline: provenance in dim_documents, a changed page
superseding its document, a vanished page kept and marked gone (the stream worker notices
that change too), and the app's Documents page showing and filtering by source."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest
import yaml
from streamlit.testing.v1 import AppTest

from orchestration.inbox_runs import plan_run
from orchestration.runner import refresh_now
from tests.conftest import make_home
from tests.web_site import Page, Site
from zonestats.cli import prepare_dbt
from zonestats.intake import content_id
from zonestats.settings import REPO_ROOT, Settings
from zonestats.sources.config import load_sources
from zonestats.sources.fetch import fetch_sources

pytestmark = pytest.mark.slow

V1 = "<html><body><article><p>截至2023年底，湖北省共有开发区103家，其中国家级开发区21家。</p></article></body></html>"
V2 = "<html><body><article><p>截至2024年底，湖北省共有开发区104家，其中国家级开发区21家。</p></article></body></html>"
OTHER = "<html><body><article><p>2023年河南省开发区实现营业收入3.2万亿元。</p></article></body></html>"


def documents(home: Settings) -> dict[str, tuple]:
    with duckdb.connect(str(home.published_db), read_only=True) as con:
        rows = con.execute(
            "select doc_id, status, replaced_by, source_name, source_url, fetched_at is not null, gone from dim_documents"
        ).fetchall()
    return {doc_id: tuple(rest) for doc_id, *rest in rows}


def fetch(home: Settings) -> None:
    (report,) = fetch_sources(home, load_sources(home.sources_file))
    assert report.ok, report.errors


def test_fetched_documents_carry_their_url_and_a_changed_or_vanished_page_is_kept(tmp_path):
    home = make_home(tmp_path / "home")
    prepare_dbt()
    instance = dg.DagsterInstance.ephemeral()
    with Site() as site:
        site.pages.update({"/zones/": Page(b'<a href="/zones/1.html">1</a><a href="/zones/2.html">2</a>'),
                           "/zones/1.html": Page(V1.encode()), "/zones/2.html": Page(OTHER.encode())})
        entry = {"name": "hubei", "url": f"{site.base}/zones/", "kind": "listing", "pattern": r"/zones/\d\.html$",
                 "allow_private": True, "min_interval_seconds": 0}
        home.sources_file.write_text(yaml.safe_dump({"sources": [entry]}), encoding="utf-8")
        page = f"{site.base}/zones/1.html"

        fetch(home)
        assert refresh_now(home, instance).success
        first = documents(home)
        assert first[content_id(V1.encode())] == ("live", None, "hubei", page, True, False)
        assert first[content_id(OTHER.encode())][3] == f"{site.base}/zones/2.html"

        site.pages["/zones/1.html"] = Page(V2.encode())
        fetch(home)
        assert refresh_now(home, instance).success
        second = documents(home)
        old, new = content_id(V1.encode()), content_id(V2.encode())
        assert second[old] == ("replaced", new, "hubei", page, True, False)  # superseded, still there
        assert second[new] == ("live", None, "hubei", page, True, False)

        # a vanished page changes no inbox file; the stream worker still plans a rebuild
        del site.pages["/zones/2.html"]
        assert plan_run(home, instance).job_name is None  # published: nothing to do yet
        fetch(home)
        assert plan_run(home, instance).job_name == "rebuild"
        assert refresh_now(home, instance).success
        assert documents(home)[content_id(OTHER.encode())][0::5] == ("live", True)  # kept, marked gone

    app = AppTest.from_file(str(REPO_ROOT / "app" / "streamlit_app.py"), default_timeout=60)
    app.switch_page("views/documents.py")
    app.query_params["doc"] = content_id(OTHER.encode())
    app.run()
    assert not app.exception
    captions = " ".join(c.value for c in app.caption)
    assert f"{site.base}/zones/2.html" in captions and "hubei" in captions
    assert any("404/410" in w.value for w in app.warning)
    (source_filter,) = [s for s in app.selectbox if s.key == "source_filter"]
    assert source_filter.options[2:] == ["hubei"]
    source_filter.set_value(source_filter.options[1]).run()  # inbox files only: none here
    assert app.dataframe[0].value.empty
