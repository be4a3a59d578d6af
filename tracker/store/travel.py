"""What a DuckLake held at an instant, read from its own snapshots (`known_at=` on a lake).

A read of what the warehouse held at T moves its connection, for the rest of the API call's
transaction, to an attachment of the lake at the last snapshot committed at or before T: a
release committed after T is not in it, whatever its `ingested_at` says, and neither is a
withdrawal, a re-ranking or a review decision committed later. The attachment is kept for later
calls (the last KEEP snapshots read), and after the call `go_home` points the connection back at
the lake itself (tracker/store/connect.py LakePool).

Two kinds of history are older than the snapshots that could answer for it, and there the
snapshot that first holds it answers, with the rows' own times (`ingested_at`, `recorded_at`)
deciding as on a file (tracker/store/vintage.py):

- rows copied in by `tracker copy` (tracker/store/copy.py marks its commit `COPY_MESSAGE`): the
  lake's snapshots date the copy, not when the source held each row, so an answer reproduced
  from a copy is the source's answer;
- anything before the lake's current schema: an older snapshot lacks the columns today's reads
  ask for.

A DuckDB file keeps no snapshots: for it `travel` hands the instant back unchanged.
"""

from __future__ import annotations

import datetime as dt
import weakref

import duckdb

from tracker.store import lake

COPY_MESSAGE = "tracker copy"
AUTHOR = "tracker"

# Per connection that read for an instant: the instant, what `travel` answered, and whether the
# connection moved to an older snapshot.
Away = tuple[dt.datetime, dt.datetime | None, bool]
_AWAY: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, Away] = weakref.WeakKeyDictionary()
KEEP = 2  # attachments of older snapshots kept per connection
# Per connection: the aliases of the older snapshots it keeps attached, oldest first.
_KEPT: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, list[str]] = (
    weakref.WeakKeyDictionary())


def travel(con: duckdb.DuckDBPyConnection, instant: dt.datetime | None) -> dt.datetime | None:
    """Make `con` read what its lake held at `instant`; return the instant the rows' own times
    must still be compared with (None: the snapshot answers alone). A file's connection, or no
    instant, reads as it is and gets `instant` back."""
    home = lake.HOMES.get(con)
    if instant is None or home is None:
        return instant
    away = _AWAY.get(con)
    if away is not None and away[0] == instant:
        return away[1]
    go_home(con)
    snapshot, row_times = chosen(con, home.alias, instant)
    if snapshot is not None:
        con.execute(f"USE {_attached(con, home, snapshot)}")
    answer = instant if row_times else None
    _AWAY[con] = (instant, answer, snapshot is not None)
    return answer


def _attached(con: duckdb.DuckDBPyConnection, home: lake.Home, snapshot: int) -> str:
    """The alias of an attachment of the lake at `snapshot`, kept for later calls (attaching
    costs a tenth of a second; a snapshot never changes). A new one is attached between two
    read-only transactions, the call's first having read nothing but the snapshot's id, and
    the oldest beyond KEEP are detached there (each holds PostgreSQL sessions)."""
    alias = f"{home.alias}_at{snapshot}"
    kept = _KEPT.setdefault(con, [])
    if alias in kept:
        return alias
    con.execute("COMMIT")
    try:
        while len(kept) >= KEEP:
            con.execute(f"DETACH {kept.pop(0)}")
        options = ", ".join(["READ_ONLY", f"SNAPSHOT_VERSION {snapshot}", *home.data_path])
        con.execute(f"ATTACH {home.target} AS {alias} ({options})")
        kept.append(alias)
    finally:
        con.execute("BEGIN TRANSACTION")
    return alias


def away(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether `con` reads an older snapshot than its transaction's (what reads remember of the
    transaction's snapshot does not hold there)."""
    found = _AWAY.get(con)
    return found is not None and found[2]


def chosen(con: duckdb.DuckDBPyConnection, alias: str,
           instant: dt.datetime) -> tuple[int | None, bool]:
    """(the snapshot to read, None: the one the transaction reads already; whether the rows'
    own times decide too). One look at the catalog's snapshots, as the transaction sees them."""
    row = con.execute(
        f"""
        SELECT max(snapshot_id) FILTER (WHERE snapshot_time <= $at),
               max(snapshot_id),
               arg_min(snapshot_id, (-schema_version, snapshot_id)),
               max(snapshot_id) FILTER (WHERE commit_message = $copy)
        FROM ducklake_snapshots('{alias}')
        """, {"at": instant, "copy": COPY_MESSAGE}).fetchone()
    assert row is not None  # an aggregate answers with one row
    at, current, schema, copied = row
    floor = max(schema, copied or 0)
    if at is not None and at >= floor:
        return (None if at == current else int(at)), False
    return (None if floor == current else int(floor)), True


def go_home(con: duckdb.DuckDBPyConnection) -> None:
    """Point `con` back at its lake (the snapshot's attachment ends with the transaction)."""
    if _AWAY.pop(con, None) is None:
        return
    home = lake.HOMES.get(con)
    if home is not None:
        con.execute(f"USE {home.alias}")


def mark_copy(con: duckdb.DuckDBPyConnection) -> None:
    """Name the open transaction's commit a copy (its rows keep their source's times)."""
    if con in lake.HOMES:
        con.execute(f"CALL {lake.HOMES[con].alias}.set_commit_message($author, $message)",
                    {"author": AUTHOR, "message": COPY_MESSAGE})
