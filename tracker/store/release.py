"""What every ingester hands the store: a release description and a frame of figures.

An ingester builds one `ReleaseMeta` per source document or payload and a polars frame with
`FIGURE_COLUMNS`; `Warehouse.append_release` (tracker/store/append.py) validates, converts to
base units, deduplicates against what is there and writes the release whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

from tracker import clock
from tracker.errors import ReleaseError

# The columns of a figures frame. value_as_published/unit_as_published are converted by the
# store; the locator says where in the raw bytes the figure was read.
FIGURE_SCHEMA: dict[str, Any] = {
    "indicator": pl.Utf8,
    "region": pl.Utf8,
    "cluster": pl.Utf8,  # null or "" where the indicator has no per-cluster series
    "measure": pl.Utf8,  # level | yoy_pct | share_national_pct | rank_national
    "period_start": pl.Date,
    "period_end": pl.Date,
    "value_as_published": pl.Float64,
    "unit_as_published": pl.Utf8,  # 亿元, 万辆, %, or a base unit (CNY, vehicle, percent...)
    "qualifier": pl.Utf8,  # exact | about | over | at_least | nearly | under
    "status": pl.Utf8,  # SDMX OBS_STATUS: A | E | P | F | B
    "locator_kind": pl.Utf8,  # text | cell | json
    "locator": pl.Utf8,  # "chars 120-141", "figures.csv row 3", "$.data[0].values[2]"
    "quote": pl.Utf8,  # the clause as it stands in the document (null for pure tables)
    "quote_start": pl.Int64,  # character offsets of quote in the decoded text, or null
    "quote_end": pl.Int64,
}
FIGURE_COLUMNS = list(FIGURE_SCHEMA)
QUALIFIERS = ("exact", "about", "over", "at_least", "nearly", "under")
STATUSES = ("A", "E", "P", "F", "B")  # SDMX OBS_STATUS; B: a break in the series
# How firm a status is, 0 firmest: between two same-day vintages the firmer one answers
# (tracker/store/vintage.py); progress picks the same way (tracker/progress_rules.py).
STATUS_FIRMNESS = {"A": 0, "B": 0, "P": 1, "E": 2, "F": 3}
GRADES = ("A", "B", "C")


@dataclass
class ReleaseMeta:
    """Provenance of one source document or payload (after owid/etl snapshot metadata)."""

    publisher: str
    title: str
    date_published: dt.date
    ingester: str
    ingester_version: str = "1"
    published_approximate: bool = False
    url_main: str | None = None
    url_download: str | None = None
    date_accessed: dt.datetime = field(default_factory=clock.now)  # UTC-aware
    license: str | None = None
    doc_number: str | None = None
    grade: str = "A"
    source_id: str | None = None
    media_type: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def validate(self, where: str) -> None:
        """Refuse a release that provenance cannot stand on."""
        if not (self.publisher or "").strip():
            raise ReleaseError(where, "publisher", "is missing or empty")
        if not (self.title or "").strip():
            raise ReleaseError(where, "title", "is missing or empty")
        if not isinstance(self.date_published, dt.date):
            raise ReleaseError(where, "date_published", "is missing or not a date (YYYY-MM-DD)")
        if self.date_published > clock.today():
            # A release from the future would answer every as-of question from now on.
            raise ReleaseError(where, "date_published",
                               f"is {self.date_published}, later than today ({clock.today()}, "
                               "Beijing time); give the day it was published")
        if self.grade not in GRADES:
            raise ReleaseError(where, "grade", f"is {self.grade!r}, expected one of {GRADES}")

    def as_dict(self) -> dict[str, Any]:
        """A plain dict, for JSON output and the releases table."""
        return asdict(self)


def sha256(raw: bytes) -> str:
    """The content hash that names a raw payload."""
    return hashlib.sha256(raw).hexdigest()

