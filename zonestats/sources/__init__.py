"""Web sources: pages, listings and feeds fetched on a schedule into the inbox (issue #19).

``config`` reads and checks ``sources.yml``; ``http`` is the guarded HTTP client;
``discover`` finds a listing's or feed's document links; ``store`` keeps per-URL state,
inbox files and the provenance manifest; ``fetch`` runs sources and reports per source.
"""
