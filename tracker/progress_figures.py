"""The figures `tracker.progress` judges by, picked for every target at once.

Each target reads a few yearly figures of its series. Filtering the actuals again for each
target cost a few milliseconds of polars work a target (seconds for thousands of targets), so
the choices are made here on whole frames, once: one sort and one `unique` pick the figure that
counts for every (series, measure, span, year), one group-by gives every series' break years.
The rules per target (tracker/progress_kinds.py) then read plain dictionaries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from tracker.progress_rules import BREAK, GRADE_RANK, SOURCE_FIELDS, Figure
from tracker.store.release import STATUS_FIRMNESS

SeriesKey = tuple[str, str, str]
"""(indicator, region, cluster), the cluster "" for none: the key every rule reads by."""
FigureKey = tuple[str, str, str, str, str]
"""A series key with a measure and a span ("year" or "ytd")."""

_SERIES = ["indicator", "region", "_cluster"]
_END = pl.col("period_end")
_YEAR_END = (_END.dt.month() == 12) & (_END.dt.day() == 31)
_JAN_1 = pl.col("period_start") == pl.date(_END.dt.year(), 1, 1)
# tracker.progress_rules.span_of on whole columns: a calendar year or a year-end stock is a
# "year", January 1 to a date before December 31 a "ytd", anything else neither.
_SPAN = (pl.when(((pl.col("period_start") == _END) & _YEAR_END) | (_JAN_1 & _YEAR_END))
         .then(pl.lit("year"))
         .when(_JAN_1 & (pl.col("period_start") < _END)).then(pl.lit("ytd")))
_TYPES: dict[str, Any] = {"value": pl.Float64, "value_as_published": pl.Float64,
                          "period_start": pl.Date, "period_end": pl.Date,
                          "date_published": pl.Date, "source_rank": pl.Int64}


def _keyed(actuals: pl.DataFrame) -> pl.DataFrame:
    """`actuals` with every column the rules read (missing ones as nulls) and `_cluster`."""
    missing = [n for n in dict.fromkeys([*SOURCE_FIELDS, "source_rank", "cluster"])
               if n not in actuals.columns]
    return actuals.with_columns(
        *[pl.lit(None, dtype=_TYPES.get(n, pl.Utf8)).alias(n) for n in missing]
    ).with_columns(_cluster=pl.col("cluster").cast(pl.Utf8).fill_null(""))


def pick(actuals: pl.DataFrame, wanted: pl.DataFrame) -> dict[FigureKey, dict[int, Figure]]:
    """The figure that counts for each year of each wanted series, measure and span.

    `wanted` has indicator, region, `_cluster` and measure. Several vintages or publishers for
    one year: the one ending latest, then the best-ranked source, then the latest published,
    the better grade, the firmer status (the order of tracker/store/vintage.py; a year-to-date
    figure reaching further into the year wins); among equals the first in `actuals`.
    """
    if actuals.is_empty() or wanted.is_empty():
        return {}
    rank = pl.col("source_rank")
    rows = _keyed(actuals).filter(pl.col("value").is_not_null()).with_columns(
        _span=_SPAN, _year=_END.dt.year()).filter(pl.col("_span").is_not_null()).join(
        wanted, on=[*_SERIES, "measure"], how="semi")
    best = rows.with_columns(
        # A rank of 0 or none counts as 5 (below every source), as the rule has always read it.
        _rank=-pl.when(rank.fill_null(0) == 0).then(5).otherwise(rank),
        _published=pl.col("date_published").fill_null(dt.date.min),
        _grade=pl.col("grade").fill_null("").replace_strict(GRADE_RANK, default=-1,
                                                            return_dtype=pl.Int64),
        _firm=-pl.col("status").fill_null("").replace_strict(
            STATUS_FIRMNESS, default=len(STATUS_FIRMNESS), return_dtype=pl.Int64),
    ).sort(["period_end", "_rank", "_published", "_grade", "_firm"], descending=True,
           maintain_order=True
    ).unique([*_SERIES, "measure", "_span", "_year"], keep="first", maintain_order=True
    ).sort([*_SERIES, "measure", "_span", "_year"])
    found: dict[FigureKey, dict[int, Figure]] = {}
    names = ("year", *SOURCE_FIELDS)
    key = [*_SERIES, pl.col("measure").alias("_measure"), "_span", "_year"]
    for row in best.select(*key, *SOURCE_FIELDS).iter_rows():
        fig = Figure(**dict(zip(names, row[5:], strict=True)))
        found.setdefault(row[:5], {})[fig.year] = fig
    return found


def breaks(actuals: pl.DataFrame) -> dict[SeriesKey, tuple[int, ...]]:
    """The years of each series whose figures mark a break (status B), in order.

    Every measure and span counts: a method change applies to the levels and growth rates of
    the series alike, and a year-to-date figure of the new method announces it for its year.
    """
    if actuals.is_empty() or "status" not in actuals.columns:
        return {}
    years = _keyed(actuals).filter(pl.col("status") == BREAK).group_by(_SERIES).agg(
        _END.dt.year().unique().sort().alias("years"))
    return {(str(i), str(r), str(c)): tuple(int(y) for y in ys)
            for i, r, c, ys in years.iter_rows()}


def wanted(targets: pl.DataFrame) -> pl.DataFrame:
    """The (indicator, region, `_cluster`, measure) each target reads: its own measure for a
    level target, the growth rates and levels of its series for a growth target."""
    measures = pl.when(pl.col("kind") == "level_by").then(pl.concat_list(pl.col("measure")))
    return targets.select(
        pl.col("indicator").cast(pl.Utf8), pl.col("region").cast(pl.Utf8),
        _cluster=pl.col("cluster").cast(pl.Utf8).fill_null(""),
        measure=measures.otherwise(pl.concat_list(pl.lit("yoy_pct"), pl.lit("level"))),
    ).explode("measure").unique()
