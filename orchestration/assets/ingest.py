"""Per-document work as two assets: decode (``documents``) and extract (``figures``).

Each run covers every document the inbox lists that still lacks outputs (or all of
them with ``force``): a burst of 200 files is one run, not 200. Per-document state
lives in the Parquet files and ``dim_documents``, not in Dagster partitions, which
would cost two materializations per document and grow past Dagster's advice of
100,000 partitions per asset. Each document's work is independent and writes whole
files, so a failure in one is recorded (quarantine) and never stops the others.
"""


import dagster as dg

from orchestration.resources import ZonestatsHome
from zonestats.documents import Outcome, extract_document, ingest_document, run_many, unprocessed
from zonestats.intake import listed_documents


class DocumentsConfig(dg.Config):
    """``force`` re-processes documents that already have outputs (the daily full refresh)."""

    force: bool = False


def _run_per_document(context: dg.AssetExecutionContext, zs: ZonestatsHome, work, force: bool, label: str) -> dg.MaterializeResult:
    settings = zs.settings
    keys = listed_documents(settings)
    pending = unprocessed(settings, keys)
    todo = keys if force else [doc_id for doc_id in keys if doc_id in pending]
    skipped = len(keys) - len(todo)
    outcomes: list[Outcome] = []
    for i, outcome in enumerate(run_many(settings, work, todo), 1):
        outcomes.append(outcome)
        if i % 500 == 0:
            context.log.info(f"{label} {i}/{len(todo)} documents")
    failed = [o for o in outcomes if not o.ok]
    for o in failed:
        context.log.warning(f"{o.doc_id}: {o.detail}")
    return dg.MaterializeResult(
        metadata={
            "documents": len(keys),
            "processed": len(outcomes),
            "skipped_up_to_date": skipped,
            "not_ok": len(failed),
        }
    )


@dg.asset(
    group_name="ingest",
    kinds={"python"},
)
def documents(context: dg.AssetExecutionContext, config: DocumentsConfig, zonestats: ZonestatsHome) -> dg.MaterializeResult:
    """Each stored original decoded to text (txt/html/pdf/docx), or quarantined with a reason."""
    return _run_per_document(context, zonestats, ingest_document, config.force, "decoded")


@dg.asset(
    deps=[documents],
    group_name="ingest",
    kinds={"python", "parquet"},
)
def figures(context: dg.AssetExecutionContext, config: DocumentsConfig, zonestats: ZonestatsHome) -> dg.MaterializeResult:
    """Figure records of each decoded document, one Parquet file per document."""
    return _run_per_document(context, zonestats, extract_document, config.force, "extracted")
