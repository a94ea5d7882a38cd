"""Benchmarks: `benchmarks/run` runs them all and prints tables (see docs/performance.md)."""
