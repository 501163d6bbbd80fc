"""How much of a corpus the indicator catalogue covers: ``zonestats indicators --coverage``.

The mapping from a figure to its indicator, population and zone is implemented once, in
dbt (``dbt_project/macros/indicators.sql`` over the seeds). To measure it on documents
that are not in the warehouse, this module extracts their figures, writes them as
pipeline state under a scratch ``ZONESTATS_HOME`` and builds ``fct_figures`` there with
the same dbt project: the numbers printed are those of the very SQL the warehouse runs,
not of a second implementation in Python.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from extract.figures import extract_figures
from extract.files import iter_documents
from zonestats.offline_build import add_document, run_dbt
from zonestats.settings import Settings
from zonestats.state import ensure_state


@dataclass(frozen=True)
class Coverage:
    """Figures mapped to an indicator, per folder of documents, and what is left."""

    by_folder: dict[str, tuple[int, int]]  # folder → (mapped, figures)
    unmapped: list[tuple[str, str, str, int]]  # (metric, measure, subject, figures), most first

    @property
    def mapped(self) -> int:
        return sum(mapped for mapped, _ in self.by_folder.values())

    @property
    def figures(self) -> int:
        return sum(total for _, total in self.by_folder.values())

    @property
    def share(self) -> float:
        return self.mapped / self.figures if self.figures else 0.0


def _write_state(settings: Settings, folders: list[Path]) -> dict[str, str]:
    """Extract every document of ``folders`` into state; return doc_id → folder."""
    folder_of: dict[str, str] = {}
    for folder in folders:
        for doc_id, text in iter_documents([folder]):
            # the same file name in two folders must stay two documents
            key = f"{folder.name}__{doc_id}"
            figures = [{k: v for k, v in f.to_dict().items() if k != "doc_id"}
                       for f in extract_figures(text, doc_id)]
            add_document(settings, key, text, figures)
            folder_of[key] = str(folder)
    return folder_of


def measure_coverage(folders: list[Path], home: Path | None = None) -> Coverage:
    """Build fct_figures for the documents in ``folders`` and count mapped figures."""
    with tempfile.TemporaryDirectory(prefix="zs-indicators-") as scratch:
        settings = Settings(home=(home or Path(scratch)).resolve())
        ensure_state(settings)
        folder_of = _write_state(settings, folders)
        # fct_figures and what it is built from (seeds included), without the data tests
        # (some compare with models this selection leaves out)
        result = run_dbt(settings, "build", "--select", "+fct_figures",
                         "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test")
        if result.returncode != 0:
            raise RuntimeError(f"dbt failed:\n{result.stdout[-3000:]}")
        with duckdb.connect(str(settings.build_db), read_only=True) as con:
            rows = con.execute(
                "select doc_id, count(indicator_id), count(*) from fct_figures group by doc_id").fetchall()
            unmapped = con.execute(
                "select metric, measure, subject, count(*) as n from fct_figures where indicator_id is null "
                "group by all order by n desc, metric, subject").fetchall()
    by_folder: dict[str, tuple[int, int]] = {str(folder): (0, 0) for folder in folders}
    for doc_id, mapped, total in rows:
        done, seen = by_folder[folder_of[doc_id]]
        by_folder[folder_of[doc_id]] = (done + mapped, seen + total)
    return Coverage(by_folder=by_folder, unmapped=[tuple(row) for row in unmapped])
