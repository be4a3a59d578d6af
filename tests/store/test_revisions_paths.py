"""revisions() takes two ways to the same answer (tracker/store/changes.py): sorting a figure's
vintages when one source and one vintage a day tell them apart, a join of days and vintages
otherwise (several ranks, a withdrawal). Both must give the days `series(as_of=day)` changed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

import tracker
from tracker.errors import TrackerError
from tracker.store import revision_rows
from tracker.store.release import ReleaseMeta
from tracker.warehouse import Warehouse

DAY0 = dt.date(2025, 3, 1)
STATS, NEWS = ("stats", "广东省统计局"), ("news", "新华社")
# (day, publisher, {year: value in 亿元}): 2023 chains plainly, 2024 mixes ranks (the repost
# never answers), 2025 loses its latest vintage to a withdrawal.
RELEASES = [
    (0, STATS, {2023: 1, 2024: 1, 2025: 1}),
    (1, NEWS, {2024: 9}),
    (2, STATS, {2023: 2, 2025: 2}),
    (3, STATS, {2024: 4}),
    (4, STATS, {2025: 5}),
]
WITHDRAWN_DAY, EFFECTIVE = 4, DAY0 + dt.timedelta(days=6)


def _append(wh: Warehouse, day: int, who: tuple[str, str], figures: dict[int, int]) -> str:
    date = DAY0 + dt.timedelta(days=day)
    meta = ReleaseMeta(publisher=who[1], title=f"第{day}日", date_published=date,
                       ingester="test", source_id=who[0])
    frame = pl.DataFrame([{"indicator": "gdp", "region": "440000", "measure": "level",
                           "period_start": dt.date(y, 1, 1), "period_end": dt.date(y, 12, 31),
                           "value_as_published": float(v), "unit_as_published": "亿元"}
                          for y, v in figures.items()])
    return wh.append_release(meta, frame, f"{day} {who} {figures}".encode()).release_id


def _oracle(wh: Warehouse, days: list[dt.date]) -> list[tuple[int, dt.date, float, float]]:
    """(year, day, previous value, value) whenever the as-of answer changed."""
    out: list[tuple[int, dt.date, float, float]] = []
    last: dict[int, float] = {}
    for day in days:
        for row in wh.series("gdp", as_of=day).iter_rows(named=True):
            year, value = row["period_start"].year, row["value"]
            if year in last and last[year] != value:
                out.append((year, day, last[year], value))
            last[year] = value
    return sorted(out)


def test_both_ways_give_the_days_the_answer_changed(tmp_path: Path) -> None:
    with tracker.open(tmp_path / "tracker.duckdb", read_only=False) as wh:
        with wh.writing():
            ids = {day: _append(wh, day, who, figures) for day, who, figures in RELEASES}
        wh.withdraw(ids[WITHDRAWN_DAY], reason="a typo", by="test", effective=EFFECTIVE)
        days = sorted({DAY0 + dt.timedelta(days=d) for d, _, _ in RELEASES} | {EFFECTIVE})
        got = sorted((r["period_start"].year, r["changed_on"], r["previous_value"], r["value"])
                     for r in wh.revisions("gdp", region="440000").iter_rows(named=True))
        assert got == _oracle(wh, days)
        assert {year for year, *_ in got} == {2023, 2024, 2025}


def test_two_vintages_of_one_source_on_one_day_take_the_join(tmp_path: Path) -> None:
    """The bureau publishes two tables the same day (one rank, one date): the order's last
    words (grade, status, release id) decide, as series(as_of) does, not the arrival order."""
    same_day = [(0, STATS, {2023: 1}), (1, STATS, {2023: 2}), (1, ("stats2", STATS[1]), {2023: 3}),
                (2, STATS, {2023: 4})]
    with tracker.open(tmp_path / "tracker.duckdb", read_only=False) as wh:
        with wh.writing():
            for day, who, figures in same_day:
                _append(wh, day, who, figures)
        days = sorted({DAY0 + dt.timedelta(days=d) for d, _, _ in same_day})
        got = sorted((r["period_start"].year, r["changed_on"], r["previous_value"], r["value"])
                     for r in wh.revisions("gdp", region="440000").iter_rows(named=True))
        assert got == _oracle(wh, days)
        assert len(got) == 2


def test_revisions_in_parts_are_the_answer_in_frames_of_whole_indicators(
        tmp_path: Path) -> None:
    """Parts of one vintage each still keep an indicator's series together, and put together
    they are revisions()'s answer, withdrawal included."""
    with tracker.open(tmp_path / "tracker.duckdb", read_only=False) as wh:
        with wh.writing():
            ids = {day: _append(wh, day, who, figures) for day, who, figures in RELEASES}
            for day, value in ((0, 1), (2, 3)):
                meta = ReleaseMeta(publisher=STATS[1], title=f"汽车{day}",
                                   date_published=DAY0 + dt.timedelta(days=day),
                                   ingester="test", source_id=STATS[0])
                cars = pl.DataFrame([{"indicator": "nev_output", "region": region,
                                      "measure": "level", "period_start": dt.date(2024, 1, 1),
                                      "period_end": dt.date(2024, 12, 31),
                                      "value_as_published": float(value + n),
                                      "unit_as_published": "万辆"}
                                     for n, region in enumerate(["440000", "440300"])])
                wh.append_release(meta, cars, f"cars {day}".encode())
        wh.withdraw(ids[WITHDRAWN_DAY], reason="a typo", by="test", effective=EFFECTIVE)
        whole = wh.revisions()
        frames = list(wh.revisions_in_parts(rows=1))
        assert [sorted(set(f["indicator"])) for f in frames] in (
            [["gdp"], ["nev_output"]], [["nev_output"], ["gdp"]])
        order = ["indicator", "region", "measure", "cluster", "period_end", "period_start",
                 "changed_on"]
        assert pl.concat(frames).sort(order, nulls_last=True, maintain_order=True).equals(whole)
        assert whole.height == 5 + 2  # gdp as in the test above, and two regions of cars
        (one,) = wh.revisions_in_parts()  # the default size: one frame here
        assert one.equals(whole)
        with pytest.raises(TrackerError, match="rows must be a whole number"):
            wh.revisions_in_parts(rows=0)


def test_revisions_in_parts_of_an_empty_warehouse_is_one_empty_frame(tmp_path: Path) -> None:
    with tracker.open(tmp_path / "tracker.duckdb", read_only=False) as wh:
        wh.init()
        (frame,) = wh.revisions_in_parts()
        assert frame.is_empty() and frame.columns == wh.revisions().columns


def test_a_warehouse_of_many_releases_names_each_answer_s_release(tmp_path: Path) -> None:
    """Past a few dozen releases the release is looked up by a join, not a list
    (tracker/store/revision_rows.py): each change still names its own release and the one
    before."""
    count = revision_rows.SMALL + 6
    with tracker.open(tmp_path / "tracker.duckdb", read_only=False) as wh:
        with wh.writing():
            for day in range(count):
                _append(wh, day, STATS, {2023: day + 1})
        got = wh.revisions("gdp", region="440000")
        assert got.height == count - 1
        assert got["title"].to_list() == [f"第{d}日" for d in range(1, count)]
        assert got["previous_title"].to_list() == [f"第{d}日" for d in range(count - 1)]
        assert got["previous_value"].to_list() == [1e8 * d for d in range(1, count)]
