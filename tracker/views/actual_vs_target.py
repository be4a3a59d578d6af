"""One series against its targets: the actuals, each target, the path it required, the pace now."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import altair as alt
import polars as pl

from tracker.catalog import catalog, scale_for
from tracker.labels import STATUS_LABELS, check_lang, series_name, target_text, word
from tracker.progress import assess
from tracker.progress_notes import note_of
from tracker.progress_rules import span_of
from tracker.progress_table import share_text
from tracker.views.keys import SeriesKey, series_key
from tracker.views.style import (
    TOOLTIP_TITLES,
    WIDTH,
    Chart,
    break_rules,
    break_subtitle,
    break_years,
    empty_chart,
    figure_kind_scale,
    figure_points,
    figure_tooltip,
    legend,
    segments,
    status_scale,
    value_scale,
    year_axis,
)

if TYPE_CHECKING:
    from tracker.warehouse import Warehouse

_PATHS = ("required", "projected", "average")


def _path_names(lang: str) -> dict[str, str]:
    return {p: word(f"avt.{p}", lang) for p in _PATHS}


def _on_chart(key: SeriesKey) -> pl.Expr:
    """The targets a chart of `key` draws: its own measure's, and on a chart of levels the
    growth targets (measured on those levels or not: `on_levels` decides after assessing)."""
    return ((pl.col("indicator") == key.indicator) & (pl.col("region") == key.region)
            & (pl.col("cluster").fill_null("") == (key.cluster or ""))
            & ((pl.col("measure") == key.measure)
               | ((key.measure == "level") & (pl.col("kind") == "avg_growth"))))


def on_levels(key: SeriesKey) -> pl.Expr:
    """Among assessed targets, those a chart of `key` draws: on a chart of levels, a growth
    target belongs only when it was measured on the levels."""
    return _on_chart(key) & ((pl.col("measure") == key.measure)
                             | ((key.measure == "level")
                                & (pl.col("rate_kind") == "cagr_of_levels")))


def actual_vs_target_data(wh: Warehouse, indicator: str, region: str = "440000",
                          measure: str = "level", cluster: str | None = None,
                          as_of: dt.date | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The series to draw and the assessed targets on it (read from the warehouse)."""
    key = series_key(wh, indicator, region, measure, cluster)

    def read(m: str) -> pl.DataFrame:
        return SeriesKey(key.indicator, key.region, m, key.cluster).rows(
            wh.series(key.indicator, region=key.region, measure=m, cluster=key.cluster,
                      as_of=as_of))

    actuals = read(key.measure)
    targets = wh.targets(indicator=key.indicator, region=key.region).filter(_on_chart(key))
    # Growth targets are assessed on rates and levels together, whichever the chart shows.
    support = [read("yoy_pct" if key.measure == "level" else "level")] if targets.height else []
    both = pl.concat([actuals, *support], how="diagonal_relaxed")
    return actuals, assess(targets, both, as_of=as_of).filter(on_levels(key))


def _as_level(row: dict[str, Any], measure: str) -> bool:
    """Whether a target is drawn on the chart's levels: a level target, or a growth target
    measured by the growth of those levels (its path compounds from the baseline level)."""
    return row["kind"] == "level_by" or (row["rate_kind"] == "cagr_of_levels"
                                         and row["measure"] != measure)


def _goal(row: dict[str, Any], measure: str) -> float | None:
    """Where the target's marker goes: its value, or the level its growth rate implies."""
    if row["kind"] == "level_by" or not _as_level(row, measure):
        return row["target_value"]
    if row["baseline_value"] is None:
        return None
    years = row["target_year"] - row["baseline_year"]
    return row["baseline_value"] * (1 + row["target_value"] / 100) ** years


def _path(row: dict[str, Any], kind: str, factor: float) -> list[dict[str, Any]]:
    end, pct = row["target_year"], row["rate_kind"] == "pp_per_year"
    if kind == "required":
        start, base, rate = row["baseline_year"], row["baseline_value"], row["required_rate"]
    else:
        start, base, rate = row["latest_year"], row["latest_value"], row["observed_rate"]
    if start is None or rate is None or end <= start:
        return []
    return [{"target_id": row["target_id"], "path": kind, "year": y,
             "value_shown": (base + rate * (y - start) if pct
                             else base * (1 + rate / 100) ** (y - start)) / factor}
            for y in range(start, end + 1)]


def _lines(progress: pl.DataFrame, factor: float, lang: str, measure: str) -> pl.DataFrame:
    rows: list[dict[str, Any]] = []
    for r in progress.iter_rows(named=True):
        if _as_level(r, measure):
            rows += _path(r, "required", factor) + _path(r, "projected", factor)
        elif r["rate_kind"] == "avg_growth" and r["latest_year"] is not None:
            rows += [{"target_id": r["target_id"], "path": "average", "year": y,
                      "value_shown": r["observed_rate"]}
                     for y in (r["period_start"].year, r["latest_year"])]
    frame = pl.DataFrame(rows, schema={"target_id": pl.Utf8, "path": pl.Utf8, "year": pl.Int64,
                                       "value_shown": pl.Float64})
    return frame.with_columns(pl.col("path").replace_strict(_path_names(lang)))


def _target_points(progress: pl.DataFrame, factor: float, lang: str,
                   measure: str) -> pl.DataFrame:
    labels = STATUS_LABELS[lang]
    return pl.DataFrame([{
        "target_id": r["target_id"], "rule": not _as_level(r, measure), "year": r["target_year"],
        "start_year": r["period_start"].year, "value_shown": goal / factor,
        "status": labels[r["status"]], "target": target_text(r, lang),
        "plan": r["plan_title"], "publisher": r["publisher"], "date": str(r["issued"]),
        "phrase": r["phrase"] or "", "note": note_of(r, lang), "share": share_text(r, lang),
        "ratio": f"{r['ratio']:.2f}" if r["ratio"] is not None else "—",
    } for r in progress.iter_rows(named=True)
        if (goal := _goal(r, measure)) is not None], infer_schema_length=None)


def actual_vs_target_chart(actuals: pl.DataFrame, progress: pl.DataFrame, indicator: str,
                           measure: str = "level", cluster: str | None = None,
                           lang: str = "zh") -> Chart:
    """Pure chart building from `actual_vs_target_data`'s two frames."""
    check_lang(lang)
    name = series_name(indicator, cluster, measure, lang)
    # One figure a period, the latest published, as Warehouse.series gives it.
    annual = actuals.filter(
        [span_of(s, e) == "year" for s, e in
         zip(actuals["period_start"], actuals["period_end"], strict=True)]
    ).sort("date_published").unique(["period_start", "period_end"], keep="last")
    if annual.is_empty() and progress.is_empty():
        return empty_chart(f"{name}: {STATUS_LABELS[lang]['no_data']}")
    unit = catalog().base_unit(indicator, measure)
    factor, unit_label = scale_for(unit, [*annual["value"], *progress["target_value"]], lang)
    t = TOOLTIP_TITLES[lang]
    points = segments(figure_points(annual, factor, lang))
    marks = _target_points(progress, factor, lang, measure)
    lines = _lines(progress, factor, lang, measure)
    # Whole years only: over a short span the axis would otherwise tick (and print) half years.
    x = year_axis([*points["year"], *lines["year"], *progress["target_year"],
                   *(d.year for d in progress["period_start"])])
    # The unit alone: the title names the series (a long name would outgrow the axis).
    y = alt.Y("value_shown:Q", title=unit_label,
              scale=value_scale([*points["value_shown"], *marks.get_column(
                  "value_shown", default=pl.Series([], dtype=pl.Float64)),
                  *lines["value_shown"]]))
    base = alt.Chart(points)
    # No line joins a figure of the old method to one of the new (`segment` splits at breaks).
    layers: list[Any] = [
        *break_rules(points, lang, x),
        base.mark_line(color="#4c78a8").encode(x=x, y=y, detail="segment:N"),
        base.mark_point(size=80, color="#4c78a8", filled=False, strokeWidth=2,
                        opacity=1).encode(
            x=x, y=y, tooltip=figure_tooltip(lang),
            shape=alt.Shape("kind:N", title=None,
                            scale=figure_kind_scale(lang),
                            legend=legend(points["kind"].unique().sort().to_list())),
            fill=alt.condition("datum.estimate", alt.value("white"), alt.value("#4c78a8"))),
    ]
    if lines.height:
        layers.append(alt.Chart(lines).mark_line(strokeWidth=1.5).encode(
            x=x, y=y, detail="target_id:N",
            color=alt.Color("path:N", title=None,
                            legend=legend(lines["path"].unique().to_list()),
                            scale=alt.Scale(domain=list(_path_names(lang).values()),
                                            range=["#999999", "#7b4fa0", "#f58518"])),
            strokeDash=alt.StrokeDash("path:N", legend=None,
                                      scale=alt.Scale(domain=list(_path_names(lang).values()),
                                                      range=[[6, 3], [2, 2], [1, 0]]))))
    if marks.height:
        tooltip = [alt.Tooltip(f"{k}:N", title=t[k]) for k in
                   ("target", "status", "share", "ratio", "plan", "publisher", "date", "phrase",
                    "note")]
        target_base = alt.Chart(marks)
        layers += [
            target_base.transform_filter("datum.rule").mark_rule(
                strokeWidth=3, opacity=0.6).encode(
                x=alt.X("start_year:Q"), x2="year:Q", y=y,
                color=alt.Color("status:N", scale=status_scale(lang), legend=None)),
            target_base.mark_point(shape="diamond", size=220, filled=True, opacity=0.9).encode(
                x=x, y=y, tooltip=tooltip,
                color=alt.Color("status:N", title=t["status"], scale=status_scale(lang),
                                legend=legend(marks["status"].unique().to_list()))),
        ]
    # What the chart cannot show by itself: a break in the series, a target judged on one point.
    said = [word("avt.single", lang, target=target_text(r, lang), note=note_of(r, lang))
            for r in progress.filter(pl.col("single_point")).iter_rows(named=True)]
    subtitle = break_subtitle(break_years(points), lang) + said
    # A chart titled "actual against target" draws a target; one without says so instead.
    heading = word("avt.title" if marks.height else "avt.title_actuals", lang, name=name)
    title = alt.TitleParams(heading, subtitle=subtitle or alt.Undefined)
    return alt.layer(*layers).resolve_scale(color="independent").properties(
        title=title, width=WIDTH, height=300)


def actual_vs_target(wh: Warehouse, indicator: str, region: str = "440000",
                     measure: str = "level", cluster: str | None = None, lang: str = "zh",
                     as_of: dt.date | None = None) -> Chart:
    """The actuals of one series, its targets, the path each required and where the pace leads.

    `indicator` and the other codes may be names (GDP, 深圳); a per-cluster series is found
    without `cluster` when it is held for one cluster (tracker/views/keys.py)."""
    key = series_key(wh, indicator, region, measure, cluster)
    actuals, progress = actual_vs_target_data(wh, key.indicator, key.region, key.measure,
                                              key.cluster, as_of)
    return actual_vs_target_chart(actuals, progress, key.indicator, key.measure, key.cluster,
                                  lang)
