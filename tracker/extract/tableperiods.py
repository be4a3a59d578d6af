"""Tables whose rows name periods: a series of months or years, one column a subject or place.

    | 月份 | 规模以上工业增加值增速(%) | 工业投资增速(%) |      (each column names its subject)
    | 1-6月 | 2.3 | 1.8 |
    表1 规模以上工业增加值增长速度(%)                          (the caption names the subject,
    | 时间 | 广东 | 全国 |                                      each column a place)
    | 10月 | 3.6 | 4.9 |

A row's period takes its year from the period in force (the caption's, the story's) when it
names none. `period_row` is called by TableReader (tablerows.py) for layouts whose row column
is headed 月份, 时间, 年份….
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from tracker.extract.state import merge
from tracker.extract.tables import Cell, Layout, cell_value
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
            reader.record_cell(entry, region, value, stated, row[0], cell, column)
    return True
