"""Properties of vintages and re-ingestion, checked by hypothesis on real DuckDB files.

Each example gets its own file-backed warehouse (a copy of one empty, migrated template) in a
temporary folder. Releases are small: a few figures drawn from a handful of series and years,
with few distinct values so that restatements and revisions are frequent.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.store.conftest import fresh
from tracker.store.append import AppendResult
from tracker.store.release import ReleaseMeta
from tracker.warehouse import Warehouse

# (indicator, region, unit as published)
SERIES = [("gdp", "440000", "亿元"), ("gdp", "440300", "亿元"), ("nev_output", "440000", "万辆")]
UNITS = {"亿元": 1e8, "万辆": 1e4}
YEARS = [2022, 2023, 2024]
FIGURE_KEYS = [(s, y) for s in range(len(SERIES)) for y in YEARS]
PUBLISHERS = [("stats", "广东省统计局"), ("stats", "国家统计局"), ("news", "新华社")]
EPOCH = dt.date(2025, 1, 1)
Answers = dict[tuple[int, dt.date], list[tuple[Any, ...]]]
EXAMPLES = settings(max_examples=10, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@dataclass(frozen=True)
class Release:
    """A generated release: when, by whom, and its figures {(series index, year): value}."""

    day: int
    publisher: int
    figures: tuple[tuple[tuple[int, int], int], ...]

    @property
    def date(self) -> dt.date:
        """Its publication date."""
        return EPOCH + dt.timedelta(days=self.day)

    def meta(self) -> ReleaseMeta:
        """Its description; the title names the day so different releases have different bytes."""
        source, publisher = PUBLISHERS[self.publisher]
        return ReleaseMeta(publisher=publisher, title=f"第{self.day}日公报",
                           date_published=self.date, ingester="hypothesis", source_id=source)

    def frame(self) -> pl.DataFrame:
        """Its figures in FIGURE_SCHEMA layout."""
        rows = [{"indicator": SERIES[s][0], "region": SERIES[s][1], "measure": "level",
                 "period_start": dt.date(year, 1, 1), "period_end": dt.date(year, 12, 31),
                 "value_as_published": float(value), "unit_as_published": SERIES[s][2]}
                for (s, year), value in self.figures]
        return pl.DataFrame(rows)

    def raw(self) -> bytes:
        """The payload: the same release always serialises to the same bytes."""
        return json.dumps([self.day, self.publisher, self.figures], ensure_ascii=False).encode()

    def append(self, wh: Warehouse) -> AppendResult:
        """Append it through the public API."""
        return wh.append_release(self.meta(), self.frame(), self.raw())


def append_all(wh: Warehouse, history: list[Release]) -> list[AppendResult]:
    """Append releases in the order given, on one write connection (as batch ingests do)."""
    with wh.writing():
        return [release.append(wh) for release in history]


def releases(min_size: int = 1, max_size: int = 5, publishers: int = len(PUBLISHERS),
             days: tuple[int, int] = (0, 120)) -> st.SearchStrategy[list[Release]]:
    """Releases on distinct days (so that as-of answers never hinge on same-day tie rules)."""
    figures = st.dictionaries(st.sampled_from(FIGURE_KEYS), st.integers(1, 3), min_size=1,
                              max_size=5).map(lambda d: tuple(sorted(d.items())))
    one = st.builds(lambda day, p, f: Release(day, p, f), st.integers(*days),
                    st.integers(0, publishers - 1), figures)
    return st.lists(one, min_size=min_size, max_size=max_size, unique_by=lambda r: r.day)


def answers(wh: Warehouse, dates: list[dt.date]) -> Answers:
    """Every series as of every date: all columns of every row."""
    return {(s, d): wh.series(SERIES[s][0], region=SERIES[s][1], as_of=d).rows()
            for s in range(len(SERIES)) for d in dates}


def oracle(history: list[Release], s: int, as_of: dt.date | None) -> dict[int, int]:
    """{year: value} from the latest release on or before `as_of` that gave each figure."""
    known: dict[int, int] = {}
    for release in sorted(history, key=lambda r: r.day):
        if as_of is None or release.date <= as_of:
            known.update({year: value for (si, year), value in release.figures if si == s})
    return known


def values(frame: pl.DataFrame, units: float) -> dict[int, int]:
    """{year: value as published} of a series frame, which has one row per period."""
    assert frame["period_start"].is_unique().all()
    return {start.year: round(value / units) for start, value in
            frame.select("period_start", "value").iter_rows()}


def counts(wh: Warehouse) -> tuple[int, int]:
    """(releases, observations) held."""
    row = wh.sql("SELECT (SELECT count(*) FROM releases), (SELECT count(*) FROM observations)")
    return int(row[0, 0]), int(row[0, 1])


@EXAMPLES
@given(history=releases(max_size=5), later=releases(max_size=1, days=(1, 150)),
       before=st.lists(st.integers(1, 90), min_size=1, max_size=3))
def test_a_later_vintage_never_changes_an_earlier_as_of_answer(
        template: Path, history: list[Release], later: list[Release], before: list[int]) -> None:
    """`before`: how many days before the new release each as-of date falls."""
    (new,) = later
    dates = sorted({new.date - dt.timedelta(days=days) for days in before})
    with fresh(template) as wh:
        append_all(wh, history)
        answered = answers(wh, dates)
        new.append(wh)
        assert answers(wh, dates) == answered


@EXAMPLES
@given(history=releases(max_size=6), order=st.randoms(use_true_random=False))
def test_first_release_does_not_depend_on_ingest_order(template: Path, history: list[Release],
                                                       order: random.Random) -> None:
    """Backfilling older releases after newer ones keeps each figure's first publication."""
    shuffled = list(history)
    order.shuffle(shuffled)
    with fresh(template) as wh:
        append_all(wh, shuffled)
        for s, (indicator, region, unit) in enumerate(SERIES):
            first = wh.first_release(indicator, region=region)
            expected = {}
            for release in sorted(history, key=lambda r: r.day, reverse=True):
                for (si, year), value in release.figures:
                    if si == s:
                        expected[year] = (value, release.date)
            assert {start.year: (round(value / UNITS[unit]), published) for start, value, published
                    in first.select("period_start", "value", "date_published").iter_rows()
                    } == expected, s


@EXAMPLES
@given(history=releases(max_size=4))
def test_reingesting_the_same_release_adds_nothing(template: Path,
                                                   history: list[Release]) -> None:
    with fresh(template) as wh:
        append_all(wh, history)
        held = counts(wh)
        everything = wh.sql("SELECT * FROM observations ORDER BY obs_id")
        for release, result in zip(history, append_all(wh, history), strict=True):
            assert (result.status, result.added) == ("unchanged", 0)
            assert result.unchanged == len(release.figures)
        assert counts(wh) == held
        assert wh.sql("SELECT * FROM observations ORDER BY obs_id").equals(everything)


@EXAMPLES
@given(base=releases(max_size=1, publishers=1, days=(0, 60)), gap=st.integers(0, 60),
       changed=st.integers(0, 4), delta=st.integers(1, 5))
def test_a_restatement_is_kept_as_a_vintage_and_only_a_change_is_a_revision(
        template: Path, base: list[Release], gap: int, changed: int, delta: int) -> None:
    (first,) = base
    same = Release(first.day + gap + 1, first.publisher, first.figures)
    key, old = first.figures[changed % len(first.figures)]
    revised = Release(same.day + 1, first.publisher,
                      tuple((k, v + delta if k == key else v) for k, v in first.figures))
    indicator, region, unit = SERIES[key[0]]
    with fresh(template) as wh:
        first.append(wh)
        held = counts(wh)
        restated = same.append(wh)
        assert (restated.status, restated.added) == ("added", len(first.figures))
        assert counts(wh) == (held[0] + 1, held[1] * 2)
        assert wh.revisions().is_empty()

        revised.append(wh)
        (row,) = wh.revisions().iter_rows(named=True)
        assert (row["indicator"], row["region"], row["period_start"].year) == (indicator, region,
                                                                              key[1])
        assert (row["previous_value_as_published"], row["value_as_published"]) == (old,
                                                                                   old + delta)
        assert (row["previous_date_published"], row["date_published"]) == (same.date,
                                                                           revised.date)
        assert (row["changed_on"], row["changed"]) == (revised.date, "value")
        vintages = wh.vintages(indicator, region=region).filter(
            pl.col("period_start").dt.year() == key[1])
        assert vintages["value_as_published"].to_list() == [old, old, old + delta]
        assert values(wh.series(indicator, region=region, as_of=same.date), UNITS[unit])[
            key[1]] == old
