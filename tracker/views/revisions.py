"""How a figure moved across vintages: each period's value by the date it was published."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import polars as pl

from tracker.catalog import catalog, scale_for
from tracker.labels import STATUS_LABELS, check_lang, series_name
from tracker.views.style import (
    BREAK_SHAPE,
    WIDTH,
    Chart,
    break_subtitle,
    empty_chart,
    figure_points,
    figure_tooltip,
)

if TYPE_CHECKING:
    from tracker.warehouse import Warehouse

_TITLE = {"zh": "{name}：各期数据的历次发布", "en": "{name}: each period across its vintages"}
_X = {"zh": "发布日期", "en": "date published"}
_COLOR = {"zh": "时期", "en": "period"}


def revisions_chart(vintages: pl.DataFrame, indicator: str, measure: str = "level",
                    cluster: str | None = None, lang: str = "zh") -> Chart:
    """Pure chart building from `Warehouse.vintages()` rows.

    Periods published more than once are drawn (all periods when none was): a line per period
    from vintage to vintage, hollow points for estimates, downward triangles for figures that
    mark a break in the series (their method differs from the periods before them: said in
    the subtitle).
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
    x = alt.X("date:T", title=_X[lang], axis=alt.Axis(format="%Y-%m"))
    y = alt.Y("value_shown:Q", title=f"{name} ({unit_label})", scale=alt.Scale(zero=False))
    color = alt.Color("period:N", title=_COLOR[lang])
    base = alt.Chart(points)
    breaks = sorted(set(points.filter(pl.col("break"))["year"].to_list()))
    title = alt.TitleParams(_TITLE[lang].format(name=name),
                            subtitle=break_subtitle(breaks, lang) or alt.Undefined)
    return alt.layer(
        base.mark_line(strokeWidth=1.5).encode(x=x, y=y, color=color),
        base.mark_point(size=70, filled=False, strokeWidth=2, opacity=1).encode(
            x=x, y=y, color=color, tooltip=figure_tooltip(lang),
            shape=alt.condition("datum.break", alt.value(BREAK_SHAPE), alt.value("circle")),
            fill=alt.condition("datum.estimate", alt.value("white"),
                               alt.Fill("period:N", legend=None))),
    ).properties(title=title, width=WIDTH, height=280)


def revisions(wh: Warehouse, indicator: str, region: str = "440000", measure: str = "level",
              cluster: str | None = None, lang: str = "zh") -> Chart:
    """How the figures of one series moved from one release to the next."""
    vintages = wh.vintages(indicator, region=region, measure=measure, cluster=cluster)
    vintages = vintages.filter(pl.col("cluster").fill_null("") == (cluster or ""))
    return revisions_chart(vintages, indicator, measure, cluster, lang)
