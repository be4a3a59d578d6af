"""Tables whose rows name periods: a series of months or years, one column a subject or place.

    | 月份 | 规模以上工业增加值增速(%) | 工业投资增速(%) |      (each column names its subject)
    | 1-6月 | 2.3 | 1.8 |
    表1 规模以上工业增加值增长速度(%)                          (the caption names the subject,
    | 时间 | 广东 | 全国 |                                      each column a place)
    | 10月 | 3.6 | 4.9 |

    规模以上工业增加值逐月累计增长速度(%)                       (a chart's series: a row of
    | 1-2月 | 1-3月 | … |                                      periods over a row of values,
    | 2.1 | 2.8 | … |                                          the caption naming the subject)

A row's period takes its year from the period in force (the caption's, the story's) when it
names none. `period_row` is called by TableReader (tablerows.py) for layouts whose row column
is headed 月份, 时间, 年份….
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from tracker.extract.state import merge
from tracker.extract.tables import Cell, Column, Layout, cell_value
from tracker.periods import PERIOD, PeriodSpec, parse_period

if TYPE_CHECKING:
    from tracker.extract.tablerows import TableReader

_ROW_PERIOD = re.compile(PERIOD)


def period_row(reader: TableReader, row: list[Cell], layout: Layout,
               period: PeriodSpec | None) -> bool:
    """Record the figures of a row naming a period; False when the row names none."""
    if len(row) != layout.width or not _ROW_PERIOD.fullmatch(row[layout.name].text):
        return False
    stated = merge(period, parse_period(row[layout.name].text))
    percent = reader.caption_in_percent()
    for column in layout.columns:
        # "月份 | 当月增长(%) | 累计增长(%)": a month's row, its cumulative cell the year to it.
        own = (replace(stated, first=1, kind="ytd")
               if column.cumulative and stated.kind == "month" else stated)
        entry = reader.named(column.attribute) if column.attribute else reader.subject
        region = (reader.grammar.regions.code(column.place, reader.own, reader.catalog, None)
                  if column.place else reader.own)
        if entry is None or entry.indicator is None or region is None:
            continue
        cell = row[column.index]
        # A place's column holds what the caption measures, in its unit ("…增长速度(%)").
        value = cell_value(cell, replace(column, unit="%") if percent and column.place
                           else column, "", reader.units)
        if value is not None:
            reader.record_cell(entry, region, value, own, row[0], cell, column)
    return True


def period_strip(row: list[Cell]) -> bool:
    """Whether a row is a line of periods alone, the head of a strip of values."""
    return len(row) >= _STRIP and all(_ROW_PERIOD.fullmatch(c.text) for c in row)


def strip_row(reader: TableReader, periods: list[Cell], row: list[Cell],
              period: PeriodSpec | None) -> bool:
    """Record the values under a strip's periods as what the caption names, in its unit or
    in % ("…增长速度(%)": growth rates); False when the row is no such row of values."""
    entry = reader.subject
    if len(row) != len(periods) or entry is None or entry.indicator is None:
        return False
    percent = reader.caption_in_percent()
    for i, (head, cell) in enumerate(zip(periods, row, strict=True)):
        named = parse_period(head.text)
        column = Column(i, named, percent, "%" if percent else reader.unit)
        value = cell_value(cell, column, reader.unit, reader.units)
        if value is None or named is None:
            return False
        reader.record_cell(entry, reader.own, value, merge(period, named), head, cell, column)
    return True


_STRIP = 3  # periods: the fewest that make a strip
