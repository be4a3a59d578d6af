"""As-of answers do not depend on the order releases arrive in: hypothesis against an oracle.

The oracle below is the semantics written out plainly, without the store: a figure known on D
is one from a release published on or before D; among those, the best-ranked source answers,
then the latest publication date, the better grade, the firmer status, and the release id (a
hash of what the release is, which the test checks is the same whenever it is ingested).
Random sets of releases (same-day releases, backfills, restatements, changes of qualifier or
status only, several publishers of different standing) are ingested in several orders each,
into real DuckDB files, and every read is compared with it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.lake.server import Lake
from tests.store.conftest import fresh
from tracker import clock
from tracker.store.release import ReleaseMeta
from tracker.warehouse import Warehouse

SERIES = [("gdp", "440000", "亿元", 1e8), ("nev_output", "440000", "万辆", 1e4)]
YEARS = [2023, 2024]
KEYS = [(s, y) for s in range(len(SERIES)) for y in YEARS]
# (source id, publisher, grade, the rank tracker/data/source_rankings.toml gives it)
PUBLISHERS = [("stats", "广东省统计局", "A", 1), ("stats", "广东省统计局", "B", 4),
              ("news", "新华社", "A", 4), ("blog", "某财经自媒体", "C", 5)]
STATUS_RANK = {"A": 0, "B": 0, "P": 1, "E": 2, "F": 3}
EPOCH = dt.date(2025, 1, 1)
EXAMPLES = settings(max_examples=12, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
# A lake costs a catalog clone and PostgreSQL round trips per example: fewer there, while the
# file keeps the full count.
LAKE_EXAMPLES = settings(EXAMPLES, max_examples=4)
Figure = tuple[int, str, str]  # value, qualifier, status
IDS: dict[bytes, str] = {}  # raw bytes -> the release id the warehouse gave them


@dataclass(frozen=True)
class Release:
    """A generated release: its day, who published it, and {(series, year): figure}."""

    day: int
    publisher: int
    figures: tuple[tuple[tuple[int, int], Figure], ...]

    @property
    def date(self) -> dt.date:
        return EPOCH + dt.timedelta(days=self.day)

    @property
    def source(self) -> str:
        return PUBLISHERS[self.publisher][0]

    def raw(self) -> bytes:
        return json.dumps([self.day, self.publisher, self.figures]).encode()

    @property
    def release_id(self) -> str:
        """The id the warehouse named it by (an opaque name; IDS is filled by append)."""
        return IDS[self.raw()]

    def append(self, wh: Warehouse) -> None:
        source, publisher, grade, _ = PUBLISHERS[self.publisher]
        meta = ReleaseMeta(publisher=publisher, title=f"第{self.day}日发布", grade=grade,
                           date_published=self.date, ingester="hypothesis", source_id=source)
        rows = [{"indicator": SERIES[s][0], "region": SERIES[s][1], "measure": "level",
                 "period_start": dt.date(y, 1, 1), "period_end": dt.date(y, 12, 31),
                 "value_as_published": float(v), "unit_as_published": SERIES[s][2],
                 "qualifier": q, "status": st_} for (s, y), (v, q, st_) in self.figures]
        result = wh.append_release(meta, pl.DataFrame(rows), self.raw())
        assert IDS.setdefault(self.raw(), result.release_id) == result.release_id, (
            "a release's id must not depend on when it was ingested")


# -- the oracle ---------------------------------------------------------------------------------
def _standing(release: Release, figure: Figure) -> tuple[Any, ...]:
    _, _, grade, rank = PUBLISHERS[release.publisher]
    return (rank, -release.day, grade, STATUS_RANK[figure[2]], release.release_id)


def known(history: list[Release], key: tuple[int, int], on: dt.date | None,
          hidden: dict[str, dt.date] | None = None) -> tuple[Release, Figure] | None:
    """The release and figure that answer for `key` on `on` (None: today)."""
    hidden = hidden or {}
    candidates = [(r, f) for r in history for k, f in r.figures
                  if k == key and (on is None or r.date <= on)
                  and not (r.release_id in hidden and (on is None or hidden[r.release_id] <= on))]
    return min(candidates, key=lambda c: _standing(*c), default=None)


def expected_series(history: list[Release], s: int, on: dt.date | None,
                    hidden: dict[str, dt.date] | None = None) -> dict[int, tuple[Any, ...]]:
    out = {}
    for year in YEARS:
        found = known(history, (s, year), on, hidden)
        if found is not None:
            release, (value, qualifier, status) = found
            out[year] = (value, qualifier, status, release.release_id)
    return out


def expected_revisions(history: list[Release], s: int) -> list[tuple[Any, ...]]:
    """(year, day the answer changed, old figure, new figure) in order."""
    out = []
    for year in YEARS:
        days = sorted({r.date for r in history if any(k == (s, year) for k, _ in r.figures)})
        previous = None
        for day in days:
            found = known(history, (s, year), day)
            figure = found[1] if found else None
            if previous is not None and figure is not None and figure != previous:
                out.append((year, day, previous, figure))
            previous = figure or previous
    return out


# -- what the warehouse says --------------------------------------------------------------------
def got_series(wh: Warehouse, s: int, on: dt.date | None, **kw: Any) -> dict[int, tuple[Any, ...]]:
    indicator, region, _, factor = SERIES[s]
    frame = wh.series(indicator, region=region, as_of=on, **kw)
    return {row["period_start"].year: (round(row["value"] / factor), row["qualifier"],
                                       row["status"], row["release_id"])
            for row in frame.iter_rows(named=True)}


def got_revisions(wh: Warehouse, s: int) -> list[tuple[Any, ...]]:
    indicator, region, _, factor = SERIES[s]
    frame = wh.revisions(indicator, region=region, measure="level")
    return [(row["period_start"].year, row["changed_on"],
             (round(row["previous_value"] / factor), row["previous_qualifier"],
              row["previous_status"]),
             (round(row["value"] / factor), row["qualifier"], row["status"]))
            for row in frame.sort("period_start", "changed_on").iter_rows(named=True)]


def everything(wh: Warehouse, history: list[Release]) -> dict[str, Any]:
    """Every read that must not depend on the order of ingestion."""
    days = sorted({r.date for r in history} | {r.date - dt.timedelta(days=1) for r in history})
    out: dict[str, Any] = {}
    for s, (indicator, region, _, _) in enumerate(SERIES):
        out[f"series {s}"] = [got_series(wh, s, d) for d in [None, *days]]
        out[f"first {s}"] = wh.first_release(indicator, region=region).select(
            "period_start", "value", "qualifier", "status", "release_id").rows()
        out[f"vintages {s}"] = sorted(wh.vintages(indicator, region=region).select(
            "period_start", "value", "qualifier", "status", "release_id", "vintage").rows())
        out[f"revisions {s}"] = got_revisions(wh, s)
    return out


def releases() -> st.SearchStrategy[list[Release]]:
    """Up to four releases over a few days, so that same-day releases are common."""
    figure = st.tuples(st.integers(1, 3), st.sampled_from(["exact", "about", "over"]),
                       st.sampled_from(["A", "P", "E"]))
    figures = st.dictionaries(st.sampled_from(KEYS), figure, min_size=1, max_size=3).map(
        lambda d: tuple(sorted(d.items())))
    one = st.builds(Release, st.integers(0, 4), st.integers(0, len(PUBLISHERS) - 1), figures)
    return st.lists(one, min_size=1, max_size=4, unique_by=lambda r: r.raw())


def orders(history: list[Release], rng: random.Random) -> list[list[Release]]:
    """Every permutation of up to three releases; of four, six of them including the extremes."""
    if len(history) <= 3:
        return [list(p) for p in itertools.permutations(history)]
    by_day = sorted(history, key=lambda r: r.day)
    picked = [by_day, by_day[::-1]]
    picked += [rng.sample(history, len(history)) for _ in range(4)]
    return picked


def per_kind(**strategies: st.SearchStrategy[Any]) -> Callable[[Callable[..., None]],
                                                               Callable[[Path | Lake], None]]:
    """`given(**strategies)` run with EXAMPLES on a file's template, LAKE_EXAMPLES on a lake's."""
    def wrap(body: Callable[..., None]) -> Callable[[Path | Lake], None]:
        runs = {kind: examples(given(**strategies)(body))
                for kind, examples in ((Path, EXAMPLES), (Lake, LAKE_EXAMPLES))}

        def test(template: Path | Lake) -> None:
            runs[Lake if isinstance(template, Lake) else Path](template=template)

        test.__name__, test.__doc__ = body.__name__, body.__doc__
        return test
    return wrap


@per_kind(history=releases(), rng=st.randoms(use_true_random=False))
def test_every_ingest_order_gives_the_oracles_answers(template: Path, history: list[Release],
                                                      rng: random.Random) -> None:
    results = []
    for order in orders(history, rng):
        with fresh(template) as wh:
            with wh.writing():
                for release in order:
                    release.append(wh)
            results.append(everything(wh, history))
            days = sorted({r.date for r in history})
            for s in range(len(SERIES)):
                for d in [None, *days]:
                    assert got_series(wh, s, d) == expected_series(history, s, d), (s, d)
                assert got_revisions(wh, s) == expected_revisions(history, s), s
    assert all(r == results[0] for r in results)


@per_kind(history=releases(), pick=st.integers(0, 3), after=st.integers(0, 3))
def test_a_withdrawal_hides_a_release_from_its_date_on_and_known_at_still_sees_it(
        template: Path, history: list[Release], pick: int, after: int) -> None:
    gone = history[pick % len(history)]
    effective = gone.date + dt.timedelta(days=after)
    days = sorted({r.date for r in history} | {effective})
    with fresh(template) as wh:
        with wh.writing():
            for release in history:
                release.append(wh)
        before = {(s, d): got_series(wh, s, d) for s in range(len(SERIES)) for d in days}
        # An instant after every append committed: a lake answers from its snapshots, which
        # date a release by its commit, later than its ingested_at.
        held_at = clock.now()
        wh.withdraw(gone.release_id, reason="the figure was a rumour", by="test",
                    effective=effective)
        hidden = {gone.release_id: effective}
        for s in range(len(SERIES)):
            for d in days:
                assert got_series(wh, s, d) == expected_series(history, s, d, hidden), (s, d)
                assert got_series(wh, s, d, known_at=held_at) == before[(s, d)]
        (event,) = wh.events(gone.release_id).iter_rows(named=True)
        assert (event["kind"], event["actor"], event["effective_from"]) == (
            "withdrawn", "test", effective)
