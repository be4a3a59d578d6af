"""The rules behind `tracker.progress`: which figure counts, what "met" means, R's class."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from tracker.store.release import STATUS_FIRMNESS

SOURCE_FIELDS = ("value", "unit", "value_as_published", "unit_as_published", "qualifier",
                 "status", "measure", "period_start", "period_end", "publisher", "title",
                 "date_published", "grade", "quote", "obs_id", "release_id")

# At equal publication dates the better-seen figure wins, then a final over a provisional one
# (a figure marking a break in the series is as final as a normal one, on its new method).
_GRADE_RANK = {"A": 2, "B": 1, "C": 0}
# SDMX OBS_STATUS B: the method changed, so the value is not comparable with earlier periods.
BREAK = "B"


@dataclass(frozen=True)
class Thresholds:
    """The SDG class limits for R, and how near an "about" (左右, 约) target counts as met.

    `about_points` applies to targets in percent (growth rates, shares), in percentage points;
    `about_relative` to levels, as a share of the target.
    """

    on_track: float = 0.95
    needs_acceleration: float = 0.6
    off_track: float = 0.0  # R below needs_acceleration and at least this: off track
    about_points: float = 0.2
    about_relative: float = 0.02


@dataclass(frozen=True)
class Figure:
    """One published actual as the assessment uses it, with the source it came from."""

    year: int
    value: float
    unit: str | None
    value_as_published: float | None
    unit_as_published: str | None
    qualifier: str | None
    status: str | None
    measure: str | None
    period_start: dt.date
    period_end: dt.date
    publisher: str | None
    title: str | None
    date_published: dt.date | None
    grade: str | None
    quote: str | None
    obs_id: Any
    release_id: Any


def span_of(start: dt.date, end: dt.date) -> str:
    """`year` for a calendar year or a year-end stock, `ytd` for Jan 1 to a date before Dec 31."""
    year_end = end.month == 12 and end.day == 31
    if (start == end and year_end) or (start == dt.date(end.year, 1, 1) and year_end):
        return "year"
    if start == dt.date(end.year, 1, 1) and start < end:
        return "ytd"
    return "other"


def figures_by_year(actuals: pl.DataFrame, key: tuple[str, str, str, str],
                    span: str) -> dict[int, Figure]:
    """The figure that counts for each year of one series, among those covering `span`.

    Several vintages or publishers for one period: the best-ranked source, then the latest
    published wins (the order of tracker/store/vintage.py). Year-to-date
    figures: the one reaching furthest into the year wins.
    """
    if actuals.is_empty():
        return {}
    indicator, region, cluster, measure = key
    rows = actuals.filter(
        (pl.col("indicator") == indicator) & (pl.col("region") == region)
        & (pl.col("cluster").fill_null("") == cluster) & (pl.col("measure") == measure)
    ).iter_rows(named=True)
    best: dict[int, tuple[tuple[Any, ...], Figure]] = {}
    for r in rows:
        if r["value"] is None or span_of(r["period_start"], r["period_end"]) != span:
            continue
        source: dict[str, Any] = {k: r.get(k) for k in SOURCE_FIELDS}
        fig = Figure(year=r["period_end"].year, **source)
        # Warehouse.series() has already chosen one vintage per period (tracker/store/
        # vintage.py); among periods ending the same day, or frames holding several vintages,
        # the same order holds: the better-ranked source, then the latest publication.
        rank = (r["period_end"], -(r.get("source_rank") or 5),
                r.get("date_published") or dt.date.min,
                _GRADE_RANK.get(r.get("grade") or "", -1),
                -STATUS_FIRMNESS.get(r.get("status") or "", len(STATUS_FIRMNESS)))
        if fig.year not in best or rank > best[fig.year][0]:
            best[fig.year] = (rank, fig)
    return {year: fig for year, (_, fig) in sorted(best.items())}


def break_years(actuals: pl.DataFrame, key: tuple[str, str, str]) -> tuple[int, ...]:
    """The years of one series (indicator, region, cluster) whose figures mark a break.

    Every measure and span counts: a method change applies to the levels and growth rates of
    the series alike, and a year-to-date figure of the new method announces it for its year.
    """
    if actuals.is_empty() or "status" not in actuals.columns:
        return ()
    indicator, region, cluster = key
    years = actuals.filter(
        (pl.col("indicator") == indicator) & (pl.col("region") == region)
        & (pl.col("cluster").fill_null("") == cluster) & (pl.col("status") == BREAK)
    )["period_end"].dt.year().unique().sort()
    return tuple(int(y) for y in years)


def first_break(breaks: tuple[int, ...], before: int, after: int) -> int | None:
    """The first break year between a figure of `before` and one of `after`, if any.

    A break flagged on year B separates B from every year before it, so the comparison of
    `before` with `after` crosses it when before < B <= after.
    """
    return next((b for b in breaks if before < b <= after), None)


def pick_baseline(figures: dict[int, Figure], year: int) -> Figure | None:
    """The figure of `year`, else the nearest earlier year, else the earliest year after it."""
    if year in figures:
        return figures[year]
    earlier = [y for y in figures if y < year]
    if earlier:
        return figures[max(earlier)]
    return figures[min(figures)] if figures else None


def is_met(actual: float, qualifier: str | None, target: float, comparator: str, unit: str,
           th: Thresholds) -> bool:
    """Whether `actual` (as hedged by its qualifier) satisfies `comparator target`.

    "over" needs strictly more (a figure published as "over N" counts for "over N"); "about"
    counts as met from the tolerance below the target upwards, since overshooting a 左右 target
    is reported as meeting it; "at_most" is the one comparator where less is better.
    """
    if comparator == "at_most":
        return actual < target or (actual == target and qualifier not in ("over", "at_least"))
    if comparator == "over":
        return actual > target or (actual == target and qualifier == "over")
    if comparator == "about":
        slack = th.about_points if unit == "percent" else th.about_relative * abs(target)
        return actual >= target - slack
    return actual > target or (actual == target and qualifier not in ("nearly", "under"))


def classify(met: bool | None, final: bool, kind: str, observed: float | None,
             required: float | None, comparator: str, th: Thresholds) -> str:
    """The SDG class: achieved / missed once decided, else by R = observed / required.

    A level target met before its year is already achieved; growth targets are only decided by
    the whole period. An actual short of the target with no pace to judge (a single point, or
    two points on either side of a break in the series) is off track: judged on the level
    alone, never "no data". A required pace pointing the wrong way means the baseline was
    already on the target's side and the actual has since slipped back: moving away.
    """
    if met is None:
        return "no_data"
    if met and (final or kind == "level_by"):
        return "achieved"
    if final:
        return "missed"
    if observed is None or required is None or required == 0:
        return "off_track"
    direction = -1.0 if comparator == "at_most" else 1.0
    if required * direction < 0:
        return "moving_away"
    ratio = observed / required
    if ratio >= th.on_track:
        return "on_track"
    if ratio >= th.needs_acceleration:
        return "needs_acceleration"
    if ratio >= th.off_track:
        return "off_track"
    return "moving_away"
