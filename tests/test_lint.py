"""The shape of the code, held by tools: ruff's rules, the import layers and sqlfluff.

All read their settings from pyproject.toml. The layers contract
(``[tool.importlinter]``) keeps runtime code importing downward only: ``extract`` ←
``zonestats`` ← ``orchestration`` ← ``app`` / CLI.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_home
from zonestats.settings import REPO_ROOT

BIN = Path(sys.executable).parent


def _run(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True, check=False, env=dict(os.environ))


def test_ruff_passes():
    result = _run(str(BIN / "ruff"), "check", "--no-cache", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_imports_follow_the_layers():
    result = _run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    # both contracts ran (a contract dropped from pyproject.toml would also read "0 broken")
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.slow
def test_sqlfluff_passes_on_the_dbt_models(tmp_path):
    """Through dbt's templater, which compiles each model: it needs a home (env, build file)."""
    make_home(tmp_path).ensure_dirs()
    result = _run(str(BIN / "sqlfluff"), "lint", "dbt_project/models", "dbt_project/tests", "--format", "human")
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
