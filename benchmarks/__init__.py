"""Benchmarks and the synthetic data they run on: measured by running them
(``python -m benchmarks.<name>`` or ``zonestats bench …``), never by timed tests.
Nothing in the runtime packages imports them."""
