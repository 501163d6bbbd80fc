"""One partition per document, keyed by the content hash (the document id)."""

import dagster as dg

documents_partitions = dg.DynamicPartitionsDefinition(name="documents")
