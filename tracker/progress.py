"""Actuals against targets, after the SDG progress assessments (Eurostat, Open SDG).

`assess` is pure: a targets frame (`Warehouse.targets()`) and an actuals frame (rows of
`Warehouse.series()` for any number of series) in, one row per target out. `progress` gathers
those frames from a warehouse and calls it.

How each kind of target is measured is in `tracker.progress_kinds`; the figures each target
reads are picked for all targets at once in `tracker.progress_figures`.

A target whose comparator (about, over, at least, at most) is met by the latest actual is
`achieved`; once the target year is observed and not met it is `missed`; before that, R gives
on_track / needs_acceleration / off_track (R below 0.6: the SDG method's "limited progress") /
moving_away. An actual short of the target with no pace to judge it by is `off_track` too: a
single annual point (flag `single_point`, its share of the target in `share_of_target`), or a
baseline and an actual on either side of a break in the series. Only a target without any
usable actual is `no_data`.

Breaks (SDMX status B: the method changed): a level compared across a break gets flag `break`,
and the observed pace, share of the way, R and projection are withheld; a published growth rate
that spans one is kept and flagged. Drafts and superseded targets are assessed and listed, but
`counted` is false for them: the headline tallies leave them out.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import polars as pl

from tracker import progress_figures
from tracker.progress_figures import FigureKey, SeriesKey
from tracker.progress_kinds import Outcome, avg_growth, growth_in_year, level_by
from tracker.progress_notes import Note, note_text
from tracker.progress_rules import SOURCE_FIELDS, Figure, Thresholds, classify, is_met

if TYPE_CHECKING:
    from tracker.warehouse import Warehouse

__all__ = ["FLAGS", "STATUSES", "Thresholds", "assess", "progress"]

STATUSES = ("achieved", "missed", "on_track", "needs_acceleration", "off_track",
            "moving_away", "no_data")
FLAGS = ("single_point", "break", "ytd", "estimate", "draft", "superseded")

_TARGET_FIELDS = ("target_id", "indicator", "region", "cluster", "measure", "kind", "comparator",
                  "unit", "value_as_published", "unit_as_published", "period_start", "period_end",
                  "plan_title", "doc_number", "publisher", "issued", "issued_approximate", "grade",
                  "draft", "supersedes", "superseded_by", "phrase", "release_id")

_SOURCE_TYPES = {"value": pl.Float64, "value_as_published": pl.Float64, "period_start": pl.Date,
                 "period_end": pl.Date, "date_published": pl.Date, "obs_id": pl.Int64}


_NONE: dict[int, Figure] = {}


def _assess_one(target: dict[str, Any], figures: dict[FigureKey, dict[int, Figure]],
                every_break: dict[SeriesKey, tuple[int, ...]], th: Thresholds) -> dict[str, Any]:
    key = (target["indicator"], target["region"], target["cluster"] or "")

    def series(measure: str, span: str) -> dict[int, Figure]:
        return figures.get((*key, measure, span), _NONE)

    kind, breaks = target["kind"], every_break.get(key, ())
    if kind == "level_by":
        out = level_by(target, series(target["measure"], "year"),
                        series(target["measure"], "ytd"), breaks)
    elif kind == "growth_in_year":
        out = growth_in_year(target, series("yoy_pct", "year"), series("yoy_pct", "ytd"),
                              breaks)
    else:
        out = avg_growth(target, series("yoy_pct", "year"), series("level", "year"), breaks)
    compared = out.observed if kind != "level_by" else (out.latest.value if out.latest else None)
    met = None
    if compared is not None and out.latest is not None:
        met = is_met(compared, out.latest.qualifier if kind != "avg_growth" else "exact",
                     target["value"], target["comparator"], target["unit"], th)
    status = classify(met, out.final, kind, out.observed, out.required, target["comparator"], th)
    of_target = (out.latest.value / target["value"]
                 if kind == "level_by" and out.latest and target["value"] else None)
    notes = out.notes + _remarks(target, out, of_target)
    counted = not target["draft"] and not target["superseded_by"]
    row = {name: target.get(name) for name in _TARGET_FIELDS}
    row.update(
        target_value=target["value"], target_year=target["period_end"].year, status=status,
        met=met, final=out.final, ytd=out.ytd,
        estimate=any(f.status in ("E", "F") for f in out.used),
        single_point=out.single, series_break=out.crossed is not None, break_year=out.crossed,
        counted=counted, share_achieved=out.share, share_of_target=of_target,
        observed_rate=out.observed, required_rate=out.required,
        rate_kind=out.rate_kind, ratio=_ratio(out.observed, out.required),
        projected_value=out.projected,
        baseline_year=out.baseline.year if out.baseline else None,
        latest_year=out.latest.year if out.latest else None,
    )
    row.update(flags=[f for f in FLAGS if row.get(_FLAG_FIELDS.get(f, f))],
               note=note_text(notes, "en"), note_zh=note_text(notes, "zh"))
    for prefix, fig in (("baseline", out.baseline), ("latest", out.latest)):
        for name in SOURCE_FIELDS:
            row[f"{prefix}_{name}"] = getattr(fig, name) if fig else None
    return row


# The row field each flag reads (flags named like their field are left out).
_FLAG_FIELDS = {"break": "series_break", "superseded": "superseded_by"}


def _remarks(target: dict[str, Any], out: Outcome, of_target: float | None) -> list[Note]:
    """The notes every kind of target can carry: one point only, a break, not counted."""
    notes: list[Note] = []
    if out.single and out.latest is not None:
        notes.append(("single_point", {"year": out.latest.year, "value": out.latest.value,
                                       "unit": target["unit"], "target": target["value"],
                                       "share": of_target}))
    if out.crossed is not None and out.used:
        # A growth rate of year Y compares Y with Y - 1.
        since = out.baseline.year if out.baseline else out.used[0].year - 1
        issued = target.get("issued")
        notes.append(("break", {
            "indicator": target["indicator"], "year": out.crossed, "since": since,
            "until": out.latest.year if out.latest else out.crossed,
            "withheld": out.withheld, "unit": out.before.unit if out.before else None,
            "before_year": out.before.year if out.before else None,
            "before_value": out.before.value if out.before else None,
            "target_before": issued is not None and issued.year < out.crossed}))
    if target["draft"] or target["superseded_by"]:
        # Which target replaced it is said next to the target itself.
        notes.append(("not_counted", {"draft": bool(target["draft"])}))
    return notes


def _ratio(observed: float | None, required: float | None) -> float | None:
    if observed is None or not required:
        return None
    return observed / required


def _schema(targets: pl.DataFrame, actuals: pl.DataFrame) -> dict[str, Any]:
    schema: dict[str, Any] = {n: targets.schema.get(n, pl.Utf8) for n in _TARGET_FIELDS}
    schema.update(
        target_value=pl.Float64, target_year=pl.Int64, status=pl.Utf8, met=pl.Boolean,
        final=pl.Boolean, ytd=pl.Boolean, estimate=pl.Boolean, single_point=pl.Boolean,
        series_break=pl.Boolean, break_year=pl.Int64, counted=pl.Boolean,
        share_achieved=pl.Float64, share_of_target=pl.Float64, observed_rate=pl.Float64,
        required_rate=pl.Float64, rate_kind=pl.Utf8, ratio=pl.Float64,
        projected_value=pl.Float64, baseline_year=pl.Int64, latest_year=pl.Int64,
    )
    for prefix in ("baseline", "latest"):
        for name in SOURCE_FIELDS:
            schema[f"{prefix}_{name}"] = actuals.schema.get(name, _SOURCE_TYPES.get(name, pl.Utf8))
    schema.update(flags=pl.List(pl.Utf8), note=pl.Utf8, note_zh=pl.Utf8)
    return schema


def assess(targets: pl.DataFrame, actuals: pl.DataFrame, *, as_of: dt.date | None = None,
           thresholds: Thresholds | None = None) -> pl.DataFrame:
    """One row per target: baseline, latest actual with its source, rates, R, status, flags.

    Rows come by region, counted targets first (drafts and superseded ones after), then by
    status. `targets` has the columns of `Warehouse.targets()`; `actuals` the columns of
    `Warehouse.series()` (any mix of indicators, regions, clusters and measures, any number of
    vintages or publishers per period: the latest published one counts). With `as_of`, only
    what was published (and targets issued) by that date is used.
    """
    th = thresholds or Thresholds()
    if as_of is not None and not actuals.is_empty():
        actuals = actuals.filter(pl.col("date_published") <= as_of)
    if as_of is not None:
        targets = targets.filter(pl.col("issued").is_null() | (pl.col("issued") <= as_of))
    # A target is superseded only once its successor is out (and so among these targets).
    plans = dict(zip(targets["target_id"], targets["plan_title"], strict=True))
    successor = pl.col("superseded_by").cast(pl.Utf8)
    targets = targets.with_columns(
        superseded_by=pl.when(successor.is_in(list(plans))).then(successor))
    # Every target's figures and breaks are picked at once, on whole frames: what is left per
    # target is arithmetic on a few figures (tracker/progress_figures.py).
    figures = progress_figures.pick(actuals, progress_figures.wanted(targets))
    every_break = progress_figures.breaks(actuals)
    rows = [_assess_one(t, figures, every_break, th)
            for t in targets.sort("target_id").iter_rows(named=True)]
    frame = pl.DataFrame(rows, schema=_schema(targets, actuals))
    order = {s: i for i, s in enumerate(STATUSES)}
    return frame.with_columns(
        pl.col("status").replace_strict(order, return_dtype=pl.Int32).alias("_order"),
        superseded_by_plan=pl.col("superseded_by").replace_strict(plans, default=None,
                                                                  return_dtype=pl.Utf8),
    ).sort(["region", "counted", "_order", "target_id"], descending=[False, True, False, False]
           ).drop("_order")


# Above this many series, one read of every series of each region wanted (then kept to the
# series wanted) costs less than one read per series.
FEW_SERIES = 16


def _actuals(wh: Warehouse, as_of: dt.date | None,
             wanted: set[tuple[str, str, str | None, str]]) -> pl.DataFrame:
    """The rows of `wh.series()` for each wanted (indicator, region, cluster, measure); a
    cluster of None is any cluster, as in `wh.series()`."""
    if len(wanted) <= FEW_SERIES:
        frames = [wh.series(ind, region=reg, measure=m, cluster=c, as_of=as_of)
                  for ind, reg, c, m in sorted(wanted, key=str)]
    else:
        frames = [wh.series(None, region=reg, measure=None, as_of=as_of)
                  for reg in sorted({reg for _, reg, _, _ in wanted})]
    frames = [f for f in frames if not f.is_empty()]
    if not frames:
        return pl.DataFrame()
    every = pl.concat(frames, how="diagonal_relaxed")
    if len(wanted) <= FEW_SERIES:
        return every
    keys = pl.DataFrame(sorted(wanted, key=str), schema={"indicator": pl.Utf8, "region": pl.Utf8,
                        "wanted_cluster": pl.Utf8, "measure": pl.Utf8}, orient="row")
    matched = every.select("obs_id", "indicator", "region", "cluster", "measure").join(
        keys, on=["indicator", "region", "measure"]).filter(
        pl.col("wanted_cluster").is_null() | (pl.col("wanted_cluster") == pl.col("cluster")))
    return every.filter(pl.col("obs_id").is_in(matched["obs_id"].implode()))


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
    actuals = _actuals(wh, as_of, wanted)
    return assess(targets, actuals, as_of=as_of, thresholds=thresholds)
