"""How each kind of target is measured: the figures it uses and the rates it compares.

- `level_by` (a level by the end year): the baseline is the actual of the year before the plan
  starts (a 2021-2025 plan is measured from 2020). When that year has no figure the nearest
  earlier year stands in, else the first plan year; `baseline_year` always says which was used.
  Levels in money or counts compare compound annual growth (observed from the baseline to the
  latest actual, required from the baseline to the target); levels in percent (shares) compare
  their change in percentage points a year. R = observed / required. With one annual figure in
  reach there is no baseline (`single`); across a break in the series the observed pace is
  withheld.
- `growth_in_year`: the year's growth is compared with the target directly; a year-to-date
  growth stands in (flagged `ytd`) until the whole year is published, and is never final.
- `avg_growth`: the average of the published yearly growth rates over the plan years (these are
  usually real growth rates, which a CAGR of nominal levels would overstate); when yearly rates
  are missing, the CAGR of the levels from the baseline. R = observed / target.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from tracker.progress_notes import Note
from tracker.progress_rules import Figure, first_break, pick_baseline


@dataclass
class Outcome:
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
    single: bool = False
    crossed: int | None = None  # the break year a comparison spans
    withheld: bool = False  # growth across that break not computed
    before: Figure | None = None  # the last figure before that break
    notes: list[Note] = field(default_factory=list)
    used: tuple[Figure, ...] = ()


def _rate(start: float, stop: float, years: int, linear: bool) -> float | None:
    """Points a year (shares) or compound growth in percent a year, when it is defined."""
    if linear:
        return (stop - start) / years
    if start > 0 and stop > 0:
        return 100 * ((stop / start) ** (1 / years) - 1)
    return None


def level_by(target: dict[str, Any], levels: dict[int, Figure],
             levels_ytd: dict[int, Figure], breaks: tuple[int, ...]) -> Outcome:
    """A level target against the annual levels of its series (year-to-date ones only noted)."""
    start, end = target["period_start"].year, target["period_end"].year
    in_reach = {y: f for y, f in levels.items() if y <= end}
    if not in_reach:
        partial = [f.period_end for y, f in levels_ytd.items() if y <= end]
        if partial:
            return Outcome(notes=[("ytd_only", {"date": max(partial)})])
        return Outcome(notes=[("no_annual", {})])
    latest = in_reach[max(in_reach)]
    baseline = pick_baseline(in_reach, start - 1)
    goal = target["value"]
    linear = target["unit"] == "percent"
    out = Outcome(baseline=baseline, latest=latest, final=latest.year >= end,
                  rate_kind="pp_per_year" if linear else "cagr", used=(latest,))
    if baseline is None or baseline.year >= latest.year:
        out.baseline, out.single = None, True
        return out
    out.used = (baseline, latest)
    out.required = _rate(baseline.value, goal, end - baseline.year, linear)
    out.crossed = first_break(breaks, baseline.year, latest.year)
    if out.crossed is not None:
        # Two methods: the level is still judged against the target, the pace between them is not.
        out.withheld = True
        out.before = in_reach[max(y for y in in_reach if y < out.crossed)]
        return out
    if goal != baseline.value:
        out.share = (latest.value - baseline.value) / (goal - baseline.value)
    out.observed = _rate(baseline.value, latest.value, latest.year - baseline.year, linear)
    if out.observed is not None:
        out.projected = (latest.value + out.observed * (end - latest.year) if linear
                         else latest.value * (1 + out.observed / 100) ** (end - latest.year))
    return out


def growth_in_year(target: dict[str, Any], growth: dict[int, Figure],
                   growth_ytd: dict[int, Figure], breaks: tuple[int, ...]) -> Outcome:
    """One year's growth target against that year's growth (year to date until it is out)."""
    end = target["period_end"].year
    latest, ytd = growth.get(end), False
    if latest is None and end in growth_ytd:
        latest, ytd = growth_ytd[end], True
    if latest is None:
        return Outcome(notes=[("no_growth", {"year": end})])
    notes: list[Note] = [("ytd_growth", {"date": latest.period_end})] if ytd else []
    # A published rate is the publisher's own comparison: kept, but said to span the break.
    return Outcome(baseline=growth.get(end - 1), latest=latest, observed=latest.value,
                   required=target["value"], rate_kind="growth", final=not ytd, ytd=ytd,
                   share=latest.value / target["value"] if target["value"] else None,
                   crossed=first_break(breaks, end - 1, end), notes=notes, used=(latest,))


def avg_growth(target: dict[str, Any], growth: dict[int, Figure],
               levels: dict[int, Figure], breaks: tuple[int, ...]) -> Outcome:
    """An average growth target against the published yearly rates, else the levels' CAGR."""
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
        return Outcome(
            baseline=growth.get(start - 1), latest=growth[years[-1]], observed=observed,
            required=goal, rate_kind="avg_growth", final=years[-1] >= end and not missing,
            share=(index - 1) / ((1 + goal / 100) ** horizon - 1) if goal else None,
            crossed=first_break(breaks, start - 1, years[-1]),
            notes=[("missing_years", {"years": missing})] if missing else [],
            used=tuple(growth[y] for y in years),
        )
    if level_base is None or level_latest is None or level_base.year >= level_latest.year:
        return Outcome(latest=level_latest, notes=[("no_levels", {})])
    crossed = first_break(breaks, level_base.year, level_latest.year)
    if crossed is not None:
        # Nominal levels on two methods give no growth rate to judge the target by.
        return Outcome(baseline=level_base, latest=level_latest, required=goal,
                       rate_kind="cagr_of_levels", crossed=crossed, withheld=True,
                       before=level_in_reach[max(y for y in level_in_reach if y < crossed)],
                       used=(level_base, level_latest))
    elapsed = level_latest.year - level_base.year
    observed = 100 * ((level_latest.value / level_base.value) ** (1 / elapsed) - 1)
    needed = (1 + goal / 100) ** (end - level_base.year) - 1
    return Outcome(
        baseline=level_base, latest=level_latest, observed=observed, required=goal,
        rate_kind="cagr_of_levels", final=level_latest.year >= end,
        share=(level_latest.value / level_base.value - 1) / needed if needed else None,
        notes=[("from_levels", {})], used=(level_base, level_latest),
    )
