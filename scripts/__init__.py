"""Developer scripts run from a checkout (``python -m scripts.<name>``), not installed:
the dev warehouse state from the gold annotations and the regions seed generator."""
