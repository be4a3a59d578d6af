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
from tracker.extract.numbers import ARABIC, VALUE, Value, parse_value
from tracker.extract.periods import PERIOD, PeriodSpec, parse_period

_PERIOD = re.compile(PERIOD)
_NUMBER = re.compile(ARABIC)
_GROWTH = re.compile(r"增长|增速|增减")
_UNIT = re.compile(r"单位")
# A plain level column whose cells carry their own units ("产量 | 186.3万辆").
_LEVEL = re.compile(r"产量|产值|数量|规模|总量")
_VALUE = re.compile(VALUE)
# An English gloss after a product's name, "新能源汽车(NEV)", names the same product.
_GLOSS = re.compile(r"\s*\([A-Za-z0-9][A-Za-z0-9 .&/+-]*\)$")
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
        body = body[:gloss.start()] if (gloss := _GLOSS.search(body)) else body
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
    if not periods and not measured and len(row) > 2:
        levels = [i for i, c in enumerate(row) if i and i != growth and _LEVEL.fullmatch(c.text)]
        if len(levels) == 1:
            return Layout(None, len(row), levels[0], growth, None)
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
    cell = row[layout.level].text
    if _NUMBER.fullmatch(cell) and unit in units:
        level = Value(float(cell.replace(",", "")), unit, "amount", False)
        end = row[layout.level].end
    elif not unit and _VALUE.fullmatch(cell) and (found := parse_value(cell)).kind == "amount":
        level, end = found, row[layout.level].end
    rate = row[layout.growth].text.removesuffix("%") if layout.growth is not None else ""
    if layout.growth is not None and _NUMBER.fullmatch(rate):
        growth = Value(float(rate), "%", "percent", False)
        end = max(end, row[layout.growth].end)
    return Row(entry, level, growth, row[0].start, end)
