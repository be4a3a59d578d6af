"""The one definition of "the figure known on D", used by every read that answers as of a date.

A vintage is one release's figure for one period. On a publication date D (`as_of`) and with
what the warehouse held at an instant T (`known_at`), a vintage is *visible* when

- its release was published on or before D, and ingested at or before T;
- its release was not withdrawn with effect on or before D by an event recorded at or before T
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

`visible()` hides what is not yet published, not yet ingested, withdrawn or corrected;
`known_order()` is the order. Only tracker/store/ imports this.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tracker import clock

KEY = ["indicator", "region", "cluster", "measure", "period_start", "period_end"]
STATUS_RANK = ("CASE {o}.status WHEN 'A' THEN 0 WHEN 'B' THEN 0 WHEN 'P' THEN 1 "
               "WHEN 'E' THEN 2 ELSE 3 END")


def status_rank(o: str = "o") -> str:
    """SQL: 0 for a firm status, up to 3 for a forecast."""
    return STATUS_RANK.format(o=o)


def known_order(o: str = "o", r: str = "r") -> str:
    """SQL ORDER BY items, best answer first (the module docstring's five rules)."""
    return (f"{r}.source_rank ASC, {o}.date_published DESC, {r}.grade ASC, "
            f"{status_rank(o)} ASC, {o}.release_id ASC")


def known_key(o: str = "o", r: str = "r") -> str:
    """SQL: the same order as a value that `arg_min` takes (smallest = best answer)."""
    return (f"({r}.source_rank, -({o}.date_published - DATE '1970-01-01'), {r}.grade, "
            f"{status_rank(o)}, {o}.release_id)")


def publication_order(o: str = "o", r: str = "r") -> str:
    """SQL ORDER BY items for a history: oldest publication first, ties as in known_order."""
    return (f"{o}.date_published ASC, {r}.source_rank ASC, {r}.grade ASC, "
            f"{status_rank(o)} ASC, {o}.release_id ASC")


def partition(o: str = "o") -> str:
    """SQL PARTITION BY items: one figure (series key and period)."""
    return ", ".join(f'{o}."{c}"' for c in KEY)


def same_figure(a: str, b: str) -> str:
    """SQL: rows `a` and `b` are vintages of the same figure (cluster may be NULL)."""
    return " AND ".join(f'{a}."{c}" IS NOT DISTINCT FROM {b}."{c}"' for c in KEY)


def hidden_from(known_at: dt.datetime | None, params: dict[str, Any]) -> str:
    """SQL of a relation (release_id, hidden_from): the date from which a release is withdrawn.

    A corrected description's release is hidden from 0001-01-01, that is, at every as-of date.
    Events recorded after `known_at` are not yet known and do not count.
    """
    when = ""
    if known_at is not None:
        params["known_at"] = known_at
        when = "WHERE e.recorded_at <= $known_at"
    return (f"(SELECT e.release_id, min(coalesce(e.effective_from, DATE '0001-01-01')) "
            f"AS hidden_from FROM release_events e {when} GROUP BY e.release_id)")


def visible(as_of: dt.date | None, known_at: dt.datetime | None, params: dict[str, Any],
            o: str = "o", r: str = "r") -> str:
    """SQL condition: the vintage `o` of release `r` is visible on `as_of` with what was held at
    `known_at` (None: now, and everything held)."""
    parts = []
    if as_of is not None:
        params["as_of"] = as_of
        parts.append(f"{o}.date_published <= $as_of")
    if known_at is not None:
        params["known_at"] = known_at
        parts.append(f"{r}.ingested_at <= $known_at")
    if as_of is None:
        params["today"] = clock.today()
    on = "$as_of" if as_of is not None else "$today"
    parts.append(f"{o}.release_id NOT IN (SELECT h.release_id FROM "
                 f"{hidden_from(known_at, params)} h WHERE h.hidden_from <= {on})")
    return " AND ".join(parts)
