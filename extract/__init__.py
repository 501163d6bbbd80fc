"""Pure-Python extraction: bytes → text → figure records. No orchestration here."""

# Bump when extraction rules change: the pipeline re-extracts every document on change.
EXTRACTOR_VERSION = "1.4.0"
