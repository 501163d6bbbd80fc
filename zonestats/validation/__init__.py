"""Great Expectations validation of the build file: the gate before publishing.

GX 1.x cannot read DuckDB through SQLAlchemy reliably, so each suite validates a
pandas frame read from the build file with a read-only DuckDB connection.
"""

from zonestats.validation.docs import data_docs_index, data_docs_page
from zonestats.validation.runner import (
    SuiteOutcome,
    failure_summary,
    load_results_into_build,
    record_outcomes,
    run_suites,
)

__all__ = [
    "SuiteOutcome", "data_docs_index", "data_docs_page", "failure_summary", "load_results_into_build", "record_outcomes", "run_suites",
]
