"""Why the extractor read a figure as it did, in words: the rule, its confidence, what it resolved.

`tracker extract --explain` shows this beside each figure, so a reviewer sees which region 全市
meant, which months 1—10月 covered and which clause the number came from, without reading the
engine.
"""

from __future__ import annotations

import datetime as dt

from tracker.catalog import catalog
from tracker.extract import Figure
from tracker.labels import series_name, status_mark

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# How the extractor's qualifiers read before a value.
QUALIFIER_WORDS = {"exact": "", "about": "about ", "over": "over ", "at_least": "at least ",
                   "nearly": "nearly ", "under": "under "}


def _month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def period_words(start: dt.date, end: dt.date) -> str:
    """An inclusive period as people say it: 2024, Q3 2024, January–October 2024, year to date."""
    if start == end:
        return f"at {end.day} {MONTHS[end.month - 1]} {end.year}"
    if start.day != 1 or not _month_end(end):
        return f"{start.isoformat()} to {end.isoformat()}"
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    first, last = MONTHS[start.month - 1], MONTHS[end.month - 1]
    if start.month == 1 and end.month == 12:
        return str(end.year) if months == 12 else f"{start.year}–{end.year}, {months // 12} years"
    if months == 1:
        return f"{first} {end.year}"
    if months == 3 and start.month % 3 == 1:
        return f"Q{(start.month + 2) // 3} {end.year}"
    if start.year != end.year:
        return f"{first} {start.year} – {last} {end.year}"
    return f"{first}–{last} {end.year}" + (", year to date" if start.month == 1 else "")


def explain(figure: Figure) -> dict[str, str]:
    """The figure's reading in words: rule, confidence, series, value, region, period, quote."""
    region = catalog().regions.get(figure.region)
    place = f"{region.name_zh} {region.name_en}" if region else "unknown region"
    status = status_mark(figure.status, False, "en")
    value = (f"{QUALIFIER_WORDS.get(figure.qualifier, figure.qualifier + ' ')}"
             f"{figure.value_as_published:g}{figure.unit_as_published}"
             + (f" ({status})" if status else ""))
    series = series_name(figure.indicator, figure.cluster, figure.measure, "en")
    return {
        "rule": figure.rule or "(unnamed)",
        "confidence": f"{figure.confidence:.2f}",
        "series": f"{series} ({figure.indicator}, {figure.measure})",
        "value": value,
        "region": f"{place} ({figure.region})",
        "period": f"{period_words(figure.period_start, figure.period_end)} "
                  f"({figure.period_start.isoformat()}..{figure.period_end.isoformat()})",
        # A line break inside the clause (OCR, PDF) shown as ↵, so the quote stays on one line.
        "quote": f"“{figure.quote.replace(chr(10), '↵')}” at chars {figure.start}-{figure.end}",
    }
