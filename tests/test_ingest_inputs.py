"""Every kind of input through the real pipeline: figures for the readable, reasons for the rest.

The generated corpus (tests/fixtures/make_inputs.py: encodings, HTML, PDF, a scanned PDF,
DOCX, XLSX, zips and broken files) plus awkward names goes into one inbox; one in-process refresh against
an ephemeral Dagster instance publishes it. Then nothing may be missing: every file
that entered the inbox is a live document or a quarantined one in the published
warehouse, and every figure's span points at its stored text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest

from extract.decode import DEFAULT_MAX_BYTES
from extract.decode_zip import zip_members
from orchestration.inbox_runs import plan_run
from orchestration.runner import refresh_now
from tests.conftest import make_home
from tests.fixtures.make_inputs import SIMPLIFIED, XLSX_TEXT, Expected, make_inputs
from tests.test_stream_runs import published
from zonestats.cli import prepare_dbt
from zonestats.intake import HASH_CHARS, content_id, raw_path, write_to_inbox
from zonestats.settings import Settings
from zonestats.status import collect_status

pytestmark = pytest.mark.slow

CHINESE_NAME = "湖北省 开发区 统计（2023年） 副本.txt"
LONG_NAME = "关于印发全省开发区高质量发展实施方案的通知" * 12 + ".txt"
ESCAPING_NAME = "../../etc/开发区.txt"
WINDOWS_DEVICE_NAME = "CON.txt"
HUGE_NAME = "全省统计数据汇总（200MB）.txt"


@dataclass
class Corpus:
    settings: Settings
    instance: dg.DagsterInstance
    success: bool
    expected: dict[str, Expected]
    readable: set[str]  # names of the files that must become documents
    ids: dict[str, str]  # name → doc_id, for every file that entered the inbox
    stored: dict[str, Path]  # awkward name → where write_to_inbox put it


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    settings = make_home(tmp_path_factory.mktemp("home"))
    expected = make_inputs(settings.inbox)
    # under the default size limit the "oversize" file is an ordinary readable text
    readable = {n for n, e in expected.items() if e.readable or e.max_bytes != DEFAULT_MAX_BYTES}
    ids = {name: content_id((settings.inbox / name).read_bytes()) for name, e in expected.items() if not e.members}
    for name, exp in expected.items():  # a zip's members are the documents, named zip/member
        members = dict(zip_members((settings.inbox / name).read_bytes(), DEFAULT_MAX_BYTES)) if exp.members else {}
        for member in exp.members:
            ids[f"{name}/{member}"] = content_id(members[member])
            readable.add(f"{name}/{member}")
    names = {
        CHINESE_NAME: f"{SIMPLIFIED}全省开发区共有高新技术企业1200家。\n".encode(),
        LONG_NAME: f"{SIMPLIFIED}开发区新增项目86个。\n".encode(),
        ESCAPING_NAME: f"{SIMPLIFIED}园区税收收入增长12.5%。\n".encode(),
        "副本 utf8.txt": (settings.inbox / "utf8.txt").read_bytes(),  # same content, other name
        WINDOWS_DEVICE_NAME: f"{SIMPLIFIED}园区新增企业23家。\n".encode(),
    }
    stored = {name: write_to_inbox(settings, name, data) for name, data in names.items()}
    huge = settings.inbox / HUGE_NAME
    with huge.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: refused by its size, never read whole
    with huge.open("rb") as handle:
        ids[HUGE_NAME] = hashlib.file_digest(handle, "sha256").hexdigest()[:HASH_CHARS]
    for name, data in names.items():
        ids[name] = content_id(data)
        readable.add(name)
    prepare_dbt()
    instance = dg.DagsterInstance.ephemeral()
    result = refresh_now(settings, instance)
    return Corpus(settings, instance, result.success, expected, readable, ids, stored)


def test_nothing_is_lost(corpus):
    assert corpus.success
    status = dict(published(corpus.settings, "select doc_id, status from dim_documents"))
    live = {d for d, s in status.items() if s == "live"}
    quarantined = {d for d, s in status.items() if s == "quarantined"}
    assert live == {corpus.ids[n] for n in corpus.readable}
    assert quarantined == {corpus.ids[n] for n in corpus.ids if n not in corpus.readable}
    assert live | quarantined == set(corpus.ids.values()) == set(status)


def test_unreadable_files_are_quarantined_with_their_reason(corpus):
    reasons = dict(published(corpus.settings, "select doc_id, reason from quarantine where in_inbox"))
    dim = dict(published(
        corpus.settings, "select doc_id, quarantine_reason from dim_documents where status = 'quarantined'"
    ))
    for name, exp in corpus.expected.items():
        if name not in corpus.readable and not exp.members:
            assert exp.reason in reasons[corpus.ids[name]], name
            assert dim[corpus.ids[name]] == reasons[corpus.ids[name]]


def test_a_200_mb_file_is_refused_by_its_size_beside_the_published_rest(corpus):
    reasons = dict(published(corpus.settings, "select doc_id, reason from quarantine where in_inbox"))
    assert reasons[corpus.ids[HUGE_NAME]] == "file is 200 MB, over the 20 MB limit (ZONESTATS_MAX_DOCUMENT_BYTES)"


def test_every_figure_points_at_its_stored_text(corpus):
    spans = published(corpus.settings, 'select doc_id, "start", "end", "text" from fct_figures')
    texts = {
        d: (corpus.settings.texts_dir / f"{d}.txt").read_text(encoding="utf-8") for d in {s[0] for s in spans}
    }
    assert [s for s in spans if texts[s[0]][s[1]:s[2]] != s[3]] == []
    with_figures = {d for d, *_ in spans}
    # Chinese encodings a detector easily confuses, and every readable format
    for name in (
        "gbk_crlf.txt", "big5.txt", "big5hkscs.txt", "cp950.txt", "article_gbk.htm", "utf16.txt",
        "report.pdf", "report.docx", "scanned_report.pdf", "bulletins.zip/2022/公报.txt",
    ):
        assert corpus.ids[name] in with_figures, name
    assert with_figures <= {corpus.ids[n] for n in corpus.readable}


def test_names_are_safe_and_kept(corpus):
    names = dict(published(corpus.settings, "select doc_id, file_name from dim_documents"))
    assert names[corpus.ids[CHINESE_NAME]] == CHINESE_NAME  # Chinese and spaces kept as they came
    assert corpus.stored[ESCAPING_NAME].parent == corpus.settings.inbox
    assert names[corpus.ids[ESCAPING_NAME]] == "开发区.txt"
    long_stored = corpus.stored[LONG_NAME]
    assert long_stored.parent == corpus.settings.inbox and len(long_stored.name.encode()) <= 255
    assert long_stored.suffix == ".txt" and LONG_NAME.startswith(long_stored.stem)
    assert names[corpus.ids[LONG_NAME]] == long_stored.name
    assert corpus.stored[WINDOWS_DEVICE_NAME].name == names[corpus.ids[WINDOWS_DEVICE_NAME]] == "_CON.txt"
    assert names[corpus.ids["bulletins.zip/2022/公报.txt"]] == "bulletins.zip/2022/公报.txt"
    for doc_id in corpus.ids.values():  # doc id = content hash, the original stored once
        with raw_path(corpus.settings, doc_id).open("rb") as stored_file:
            assert hashlib.file_digest(stored_file, "sha256").hexdigest()[:HASH_CHARS] == doc_id


def test_a_workbook_is_a_document_whose_text_is_its_table(corpus):
    doc_id = corpus.ids["statistics.xlsx"]
    formats = dict(published(corpus.settings, "select doc_id, format from dim_documents"))
    assert formats[doc_id] == "xlsx"
    assert (corpus.settings.texts_dir / f"{doc_id}.txt").read_text(encoding="utf-8") == XLSX_TEXT


def test_same_content_under_two_names_is_one_document(corpus):
    assert corpus.ids["utf8.txt"] == corpus.ids["副本 utf8.txt"]
    count = "select count(*) from dim_documents where doc_id = ?"
    assert published(corpus.settings, count, [corpus.ids["utf8.txt"]]) == [(1,)]


def test_status_reports_documents_quarantine_and_publish(corpus):
    info = collect_status(corpus.settings)
    n_docs = len({corpus.ids[n] for n in corpus.readable})
    n_quarantined = len(set(corpus.ids.values())) - n_docs
    assert info["documents (live)"] == n_docs
    assert info["quarantined"] == n_quarantined
    assert info["last publish"] != "never"
    assert info["runs in progress"] == "none"
    shown = {k.removeprefix("  ✘ "): v for k, v in info.items() if k.startswith("  ✘ ")}
    assert "PDF has no text layer" in shown["scanned.pdf"]


def test_a_fresh_worker_does_not_rebuild_what_a_refresh_published(corpus):
    # the stream worker's first look after `zonestats run`'s first build
    assert plan_run(corpus.settings, corpus.instance).job_name is None
