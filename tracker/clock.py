"""The one source of "now", and the one place that knows about time zones.

Two kinds of time run through the tracker and are never mixed:

- **Calendar dates** (a release's publication date, a period, an `as_of` date) are dates in
  Asia/Shanghai, where every publisher of these figures works. A zone-aware instant given where a
  date is wanted is converted to Shanghai before its date is taken, so 2025-03-01T07:00+08:00 is
  1 March whatever the machine's zone.
- **Instants** (retrieval time, ingestion time, run start and end, a `known_at`) are UTC-aware
  datetimes, stored in TIMESTAMPTZ columns and shown in Asia/Shanghai. A naive datetime given by a
  caller is read as Shanghai wall time, because that is what an analyst in Guangdong types.

Nothing else in the package calls `datetime.now()`, `date.today()` or `time.time()` for a wall
clock, so tests can pin the clock (`TRACKER_NOW`) and the suite behaves the same under any `TZ`.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = dt.UTC
ZONE_NAME = "Asia/Shanghai"


def now() -> dt.datetime:
    """The current instant, UTC-aware; `$TRACKER_NOW` (ISO 8601) pins it for tests and replays."""
    pinned = os.environ.get("TRACKER_NOW")
    if pinned:
        return to_instant(dt.datetime.fromisoformat(pinned))
    return dt.datetime.now(UTC)


def today() -> dt.date:
    """Today's date in Asia/Shanghai."""
    return now().astimezone(SHANGHAI).date()


def to_instant(value: dt.datetime) -> dt.datetime:
    """A UTC-aware instant; a naive datetime is taken as Asia/Shanghai wall time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=SHANGHAI)
    return value.astimezone(UTC)


def from_stored(value: dt.datetime) -> dt.datetime:
    """An instant read back from the warehouse: naive values there were written as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def shown(value: dt.datetime) -> dt.datetime:
    """An instant as people in Guangdong read it: Asia/Shanghai wall time, zone attached."""
    return from_stored(value).astimezone(SHANGHAI)


def calendar_date(value: dt.date | dt.datetime | str) -> dt.date:
    """A calendar date in Asia/Shanghai from a date, an (aware or naive) datetime or ISO text."""
    if isinstance(value, str):
        text = value.strip()
        value = dt.datetime.fromisoformat(text) if "T" in text or " " in text else \
            dt.date.fromisoformat(text)
    if isinstance(value, dt.datetime):
        return value.date() if value.tzinfo is None else value.astimezone(SHANGHAI).date()
    return value


def instant(value: dt.datetime | dt.date | str) -> dt.datetime:
    """A UTC-aware instant from a datetime, ISO text, or a date (its end in Asia/Shanghai).

    A bare date means "as held at the end of that day in Guangdong", so `known_at=2025-03-01`
    includes everything ingested on 1 March Beijing time.
    """
    if isinstance(value, str):
        text = value.strip()
        if "T" not in text and " " not in text and len(text) <= 10:
            value = dt.date.fromisoformat(text)
        else:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if isinstance(value, dt.datetime):
        return to_instant(value)
    end = dt.datetime.combine(value, dt.time.max).replace(tzinfo=SHANGHAI)
    return end.astimezone(UTC)


def file_date(mtime: float) -> dt.date:
    """The Asia/Shanghai date of a file's modification time (seconds since the epoch)."""
    return dt.datetime.fromtimestamp(mtime, UTC).astimezone(SHANGHAI).date()
