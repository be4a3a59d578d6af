"""Periods as sources name them outside running text: bulletin titles, file-drop table
cells and the statistics portal's codes (202411MM, 20243SS, 2024YY)."""

from __future__ import annotations

import datetime as dt
import re

from tracker.periods.grammar import PERIOD, Period, _bounds, month_end, parse_period

_TITLE_PERIOD = re.compile(PERIOD)
_DASHES = str.maketrans({"—": "-", "–": "-", "～": "~", "－": "-"})


def title_period(title: str) -> Period | None:
    """The period a bulletin title announces ("2024年1—10月广东…"), or None when the title
    names no year of its own."""
    text = re.sub(r"\s+", "", title).translate(_DASHES)
    spec = next((s for m in _TITLE_PERIOD.finditer(text)
                 if (s := parse_period(m.group())).year is not None), None)
    if spec is None or spec.year is None:
        return None
    start, end = _bounds(spec, spec.year)
    if spec.kind == "point":
        start = end
    return Period(start, end, "stock" if spec.kind == "point" else spec.kind)


_CELL_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})")
_CELL_QUARTER = re.compile(r"(\d{4})\s*[Qq]([1-4])")
_CELL_DAY = re.compile(r"\d{4}-\d{2}-\d{2}( 00:00:00)?")


def cell_period(text: str) -> Period | None:
    """A table cell's period: 2024, 2024-11, 2024Q3, 2024-11-30 (a stock date) or 2024年1-11月;
    None for anything else."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    if m := _CELL_MONTH.fullmatch(text):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            return Period(dt.date(year, month, 1), month_end(year, month), "month")
    if m := _CELL_QUARTER.fullmatch(text):
        year, q = int(m.group(1)), int(m.group(2))
        return Period(dt.date(year, 3 * q - 2, 1), month_end(year, 3 * q), "quarter")
    if _CELL_DAY.fullmatch(text):
        day = dt.date.fromisoformat(text[:10])
        return Period(day, day, "stock")
    return title_period(text) if "年" in text else None


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
