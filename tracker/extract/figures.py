"""The extractor's output: `Figure`, and the frame `Warehouse.append_release` takes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import polars as pl

from tracker.store.release import FIGURE_SCHEMA


@dataclass(frozen=True)
class Figure:
    """One catalog figure read from a release, with the exact clause it came from.

    `start`/`end` are character offsets of `quote` in the decoded file text
    (`tracker.extract.decode(data).text`): `text[start:end] == quote`. `rule` names the
    handler that produced the figure and `confidence` (0..1) how sure it is, so a reviewer
    can look at the doubtful ones first (see tracker/extract/confidence.py).
    """

    indicator: str
    region: str
    cluster: str | None
    measure: str
    period_start: dt.date
    period_end: dt.date
    value: float  # in the base unit
    unit: str  # the base unit
    value_as_published: float
    unit_as_published: str
    qualifier: str
    status: str
    quote: str
    start: int
    end: int
    # Last, with defaults, so positional construction of the fields above keeps working.
    rule: str = ""
    confidence: float = 1.0
    cell: str = ""  # a table cell's place ("row 3, column 5", from the header); "" in prose

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings), the `tracker extract --json` line."""
        row = asdict(self)
        row["period_start"] = self.period_start.isoformat()
        row["period_end"] = self.period_end.isoformat()
        return row


def figures_frame(figures: Iterable[Figure]) -> pl.DataFrame:
    """Figures as a FIGURE_SCHEMA frame (locator "chars START-END") for append_release."""
    rows = [
        {
            "indicator": f.indicator, "region": f.region, "cluster": f.cluster,
            "measure": f.measure, "period_start": f.period_start, "period_end": f.period_end,
            "value_as_published": f.value_as_published, "unit_as_published": f.unit_as_published,
            "qualifier": f.qualifier, "status": f.status,
            "locator_kind": "cell" if f.cell else "text",
            "locator": f"{f.cell}, chars {f.start}-{f.end}" if f.cell
            else f"chars {f.start}-{f.end}", "quote": f.quote, "quote_start": f.start,
            "quote_end": f.end,
        }
        for f in figures
    ]
    return pl.DataFrame(rows, schema=FIGURE_SCHEMA)
