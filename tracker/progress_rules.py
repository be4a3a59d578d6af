"""The rules behind `tracker.progress`: what "met" means, R's class, the spans and breaks.

Which figure counts for a year is picked on whole frames in tracker/progress_figures.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

SOURCE_FIELDS = ("value", "unit", "value_as_published", "unit_as_published", "qualifier",
                 "status", "measure", "period_start", "period_end", "publisher", "title",
                 "date_published", "grade", "quote", "obs_id", "release_id")

# At equal publication dates the better-seen figure wins, then a final over a provisional one
# (a figure marking a break in the series is as final as a normal one, on its new method).
GRADE_RANK = {"A": 2, "B": 1, "C": 0}
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
