"""``zonestats indicators --coverage``: the share of a corpus's figures the indicator
catalogue maps, measured by building fct_figures with the dbt project itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.figures import extract_figures
from extract.files import iter_documents
from zonestats.cli import app

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def test_coverage_of_the_samples_is_at_least_nine_in_ten():
    result = CliRunner().invoke(app, ["indicators", "--coverage", "--docs", str(SAMPLES), "--min-share", "0.9"])
    assert result.exit_code == 0, result.output
    total = sum(len(extract_figures(text, doc_id)) for doc_id, text in iter_documents([SAMPLES]))
    row = next(line for line in result.output.splitlines() if line.strip("│ ").startswith("all"))
    figures, mapped, share = re.findall(r"[\d.]+", row)
    assert int(figures) == total
    assert float(share) == pytest.approx(int(mapped) / total, abs=5e-4) and float(share) >= 0.9
    assert "unmapped subjects" in result.output


def test_the_catalogue_lists_indicators_in_both_languages():
    result = CliRunner().invoke(app, ["indicators"])
    assert result.exit_code == 0
    assert "fdi_growth" in result.output and "实际使用外资增速" in result.output
