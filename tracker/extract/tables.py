"""Simple tables of HTML bulletins: a header row naming the period and the growth column, then
one product a row ("智能手机 | 万台 | 38106.50 | 6.1"); or a header naming what a column
measures and its unit ("集群名称 | 营业收入(亿元) | 同比增长(%)"), then one name a row whose
name and that measure together name a catalog subject ("高端装备制造" + "营业收入"), for the
period in force (the table's caption).

The analysis text keeps a table row on one line with its cells separated by "\\t" (see
normalize.py). Only rows whose first cell is a product the catalog counts are read; a row whose
cells do not line up with the header yields nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from tracker.extract.aliases import Entry
from tracker.extract.numbers import ARABIC, Value
from tracker.extract.periods import PERIOD, PeriodSpec, parse_period

_PERIOD = re.compile(PERIOD)
_NUMBER = re.compile(ARABIC)
_GROWTH = re.compile(r"增长|增速|增减")
_UNIT = re.compile(r"单位")
# A measured column: "营业收入(亿元)".
_MEASURED = re.compile(r"(?P<attr>[\u4e00-\u9fff]+)\((?P<unit>[^()]+)\)")
# Indentation and "其中:" before a sub-item's name ("其中:新能源汽车" under 汽车).
_LEAD = re.compile(r"^[\s\"“”]*(?:其中[:,]?)?")


@dataclass(frozen=True)
class Cell:
    """One cell's text (analysis text, trimmed) and its span."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Layout:
    """What a table's columns hold, read from its header row."""

    period: PeriodSpec | None  # None: the period in force (a caption's) applies
    width: int
    level: int
    growth: int | None
    unit: int | None
    attribute: str = ""  # what the level column measures, when a row names only its subject
    unit_text: str = ""  # the level column's unit, when its header states it


@dataclass(frozen=True)
class Row:
    """A product row: the product, its level (None without a usable unit) and its growth."""

    entry: Entry
    level: Value | None
    growth: Value | None
    start: int
    end: int


def cells(text: str, start: int, end: int) -> list[Cell]:
    """The cells of the row text[start:end]."""
    out: list[Cell] = []
    pos = start
    for part in text[start:end].split("\t"):
        lead = _LEAD.match(part)
        skip = lead.end() if lead else 0
        body = part[skip:].strip()
        out.append(Cell(body, pos + skip, pos + skip + len(body)))
        pos += len(part) + 1
    return out


def header(row: list[Cell], units: set[str]) -> Layout | None:
    """The layout a header row states: one period column (or one measured column with its
    unit), optionally growth and unit columns."""
    growth = next((i for i, c in enumerate(row) if _GROWTH.search(c.text)), None)
    periods = [i for i, c in enumerate(row) if _PERIOD.fullmatch(c.text)]
    if len(periods) == 1:
        unit = next((i for i, c in enumerate(row) if _UNIT.search(c.text)), None)
        return Layout(parse_period(row[periods[0]].text), len(row), periods[0], growth, unit)
    measured = [(i, m) for i, c in enumerate(row) if i and i != growth
                and (m := _MEASURED.fullmatch(c.text)) and m.group("unit") in units]
    if periods or len(measured) != 1:
        return None
    i, m = measured[0]
    return Layout(None, len(row), i, growth, None, m.group("attr"), m.group("unit"))


def product_row(row: list[Cell], layout: Layout,
                entry_of: Callable[[str, str], Entry | None], units: set[str]) -> Row | None:
    """A data row read by the layout, or None when it names no catalog subject or does not fit.

    `entry_of(name, attribute)` reads the subject a row names: its first cell, with the
    layout's attribute.
    """
    if len(row) != layout.width:
        return None
    entry = entry_of(row[0].text, layout.attribute)
    if entry is None:
        return None
    level = growth = None
    unit = row[layout.unit].text if layout.unit is not None else layout.unit_text
    end = row[0].end
    if _NUMBER.fullmatch(row[layout.level].text) and unit in units:
        level = Value(float(row[layout.level].text.replace(",", "")), unit, "amount", False)
        end = row[layout.level].end
    if layout.growth is not None and _NUMBER.fullmatch(row[layout.growth].text):
        growth = Value(float(row[layout.growth].text), "%", "percent", False)
        end = max(end, row[layout.growth].end)
    return Row(entry, level, growth, row[0].start, end)
