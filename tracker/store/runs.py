"""Ingest runs: recorded at start, closed with their outcome, whatever it is."""

from __future__ import annotations

import os
import socket
import uuid

import duckdb
import polars as pl

from tracker.store.connect import alive

RUN_STATUSES = ("running", "succeeded", "unchanged", "failed", "abandoned")


def start(con: duckdb.DuckDBPyConnection, source_id: str) -> str:
    """Record a run as running; runs of dead processes on this host become abandoned."""
    host = socket.gethostname()
    stale = con.execute(
        "SELECT run_id, pid FROM ingest_runs WHERE status = 'running' AND host = ?", [host]
    ).fetchall()
    for run_id, pid in stale:
        if pid is not None and not alive(int(pid)):
            con.execute(
                "UPDATE ingest_runs SET status = 'abandoned', ended_at = now(), "
                "error = 'process ended without closing the run (killed?)' WHERE run_id = ?",
                [run_id],
            )
    run_id = uuid.uuid4().hex[:16]
    con.execute(
        "INSERT INTO ingest_runs (run_id, source_id, started_at, status, pid, host) "
        "VALUES (?, ?, now(), 'running', ?, ?)",
        [run_id, source_id, os.getpid(), host],
    )
    return run_id


def finish(con: duckdb.DuckDBPyConnection, run_id: str, status: str, releases_added: int,
           added: int, unchanged: int, quarantined: int, error: str | None) -> None:
    """Close a run with its outcome and counts."""
    if status not in RUN_STATUSES:
        raise ValueError(f"run status {status!r} is not one of {RUN_STATUSES}")
    con.execute(
        "UPDATE ingest_runs SET ended_at = now(), status = ?, releases_added = ?, "
        "rows_added = ?, rows_unchanged = ?, rows_quarantined = ?, error = ? WHERE run_id = ?",
        [status, releases_added, added, unchanged, quarantined, error, run_id],
    )


def history(con: duckdb.DuckDBPyConnection, source_id: str | None, limit: int) -> pl.DataFrame:
    """The most recent runs first."""
    return con.execute(
        "SELECT * FROM ingest_runs WHERE ($source IS NULL OR source_id = $source) "
        "ORDER BY started_at DESC LIMIT $limit",
        {"source": source_id, "limit": limit},
    ).pl()

