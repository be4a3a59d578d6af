"""What the views share: status colours, axes, point fields and tooltips, the font."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

import altair as alt
import polars as pl

from tracker.labels import FIGURE_KINDS, QUALIFIERS, STATUS_LABELS, TOOLTIP_TITLES, word
from tracker.progress import STATUSES
from tracker.progress_rules import BREAK

# altair types `.properties()` on layers as LayerChart | FacetChart, hence the third member.
Chart = alt.Chart | alt.LayerChart | alt.FacetChart
"""What a view returns: a chart, or layers of one."""

# Noto Sans CJK is Debian's fonts-noto-cjk; browsers fall back to any CJK font they have.
FONT = "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
WIDTH = 560

BREAK_SHAPE = "triangle-down"
"""The shape of a figure marking a break in the series, in every chart."""

STATUS_COLORS = {"achieved": "#1a9850", "on_track": "#66bd63", "needs_acceleration": "#fdae61",
                 "moving_away": "#a50026", "missed": "#d73027",
                 "off_track": "#f46d43", "no_data": "#bdbdbd"}

def year_axis(years: Iterable[int], title: str | None = None) -> alt.X:
    """`year:Q` with one tick per calendar year, each labelled once (2023, never 2,023 or
    2023 2024 2024 2025 from half-year ticks); a single year gets room on both sides."""
    held = sorted(set(years))
    first, last = (held[0], held[-1]) if held else (2025, 2025)
    if first == last:  # a year alone, between its neighbours: an axis of one label says little
        first, last = first - 1, last + 1
    return alt.X("year:Q", title=title,
                 axis=alt.Axis(format="d", values=list(range(first, last + 1))),
                 scale=alt.Scale(zero=False, nice=False, padding=14, domain=[first, last]))


# Tick steps a date axis chooses from: the first that gives at most _TICKS ticks.
_TICKS = 8
_DATE_STEPS = (("day", 1, "%Y-%m-%d"), ("week", 1, "%Y-%m-%d"), ("month", 1, "%Y-%m"),
               ("month", 3, "%Y-%m"), ("month", 6, "%Y-%m"), ("year", 1, "%Y"))
_DAYS = {"day": 1, "week": 7, "month": 30.44, "year": 365.25}


def date_padding(dates: Iterable[str]) -> dt.timedelta:
    """The room a date axis leaves on either side of its dates (4% of the span, 2 days at
    least), so that the first and last points do not sit on its edges."""
    days = [dt.date.fromisoformat(d) for d in dates]
    span = (max(days) - min(days)).days if days else 0
    return dt.timedelta(days=max(span * 0.04, 2))


def date_axis(dates: Iterable[str], title: str) -> alt.X:
    """`date:T` (ISO dates, read and labelled in UTC so no zone moves a day) with ticks at
    whole days, months or years, as many as fit, so that no two ticks print the same label."""
    dates_iso = list(dates)
    days = sorted(dt.date.fromisoformat(d) for d in dates_iso)
    first, last = (days[0], days[-1]) if days else (dt.date(2025, 1, 1),) * 2
    span = max((last - first).days, 1)
    interval, step, fmt = next(
        ((i, n, f) for i, n, f in _DATE_STEPS if span / (_DAYS[i] * n) <= _TICKS),
        ("year", max(1, math.ceil(span / 365.25 / _TICKS)), "%Y"))
    domain = [(first - date_padding(dates_iso)).isoformat(),
              (last + date_padding(dates_iso)).isoformat()]
    return alt.X("date:T", title=title,
                 scale=alt.Scale(type="utc", domain=domain),
                 axis=alt.Axis(format=fmt, labelOverlap=True,
                               tickCount={"interval": interval, "step": step}))


def value_scale(values: Iterable[float | None]) -> alt.Scale:
    """A value axis fitted to the data; from zero when there is only one value to show, so a
    single point is not alone on an axis with one tick."""
    distinct = {round(v, 9) for v in values if v is not None}
    if len(distinct) < 2:
        return alt.Scale(zero=True, nice=True)  # no padding: it would tick below zero
    return alt.Scale(zero=False, padding=14)


def status_scale(lang: str) -> alt.Scale:
    """Colour by status label, in the order of `tracker.progress.STATUSES`."""
    return alt.Scale(domain=[STATUS_LABELS[lang][s] for s in STATUSES],
                     range=[STATUS_COLORS[s] for s in STATUSES])


# One shape per kind of figure (published, provisional, estimate, forecast, break), none of them
# the diamond that marks a target.
_KIND_SHAPES = ("circle", "square", "triangle-up", "cross", BREAK_SHAPE)


def figure_kind_scale(lang: str) -> alt.Scale:
    """The shapes of the figure kinds, in legend order."""
    return alt.Scale(domain=list(FIGURE_KINDS[lang].values()), range=list(_KIND_SHAPES))


def period_label(start: Any, end: Any, lang: str) -> str:
    """2024, 2024年1-8月 / 2024 Jan-Aug, 2024-12-31 for a stock at a date."""
    if start == end:
        return str(end)
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        return f"{end.year}"
    if lang == "zh":
        return word("period.months", lang, year=end.year, first=start.month, last=end.month)
    return word("period.months", lang, year=end.year, first=f"{start:%b}", last=f"{end:%b}")


def as_published(value: float | None, unit: str | None, qualifier: str | None, lang: str) -> str:
    """The figure the way its publisher wrote it: 约7.4万家, over 4 万亿元."""
    if value is None:
        return ""
    return f"{QUALIFIERS[lang].get(qualifier or '', '')}{value:g}{unit or ''}"


def figure_points(frame: pl.DataFrame, factor: float, lang: str) -> pl.DataFrame:
    """Series rows with the fields every point carries: scaled value, kind, tooltip texts."""
    kinds = FIGURE_KINDS[lang]
    rows = []
    for r in frame.iter_rows(named=True):
        rows.append({
            "year": r["period_end"].year, "period": period_label(r["period_start"],
                                                                 r["period_end"], lang),
            "value_shown": r["value"] / factor,
            "estimate": r["status"] in ("E", "F"),
            "break": r["status"] == BREAK,
            "kind": kinds.get(r["status"], r["status"]),
            "as_published": as_published(r["value_as_published"], r["unit_as_published"],
                                         r["qualifier"], lang),
            "publisher": r["publisher"], "title": r["title"],
            "date": str(r["date_published"]), "phrase": r["quote"] or "",
            "obs_id": r["obs_id"],
        })
    return pl.DataFrame(rows, schema={
        "year": pl.Int64, "period": pl.Utf8, "value_shown": pl.Float64, "estimate": pl.Boolean,
        "break": pl.Boolean,
        "kind": pl.Utf8, "as_published": pl.Utf8, "publisher": pl.Utf8, "title": pl.Utf8,
        "date": pl.Utf8, "phrase": pl.Utf8, "obs_id": pl.Int64,
    })


def figure_tooltip(lang: str) -> list[alt.Tooltip]:
    """The tooltip of an actual: value as published, publisher, title, date, phrase."""
    t = TOOLTIP_TITLES[lang]
    return [alt.Tooltip("period:N", title=t["period"]),
            alt.Tooltip("as_published:N", title=t["as_published"]),
            alt.Tooltip("kind:N", title=t["kind"]),
            alt.Tooltip("publisher:N", title=t["publisher"]),
            alt.Tooltip("title:N", title=t["title"]),
            alt.Tooltip("date:N", title=t["date"]),
            alt.Tooltip("phrase:N", title=t["phrase"])]


def segments(points: pl.DataFrame) -> pl.DataFrame:
    """Points by year with `segment`: the stretch between breaks in the series each belongs to.

    A new stretch starts at a figure marking a break (status B) that follows one that does not.
    """
    ordered = points.sort("year")
    starts = ordered["break"] & ~ordered["break"].shift(1, fill_value=False)
    return ordered.with_columns(segment=starts.cum_sum().cast(pl.Int64))


def break_years(points: pl.DataFrame) -> list[int]:
    """The years at which `segments(points)` starts a new stretch."""
    first = points.group_by("segment").agg(pl.col("year").min()).filter(pl.col("segment") > 0)
    return sorted(first["year"].to_list())


def break_text(year: int, lang: str) -> str:
    """What a break in the series means to a reader, for a chart's subtitle or rule label."""
    return word("break.text", lang, year=year)


def break_rules(points: pl.DataFrame, lang: str, x: alt.X) -> list[alt.Chart]:
    """A dashed rule between the last year of the old method and the first of the new.

    `points` come from `segments`; the layers share the chart's `year` axis `x` (drawn half a
    year early).
    The label is short, to fit beside the rule above the series; `break_subtitle` says the rest.
    """
    years = break_years(points)
    if not years:
        return []
    marks = pl.DataFrame({"year": [y - 0.5 for y in years],
                          "label": [word("break.label", lang)] * len(years),
                          "explained": [break_text(y, lang) for y in years]})
    base = alt.Chart(marks)
    tip = [alt.Tooltip("explained:N", title=word("break.label", lang))]
    return [base.mark_rule(color="#7b3294", strokeDash=[5, 3], strokeWidth=1.5).encode(
                x=x, tooltip=tip),
            base.mark_text(align="left", baseline="top", dx=4, dy=4, fontSize=11,
                           color="#7b3294").encode(x=x, y=alt.value(0), text="label:N",
                                                   tooltip=tip)]


def break_subtitle(years: list[int], lang: str) -> list[str]:
    """The subtitle lines that explain the breaks drawn as `BREAK_SHAPE` (none without)."""
    return [f"▼ {break_text(y, lang)}" for y in years]


def legend(values: list[str], title: str | None = None) -> alt.Legend | None:
    """A legend listing only `values` (those drawn), or none when nothing is drawn."""
    return alt.Legend(values=values, title=title) if values else None


def empty_chart(message: str) -> alt.Chart:
    """A chart that says there is nothing to draw, rather than an empty frame."""
    return alt.Chart(pl.DataFrame({"message": [message]})).mark_text(
        size=14, color="#666").encode(text="message:N").properties(width=WIDTH, height=60)
