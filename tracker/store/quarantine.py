"""Reading the quarantine: rows ingests refused, with the reason."""

from __future__ import annotations

import duckdb
import polars as pl

from tracker.store.read import where


def rows(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> pl.DataFrame:
    """Refused rows (one run's, or every run's), oldest first."""
    clause, params = where({"run_id": run_id}, "q")
    return con.execute(
        f"SELECT * FROM quarantine q WHERE {clause} ORDER BY quarantined_at", params).pl()
