"""Reads for browsing (tracker serve): which series hold data, one release and its figures."""

from __future__ import annotations

from typing import Any

import duckdb
import polars as pl


def holdings(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """One row per series held: its key, how many figures, periods and publishers, and the
    span of periods, so that a catalog listing can say which indicators hold data."""
    return con.execute(
        """
        SELECT o.indicator, o.region, o."cluster", o.measure, count(*) AS figures,
               count(DISTINCT (o.period_start, o.period_end)) AS periods,
               count(DISTINCT r.publisher) AS publishers,
               min(o.period_start) AS first_period, max(o.period_end) AS last_period
        FROM observations o JOIN releases r USING (release_id)
        GROUP BY ALL
        ORDER BY o.indicator, o.region, o.measure, o."cluster"
        """
    ).pl()


def release(con: duckdb.DuckDBPyConnection, release_id: str) -> dict[str, Any] | None:
    """One release's whole description (every column of the releases table)."""
    frame = con.execute("SELECT * FROM releases WHERE release_id = ?", [release_id]).pl()
    return frame.row(0, named=True) if frame.height else None


def release_figures(con: duckdb.DuckDBPyConnection, release_id: str) -> pl.DataFrame:
    """The figures of one release in the order they were read (by locator offsets, then id)."""
    return con.execute(
        """
        SELECT obs_id, indicator, region, "cluster", measure, period_start, period_end, value,
               unit, value_as_published, unit_as_published, qualifier, status, locator_kind,
               locator, quote, quote_start, quote_end
        FROM observations WHERE release_id = ? ORDER BY quote_start NULLS LAST, obs_id
        """,
        [release_id],
    ).pl()
