"""Benchmarks: each figure printed beside raw DuckDB (or a plain scan) doing the same work."""
