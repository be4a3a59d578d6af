"""Which series a view draws: an indicator as people type it, and its cluster found for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from tracker.catalog import ANY_CLUSTER
from tracker.errors import InputError

if TYPE_CHECKING:
    from tracker.warehouse import Warehouse


@dataclass(frozen=True)
class SeriesKey:
    """One series: codes, with the cluster a per-cluster indicator is held under (else None)."""

    indicator: str
    region: str
    measure: str
    cluster: str | None

    def rows(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The rows of `frame` (series or vintages of any series) that are this series."""
        return frame.filter(pl.col("indicator") == self.indicator,
                            pl.col("region") == self.region, pl.col("measure") == self.measure,
                            pl.col("cluster").fill_null("") == (self.cluster or ""))


def series_key(wh: Warehouse, indicator: str, region: str = "440000", measure: str = "level",
               cluster: str | None = None) -> SeriesKey:
    """Codes for the names given; without `cluster`, the cluster the series is held under.

    An indicator of one cluster (新能源汽车产量: automobiles) is always held under it. A
    per-cluster indicator (集群营业收入) held for one cluster only draws that one; held for
    several, the view cannot choose and says which there are.
    """
    cat = wh.catalog
    code = cat.resolve("indicator", indicator)
    reg, meas = cat.resolve("region", region), cat.resolve("measure", measure)
    if cluster is not None:
        return SeriesKey(code, reg, meas, cat.resolve("cluster", cluster))
    fixed = cat.indicators[code].cluster
    if fixed != ANY_CLUSTER:
        return SeriesKey(code, reg, meas, fixed or None)
    held = wh.holdings().filter(pl.col("indicator") == code, pl.col("region") == reg,
                                pl.col("measure") == meas)
    clusters = sorted({c for c in held["cluster"].to_list() if c})
    if len(clusters) == 1:
        return SeriesKey(code, reg, meas, clusters[0])
    if not clusters:
        return SeriesKey(code, reg, meas, None)
    raise InputError(f"{code} in {reg}", "one cluster for a per-cluster indicator",
                     f"none, and it is held for {len(clusters)}: {', '.join(clusters)}",
                     "Pass cluster=... (one of them); `tracker clusters` names them all.")
