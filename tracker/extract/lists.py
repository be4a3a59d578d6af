"""Lists mapped by position: "A、B、C分别增长x%、y%、z%" and "深圳、广州…分别达x和y"; and one value
said of every item, "佛山、东莞地区生产总值均超过1.2万亿元"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

E = TypeVar("E")
R = TypeVar("R")
V = TypeVar("V")


def pair_up(entries: Sequence[E], regions: Sequence[R],
            values: Sequence[V]) -> list[tuple[E, R, V]]:
    """Match subjects or regions to values by position; nothing when the counts disagree.

    One subject in one region takes one value. Several values need as many subjects (in one
    region) or as many regions (for one subject): a list that does not line up is ambiguous, and
    guessing would file figures under the wrong series.
    """
    if len(values) == 1:
        if len(entries) == 1 and len(regions) == 1:
            return [(entries[0], regions[0], values[0])]
        return []
    if len(entries) == len(values) and len(regions) == 1:
        return [(e, regions[0], v) for e, v in zip(entries, values, strict=True)]
    if len(regions) == len(values) and len(entries) == 1:
        return [(entries[0], r, v) for r, v in zip(regions, values, strict=True)]
    return []


def each_takes(entries: Sequence[E], regions: Sequence[R],
               values: Sequence[V]) -> list[tuple[E, R, V]]:
    """One value said of every subject in every region (均); nothing unless exactly one value."""
    if len(values) != 1:
        return []
    return [(e, r, values[0]) for e in entries for r in regions]
