"""Catalog reads that need the warehouse: what each indicator holds (`indicators --with-data`)."""

from __future__ import annotations

import duckdb
import polars as pl


def indicator_holdings(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Per indicator held: figures, series, regions, the first and last period, and the release
    published last (its id, publisher and date)."""
    return con.execute(
        """
        SELECT o.indicator AS code, count(*) AS figures, count(DISTINCT o.series_id) AS series,
               count(DISTINCT o.region) AS regions, min(o.period_start) AS first_period,
               max(o.period_end) AS last_period,
               arg_max(r.release_id, (r.date_published, r.release_id)) AS last_release,
               arg_max(r.publisher, (r.date_published, r.release_id)) AS last_publisher,
               max(r.date_published) AS last_published
        FROM observations o JOIN releases r USING (release_id)
        GROUP BY o.indicator
        """
    ).pl()
