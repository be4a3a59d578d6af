"""The integer series key that lets DuckDB's zone maps find a series without an index.

series_id puts hash(indicator) in the upper 32 bits and hash(region, measure, cluster) in the
lower 32, so a table sorted by series_id is clustered by indicator, then by series: one series
is an equality filter and one indicator across regions is a range filter, both prunable. The
key is only a locator: joins and filters also compare the real key columns, so a hash
collision costs time, never correctness. Values come from DuckDB's hash() (duckdb is pinned);
a version that changed hash() would need a migration that recomputes the column.
"""

from __future__ import annotations


def series_id(indicator: str, region: str, measure: str, cluster: str) -> str:
    """SQL for the series key of the given SQL expressions."""
    return (f"(((hash({indicator}) >> 32) << 32) | "
            f"(hash({region}, {measure}, {cluster}) >> 32))")


def indicator_range(indicator: str) -> tuple[str, str]:
    """SQL for the lowest and highest series key an indicator can have."""
    low = f"((hash({indicator}) >> 32) << 32)"
    return low, f"({low} | 4294967295::UBIGINT)"


COLUMNS = series_id("indicator", "region", "measure", '"cluster"')
