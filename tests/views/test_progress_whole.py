"""assess() picks every target's figures at once, on whole frames (tracker/progress_figures.py):
it must say what a straightforward reading of each target's own series, one at a time, says."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import polars as pl
import pytest
from constructed import actual, actuals, target, targets

from tracker.progress import assess
from tracker.progress_figures import pick
from tracker.progress_rules import GRADE_RANK, SOURCE_FIELDS, Figure, span_of
from tracker.store.release import STATUS_FIRMNESS

KINDS = ("level_by", "growth_in_year", "avg_growth")


def _mixed(seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Targets of every kind, and many vintages per year: ties of date, rank, grade and status,
    missing ranks and grades, breaks, year-to-date figures, figures without a value."""
    rng = random.Random(seed)
    ts = []
    for i in range(60):
        kind = rng.choice(KINDS)
        ts.append(target(f"t{i:02d}", rng.uniform(1, 200), indicator=f"ind{i % 12}",
                         cluster=rng.choice([None, "c1"]), kind=kind,
                         measure="level" if kind == "level_by" else "yoy_pct",
                         unit=rng.choice(["vehicle", "percent"]),
                         comparator=rng.choice(["at_least", "about", "over", "at_most"]),
                         start=rng.choice([2021, 2023])))
    rows = []
    for j in range(1500):
        year = rng.randrange(2018, 2026)
        until = rng.choice([None, None, dt.date(year, rng.randrange(1, 12), 28)])
        row = actual(year, rng.choice([rng.uniform(0, 300), 5.0, 100.0]),
                     status=rng.choice("AAAAPEBF"), indicator=f"ind{rng.randrange(12)}",
                     cluster=rng.choice([None, "c1", "c2"]),
                     measure=rng.choice(["level", "yoy_pct"]), until=until,
                     qualifier=rng.choice(["exact", "over", "about"]))
        row["date_published"] += dt.timedelta(days=rng.choice([0, 0, 30, 400]))
        row.update(grade=rng.choice(["A", "B", "C", None]), obs_id=j,
                   source_rank=rng.choice([1, 1, 2, 4, None]))
        if rng.random() < 0.05:
            row["value"] = None
        rows.append(row)
    return targets(*ts), actuals(*rows)


def _by_year(rows: list[dict[str, Any]], span: str) -> dict[int, Figure]:
    """The rule written out on one series' rows: for each year, the first row of the greatest
    (period end, source rank reversed, publication, grade, firmness)."""
    best: dict[int, tuple[tuple[Any, ...], Figure]] = {}
    for r in rows:
        if r["value"] is None or span_of(r["period_start"], r["period_end"]) != span:
            continue
        rank = (r["period_end"], -(r.get("source_rank") or 5),
                r.get("date_published") or dt.date.min, GRADE_RANK.get(r.get("grade") or "", -1),
                -STATUS_FIRMNESS.get(r.get("status") or "", len(STATUS_FIRMNESS)))
        fig = Figure(year=r["period_end"].year, **{k: r.get(k) for k in SOURCE_FIELDS})
        if fig.year not in best or rank > best[fig.year][0]:
            best[fig.year] = (rank, fig)
    return {y: f for y, (_, f) in sorted(best.items())}


@pytest.mark.parametrize("seed", [1, 2])
def test_whole_frame_picks_are_the_rule_applied_series_by_series(seed: int) -> None:
    _, frame = _mixed(seed)
    wanted = frame.select("indicator", "region", "measure",
                          _cluster=pl.col("cluster").fill_null("")).unique()
    picked = pick(frame, wanted)
    rows = frame.with_columns(_cluster=pl.col("cluster").fill_null(""))
    for key in wanted.iter_rows(named=True):
        own = rows.filter(**key).drop("_cluster").to_dicts()
        for span in ("year", "ytd"):
            series = (key["indicator"], key["region"], key["_cluster"], key["measure"], span)
            assert picked.get(series, {}) == _by_year(own, span), series


@pytest.mark.parametrize("as_of", [None, dt.date(2024, 1, 1)])
def test_all_targets_at_once_assess_as_each_target_alone(as_of: dt.date | None) -> None:
    every_target, frame = _mixed(3)
    whole = assess(every_target, frame, as_of=as_of).sort("target_id")
    alone = []
    for t in every_target.iter_rows(named=True):
        own = frame.filter((pl.col("indicator") == t["indicator"])
                           & (pl.col("cluster").fill_null("") == (t["cluster"] or "")))
        alone.append(assess(every_target, own, as_of=as_of)
                     .filter(pl.col("target_id") == t["target_id"]))
    assert whole.height == every_target.height
    assert whole.equals(pl.concat(alone).sort("target_id"))
    assert len(set(whole["status"])) >= 4  # the frames reach most of the statuses
