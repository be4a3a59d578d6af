"""Where publishers disagree: a row per disputed figure, each publisher's value side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import altair as alt
import polars as pl

from tracker.catalog import catalog
from tracker.labels import check_lang, series_name, word
from tracker.views.style import (
    WIDTH,
    Chart,
    as_published,
    empty_chart,
    figure_tooltip,
    period_label,
)

if TYPE_CHECKING:
    from tracker.warehouse import Warehouse

_SIDES = ("value", "value_as_published", "unit_as_published", "qualifier", "status",
          "publisher", "title", "date_published", "obs_id", "quote")


def _long(pairs: pl.DataFrame, lang: str) -> pl.DataFrame:
    regions = catalog().regions
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for r in pairs.iter_rows(named=True):
        reg = regions.get(r["region"])
        place = (reg.name_zh if lang == "zh" else reg.name_en) if reg else r["region"]
        label = (f"{place} {series_name(r['indicator'], r['cluster'], r['measure'], lang)} "
                 f"{period_label(r['period_start'], r['period_end'], lang)}")
        for side in ("a", "b"):
            fig = {name: r[f"{name}_{side}"] for name in _SIDES}
            # Side a is the figure series() answers with, whichever pair it is in.
            held = seen.get((label, fig["publisher"]), {}).get("shown", False)
            seen[(label, fig["publisher"])] = {"key": label, **fig,
                                               "shown": held or side == "a"}
    return pl.DataFrame(list(seen.values()), infer_schema_length=None)


def conflicts_chart(pairs: pl.DataFrame, lang: str = "zh") -> Chart:
    """Pure chart building from `Warehouse.conflicts()` (one row per disagreeing pair).

    Each figure is labelled with its publisher and value on the outer side of its row (the
    lowest to the left, the others to the right), inside room kept on the axis for them, and
    the legend sits below: no label runs into another or into the legend.
    """
    check_lang(lang)
    if pairs.is_empty():
        return empty_chart(word("conflicts.none", lang))
    figures = _long(pairs, lang).with_columns(
        deviation=100 * (pl.col("value") / pl.col("value").mean().over("key") - 1),
        period=pl.col("key"),
        as_published=pl.struct("value_as_published", "unit_as_published", "qualifier")
        .map_elements(lambda s: as_published(s["value_as_published"], s["unit_as_published"],
                                             s["qualifier"], lang), return_dtype=pl.Utf8),
        kind=pl.col("status"), date=pl.col("date_published").cast(pl.Utf8),
        phrase=pl.col("quote").fill_null(""),
    ).with_columns(
        label=pl.col("publisher") + " " + pl.col("as_published"),
        left=pl.col("deviation") == pl.col("deviation").min().over("key"),
        side=pl.when(pl.col("shown")).then(pl.lit(word("conflicts.shown", lang)))
        .otherwise(pl.lit(word("conflicts.other", lang))),
    )
    # Room on both sides of the figures for their labels (about a third of the width each).
    low, high = figures["deviation"].min(), figures["deviation"].max()
    room = max(high - low, 1.0) * 0.8  # type: ignore[operator]
    title = word("conflicts.x", lang)
    scale = alt.Scale(domain=[low - room, high + room], nice=False)  # type: ignore[operator]
    y = alt.Y("key:N", title=None, axis=alt.Axis(labelLimit=360))
    x = alt.X("deviation:Q", title=title, scale=scale)
    base = alt.Chart(figures)
    span = base.mark_rule(color="#999", strokeWidth=2).encode(
        x=alt.X("min(deviation):Q", title=title, scale=scale), x2="max(deviation):Q", y=y)
    sides = [word("conflicts.shown", lang), word("conflicts.other", lang)]
    dots = base.mark_point(size=90, filled=True, opacity=1).encode(
        x=x, y=y, tooltip=figure_tooltip(lang),
        color=alt.Color("side:N", title=None, scale=alt.Scale(domain=sides,
                                                              range=["#1f77b4", "#ff7f0e"]),
                        legend=alt.Legend(orient="bottom", direction="horizontal")))
    left = base.transform_filter("datum.left").mark_text(
        align="right", dx=-8, fontSize=10).encode(x=x, y=y, text="label:N")
    right = base.transform_filter("!datum.left").mark_text(
        align="left", dx=8, fontSize=10).encode(x=x, y=y, text="label:N")
    return alt.layer(span, dots, left, right).properties(
        title=word("conflicts.title", lang), width=WIDTH, height=alt.Step(40))


def conflicts(wh: Warehouse, indicator: str | None = None, region: str | None = None,
              measure: str | None = None, tolerance: float = 0.005, lang: str = "zh") -> Chart:
    """Every figure publishers disagree on (beyond `tolerance`), their values side by side."""
    pairs = wh.conflicts(indicator=indicator, region=region, measure=measure,
                         tolerance=tolerance)
    return conflicts_chart(pairs, lang)
