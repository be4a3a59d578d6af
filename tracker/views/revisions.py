"""How a figure moved across vintages: each period's value as a step at each publication."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import altair as alt
import polars as pl

from tracker.catalog import catalog, scale_for
from tracker.labels import STATUS_LABELS, check_lang, series_name, word
from tracker.views.keys import series_key
from tracker.views.style import (
    BREAK_SHAPE,
    WIDTH,
    Chart,
    break_subtitle,
    date_axis,
    date_padding,
    empty_chart,
    figure_points,
    figure_tooltip,
    period_label,
    value_scale,
)

if TYPE_CHECKING:
    from tracker.warehouse import Warehouse


STEP_COLUMNS = ["period_start", "period_end", "date_published", "value"]


def answer_steps(first: pl.DataFrame, revised: pl.DataFrame) -> pl.DataFrame:
    """When each period's answer took each value: its first release, then every day
    `Warehouse.revisions()` says the as-of answer changed (rows of one series each)."""
    return pl.concat([
        first.select(STEP_COLUMNS),
        revised.select("period_start", "period_end", pl.col("changed_on").alias(
            "date_published"), "value"),
    ]).sort("period_end", "period_start", "date_published")


def _steps(answers: pl.DataFrame, points: pl.DataFrame, factor: float,
           lang: str) -> pl.DataFrame:
    """The answers of the periods drawn, and each period's last answer once more at the
    right edge of the chart, so that the step is drawn on to the end (the figure still
    holds) rather than stopping at its point."""
    drawn = answers.with_columns(
        period=pl.struct("period_start", "period_end").map_elements(
            lambda p: period_label(p["period_start"], p["period_end"], lang),
            return_dtype=pl.Utf8),
        date=pl.col("date_published").cast(pl.Utf8), value_shown=pl.col("value") / factor,
    ).filter(pl.col("period").is_in(points["period"].unique().to_list())).select(
        "period", "date", "value_shown")
    dates = [*points["date"], *drawn["date"]]
    end = (dt.date.fromisoformat(max(dates)) + date_padding(dates)).isoformat()
    held = drawn.group_by("period", maintain_order=True).last()
    return pl.concat([drawn, held.with_columns(date=pl.lit(end))])


def revisions_chart(vintages: pl.DataFrame, indicator: str, measure: str = "level",
                    cluster: str | None = None, lang: str = "zh",
                    answers: pl.DataFrame | None = None) -> Chart:
    """Pure chart building from `Warehouse.vintages()` rows and the answers' steps.

    Periods published more than once are drawn (all periods when none was): a point for
    every vintage over the publication dates, and one line per period stepping where the
    as-of answer changed (`answer_steps`; None: at every vintage, right for one publisher's
    own chain). A figure off its line is one that never answered: a lower-ranked source.
    Hollow points are estimates, downward triangles figures that mark a break in the series
    (their method differs from the periods before them: said in the subtitle).
    """
    check_lang(lang)
    name = series_name(indicator, cluster, measure, lang)
    if vintages.is_empty():
        return empty_chart(f"{name}: {STATUS_LABELS[lang]['no_data']}")
    counts = vintages.group_by("period_start", "period_end").len()
    repeated = counts.filter(pl.col("len") > 1)
    if repeated.height:
        vintages = vintages.join(repeated.drop("len"), on=["period_start", "period_end"])
    unit = catalog().base_unit(indicator, measure)
    factor, unit_label = scale_for(unit, vintages["value"].to_list(), lang)
    points = figure_points(vintages.sort("date_published"), factor, lang)
    steps = _steps(vintages.select(STEP_COLUMNS) if answers is None else answers, points,
                   factor, lang)
    x = date_axis([*points["date"], *steps["date"]], word("revisions.x", lang))
    # The unit alone: the title names the series (a long name would outgrow the axis).
    y = alt.Y("value_shown:Q", title=unit_label, scale=value_scale(points["value_shown"]))
    color = alt.Color("period:N", title=word("revisions.period", lang))
    breaks = sorted(set(points.filter(pl.col("break"))["year"].to_list()))
    title = alt.TitleParams(word("revisions.title", lang, name=name),
                            subtitle=[word("revisions.steps", lang),
                                      word("revisions.points", lang),
                                      *break_subtitle(breaks, lang)])
    return alt.layer(
        alt.Chart(steps).mark_line(strokeWidth=1.5, interpolate="step-after").encode(
            x=x, y=y, color=color),
        alt.Chart(points).mark_point(size=70, filled=False, strokeWidth=2, opacity=1).encode(
            x=x, y=y, color=color, tooltip=figure_tooltip(lang),
            shape=alt.condition("datum.break", alt.value(BREAK_SHAPE), alt.value("circle")),
            fill=alt.condition("datum.estimate", alt.value("white"),
                               alt.Fill("period:N", legend=None))),
    ).properties(title=title, width=WIDTH, height=280)


def revisions(wh: Warehouse, indicator: str, region: str = "440000", measure: str = "level",
              cluster: str | None = None, lang: str = "zh") -> Chart:
    """How the figures of one series moved from one release to the next.

    `indicator` and the other codes may be names; a per-cluster series is found without
    `cluster` when it is held for one cluster (tracker/views/keys.py)."""
    key = series_key(wh, indicator, region, measure, cluster)
    ind, reg, meas, cl = key.indicator, key.region, key.measure, key.cluster
    vintages = key.rows(wh.vintages(ind, reg, meas, cl))
    answers = answer_steps(key.rows(wh.first_release(ind, reg, meas, cl)),
                           key.rows(wh.revisions(ind, reg, meas, cl)))
    return revisions_chart(vintages, key.indicator, key.measure, key.cluster, lang, answers)
