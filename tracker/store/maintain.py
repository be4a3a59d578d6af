"""Housekeeping that keeps reads fast as small releases pile up."""

from __future__ import annotations

import duckdb

from tracker.store.transaction import transaction


def optimize(con: duckdb.DuckDBPyConnection) -> int:
    """Rewrite observations sorted by series key, period and vintage; return the row count.

    Appends are sorted within each release, but a year of small releases interleaves series
    across row groups; one sorted rewrite restores zone-map pruning. Done in one transaction as
    copy-then-delete, so the table keeps its definition and readers never see it half done.
    """
    with transaction(con):
        row = con.execute("SELECT count(*), max(rowid) FROM observations").fetchone()
        count, last = (int(row[0]), row[1]) if row else (0, None)
        if last is not None:
            con.execute(
                "INSERT INTO observations SELECT * FROM observations "
                "ORDER BY series_id, period_start, period_end, date_published, obs_id"
            )
            con.execute("DELETE FROM observations WHERE rowid <= ?", [last])
    con.execute("CHECKPOINT")
    return count
