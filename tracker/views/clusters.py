"""The 20 strategic industrial clusters: latest revenue against the revenue each plan targets."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import altair as alt
import polars as pl

from tracker.catalog import catalog, display, scale_for
from tracker.labels import STATUS_LABELS, check_lang, target_text, word
from tracker.progress import STATUSES, assess
from tracker.progress_notes import note_of
from tracker.views.style import (
    TOOLTIP_TITLES,
    WIDTH,
    Chart,
    figure_points,
    figure_tooltip,
    legend,
    status_scale,
)

if TYPE_CHECKING:
    from tracker.warehouse import Warehouse

INDICATOR = "cluster_revenue"


def clusters_data(wh: Warehouse, region: str = "440000",
                  as_of: dt.date | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every cluster's revenue series and the assessed revenue targets."""
    actuals = wh.series(INDICATOR, region=region, measure="level", as_of=as_of)
    targets = wh.targets(indicator=INDICATOR, region=region).filter(
        pl.col("measure") == "level")
    return actuals, assess(targets, actuals, as_of=as_of)


def _group(group: str, lang: str) -> str:
    return word(f"clusters.{group}", lang) if group in ("pillar", "emerging") else group


def _names(lang: str) -> pl.DataFrame:
    return pl.DataFrame([
        {"cluster": c.code, "name": f"{c.name_zh if lang == 'zh' else c.name_en} "
                                    f"({_group(c.group, lang)})", "order": i}
        for i, c in enumerate(catalog().clusters.values())
    ])


def clusters_chart(actuals: pl.DataFrame, progress: pl.DataFrame, lang: str = "zh") -> Chart:
    """Pure chart building from `clusters_data`'s two frames; clusters without data keep a row."""
    check_lang(lang)
    names = _names(lang)
    annual = actuals.filter(pl.col("period_end").dt.month() == 12,
                            pl.col("period_end").dt.day() == 31)
    latest = annual.sort("period_end", "date_published").unique("cluster", keep="last")
    unit = catalog().base_unit(INDICATOR, "level")
    factor, unit_label = scale_for(unit, [*latest["value"], *progress["target_value"]], lang)
    points = pl.concat([
        figure_points(latest, factor, lang),
        pl.DataFrame({"cluster": latest["cluster"]}),
    ], how="horizontal").join(names, on="cluster")
    labels, t = STATUS_LABELS[lang], TOOLTIP_TITLES[lang]
    marks: list[dict[str, Any]] = [{
        "cluster": r["cluster"], "value_shown": r["target_value"] / factor,
        "status": labels[r["status"]], "target": target_text(r, lang), "plan": r["plan_title"],
        "publisher": r["publisher"], "date": str(r["issued"]), "phrase": r["phrase"] or "",
        "counted": bool(r["counted"]),
        "latest": display(r["latest_value"], unit, lang) if r["latest_value"] else "—",
        "note": note_of(r, lang),
    } for r in progress.iter_rows(named=True)]
    targets = pl.DataFrame(marks, infer_schema_length=None).join(names, on="cluster") \
        if marks else pl.DataFrame()
    order = names.sort("order")["name"].to_list()
    y = alt.Y("name:N", title=None, sort=order, scale=alt.Scale(domain=order))
    x = alt.X("value_shown:Q", title=f"{word('clusters.x', lang)} ({unit_label})")
    tip = [alt.Tooltip("name:N", title=word("clusters.latest", lang)), *figure_tooltip(lang)]
    layers: list[Any] = [alt.Chart(points).mark_bar(height=12, color="#4c78a8").encode(
        x=x, y=y, tooltip=tip,
        opacity=alt.condition("datum.estimate", alt.value(0.4), alt.value(0.9)))]
    if not targets.is_empty():
        drawn = [labels[s] for s in STATUSES if labels[s] in set(targets["status"])]
        layers.append(alt.Chart(targets).mark_point(shape="diamond", size=160, opacity=1,
                                                    strokeWidth=2).encode(
            x=x, y=y, color=alt.Color("status:N", title=t["status"], scale=status_scale(lang),
                                      legend=legend(drawn)),
            fill=alt.condition("datum.counted", alt.Fill("status:N", scale=status_scale(lang)),
                               alt.value("white")),
            tooltip=[alt.Tooltip(f"{k}:N", title=t[k]) for k in
                     ("target", "status", "latest", "note", "plan", "publisher", "date",
                      "phrase")]))
    hollow = not targets.is_empty() and not targets["counted"].all()
    title = alt.TitleParams(word("clusters.title", lang),
                            subtitle=[word("clusters.hollow", lang)] if hollow else alt.Undefined)
    return alt.layer(*layers).properties(title=title, width=WIDTH, height=alt.Step(20))


def clusters(wh: Warehouse, region: str = "440000", lang: str = "zh",
             as_of: dt.date | None = None) -> Chart:
    """Each of the 20 clusters' latest revenue, with its target(s) coloured by status."""
    actuals, progress = clusters_data(wh, region, as_of)
    return clusters_chart(actuals, progress, lang)
