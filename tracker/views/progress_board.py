"""Every target of a region at a glance: how much of the way is done, coloured by status."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import altair as alt
import polars as pl

from tracker.catalog import catalog, display
from tracker.labels import STATUS_LABELS, check_lang, series_name, status_mark, target_text
from tracker.progress import STATUSES, progress
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

# Shares beyond these are drawn at the edge (the tooltip keeps the real figure) so that one
# target achieved twice over does not squash the others.
_CLIP = (-50.0, 150.0)
_TITLE = {"zh": "{region}：目标完成进度", "en": "{region}: progress towards the targets"}
_AXIS = {"zh": "完成进度（%，100 = 达到目标）", "en": "share of the way to the target (%)"}


def _shown(share: float | None, status: str) -> float:
    if share is None:
        # Met on a single figure (no baseline to measure the way from): the whole way is done.
        return 100.0 if status == "achieved" else 0.0
    return min(max(100 * share, _CLIP[0]), _CLIP[1])


def _rows(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    labels = STATUS_LABELS[lang]
    rows = []
    for r in frame.iter_rows(named=True):
        share = r["share_achieved"]
        latest = "—"
        if r["latest_value"] is not None:
            mark = status_mark(r["latest_status"], r["ytd"], lang)
            latest = (f"{r['latest_year']}: {display(r['latest_value'], r['latest_unit'], lang)}"
                      + (f" ({mark})" if mark else ""))
        flags = [("征求意见稿" if lang == "zh" else "draft")] if r["draft"] else []
        if r["superseded_by"]:
            flags.append("已被替代" if lang == "zh" else "superseded")
        rows.append({
            "label": f"{series_name(r['indicator'], r['cluster'], r['measure'], lang)} · "
                     f"{target_text(r, lang)}" + (f" [{', '.join(flags)}]" if flags else ""),
            "order": STATUSES.index(r["status"]),
            "shown": _shown(share, r["status"]),
            "status": labels[r["status"]],
            "share": f"{share:.0%}" if share is not None else "—",
            "ratio": f"{r['ratio']:.2f}" if r["ratio"] is not None else "—",
            "latest": latest, "publisher": r["latest_publisher"] or "",
            "title": r["latest_title"] or "", "date": str(r["latest_date_published"] or ""),
            "phrase": r["latest_quote"] or "", "plan": r["plan_title"], "note": r["note"] or "",
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
    x = alt.X("shown:Q", title=_AXIS[lang], scale=alt.Scale(domain=list(_CLIP)))
    tooltip = [alt.Tooltip(f"{k}:N", title=t[k]) for k in
               ("target", "status", "share", "ratio", "latest", "publisher", "title", "date",
                "phrase", "plan", "note")]
    base = alt.Chart(rows)
    bars = base.mark_bar(height=14).encode(
        x=x, y=y, tooltip=tooltip,
        color=alt.Color("status:N", title=t["status"], scale=status_scale(lang),
                        legend=legend(order["status"].unique(maintain_order=True).to_list())))
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(
        x=alt.X("shown:Q", scale=alt.Scale(domain=list(_CLIP))), y=y, text="status:N",
        tooltip=tooltip)
    goal = alt.Chart(pl.DataFrame({"x": [100.0]})).mark_rule(
        color="#333", strokeDash=[4, 3]).encode(x="x:Q")
    return alt.layer(bars, labels, goal).properties(
        title=_TITLE[lang].format(region=place), width=WIDTH, height=alt.Step(22))


def progress_board(wh: Warehouse, region: str = "440000", lang: str = "zh",
                   as_of: dt.date | None = None) -> Chart:
    """Every target of `region` as a bar of the share of the way achieved, coloured by status."""
    return progress_board_chart(progress(wh, region=region, as_of=as_of), region, lang)
