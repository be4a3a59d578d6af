"""Reading a phrase and showing its figures as tuples, for the phenomenon test files.

Each shape shows the columns its tests are about (the rest is checked elsewhere).
"""

from __future__ import annotations

import datetime as dt

from tracker.extract import Figure, extract_figures


def read(text: str, published: dt.date, region: str = "440000",
         html: bool = False) -> list[Figure]:
    """The figures of `text` (wrapped in a page when `html`), published on `published`."""
    data = (f"<html><body>{text}</body></html>" if html else text).encode()
    return extract_figures(data, published, region)


def ends(figures: list[Figure]) -> list[tuple[str, str, str, str, float, str]]:
    """Indicator, region, measure, period end, value, qualifier."""
    return [(f.indicator, f.region, f.measure, f.period_end.isoformat(), round(f.value, 4),
             f.qualifier) for f in figures]


def full(figures: list[Figure]) -> list[tuple[str, str, str | None, str, str, str, float, str]]:
    """Indicator, region, cluster, measure, period, value, qualifier."""
    return [(f.indicator, f.region, f.cluster, f.measure, f.period_start.isoformat(),
             f.period_end.isoformat(), round(f.value, 4), f.qualifier) for f in figures]


def clustered(figures: list[Figure]) -> list[tuple[str, str | None, str, str, str, float, str]]:
    """Indicator, cluster, measure, period, value, qualifier."""
    return [(f.indicator, f.cluster, f.measure, f.period_start.isoformat(),
             f.period_end.isoformat(), round(f.value, 4), f.qualifier) for f in figures]


def measured(figures: list[Figure]) -> list[tuple[str, str, str, str, float, str]]:
    """Indicator, measure, period, value (two decimals), qualifier."""
    return [(f.indicator, f.measure, f.period_start.isoformat(), f.period_end.isoformat(),
             round(f.value, 2), f.qualifier) for f in figures]


def placed(figures: list[Figure]) -> list[tuple[str, str, str, str, str, float, str]]:
    """Indicator, region, measure, period, value (two decimals), qualifier."""
    return [(f.indicator, f.region, f.measure, f.period_start.isoformat(),
             f.period_end.isoformat(), round(f.value, 2), f.qualifier) for f in figures]


def valued(figures: list[Figure]) -> list[tuple[str, str, str, float]]:
    """Indicator, region, measure, value."""
    return [(f.indicator, f.region, f.measure, round(f.value, 6)) for f in figures]
