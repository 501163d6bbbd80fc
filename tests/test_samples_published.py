"""The sample documents through the real pipeline give the figures analysts expect.

Unlike tests/test_dbt_models.py (gold records as input), these numbers come out of the
extractor and the models together: nothing is special-cased for these documents.
"""

from __future__ import annotations

import shutil

import dagster as dg
import duckdb
import pytest

from orchestration.runner import refresh_now
from tests.conftest import SAMPLES, make_home

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("samples"))
    for sample in SAMPLES.glob("*.txt"):
        shutil.copyfile(sample, home.inbox / sample.name)
    assert refresh_now(home, dg.DagsterInstance.ephemeral()).success
    with duckdb.connect(str(home.published_db), read_only=True) as con:
        yield con


@pytest.mark.parametrize(
    ("region", "total", "national", "provincial"),
    [("湖北省", 103, 19, 84), ("江苏省", 158, 47, 111), ("安徽省", 131, 23, None), ("湖南省", 144, 18, None)],
)
def test_zone_counts(warehouse, region, total, national, provincial):
    row = warehouse.execute(
        "select total, national, provincial, doc_id, national_start from cmp_zone_counts "
        "where is_latest and region = ?",
        [region],
    ).fetchone()
    assert row[:3] == (total, national, provincial)
    assert row[3] and row[4] is not None  # provenance: document and span


@pytest.mark.parametrize(
    ("region", "indicator", "growth"), [("湖南省", "fdi_growth", 74.5), ("安徽省", "revenue_growth", 11.9)]
)
def test_growth_2020(warehouse, region, indicator, growth):
    values = {
        v for (v,) in warehouse.execute(
            "select growth_pct from cmp_growth where region = ? and indicator_id = ? "
            "and population = 'all_zones' and period = '2020'",
            [region, indicator],
        ).fetchall()
    }
    assert growth in values


@pytest.mark.parametrize(
    ("region", "due", "subject_word", "value"),
    [("江西省", "2025", "营收", 6e12), ("湖南省", "2018", "技工贸总收入", 5e12)],
)
def test_revenue_targets(warehouse, region, due, subject_word, value):
    rows = warehouse.execute(
        "select t.target_value, f.subject from cmp_targets t join fct_figures f on f.figure_id = t.target_id "
        "where t.region = ? and t.indicator_id = 'revenue' and t.population = 'all_zones' and t.due_year = ?",
        [region, due],
    ).fetchall()
    assert any(v == value and subject_word in s for v, s in rows), rows
