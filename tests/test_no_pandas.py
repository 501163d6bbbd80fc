"""Frames are polars; pandas only at the Great Expectations boundary.

GX validates pandas frames (its SQLAlchemy path fails on DuckDB), so the validation
runner converts the rows it reads at that one place, and the suites and the provenance
check work on what GX hands them. Everywhere else a frame is a polars frame: this test
reads every runtime module (not the tests) and fails on an import of pandas, or on a
DuckDB/Arrow call that returns a pandas frame, outside those modules.
"""

from __future__ import annotations

import ast
import subprocess

from zonestats.settings import REPO_ROOT

GX_BOUNDARY = {
    "zonestats/validation/runner.py",  # reads each suite's rows and hands GX a pandas frame
    "zonestats/validation/suites.py",  # the suites' row preparation, on GX's frame
    "zonestats/validation/provenance.py",  # a check GX runs on its frame
}
# calls that give a pandas frame without importing pandas
PANDAS_RESULTS = {"df", "fetchdf", "fetch_df", "fetch_df_chunk", "to_pandas", "to_df"}


def _runtime_modules() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "*.py"], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    return [p for p in listed.stdout.split() if not p.startswith("tests/")]


def pandas_uses(source: str) -> list[str]:
    """Each import of pandas and each call of a pandas-returning method, as 'line: what'."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: import {a.name}" for a in node.names if a.name.split(".")[0] == "pandas"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "pandas":
            found.append(f"{node.lineno}: from {node.module} import …")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in PANDAS_RESULTS):
            found.append(f"{node.lineno}: .{node.func.attr}()")
    return found


def test_the_check_finds_pandas_however_it_comes_in() -> None:
    source = "import pandas as pd\nfrom pandas import DataFrame\nimport pandas.api\nframe = con.execute(sql).df()\n" \
             "table.to_pandas()\nimport polars as pl\npl.read_parquet(path)\n"
    assert [use.split(":")[0] for use in pandas_uses(source)] == ["1", "2", "3", "4", "5"]


def test_pandas_only_at_the_gx_boundary() -> None:
    modules = _runtime_modules()
    assert "app/data.py" in modules and "zonestats/state.py" in modules  # the listing found the code
    offenders = {
        path: uses for path in modules if path not in GX_BOUNDARY
        and (uses := pandas_uses((REPO_ROOT / path).read_text(encoding="utf-8")))
    }
    assert offenders == {}
    # the boundary itself still exists (else this allowance is stale and should go)
    assert all(pandas_uses((REPO_ROOT / path).read_text(encoding="utf-8")) for path in GX_BOUNDARY)
