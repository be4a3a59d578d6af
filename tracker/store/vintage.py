"""The one definition of "the figure known on D", used by every read that answers as of a date.

A vintage is one release's figure for one period. On a publication date D (`as_of`) and with
what the warehouse held at an instant T (`known_at`), a vintage is *visible* when

- its release was published on or before D, and held at T (below);
- its release was not withdrawn with effect on or before D by an event held at T
  (a withdrawal keeps the release visible to earlier as-of dates; a corrected description hides
  the old description's release from every date, once the correction is known).

Among the visible vintages of a period, the answer is the first in this order, which depends
only on what the releases say, never on the order they arrived in:

1. the source rank (1 first: statistics bureaus, then work reports, departments, outlets,
   reposts; see tracker/authority.py), so a later repost never replaces the bureau's figure;
2. the latest publication date;
3. the better grade (A, then B, then C);
4. the firmer status (A normal or B break, then P provisional, E estimated, F forecast);
5. the release id, a hash of the source, the raw bytes and the description: an arbitrary but
   fixed last word between two releases of the same day that agree on all of the above.

"Held at T" depends on the kind. A DuckDB file keeps no history of its own, so its rows' times
decide: a release ingested after T, an event recorded after T, is not yet held. A DuckLake
keeps a snapshot per commit, and a read of what it held at T reads the last snapshot committed
at or before T (tracker/store/travel.py), which answers alone; only history older than the
lake's snapshots (rows it took in by `tracker copy`, anything before its current schema) falls
back to the rows' times. The two agree except for a release that was being appended at T (a
file counts it from its `ingested_at`, the lake from its commit) and, on the lake, re-rankings
and other changes committed after T, which a file cannot undo.

`visible()` hides what is not yet published, not yet held, withdrawn or corrected;
`known_key()` is the order, as a value `arg_min` takes. Figures carry their release's rank and
grade (copied at append, re-derived on re-ranking), so a read needs no join to order them; the
releases a read must hide are few and are looked up first, once per read connection.
Only tracker/store/ imports this.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from tracker import clock
from tracker.store import connect, travel
from tracker.store.release import STATUS_FIRMNESS

KEY = ["indicator", "region", "cluster", "measure", "period_start", "period_end"]
STATUS_RANK = ("CASE {o}.status "
               + " ".join(f"WHEN '{s}' THEN {n}" for s, n in STATUS_FIRMNESS.items())
               + f" ELSE {max(STATUS_FIRMNESS.values())} END")
NEVER = dt.date(1, 1, 1)  # hidden from every as-of date: a corrected description's release


def status_rank(o: str = "o") -> str:
    """SQL: 0 for a firm status, up to 3 for a forecast."""
    return STATUS_RANK.format(o=o)


def known_key(o: str = "o") -> str:
    """SQL: the order as a value that `arg_min` takes (smallest = best answer)."""
    return (f"({o}.source_rank, -({o}.date_published - DATE '1970-01-01'), {o}.grade, "
            f"{status_rank(o)}, {o}.release_id)")


def publication_key(o: str = "o") -> str:
    """SQL: oldest publication first, ties as in known_key; the smallest is the first release."""
    return (f"({o}.date_published, {o}.source_rank, {o}.grade, {status_rank(o)}, "
            f"{o}.release_id)")


def partition(o: str = "o") -> str:
    """SQL PARTITION BY / GROUP BY items: one figure (series key and period)."""
    return ", ".join(f'{o}."{c}"' for c in KEY)


def same_figure(a: str, b: str) -> str:
    """SQL: rows `a` and `b` are vintages of the same figure (cluster may be NULL)."""
    return " AND ".join(f'{a}."{c}" IS NOT DISTINCT FROM {b}."{c}"' for c in KEY)


def hidden(con: duckdb.DuckDBPyConnection, known_at: dt.datetime | None) -> dict[str, dt.date]:
    """Release id -> the first as-of date it is hidden from (NEVER: every date), by the events
    recorded at or before `known_at` (None: all of them).

    release_events holds a handful of rows, so this is a small query, remembered while the
    read connection stays open (nothing can be written meanwhile).
    """
    memo = connect.memo(con)
    if memo is not None and ("hidden", known_at) in memo:
        found: dict[str, dt.date] = memo["hidden", known_at]  # type: ignore[assignment]
        return found
    when, params = "", {"never": NEVER}
    if known_at is not None:
        when, params["known_at"] = "WHERE recorded_at <= $known_at", known_at
    rows = con.execute(
        f"SELECT release_id, min(coalesce(effective_from, $never)) "
        f"FROM release_events {when} GROUP BY release_id", params).fetchall()
    found = {str(r): d for r, d in rows}
    if memo is not None:
        memo["hidden", known_at] = found
    return found


def not_yet_held(con: duckdb.DuckDBPyConnection, known_at: dt.datetime | None) -> list[str]:
    """The releases ingested after `known_at` (none when it is None)."""
    if known_at is None:
        return []
    rows = con.execute("SELECT release_id FROM releases WHERE ingested_at > $known_at",
                       {"known_at": known_at}).fetchall()
    return [str(r[0]) for r in rows]


def excluded(con: duckdb.DuckDBPyConnection, on: dt.date,
             known_at: dt.datetime | None) -> list[str]:
    """The releases an as-of read on `on` with what was held at `known_at` must not see."""
    gone = [r for r, since in hidden(con, known_at).items() if since <= on]
    return sorted(set(gone) | set(not_yet_held(con, known_at)))


def visible(con: duckdb.DuckDBPyConnection, as_of: dt.date | None,
            known_at: dt.datetime | None, params: dict[str, Any], o: str = "o") -> str:
    """SQL condition: the vintage `o` is visible on `as_of` with what was held at `known_at`
    (None: now, and everything held). Only observations' own columns: no join. On a lake,
    `con` reads the snapshot that answers for `known_at` from here on (the module docstring)."""
    known_at = travel.travel(con, known_at)
    parts = ["TRUE"]
    if as_of is not None:
        params["as_of"] = as_of
        parts.append(f"{o}.date_published <= $as_of")
    gone = excluded(con, as_of if as_of is not None else clock.today(), known_at)
    if gone:
        params["excluded"] = gone
        parts.append(f"NOT list_contains($excluded, {o}.release_id)")
    return " AND ".join(parts)


def held(con: duckdb.DuckDBPyConnection, known_at: dt.datetime | None,
         params: dict[str, Any], o: str = "o") -> tuple[str, str]:
    """(SQL condition, SQL expression) for a history: the vintage `o` was held at `known_at`,
    and the date its release is hidden from (NULL: never withdrawn). On a lake, `con` reads
    the snapshot that answers for `known_at` from here on."""
    known_at = travel.travel(con, known_at)
    gone = not_yet_held(con, known_at)
    condition = "TRUE"
    if gone:
        params["not_held"] = gone
        condition = f"NOT list_contains($not_held, {o}.release_id)"
    since = hidden(con, known_at)
    if not since:
        return condition, "NULL::DATE"
    params["hidden_ids"] = list(since)
    params["hidden_from"] = list(since.values())
    return condition, (f"$hidden_from[list_position($hidden_ids, {o}.release_id)]")
