"""Actuals against targets, after the SDG progress assessments (Eurostat, Open SDG).

`assess` is pure: a targets frame (`Warehouse.targets()`) and an actuals frame (rows of
`Warehouse.series()` for any number of series) in, one row per target out. `progress` gathers
those frames from a warehouse and calls it.

Method, per target kind:

- `level_by` (a level by the end year): the baseline is the actual of the year before the plan
  starts (a 2021-2025 plan is measured from 2020). When that year has no figure the nearest
  earlier year stands in, else the first plan year; `baseline_year` always says which was used.
  Levels in money or counts compare compound annual growth (observed from the baseline to the
  latest actual, required from the baseline to the target); levels in percent (shares) compare
  their change in percentage points a year. R = observed / required.
- `growth_in_year`: the year's growth is compared with the target directly; a year-to-date
  growth stands in (flagged `ytd`) until the whole year is published, and is never final.
- `avg_growth`: the average of the published yearly growth rates over the plan years (these are
  usually real growth rates, which a CAGR of nominal levels would overstate); when yearly rates
  are missing, the CAGR of the levels from the baseline. R = observed / target.

A target whose comparator (about, over, at least, at most) is met by the latest actual is
`achieved`; once the target year is observed and not met it is `missed`; before that, R gives
on_track / needs_acceleration / limited_progress / moving_away; no usable actual is `no_data`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from tracker.progress_rules import (
    SOURCE_FIELDS,
    Figure,
    Thresholds,
    classify,
    figures_by_year,
    is_met,
    pick_baseline,
)

if TYPE_CHECKING:
    from tracker.warehouse import Warehouse

__all__ = ["STATUSES", "Thresholds", "assess", "progress"]

STATUSES = ("achieved", "missed", "on_track", "needs_acceleration", "limited_progress",
            "moving_away", "no_data")

_TARGET_FIELDS = ("target_id", "indicator", "region", "cluster", "measure", "kind", "comparator",
                  "unit", "value_as_published", "unit_as_published", "period_start", "period_end",
                  "plan_title", "doc_number", "publisher", "issued", "issued_approximate", "grade",
                  "draft", "supersedes", "superseded_by", "phrase", "release_id")


_SOURCE_TYPES = {"value": pl.Float64, "value_as_published": pl.Float64, "period_start": pl.Date,
                 "period_end": pl.Date, "date_published": pl.Date, "obs_id": pl.Int64}


@dataclass
class _Outcome:
    """What one target's assessment found, before it becomes a row."""

    baseline: Figure | None = None
    latest: Figure | None = None
    observed: float | None = None
    required: float | None = None
    rate_kind: str | None = None
    share: float | None = None
    projected: float | None = None
    final: bool = False
    ytd: bool = False
    note: str = ""
    used: tuple[Figure, ...] = ()


def _level_by(target: dict[str, Any], levels: dict[int, Figure],
              levels_ytd: dict[int, Figure]) -> _Outcome:
    start, end = target["period_start"].year, target["period_end"].year
    in_reach = {y: f for y, f in levels.items() if y <= end}
    if not in_reach:
        partial = [f.period_end for y, f in levels_ytd.items() if y <= end]
        if partial:
            return _Outcome(note=f"only year-to-date figures (to {max(partial)}), "
                                 "not compared with an annual target")
        return _Outcome(note="no annual actual yet")
    latest = in_reach[max(in_reach)]
    baseline = pick_baseline(in_reach, start - 1)
    goal = target["value"]
    linear = target["unit"] == "percent"
    out = _Outcome(baseline=baseline, latest=latest, final=latest.year >= end,
                   rate_kind="pp_per_year" if linear else "cagr", used=(latest,))
    if baseline is None or baseline.year >= latest.year:
        out.baseline = None
        out.note = "a single annual actual in reach: no trend yet"
        return out
    out.used = (baseline, latest)
    if goal != baseline.value:
        out.share = (latest.value - baseline.value) / (goal - baseline.value)
    elapsed, horizon = latest.year - baseline.year, end - baseline.year
    if linear:
        out.observed = (latest.value - baseline.value) / elapsed
        out.required = (goal - baseline.value) / horizon
        out.projected = latest.value + out.observed * (end - latest.year)
    elif baseline.value > 0 and latest.value > 0 and goal > 0:
        out.observed = 100 * ((latest.value / baseline.value) ** (1 / elapsed) - 1)
        out.required = 100 * ((goal / baseline.value) ** (1 / horizon) - 1)
        out.projected = latest.value * (1 + out.observed / 100) ** (end - latest.year)
    return out


def _growth_in_year(target: dict[str, Any], growth: dict[int, Figure],
                    growth_ytd: dict[int, Figure]) -> _Outcome:
    end = target["period_end"].year
    latest, ytd = growth.get(end), False
    if latest is None and end in growth_ytd:
        latest, ytd = growth_ytd[end], True
    if latest is None:
        return _Outcome(note=f"no growth figure for {end} yet")
    note = f"year to date ({latest.period_end:%m-%d}), not the whole year" if ytd else ""
    return _Outcome(baseline=growth.get(end - 1), latest=latest, observed=latest.value,
                    required=target["value"], rate_kind="growth", final=not ytd, ytd=ytd,
                    share=latest.value / target["value"] if target["value"] else None,
                    note=note, used=(latest,))


def _avg_growth(target: dict[str, Any], growth: dict[int, Figure],
                levels: dict[int, Figure]) -> _Outcome:
    start, end = target["period_start"].year, target["period_end"].year
    years = [y for y in range(start, end + 1) if y in growth]
    contiguous = years == list(range(start, start + len(years)))
    level_in_reach = {y: f for y, f in levels.items() if y <= end}
    level_base = pick_baseline(level_in_reach, start - 1)
    level_latest = level_in_reach[max(level_in_reach)] if level_in_reach else None
    goal, horizon = target["value"], end - start + 1
    if years and (contiguous or level_base is None or level_latest is None
                  or level_base.year >= level_latest.year):
        index = math.prod(1 + growth[y].value / 100 for y in years)
        observed = 100 * (index ** (1 / len(years)) - 1)
        missing = [y for y in range(start, years[-1]) if y not in growth]
        return _Outcome(
            baseline=growth.get(start - 1), latest=growth[years[-1]], observed=observed,
            required=goal, rate_kind="avg_growth", final=years[-1] >= end and not missing,
            share=(index - 1) / ((1 + goal / 100) ** horizon - 1) if goal else None,
            note=f"years without a growth figure: {missing}" if missing else "",
            used=tuple(growth[y] for y in years),
        )
    if level_base is None or level_latest is None or level_base.year >= level_latest.year:
        return _Outcome(latest=level_latest, note="no growth figures and no two annual levels")
    elapsed = level_latest.year - level_base.year
    observed = 100 * ((level_latest.value / level_base.value) ** (1 / elapsed) - 1)
    needed = (1 + goal / 100) ** (end - level_base.year) - 1
    return _Outcome(
        baseline=level_base, latest=level_latest, observed=observed, required=goal,
        rate_kind="cagr_of_levels", final=level_latest.year >= end,
        share=(level_latest.value / level_base.value - 1) / needed if needed else None,
        note="growth computed from levels (nominal)", used=(level_base, level_latest),
    )


def _assess_one(target: dict[str, Any], actuals: pl.DataFrame, th: Thresholds) -> dict[str, Any]:
    key = (target["indicator"], target["region"], target["cluster"] or "")

    def series(measure: str, span: str) -> dict[int, Figure]:
        return figures_by_year(actuals, (*key, measure), span)

    kind = target["kind"]
    if kind == "level_by":
        out = _level_by(target, series(target["measure"], "year"),
                        series(target["measure"], "ytd"))
    elif kind == "growth_in_year":
        out = _growth_in_year(target, series("yoy_pct", "year"), series("yoy_pct", "ytd"))
    else:
        out = _avg_growth(target, series("yoy_pct", "year"), series("level", "year"))
    compared = out.observed if kind != "level_by" else (out.latest.value if out.latest else None)
    met = None
    if compared is not None and out.latest is not None:
        met = is_met(compared, out.latest.qualifier if kind != "avg_growth" else "exact",
                     target["value"], target["comparator"], target["unit"], th)
    status = classify(met, out.final, kind, out.observed, out.required, target["comparator"], th)
    row = {name: target.get(name) for name in _TARGET_FIELDS}
    row.update(
        target_value=target["value"], target_year=target["period_end"].year, status=status,
        met=met, final=out.final, ytd=out.ytd,
        estimate=any(f.status in ("E", "F") for f in out.used),
        share_achieved=out.share, observed_rate=out.observed, required_rate=out.required,
        rate_kind=out.rate_kind, ratio=_ratio(out.observed, out.required),
        projected_value=out.projected, note=out.note,
        baseline_year=out.baseline.year if out.baseline else None,
        latest_year=out.latest.year if out.latest else None,
    )
    for prefix, fig in (("baseline", out.baseline), ("latest", out.latest)):
        for name in SOURCE_FIELDS:
            row[f"{prefix}_{name}"] = getattr(fig, name) if fig else None
    return row


def _ratio(observed: float | None, required: float | None) -> float | None:
    if observed is None or not required:
        return None
    return observed / required


def _schema(targets: pl.DataFrame, actuals: pl.DataFrame) -> dict[str, Any]:
    schema: dict[str, Any] = {n: targets.schema.get(n, pl.Utf8) for n in _TARGET_FIELDS}
    schema.update(
        target_value=pl.Float64, target_year=pl.Int64, status=pl.Utf8, met=pl.Boolean,
        final=pl.Boolean, ytd=pl.Boolean, estimate=pl.Boolean, share_achieved=pl.Float64,
        observed_rate=pl.Float64, required_rate=pl.Float64, rate_kind=pl.Utf8,
        ratio=pl.Float64, projected_value=pl.Float64, note=pl.Utf8, baseline_year=pl.Int64,
        latest_year=pl.Int64,
    )
    for prefix in ("baseline", "latest"):
        for name in SOURCE_FIELDS:
            schema[f"{prefix}_{name}"] = actuals.schema.get(name, _SOURCE_TYPES.get(name, pl.Utf8))
    return schema


def assess(targets: pl.DataFrame, actuals: pl.DataFrame, *, as_of: dt.date | None = None,
           thresholds: Thresholds | None = None) -> pl.DataFrame:
    """One row per target: baseline, latest actual with its source, rates, R and status.

    `targets` has the columns of `Warehouse.targets()`; `actuals` the columns of
    `Warehouse.series()` (any mix of indicators, regions, clusters and measures, any number of
    vintages or publishers per period: the latest published one counts). With `as_of`, only
    what was published (and targets issued) by that date is used.
    """
    th = thresholds or Thresholds()
    if as_of is not None and not actuals.is_empty():
        actuals = actuals.filter(pl.col("date_published") <= as_of)
    if as_of is not None:
        targets = targets.filter(pl.col("issued").is_null() | (pl.col("issued") <= as_of))
    rows = [_assess_one(t, actuals, th) for t in targets.sort("target_id").iter_rows(named=True)]
    frame = pl.DataFrame(rows, schema=_schema(targets, actuals))
    order = {s: i for i, s in enumerate(STATUSES)}
    return frame.with_columns(
        pl.col("status").replace_strict(order, return_dtype=pl.Int32).alias("_order")
    ).sort(["region", "_order", "target_id"]).drop("_order")


def progress(wh: Warehouse, region: str | None = "440000", as_of: dt.date | None = None,
             thresholds: Thresholds | None = None) -> pl.DataFrame:
    """Assess every target of `region` (None: every region) against the warehouse's actuals."""
    targets = wh.targets(region=region)
    wanted: set[tuple[str, str, str | None, str]] = set()
    for t in targets.iter_rows(named=True):
        key = (t["indicator"], t["region"], t["cluster"] or None)
        wanted.add((*key, t["measure"]))
        if t["kind"] != "level_by":
            wanted.update({(*key, "yoy_pct"), (*key, "level")})
    frames = [wh.series(ind, region=reg, measure=m, cluster=c, as_of=as_of)
              for ind, reg, c, m in sorted(wanted, key=str)]
    frames = [f for f in frames if not f.is_empty()]
    actuals = pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
    return assess(targets, actuals, as_of=as_of, thresholds=thresholds)
