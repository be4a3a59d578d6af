"""Ingest runs: recorded at start, closed with their outcome, whatever it is.

Every instant is given by the caller (`tracker.clock.now()`, UTC-aware), never taken from the
database's clock, so that one clock stamps runs, releases and fetches alike and tests can pin it.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid

import duckdb
import polars as pl

from tracker.store.connect import alive

# partial: the run failed after some of its releases were appended (they stay, whole).
RUN_STATUSES = ("running", "succeeded", "unchanged", "partial", "failed", "abandoned")


def start(con: duckdb.DuckDBPyConnection, source_id: str, at: dt.datetime) -> str:
    """Record a run as running at `at`; runs of dead processes on this host become abandoned."""
    host = socket.gethostname()
    stale = con.execute(
        "SELECT run_id, pid FROM ingest_runs WHERE status = 'running' AND host = ?", [host]
    ).fetchall()
    for run_id, pid in stale:
        if pid is not None and not alive(int(pid)):
            con.execute(
                "UPDATE ingest_runs SET status = 'abandoned', ended_at = ?, "
                "error = 'process ended without closing the run (killed?)' WHERE run_id = ?",
                [at, run_id],
            )
    run_id = uuid.uuid4().hex[:16]
    con.execute(
        "INSERT INTO ingest_runs (run_id, source_id, started_at, status, pid, host) "
        "VALUES (?, ?, ?, 'running', ?, ?)",
        [run_id, source_id, at, os.getpid(), host],
    )
    return run_id


def finish(con: duckdb.DuckDBPyConnection, run_id: str, status: str, releases_added: int,
           added: int, unchanged: int, quarantined: int, error: str | None,
           at: dt.datetime) -> None:
    """Close a run at `at` with its outcome and counts."""
    if status not in RUN_STATUSES:
        raise ValueError(f"run status {status!r} is not one of {RUN_STATUSES}")
    con.execute(
        "UPDATE ingest_runs SET ended_at = ?, status = ?, releases_added = ?, "
        "rows_added = ?, rows_unchanged = ?, rows_quarantined = ?, error = ? WHERE run_id = ?",
        [at, status, releases_added, added, unchanged, quarantined, error, run_id],
    )


def history(con: duckdb.DuckDBPyConnection, source_id: str | None, limit: int) -> pl.DataFrame:
    """The most recent runs first."""
    return con.execute(
        "SELECT * FROM ingest_runs WHERE ($source IS NULL OR source_id = $source) "
        "ORDER BY started_at DESC LIMIT $limit",
        {"source": source_id, "limit": limit},
    ).pl()
