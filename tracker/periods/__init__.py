"""Periods, for the whole project: how releases and sources name them, and their dates.

Text (the extraction engine, tables, bulletin titles, file-drop cells): 2024年, 全年, 1-11月 /
1至11月, 前8个月, 一季度, 上半年, 前三季度, 10月份, 截至11月底 (a point), 年末; 去年 / 今年 / 上年
against the publication date; a year-less period takes the year in force (stated earlier in the
sentence or document), else the latest year it can already have ended in. The statistics
portal's codes (202411MM, 20243SS, 2024YY). Every one maps to the warehouse's inclusive
`period_start`..`period_end` dates (see the spec README): a year-to-date span starts on
1 January, a month or quarter covers its own days, a stock has one day.

The grammar of running text is in grammar.py, titles, table cells and portal codes in
sources.py, English periods in english.py; everything is imported from here.
"""

from tracker.periods.english import english_period, english_period_source
from tracker.periods.grammar import (
    DATE,
    MULTI,
    PERIOD,
    YEAR,
    Period,
    PeriodSpec,
    across,
    month_end,
    parse_period,
    resolve,
    span,
)
from tracker.periods.sources import (
    cell_period,
    portal_current,
    portal_period,
    portal_span,
    title_period,
)

__all__ = ["DATE", "MULTI", "PERIOD", "YEAR", "Period", "PeriodSpec", "across", "cell_period",
           "english_period", "english_period_source", "month_end", "parse_period",
           "portal_current", "portal_period", "portal_span", "resolve", "span", "title_period"]
