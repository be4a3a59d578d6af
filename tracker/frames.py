"""What the API does to the frames it answers with: the period-type filter, the columns in
display units, and the wide table of periods by vintage (ALFRED's all-releases view)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import polars as pl

from tracker.catalog import display, scale_for
from tracker.errors import InputError
from tracker.labels import check_lang

PERIOD_TYPES = ("year", "ytd", "quarter", "month", "stock", "other")
"""The `period_type` of a figure, as tracker/store/validate.py derives it from its dates:
a calendar year, January to a month before December, a quarter, a month, a stock counted
at a date, anything else."""

PeriodFilter = str | Sequence[str] | None


def period_types(period: PeriodFilter) -> list[str] | None:
    """The period types asked for (`"year"`, `"year,ytd"` or a list); None: every type."""
    if period is None:
        return None
    asked = [p.strip() for p in period.split(",")] if isinstance(period, str) else list(period)
    unknown = [p for p in asked if p not in PERIOD_TYPES]
    if unknown or not asked:
        raise InputError("period", f"one or more of {', '.join(PERIOD_TYPES)}",
                         repr(period), "Pass period='year' (full years), 'ytd' (year to "
                         "date), 'quarter', 'month' or 'stock', or several as a list.")
    return asked


def by_period(frame: pl.DataFrame, period: PeriodFilter) -> pl.DataFrame:
    """Only the rows whose `period_type` is one of `period` (all rows when it is None)."""
    wanted = period_types(period)
    if wanted is None or "period_type" not in frame.columns:
        return frame
    return frame.filter(pl.col("period_type").is_in(wanted))


def with_display(frame: pl.DataFrame, lang: str = "zh") -> pl.DataFrame:
    """`frame` with the value as a person reads it.

    `value_display` is each figure on its own (14.58万亿元, 3.62 million vehicles);
    `display_value` and `display_unit` put every figure of one indicator and measure in one
    unit, the one the largest of them reads best in (14.58 and 万亿元 for GDP), so that a
    column of them compares at a glance and sorts.
    """
    check_lang(lang)
    if frame.is_empty() or not {"value", "unit"} <= set(frame.columns):
        return frame.with_columns(value_display=pl.lit(None, pl.Utf8),
                                  display_value=pl.lit(None, pl.Float64),
                                  display_unit=pl.lit(None, pl.Utf8))
    group = [c for c in ("indicator", "measure", "unit") if c in frame.columns]
    scales: dict[tuple[object, ...], tuple[float, str]] = {}
    for key, part in frame.group_by(group):
        values = [v for v in part["value"].to_list() if v is not None]
        scales[tuple(key)] = scale_for(str(key[-1]), values, lang)
    keys = list(zip(*(frame[c] for c in group), strict=True))
    factors = [scales[k] for k in keys]
    shown = [None if v is None else display(v, u, lang)
             for v, u in zip(frame["value"], frame["unit"], strict=True)]
    return frame.with_columns(
        value_display=pl.Series(shown, dtype=pl.Utf8),
        display_value=frame["value"] / pl.Series([f for f, _ in factors], dtype=pl.Float64),
        display_unit=pl.Series([u for _, u in factors], dtype=pl.Utf8))


VINTAGE_KEY = ["region", "cluster", "measure", "period_start", "period_end"]


def vintage_table(dates: Sequence[dt.date], as_of: Callable[[dt.date], pl.DataFrame],
                  values: str = "value") -> pl.DataFrame:
    """Periods as rows and one column per publication date (ISO, oldest first), each cell the
    figure `as_of(date)` answered with for that period (null before it was first published).

    `as_of` is a series read on a date (`Warehouse.series(..., as_of=date)`), so each column is
    the series exactly as it was known that day: the rule of tracker/store/vintage.py, not a
    second copy of it.
    """
    table: pl.DataFrame | None = None
    for day in sorted(set(dates)):
        known = as_of(day)
        key = [c for c in VINTAGE_KEY if c in known.columns]
        column = known.select(*key, pl.col(values).alias(day.isoformat()))
        table = column if table is None else table.join(column, on=key, how="full",
                                                        coalesce=True, nulls_equal=True)
    if table is None:
        return pl.DataFrame(schema={"period_start": pl.Date, "period_end": pl.Date})
    key = [c for c in VINTAGE_KEY if c in table.columns]
    # One series is one region, cluster and measure: only a key that varies is worth a column.
    same = [c for c in key[:-2] if table[c].n_unique() == 1]
    return table.sort(key, nulls_last=True).drop(same)
