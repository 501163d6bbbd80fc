"""Pure-Python extraction: bytes → text → figure records. No orchestration here."""
