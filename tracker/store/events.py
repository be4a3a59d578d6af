"""Release events: withdrawals and corrections, recorded beside the releases, never deletes.

A withdrawal keeps the release and its figures; as-of answers on or after its effective date
no longer see them, earlier ones still do, and `known_at` before the event was recorded sees
the warehouse as it was (tracker/store/vintage.py).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import duckdb

from tracker.errors import InputError, NotFoundError
from tracker.store.transaction import transaction

KINDS = ("withdrawn", "corrected")


def record(con: duckdb.DuckDBPyConnection, release_id: str, kind: str, *, actor: str,
           reason: str, now: dt.datetime, effective_from: dt.date | None,
           replaced_by: str | None = None, details: dict[str, Any] | None = None,
           run_id: str | None = None, event_id: str | None = None) -> str:
    """Write one event inside the caller's transaction; return its id (`event_id` when a
    rebuild replays the event under the id it had)."""
    if kind not in KINDS:
        raise ValueError(f"event kind {kind!r} is not one of {KINDS}")
    event_id = event_id or "E" + uuid.uuid4().hex[:15]
    con.execute(
        "INSERT INTO release_events BY NAME SELECT ? AS event_id, ? AS release_id, ? AS kind, "
        "? AS reason, ? AS actor, ? AS recorded_at, ? AS effective_from, ? AS replaced_by, "
        "?::JSON AS details",
        [event_id, release_id, kind, reason, actor, now, effective_from, replaced_by,
         json.dumps({**(details or {}), "run_id": run_id}, ensure_ascii=False, default=str)],
    )
    return event_id


def withdraw(con: duckdb.DuckDBPyConnection, release_id: str, *, reason: str, actor: str,
             now: dt.datetime, effective_from: dt.date, event_id: str | None = None) -> str:
    """Withdraw a release from `effective_from` on, in one transaction; return the event id."""
    if not reason.strip():
        raise InputError(f"withdraw {release_id}", "a reason", repr(reason),
                         "Say why, e.g. --reason 'figure was a rumour; bureau denied it'.")
    row = con.execute("SELECT count(*) FROM releases WHERE release_id = ?",
                      [release_id]).fetchone()
    if not row or not row[0]:
        raise NotFoundError("release", release_id)
    already = con.execute(
        "SELECT effective_from FROM release_events WHERE release_id = ? AND kind = 'withdrawn' "
        "AND effective_from <= ?", [release_id, effective_from]).fetchone()
    if already:
        raise InputError(f"withdraw {release_id}", "a release not yet withdrawn",
                         f"withdrawn from {already[0]} already",
                         "See `tracker releases`; nothing was changed.")
    with transaction(con):
        event_id = record(con, release_id, "withdrawn", actor=actor, reason=reason, now=now,
                          effective_from=effective_from, event_id=event_id)
    return event_id
