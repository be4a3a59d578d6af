"""The export read: every observation with its release's provenance columns."""

from __future__ import annotations

import duckdb
import polars as pl

from tracker.store.read import EXPORT_QUERY


def observations(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every observation in id order, with publisher, title, dates, hash and raw path."""
    return con.execute(EXPORT_QUERY).pl()
