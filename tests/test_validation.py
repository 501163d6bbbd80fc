"""The validation suites on hand-made build files: what blocks, what only warns, what is kept."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from zonestats.settings import Settings
from zonestats.validation import data_docs_index, failure_summary, load_results_into_build, record_outcomes, run_suites
from zonestats.validation.provenance import spans_match_texts

pytestmark = pytest.mark.slow  # each test runs the Great Expectations suites: seconds each

DOC_ID = "d1"
DOCUMENT = (
    "2020年，湖北省共有开发区103家，其中国家级开发区20个、省级开发区83个，\r\n"
    "实现营业收入45519亿元，增长11.9%，占全省的55.9%。到2025年，力争营业收入突破6万亿元。"
)


def _figure(text: str, value: float, unit: str, metric: str, measure: str, subject: str,
            period: str | None = "2020", kind: str = "actual", qualifier: str = "exact") -> dict[str, Any]:
    start = DOCUMENT.index(text)
    return {
        "doc_id": DOC_ID, "start": start, "end": start + len(text), "text": text, "value": value,
        "value_high": None, "unit": unit, "metric": metric, "measure": measure, "region": "湖北省",
        "area": None, "subject": subject, "period": period, "kind": kind, "qualifier": qualifier,
    }


def clean_figures() -> list[dict[str, Any]]:
    return [
        _figure("103家", 103, "count", "zone_count", "level", "开发区"),
        _figure("20个", 20, "count", "zone_count", "level", "国家级开发区"),
        _figure("83个", 83, "count", "zone_count", "level", "省级开发区"),
        _figure("45519亿元", 4.5519e12, "CNY", "revenue", "level", "营业收入"),
        _figure("11.9%", 11.9, "percent", "revenue", "growth", "营业收入"),
        _figure("55.9%", 55.9, "percent", "revenue", "share", "营业收入"),
        _figure("6万亿元", 6e12, "CNY", "revenue", "level", "营业收入", period="2025", kind="target", qualifier="at_least"),
    ]


def clean_zone_counts() -> list[dict[str, Any]]:
    return [{"region": "湖北省", "doc_id": DOC_ID, "period": "2020", "total": 103, "national": 20, "provincial": 83}]


def clean_targets() -> list[dict[str, Any]]:
    target = clean_figures()[-1]
    return [{"region": target["region"], "target_doc_id": DOC_ID, "target_start": target["start"], "due_year": target["period"]}]


def make_build(settings: Settings, figures: list[dict[str, Any]] | None = None,
               zone_counts: list[dict[str, Any]] | None = None, targets: list[dict[str, Any]] | None = None,
               skip: tuple[str, ...] = ()) -> None:
    """A build file with the tables the suites read, and the document text the spans refer to."""
    settings.texts_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.texts_dir / f"{DOC_ID}.txt", "w", encoding="utf-8", newline="") as handle:
        handle.write(DOCUMENT)
    settings.validation_dir.mkdir(parents=True, exist_ok=True)
    settings.build_db.parent.mkdir(parents=True, exist_ok=True)
    figure_columns = (
        "doc_id varchar", '"start" bigint', '"end" bigint', '"text" varchar', '"value" double', "value_high double",
        "unit varchar", "metric varchar", "measure varchar", "region varchar", "area varchar", "subject varchar",
        "period varchar", "kind varchar", "qualifier varchar",
    )
    tables = {
        "fct_figures": (figure_columns, clean_figures() if figures is None else figures),
        "dim_regions": (("code varchar", "full_name varchar"), [
            {"code": "000000", "full_name": "全国"}, {"code": "420000", "full_name": "湖北省"},
            {"code": "320000", "full_name": "江苏省"},
        ]),
        "cmp_zone_counts": (
            ("region varchar", "doc_id varchar", "period varchar", "total double", "national double", "provincial double"),
            clean_zone_counts() if zone_counts is None else zone_counts,
        ),
        "cmp_targets": (
            ("region varchar", "target_doc_id varchar", "target_start bigint", "due_year varchar"),
            clean_targets() if targets is None else targets,
        ),
    }
    with duckdb.connect(str(settings.build_db)) as con:
        for name, (columns, rows) in tables.items():
            if name in skip:
                continue
            con.execute(f"create or replace table {name} ({', '.join(columns)})")
            names = [c.split()[0].strip('"') for c in columns]
            for row in rows:
                con.execute(f"insert into {name} values ({', '.join('?' * len(names))})", [row[n] for n in names])
        # the dbt view cmp_zone_counts is built from (zone counts that name a class of zones)
        con.execute("create or replace view int_zone_counts as select * from fct_figures where metric = 'zone_count'")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path)


def _by_suite(outcomes):
    return {o.suite: o for o in outcomes}


def _blocking(outcomes, suite: str) -> list[dict[str, Any]]:
    return _by_suite(outcomes)[suite].blocking_failures


def test_a_clean_build_passes_every_expectation(settings: Settings) -> None:
    make_build(settings)
    outcomes = run_suites(settings)
    assert {o.suite for o in outcomes} == {"figures", "zone_counts", "targets"}
    assert [r for o in outcomes for r in o.failures] == []
    assert all(o.success for o in outcomes)


def test_a_negative_count_blocks_and_names_the_row(settings: Settings) -> None:
    figures = clean_figures()
    figures[0]["value"] = -3
    make_build(settings, figures)
    failures = _blocking(run_suites(settings), "figures")
    between = [r for r in failures if r["expectation"] == "expect_column_values_to_be_between" and r["column_name"] == "value"]
    assert between and between[0]["unexpected_count"] == 1
    examples = json.loads(between[0]["unexpected_examples"])
    assert examples == [{"value": -3.0, "doc_id": DOC_ID, "start": figures[0]["start"]}]


def test_a_region_not_in_dim_regions_blocks(settings: Settings) -> None:
    figures = clean_figures()
    figures[3]["region"] = "Atlantis"
    zone_counts = clean_zone_counts()
    zone_counts[0]["region"] = "Atlantis"
    make_build(settings, figures, zone_counts)
    outcomes = run_suites(settings)
    for suite in ("figures", "zone_counts"):
        [failure] = _blocking(outcomes, suite)
        assert (failure["expectation"], failure["column_name"]) == ("expect_column_values_to_be_in_set", "region")
        assert "Atlantis" in failure["unexpected_examples"]
    assert _by_suite(outcomes)["targets"].success
    assert "Atlantis" in failure_summary(outcomes)


def test_a_span_whose_text_differs_from_the_document_blocks(settings: Settings) -> None:
    figures = clean_figures()
    figures[1]["text"] = "21个"
    make_build(settings, figures)
    [failure] = _blocking(run_suites(settings), "figures")
    assert failure["column_name"] == "span_matches_text"
    assert json.loads(failure["unexpected_examples"]) == [
        {"span_matches_text": False, "doc_id": DOC_ID, "start": figures[1]["start"]}
    ]


def test_an_implausible_amount_only_warns(settings: Settings) -> None:
    figures = clean_figures()
    figures[3]["value"] = 5e14  # more than China's GDP: a judgement, not an invariant
    make_build(settings, figures)
    outcome = _by_suite(run_suites(settings))["figures"]
    assert outcome.success
    [warning] = outcome.failures
    assert not warning["blocking"] and warning["expectation"] == "expect_column_values_to_be_between"
    assert json.loads(warning["arguments"])["mostly"] == pytest.approx(0.99)


def test_each_contract_violation_blocks_on_its_column(settings: Settings) -> None:
    figures = clean_figures()
    violations = {  # column that fails: (row, change); one faulty figure per rule
        "unit": (1, {"unit": "furlongs"}),
        "period_year": (2, {"period": "1800"}),
        "doc_id,start": (3, {key: figures[0][key] for key in ("start", "end", "text")}),
        "value_high": (4, {"qualifier": "range"}),  # a range without its high end
        "value": (5, {"value": 101.0}),  # a share above 100 %
    }
    for row, change in violations.values():
        figures[row].update(change)
    make_build(settings, figures)
    failures = _blocking(run_suites(settings), "figures")
    assert {r["column_name"] for r in failures} == set(violations)


def test_zone_count_parts_above_the_total_block(settings: Settings) -> None:
    zone_counts = clean_zone_counts()
    zone_counts[0]["national"] = 30
    make_build(settings, zone_counts=zone_counts)
    [failure] = _blocking(run_suites(settings), "zone_counts")
    assert failure["column_name"] == "parts_within_total"
    assert json.loads(failure["unexpected_examples"])[0]["region"] == "湖北省"


def test_an_empty_comparison_with_inputs_blocks_and_without_passes(settings: Settings) -> None:
    make_build(settings, zone_counts=[], targets=[])
    outcomes = _by_suite(run_suites(settings))
    for suite in ("zone_counts", "targets"):
        [failure] = outcomes[suite].blocking_failures
        assert failure["expectation"] == "expect_table_row_count_to_be_between"
    make_build(settings, figures=[], zone_counts=[], targets=[])
    assert all(o.success for o in run_suites(settings))


def test_a_missing_table_blocks(settings: Settings) -> None:
    make_build(settings, skip=("cmp_targets",))
    [failure] = _blocking(run_suites(settings), "targets")
    assert failure["expectation"] == "table_exists"


def test_history_of_every_run_is_loaded_into_the_build(settings: Settings) -> None:
    bad = clean_figures()
    bad[0]["value"] = -3
    make_build(settings, bad)
    record_outcomes(settings, run_suites(settings))
    make_build(settings)
    record_outcomes(settings, run_suites(settings))
    load_results_into_build(settings)
    with duckdb.connect(str(settings.build_db), read_only=True) as con:
        runs = con.execute(
            "select validated_at, bool_and(success or not blocking) from validation_results group by 1 order by 1"
        ).fetchall()
        examples = con.execute("select unexpected_examples from validation_results where not success").fetchall()
    assert [ok for _, ok in runs] == [False, True]
    assert any('"value": -3.0' in e for (e,) in examples)


def test_data_docs_render_the_latest_run_as_static_pages(settings: Settings) -> None:
    assert data_docs_index(settings) is None
    make_build(settings)
    run_suites(settings)
    figures = clean_figures()
    figures[3]["region"] = "Atlantis"
    make_build(settings, figures)
    run_suites(settings)
    index = data_docs_index(settings)
    assert index is not None and index.parent == settings.data_docs_dir
    summary = index.read_text(encoding="utf-8")
    assert "Atlantis" in summary and "FAILED" in summary
    links = re.findall(r'href="(validations/[^"]+)"', summary)
    assert len(links) == 3
    # the result page is static HTML: the offending value is in it without any script running
    figures_page = next(settings.data_docs_dir / link for link in links if "/figures/" in link)
    assert "Atlantis" in figures_page.read_text(encoding="utf-8")
    # only the latest run is shown, and no staging folder is left behind
    assert len(list((settings.data_docs_dir / "validations" / "figures").rglob("*.html"))) == 1
    assert [p.name for p in settings.data_docs_dir.parent.iterdir() if p.name.startswith(".data_docs")] == []


def test_spans_are_compared_on_the_text_as_stored(tmp_path: Path) -> None:
    """A CRLF counts as two characters: the offsets after it still match."""
    import pandas as pd

    with open(tmp_path / "d1.txt", "w", encoding="utf-8", newline="") as handle:
        handle.write(DOCUMENT)
    text = "45519亿元"
    start = DOCUMENT.index(text)
    frame = pd.DataFrame({
        "doc_id": ["d1", "d1", "missing"],
        "start": [start, start + 1, 0],
        "end": [start + len(text), start + 1 + len(text), 1],
        "text": [text, text, "x"],
    })
    assert spans_match_texts(frame, tmp_path).tolist() == [True, False, False]


def test_a_streaming_validation_checks_the_figures_loaded_since_the_last_publish(settings: Settings) -> None:
    """Rows a published build held passed then; rows loaded later (even by a build that
    failed) are checked until one publishes them."""
    bad = {**clean_figures()[3], "start": 200, "end": 207, "region": "亚特兰蒂斯"}
    bad_target = {**clean_targets()[0], "target_start": 300, "due_year": "十四五"}
    make_build(settings, figures=[*clean_figures(), bad], targets=[*clean_targets(), bad_target])
    with duckdb.connect(str(settings.build_db)) as con:
        for table, later in (("fct_figures", '"start" = 200'), ("cmp_targets", "target_start = 300")):
            con.execute(f"alter table {table} add column loaded_at timestamptz")
            con.execute(f"update {table} set loaded_at = case when {later} "
                        "then '2026-01-02 00:00:00+00' else '2026-01-01 00:00:00+00' end")

    def published_through(at: str) -> None:
        settings.publish_status.parent.mkdir(parents=True, exist_ok=True)
        settings.publish_status.write_text(json.dumps({"published": {"figures_loaded_through": at}}))

    published_through("2026-01-01T00:00:00+00:00")  # the bad rows are newer than the publish
    outcomes = _by_suite(run_suites(settings, only_unpublished=True))
    figures, targets = outcomes["figures"], outcomes["targets"]
    assert not figures.success
    assert {row["expectation"] for row in figures.blocking_failures} == {"expect_column_values_to_be_in_set"}
    assert "1 unexpected of 1" in {row["observed_value"] for row in figures.blocking_failures}
    assert not targets.success
    assert "1 unexpected of 1" in {row["observed_value"] for row in targets.blocking_failures}

    published_through("2026-01-02T00:00:00+00:00")  # now they are as old as the last publish
    assert all(o.success for o in run_suites(settings, only_unpublished=True))
    full = _by_suite(run_suites(settings))  # a full validation sees them
    assert not full["figures"].success and not full["targets"].success


def test_new_targets_without_new_target_rows_block_a_streaming_publish(settings: Settings) -> None:
    """A streaming validation sees only the target rows built since the last publish, so
    its rule is: target figures loaded since then must have built some."""
    make_build(settings)
    with duckdb.connect(str(settings.build_db)) as con:
        for table in ("fct_figures", "cmp_targets"):
            con.execute(f"alter table {table} add column loaded_at timestamptz")
        con.execute("update fct_figures set loaded_at = '2026-01-02 00:00:00+00'")  # loaded after the publish
        con.execute("update cmp_targets set loaded_at = '2026-01-01 00:00:00+00'")  # but no target row since
    settings.publish_status.parent.mkdir(parents=True, exist_ok=True)
    settings.publish_status.write_text(json.dumps({"published": {"figures_loaded_through": "2026-01-01T00:00:00+00:00"}}))
    [failure] = _blocking(run_suites(settings, only_unpublished=True), "targets")
    assert failure["expectation"] == "expect_table_row_count_to_be_between"


def test_data_docs_in_the_background_render_the_newest_site_once_validations_pause() -> None:
    from zonestats.validation.runner import _QuietRenderer

    rendered: list[int] = []
    renderer = _QuietRenderer(quiet=0.3, longest=30.0)
    for number in range(3):  # a stream of validations: only the newest site is rendered
        renderer.submit(lambda number=number: rendered.append(number))
        time.sleep(0.05)
    assert rendered == []  # not while validations keep coming
    deadline = time.monotonic() + 10
    while not rendered and time.monotonic() < deadline:
        time.sleep(0.02)
    assert rendered == [2]
    # at exit a waiting site is rendered at once, and finish() returns once it is done
    renderer.submit(lambda: rendered.append(3))
    renderer.finish()
    assert rendered == [2, 3]


def test_data_docs_wait_no_longer_than_the_longest_delay() -> None:
    from zonestats.validation.runner import _QuietRenderer

    rendered: list[int] = []
    renderer = _QuietRenderer(quiet=0.5, longest=0.6)
    started = time.monotonic()
    for number in range(12):  # a validation every 0.1 s never leaves a 0.5 s pause
        renderer.submit(lambda number=number: rendered.append(number))
        time.sleep(0.1)
    assert rendered and rendered[0] < 11, "a steady stream held the site back past the longest delay"
    assert time.monotonic() - started > 0.6
    renderer.finish()
