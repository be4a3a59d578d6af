"""What the report draws, read from the warehouse once: every frame its charts are cut from.

One report used to read the warehouse again for every chart and assess the targets about ten
times over; `gather` reads each frame once for the region (a handful of queries whatever the
number of charts) and assesses every target once. The charts are then pure functions of
these frames (`tracker.views.*_chart`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from tracker.progress import assess
from tracker.views.actual_vs_target import on_levels
from tracker.views.clusters import INDICATOR as CLUSTER_REVENUE
from tracker.views.keys import SeriesKey
from tracker.views.revisions import answer_steps

if TYPE_CHECKING:
    from tracker.warehouse import Warehouse


@dataclass(frozen=True)
class ReportData:
    """The region's frames: series as known on `as_of`, every vintage, first releases and
    revisions, the conflicts, the targets assessed (`tracker.progress.progress`'s rows)."""

    region: str
    as_of: dt.date | None
    series: pl.DataFrame
    vintages: pl.DataFrame
    first: pl.DataFrame
    revised: pl.DataFrame
    conflicts: pl.DataFrame
    assessed: pl.DataFrame

    def actual_vs_target(self, key: SeriesKey) -> tuple[pl.DataFrame, pl.DataFrame]:
        """The frames of `actual_vs_target_chart` for one series."""
        return key.rows(self.series), self.assessed.filter(on_levels(key))

    def revisions(self, key: SeriesKey) -> tuple[pl.DataFrame, pl.DataFrame]:
        """The vintages and the answers' steps of `revisions_chart` for one series."""
        return key.rows(self.vintages), answer_steps(key.rows(self.first),
                                                     key.rows(self.revised))

    def clusters(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        """The frames of `clusters_chart`: every cluster's revenue and its targets."""
        revenue = (pl.col("indicator") == CLUSTER_REVENUE) & (pl.col("measure") == "level")
        return self.series.filter(revenue), self.assessed.filter(revenue)


def gather(wh: Warehouse, region: str = "440000", as_of: dt.date | None = None) -> ReportData:
    """Read everything the report shows for `region` as known on `as_of`, once."""
    # Every indicator and measure of the region (None reads them all), one query each.
    series = wh.series(None, region, None, as_of=as_of)
    return ReportData(
        region=region, as_of=as_of, series=series,
        vintages=wh.vintages(None, region, None), first=wh.first_release(None, region, None),
        revised=wh.revisions(region=region), conflicts=wh.conflicts(as_of=as_of),
        assessed=assess(wh.targets(region=region), series, as_of=as_of))
