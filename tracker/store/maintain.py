"""Housekeeping: reads kept fast as small releases pile up, integrity checked, copies made."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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


# Each check: what is wrong when the query counts more than zero, and the query.
_COUNTS = {
    "observation(s) whose release is not in releases":
        "SELECT count(*) FROM observations o WHERE NOT EXISTS "
        "(SELECT 1 FROM releases r WHERE r.release_id = o.release_id)",
    "target(s) whose release is not in releases":
        "SELECT count(*) FROM targets t WHERE NOT EXISTS "
        "(SELECT 1 FROM releases r WHERE r.release_id = t.release_id)",
    "release id(s) held more than once":
        "SELECT count(*) FROM (SELECT release_id FROM releases GROUP BY 1 HAVING count(*) > 1)",
    "observation id(s) held more than once":
        "SELECT count(*) FROM (SELECT obs_id FROM observations GROUP BY 1 HAVING count(*) > 1)",
    "figure(s) a release holds twice (same series and period)":
        "SELECT count(*) FROM (SELECT 1 FROM observations "
        "GROUP BY release_id, series_id, period_start, period_end HAVING count(*) > 1)",
    "run(s) never closed (a process killed mid-run; its source's next run marks it abandoned)":
        "SELECT count(*) FROM ingest_runs WHERE ended_at IS NULL",
}


def integrity(con: duckdb.DuckDBPyConnection) -> list[str]:
    """What is wrong inside the database: orphans, duplicate identities, open runs."""
    problems = []
    for what, query in _COUNTS.items():
        row = con.execute(query).fetchone()
        if row and row[0]:
            problems.append(f"{row[0]} {what}")
    return problems


def payloads(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, int]]:
    """Every release's id, SHA-256, raw path (relative to raw/) and size."""
    return [(str(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in con.execute(
        "SELECT release_id, sha256, raw_path, size FROM releases ORDER BY ingested_at, release_id"
    ).fetchall()]


def copy_to(con: duckdb.DuckDBPyConnection, source: Path, target: Path) -> None:
    """Copy the database file whole on its write connection: checkpointed first, so the file
    alone holds everything, and no one can change it while it is copied."""
    con.execute("CHECKPOINT")
    tmp = target.with_name(f"{target.name}.tmp{os.getpid()}")
    shutil.copyfile(source, tmp)
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    tmp.replace(target)
