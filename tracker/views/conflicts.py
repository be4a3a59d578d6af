"""Where publishers disagree: a row per disputed figure, each publisher's value side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import altair as alt
import polars as pl

from tracker.catalog import catalog
from tracker.labels import check_lang, series_name
from tracker.views.style import (
    TOOLTIP_TITLES,
    WIDTH,
    Chart,
    as_published,
    empty_chart,
    figure_tooltip,
    period_label,
)

if TYPE_CHECKING:
    from tracker.warehouse import Warehouse

_TITLE = {"zh": "发布者之间不一致的数据", "en": "Figures on which publishers disagree"}
_X = {"zh": "与各方均值之差（%）", "en": "difference from the mean of the publishers (%)"}
_NONE = {"zh": "没有发布者之间不一致的数据", "en": "no disagreement between publishers"}
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
            seen[(label, fig["publisher"])] = {"key": label, **fig}
    return pl.DataFrame(list(seen.values()), infer_schema_length=None)


def conflicts_chart(pairs: pl.DataFrame, lang: str = "zh") -> Chart:
    """Pure chart building from `Warehouse.conflicts()` (one row per disagreeing pair)."""
    check_lang(lang)
    if pairs.is_empty():
        return empty_chart(_NONE[lang])
    t = TOOLTIP_TITLES[lang]
    figures = _long(pairs, lang).with_columns(
        deviation=100 * (pl.col("value") / pl.col("value").mean().over("key") - 1),
        period=pl.col("key"),
        as_published=pl.struct("value_as_published", "unit_as_published", "qualifier")
        .map_elements(lambda s: as_published(s["value_as_published"], s["unit_as_published"],
                                             s["qualifier"], lang), return_dtype=pl.Utf8),
        kind=pl.col("status"), date=pl.col("date_published").cast(pl.Utf8),
        phrase=pl.col("quote").fill_null(""),
    ).with_columns(label=pl.col("publisher") + " " + pl.col("as_published"))
    y = alt.Y("key:N", title=None, axis=alt.Axis(labelLimit=360))
    x = alt.X("deviation:Q", title=_X[lang])
    base = alt.Chart(figures)
    span = base.mark_rule(color="#999", strokeWidth=2).encode(
        x=alt.X("min(deviation):Q", title=_X[lang]), x2="max(deviation):Q", y=y)
    dots = base.mark_point(size=90, filled=True, opacity=1).encode(
        x=x, y=y, color=alt.Color("publisher:N", title=t["publisher"]),
        tooltip=figure_tooltip(lang))
    text = base.mark_text(align="left", dx=7, dy=-8, fontSize=10).encode(
        x=x, y=y, text="label:N")
    return alt.layer(span, dots, text).properties(
        title=_TITLE[lang], width=WIDTH, height=alt.Step(40))


def conflicts(wh: Warehouse, indicator: str | None = None, region: str | None = None,
              measure: str | None = None, tolerance: float = 0.005, lang: str = "zh") -> Chart:
    """Every figure publishers disagree on (beyond `tolerance`), their values side by side."""
    pairs = wh.conflicts(indicator=indicator, region=region, measure=measure,
                         tolerance=tolerance)
    return conflicts_chart(pairs, lang)
