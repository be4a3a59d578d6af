"""Periods as sources name them: bulletin titles ("2024年1-10月") and portal codes ("202411MM").

Both map to the warehouse's inclusive `period_start`..`period_end` dates (see the spec README):
a year-to-date span starts on 1 January, a month or quarter covers its own days.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_DASH = "-—–～~至"


@dataclass(frozen=True)
class Period:
    """An inclusive span of days and its type (year, quarter, month, ytd, half)."""

    start: dt.date
    end: dt.date
    type: str

    def as_dict(self) -> dict[str, str]:
        """JSON-ready form, for provenance."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "type": self.type}


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def title_period(title: str) -> Period | None:
    """The period a bulletin title announces, or None when the title names none."""
    year_match = re.search(r"(\d{4})\s*年", title)
    if not year_match:
        return None
    year = int(year_match.group(1))
    rest = title[year_match.end() :]
    if m := re.match(rf"\s*1\s*[{_DASH}]\s*(\d{{1,2}})\s*月", rest):
        return Period(dt.date(year, 1, 1), month_end(year, int(m.group(1))), "ytd")
    if m := re.match(r"\s*前\s*([一二三四1-4])\s*季度", rest):
        return Period(dt.date(year, 1, 1), month_end(year, 3 * _CN_DIGITS[m.group(1)]), "ytd")
    if re.match(r"\s*上半年", rest):
        return Period(dt.date(year, 1, 1), dt.date(year, 6, 30), "half")
    if m := re.match(r"\s*(?:第)?\s*([一二三四1-4])\s*季度", rest):
        quarter = _CN_DIGITS[m.group(1)]
        return Period(dt.date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter), "quarter")
    if m := re.match(r"\s*(\d{1,2})\s*月", rest):
        month = int(m.group(1))
        return Period(dt.date(year, month, 1), month_end(year, month), "month")
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


_CODE = re.compile(r"^(\d{4})(\d{1,2})?(MM|SS|YY)$")


def portal_period(code: str, cumulative: bool = False) -> Period:
    """The period of a portal code: 202411MM (month), 20243SS (quarter), 2024YY (year).

    With `cumulative` the span runs from 1 January (the portal's 累计 series are year-to-date).
    Raises ValueError for a code of another shape.
    """
    m = _CODE.match(code.strip())
    if not m:
        raise ValueError(f"period code {code!r} is not YYYYMMMM, YYYYQSS or YYYYYY")
    year, part, kind = int(m.group(1)), m.group(2), m.group(3)
    if kind == "YY" and part is None:
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    if kind == "MM" and part is not None and 1 <= int(part) <= 12 and len(part) == 2:
        month = int(part)
        start = dt.date(year, 1, 1) if cumulative else dt.date(year, month, 1)
        return Period(start, month_end(year, month), "ytd" if cumulative else "month")
    if kind == "SS" and part is not None and 1 <= int(part) <= 4:
        quarter = int(part)
        start = dt.date(year, 1, 1) if cumulative else dt.date(year, 3 * quarter - 2, 1)
        return Period(start, month_end(year, 3 * quarter), "ytd" if cumulative else "quarter")
    raise ValueError(f"period code {code!r} has an impossible month or quarter")


def portal_current(day: dt.date, frequency: str) -> str:
    """The portal's name for the period holding `day`: YYYYMM, YYYYQ or YYYY by frequency."""
    if frequency == "YY":
        return f"{day.year}"
    if frequency == "SS":
        return f"{day.year}{(day.month - 1) // 3 + 1}"
    return f"{day.year}{day.month:02d}"


def portal_span(first: str, last: str, frequency: str) -> str:
    """A `dts` entry such as "202401MM-202412MM" from two YYYYMM (or YYYYQ, YYYY) strings."""
    return f"{first}{frequency}-{last}{frequency}"
