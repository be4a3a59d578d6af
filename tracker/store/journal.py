"""What was decided after an ingest, kept in the raw store so a rebuild can decide it again.

`raw/events.jsonl` gets one JSON line per decision, appended after its transaction commits
(as release sidecars are): a withdrawal, the figures a reviewed ingest held, and each accept or
reject of held figures. Corrections need no line: an append re-derives them from the releases.
`tracker rebuild --from-raw` replays the lines among the releases in the order they happened,
through the same store functions that made them the first time.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import polars as pl

from tracker.catalog import Catalog
from tracker.storage import Store
from tracker.store import events, review, sidecar

NAME = "events.jsonl"
KINDS = ("withdrawn", "held", "accepted", "rejected")


@dataclass(frozen=True)
class Entry:
    """One journal line: its kind, when it happened and what it says."""

    kind: str
    at: dt.datetime
    record: dict[str, Any]


def _write(raw_root: Store, kind: str, at: dt.datetime, **record: Any) -> None:
    line = json.dumps({"kind": kind, "at": at.isoformat(), **record}, ensure_ascii=False,
                      default=str)
    # One line added whole (tracker/storage): a crash leaves at most a torn last line, which
    # `entries` skips and reports.
    raw_root.append(NAME, line + "\n")


def withdrawn(raw_root: Store, event_id: str, release_id: str, *, reason: str, actor: str,
              at: dt.datetime, effective_from: dt.date) -> None:
    """A release withdrawn (tracker withdraw), with its event's own id and time."""
    _write(raw_root, "withdrawn", at, event_id=event_id, release_id=release_id, reason=reason,
           actor=actor, effective_from=effective_from.isoformat())


def held(raw_root: Store, release_id: str, frame: pl.DataFrame, at: dt.datetime) -> None:
    """The figures a --review ingest held for review, which its release's sidecar lacks."""
    _write(raw_root, "held", at, release_id=release_id, **sidecar.frame_record(frame))


def decided(raw_root: Store, decisions: Sequence[review.Decision], reason: str | None) -> None:
    """The accepts or rejects that changed a figure (an `already_...` one changed nothing)."""
    for d in decisions:
        if d.outcome in ("added", "unchanged"):
            _write(raw_root, "accepted", d.decided_at, held_id=d.held_id, by=d.decided_by)
        elif d.outcome == "rejected":
            _write(raw_root, "rejected", d.decided_at, held_id=d.held_id, by=d.decided_by,
                   reason=reason)


def entries(raw_root: Store) -> tuple[list[Entry], list[str]]:
    """The journal's lines in the order written, and what could not be read of it."""
    found: list[Entry] = []
    bad: list[str] = []
    journal = raw_root.read(NAME)
    if journal is None:
        return found, bad
    for n, line in enumerate(journal.decode("utf-8").splitlines(), 1):
        try:
            record = json.loads(line)
            kind = record.pop("kind")
            if kind not in KINDS:
                raise ValueError(f"kind {kind!r} is not one of {KINDS}")
            found.append(Entry(kind, dt.datetime.fromisoformat(record.pop("at")), record))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            bad.append(f"raw/{NAME} line {n}: unreadable ({exc})")
    return found, bad


def replay(con: duckdb.DuckDBPyConnection, cat: Catalog, entry: Entry) -> None:
    """Make the decision of `entry` again, at its original time and under its original id."""
    r = entry.record
    if entry.kind == "withdrawn":
        events.withdraw(con, r["release_id"], reason=r["reason"], actor=r["actor"],
                        now=entry.at, effective_from=dt.date.fromisoformat(r["effective_from"]),
                        event_id=r["event_id"])
    elif entry.kind == "held":
        review.hold(con, r["release_id"], sidecar.frame_from(r), entry.at)
    elif entry.kind == "accepted":
        review.accept(con, cat, [r["held_id"]], r["by"], entry.at)
    else:
        review.reject(con, [r["held_id"]], r["reason"], r["by"], entry.at)
