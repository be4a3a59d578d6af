"""Every target of a region at a glance: how much of the way is done, coloured by status."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import altair as alt
import polars as pl

from tracker.catalog import catalog
from tracker.labels import (
    FLAG_LABELS,
    STATUS_LABELS,
    check_lang,
    series_name,
    target_text,
    word,
)
from tracker.progress import STATUSES, progress
from tracker.progress_notes import note_of
from tracker.progress_table import figure_text, share_text, status_flags
from tracker.views.style import (
    TOOLTIP_TITLES,
    WIDTH,
    Chart,
    empty_chart,
    legend,
    status_scale,
)

if TYPE_CHECKING:
    from tracker.warehouse import Warehouse

# Shares beyond these are drawn to the edge, marked there with an arrow and their true figure,
# so that one target achieved twice over does not squash the others.
_CLIP = (-50.0, 150.0)


def _share(row: dict[str, Any]) -> float | None:
    """The share of the way in percent; with one point only, the actual over the target."""
    share = row["share_achieved"]
    if share is None and row["single_point"]:
        # No baseline to measure the way from: the bar is the actual as a share of the target.
        share = row["share_of_target"]
    return None if share is None else 100 * share


def _shown(row: dict[str, Any]) -> float:
    share = _share(row)
    return 0.0 if share is None else min(max(share, _CLIP[0]), _CLIP[1])


def _capped(row: dict[str, Any]) -> bool:
    share = _share(row)
    return share is not None and not _CLIP[0] <= share <= _CLIP[1]


def _rows(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    labels = STATUS_LABELS[lang]
    rows = []
    for r in frame.iter_rows(named=True):
        flags = [FLAG_LABELS[lang][f] for f in ("draft", "superseded") if f in r["flags"]]
        rows.append({
            "label": f"{series_name(r['indicator'], r['cluster'], r['measure'], lang)} · "
                     f"{target_text(r, lang)}" + (f" [{', '.join(flags)}]" if flags else ""),
            # Targets outside the headline counts come last, whatever their status.
            "order": STATUSES.index(r["status"]) + (0 if r["counted"] else len(STATUSES)),
            "shown": _shown(r),
            # A bar going left would run into its own label: labels start at zero at the least.
            "text_at": max(_shown(r), 0.0),
            "status": labels[r["status"]],
            "text": " · ".join([labels[r["status"]], *status_flags(r, lang)]
                               + ([word("board.beyond", lang, share=share_text(r, lang))]
                                  if _capped(r) else [])),
            "capped": _capped(r),
            "arrow": "triangle-right" if _shown(r) >= _CLIP[1] else "triangle-left",
            "counted": r["counted"],
            "share": share_text(r, lang),
            "ratio": f"{r['ratio']:.2f}" if r["ratio"] is not None else "—",
            "latest": figure_text(r, "latest", lang), "publisher": r["latest_publisher"] or "",
            "title": r["latest_title"] or "", "date": str(r["latest_date_published"] or ""),
            "phrase": r["latest_quote"] or "", "plan": r["plan_title"], "note": note_of(r, lang),
            "target": r["phrase"] or "",
        })
    return pl.DataFrame(rows)


def progress_board_chart(frame: pl.DataFrame, region: str | None = "440000",
                         lang: str = "zh") -> Chart:
    """Pure chart building from the output of `tracker.progress.assess`."""
    check_lang(lang)
    reg = catalog().regions.get(region or "")
    place = (reg.name_zh if lang == "zh" else reg.name_en) if reg else ""
    if frame.is_empty():
        return empty_chart(f"{place} {STATUS_LABELS[lang]['no_data']}")
    rows = _rows(frame, lang)
    t = TOOLTIP_TITLES[lang]
    order = rows.sort("order", maintain_order=True)
    y = alt.Y("label:N", title=None, sort=order["label"].to_list(),
              axis=alt.Axis(labelLimit=420))
    x = alt.X("shown:Q", title=word("board.axis", lang), scale=alt.Scale(domain=list(_CLIP)))
    tooltip = [alt.Tooltip(f"{k}:N", title=t[k]) for k in
               ("target", "status", "share", "ratio", "latest", "publisher", "title", "date",
                "phrase", "plan", "note")]
    base = alt.Chart(rows)
    bars = base.mark_bar(height=14).encode(
        x=x, y=y, tooltip=tooltip,
        opacity=alt.condition("datum.counted", alt.value(1.0), alt.value(0.45)),
        color=alt.Color("status:N", title=t["status"], scale=status_scale(lang),
                        legend=legend(order["status"].unique(maintain_order=True).to_list())))
    labels = base.mark_text(align="left", dx=9, fontSize=11).encode(
        x=alt.X("text_at:Q", scale=alt.Scale(domain=list(_CLIP))), y=y, text="text:N",
        tooltip=tooltip)
    goal = alt.Chart(pl.DataFrame({"x": [100.0]})).mark_rule(
        color="#333", strokeDash=[4, 3]).encode(x="x:Q")
    layers: list[Any] = [bars, labels, goal]
    subtitle: Any = alt.Undefined
    if rows["capped"].any():
        # The bar stops at the edge of the scale: an arrow there says it goes on.
        layers.append(base.transform_filter("datum.capped").mark_point(
            filled=True, size=90, color="#222", opacity=1).encode(
            x=alt.X("shown:Q", scale=alt.Scale(domain=list(_CLIP))), y=y,
            shape=alt.Shape("arrow:N", scale=None), tooltip=tooltip))
        subtitle = [word("board.capped", lang, high=f"{_CLIP[1]:g}", low=f"{_CLIP[0]:g}")]
    title = alt.TitleParams(word("board.title", lang, region=place), subtitle=subtitle)
    return alt.layer(*layers).properties(title=title, width=WIDTH, height=alt.Step(22))


def progress_board(wh: Warehouse, region: str = "440000", lang: str = "zh",
                   as_of: dt.date | None = None) -> Chart:
    """Every target of `region` as a bar of the share of the way achieved, coloured by status."""
    return progress_board_chart(progress(wh, region=region, as_of=as_of), region, lang)
