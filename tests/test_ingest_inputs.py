"""Every kind of input through the real pipeline: figures for the readable, reasons for the rest.

The generated corpus (tests/fixtures/make_inputs.py: encodings, HTML, PDF, DOCX and
broken files) plus awkward names goes into one inbox; one in-process refresh against
an ephemeral Dagster instance publishes it. Then nothing may be missing: every file
that entered the inbox is a live document or a quarantined one in the published
warehouse, and every figure's span points at its stored text.
"""

from __future__ import annotations

import dagster as dg
import pytest

from extract.decode import DEFAULT_MAX_BYTES
from orchestration.runner import refresh_now
from tests.conftest import make_home
from tests.fixtures.make_inputs import SIMPLIFIED, make_inputs
from tests.test_stream_sensor import published
from zonestats.cli import prepare_dbt
from zonestats.intake import content_id, raw_path, write_to_inbox
from zonestats.status import collect_status

pytestmark = pytest.mark.slow

CHINESE_NAME = "湖北省 开发区 统计（2023年） 副本.txt"
LONG_NAME = "关于印发全省开发区高质量发展实施方案的通知" * 12 + ".txt"
ESCAPING_NAME = "../../etc/开发区.txt"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    settings = make_home(tmp_path_factory.mktemp("home"))
    expected = make_inputs(settings.inbox)
    # under the default size limit the "oversize" file is an ordinary readable text
    readable = {n for n, e in expected.items() if e.readable or e.max_bytes != DEFAULT_MAX_BYTES}
    ids = {name: content_id((settings.inbox / name).read_bytes()) for name in expected}
    names = {
        CHINESE_NAME: f"{SIMPLIFIED}全省开发区共有高新技术企业1200家。\n".encode(),
        LONG_NAME: f"{SIMPLIFIED}开发区新增项目86个。\n".encode(),
        ESCAPING_NAME: f"{SIMPLIFIED}园区税收收入增长12.5%。\n".encode(),
        "副本 utf8.txt": (settings.inbox / "utf8.txt").read_bytes(),  # same content, other name
    }
    stored = {name: write_to_inbox(settings, name, data) for name, data in names.items()}
    for name, data in names.items():
        ids[name] = content_id(data)
        readable.add(name)
    prepare_dbt()
    result = refresh_now(settings, dg.DagsterInstance.ephemeral())
    return settings, result, expected, readable, ids, stored


def test_nothing_is_lost(corpus):
    settings, result, expected, readable, ids, _ = corpus
    assert result.success
    status = dict(published(settings, "select doc_id, status from dim_documents"))
    live = {d for d, s in status.items() if s == "live"}
    quarantined = {d for d, s in status.items() if s == "quarantined"}
    assert live == {ids[n] for n in readable}
    assert quarantined == {ids[n] for n in ids if n not in readable}
    assert live | quarantined == set(ids.values()) == set(status)


def test_unreadable_files_are_quarantined_with_their_reason(corpus):
    settings, _, expected, readable, ids, _ = corpus
    reasons = dict(published(settings, "select doc_id, reason from quarantine where in_inbox"))
    dim = dict(published(settings, "select doc_id, quarantine_reason from dim_documents where status = 'quarantined'"))
    for name, exp in expected.items():
        if name not in readable:
            assert exp.reason in reasons[ids[name]], name
            assert dim[ids[name]] == reasons[ids[name]]


def test_every_figure_points_at_its_stored_text(corpus):
    settings, _, _, readable, ids, _ = corpus
    spans = published(settings, 'select doc_id, "start", "end", "text" from fct_figures')
    texts = {d: (settings.texts_dir / f"{d}.txt").read_text(encoding="utf-8") for d in {s[0] for s in spans}}
    assert [s for s in spans if texts[s[0]][s[1]:s[2]] != s[3]] == []
    with_figures = {d for d, *_ in spans}
    # Chinese encodings a detector easily confuses, and every readable format
    for name in ("gbk_crlf.txt", "big5.txt", "article_gbk.htm", "utf16.txt", "report.pdf", "report.docx"):
        assert ids[name] in with_figures, name
    assert with_figures <= {ids[n] for n in readable}


def test_names_are_safe_and_kept(corpus):
    settings, _, _, _, ids, stored = corpus
    names = dict(published(settings, "select doc_id, file_name from dim_documents"))
    assert names[ids[CHINESE_NAME]] == CHINESE_NAME  # Chinese and spaces kept as they came
    assert stored[ESCAPING_NAME].parent == settings.inbox
    assert names[ids[ESCAPING_NAME]] == "开发区.txt"
    long_stored = stored[LONG_NAME]
    assert long_stored.parent == settings.inbox and len(long_stored.name.encode()) <= 255
    assert long_stored.suffix == ".txt" and LONG_NAME.startswith(long_stored.stem)
    assert names[ids[LONG_NAME]] == long_stored.name
    for name, doc_id in ids.items():  # doc id = content hash, the original stored once
        assert content_id(raw_path(settings, doc_id).read_bytes()) == doc_id


def test_same_content_under_two_names_is_one_document(corpus):
    settings, _, _, _, ids, _ = corpus
    assert ids["utf8.txt"] == ids["副本 utf8.txt"]
    assert published(settings, "select count(*) from dim_documents where doc_id = ?", [ids["utf8.txt"]]) == [(1,)]


def test_status_reports_documents_quarantine_and_publish(corpus):
    settings, _, _, readable, ids, _ = corpus
    info = collect_status(settings)
    n_docs = len({ids[n] for n in readable})
    n_quarantined = len(set(ids.values())) - n_docs
    assert info["documents (live)"] == n_docs
    assert info["quarantined"] == n_quarantined
    assert info["last publish"] != "never"
    assert info["runs in progress"] == "none"
    shown = {k.removeprefix("  ✘ "): v for k, v in info.items() if k.startswith("  ✘ ")}
    assert "PDF has no text layer" in shown["scanned.pdf"]
