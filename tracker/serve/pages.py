"""The reading pages: the progress board, the indicator catalog, an indicator, one series."""

from __future__ import annotations

from typing import Any

import polars as pl
from starlette.requests import Request

from tracker.catalog import ANY_CLUSTER, catalog
from tracker.errors import NotFoundError
from tracker.labels import target_text
from tracker.progress import progress
from tracker.progress_notes import note_of
from tracker.progress_table import figure_text, share_text, status_flags, tally_text, target_flags
from tracker.serve.render import lang_of
from tracker.serve.respond import Page
from tracker.serve.search import search
from tracker.warehouse import Warehouse


def board(wh: Warehouse, request: Request) -> Page:
    """Every target with its status, baseline and latest actual, and the sources of both."""
    lang = lang_of(request)
    region = request.query_params.get("region", "440000")
    catalog().region(region)
    assessed = progress(wh, region=region)
    shown = [_board_row(r, lang) for r in assessed.iter_rows(named=True)]
    tally = tally_text(assessed, lang) if assessed.height else ""
    context: dict[str, Any] = {"counted": [r for r in shown if r["counted"]],
                               "uncounted": [r for r in shown if not r["counted"]]}
    if assessed.height:
        from tracker.views.progress_board import progress_board_chart

        context["charts"] = [{"id": "chart-board",
                              "spec": progress_board_chart(assessed, region, lang).to_dict()}]
        context["chart_config"] = chart_config()
    return Page("board", "Progress towards the targets", {"region": region, "tally": tally},
                {"progress": assessed}, context)


def _board_row(row: dict[str, Any], lang: str) -> dict[str, Any]:
    """What the board shows of one assessed target, worded by the report's own helpers."""
    return {**row, "target_text": target_text(row, lang),
            "plan_flags": target_flags(row, lang), "status_flags": status_flags(row, lang),
            "baseline_text": figure_text(row, "baseline", lang),
            "latest_text": figure_text(row, "latest", lang),
            "share_text": share_text(row, lang), "note_text": note_of(row, lang)}


def indicators(wh: Warehouse, request: Request) -> Page:
    """The catalog, searchable by code, Chinese or English name or alias, with what is held."""
    query = request.query_params.get("q", "")
    found = search(query, wh.holdings())
    return Page("indicators", "Indicators", {"q": query}, {"indicators": found})


def indicator(wh: Warehouse, request: Request) -> Page:
    """One indicator: its names, the series held (region, measure, cluster) and its targets."""
    code = request.path_params["code"]
    ind = catalog().indicator(code)
    held = wh.holdings().filter(pl.col("indicator") == code)
    fields = {"code": code, "name_zh": ind.name_zh, "name_en": ind.name_en, "unit": ind.unit,
              "kind": ind.kind, "aliases": list(ind.aliases), "notes": ind.notes}
    return Page("indicator", f"{ind.name_zh} · {ind.name_en}", fields,
                {"series": held, "targets": wh.targets(indicator=code)})


def series(wh: Warehouse, request: Request) -> Page:
    """One series of one region: the chart, the figures known now, every vintage, revisions."""
    code, region = request.path_params["code"], request.path_params["region"]
    lang = lang_of(request)
    ind, _ = catalog().indicator(code), catalog().region(region)
    held = wh.holdings().filter(pl.col("indicator") == code, pl.col("region") == region)
    if held.is_empty():
        raise NotFoundError(f"series of {code} in region", region)
    measure = request.query_params.get("measure") or _first(held, "measure", "level")
    mine = held.filter(pl.col("measure") == measure)
    cluster = request.query_params.get("cluster") or None
    if cluster is None and ind.cluster == ANY_CLUSTER:
        cluster = _first(mine, "cluster", None)
    key = {"indicator": code, "region": region, "measure": measure, "cluster": cluster}
    now = _one_cluster(wh.series(code, region=region, measure=measure, cluster=cluster), cluster)
    vintages = _one_cluster(wh.vintages(code, region=region, measure=measure, cluster=cluster),
                            cluster)
    revisions = _one_cluster(wh.revisions(code, region=region, measure=measure,
                                          cluster=cluster), cluster)
    charts = _charts(wh, key, lang, revised=revisions.height > 0)
    choices = held.select("measure", "cluster", "figures").sort("measure", "cluster")
    return Page("series", f"{ind.name_zh} · {ind.name_en}", key,
                {"series": now, "vintages": vintages, "revisions": revisions},
                {"charts": charts, "chart_config": chart_config(), "choices": choices.to_dicts()})


def _first(frame: pl.DataFrame, column: str, default: Any) -> Any:
    values = frame[column].drop_nulls()
    return values[0] if len(values) else default


def _one_cluster(frame: pl.DataFrame, cluster: str | None) -> pl.DataFrame:
    """Only the cluster asked for (a per-cluster read without one answers every cluster)."""
    return frame.filter(pl.col("cluster").fill_null("") == (cluster or ""))


def chart_config() -> dict[str, Any]:
    """The report's chart configuration (its CJK-capable font, its padding)."""
    from tracker.report import chart_config as config  # vl-convert loads with the first chart

    return config()


def _charts(wh: Warehouse, key: dict[str, Any], lang: str,
            revised: bool) -> list[dict[str, Any]]:
    """The report's views of this series as Vega-Lite specs: actual against target, and the
    vintages of each revised period when any was revised."""
    from tracker.views import actual_vs_target, revisions  # altair loads with the first chart

    args = {"region": key["region"], "measure": key["measure"], "cluster": key["cluster"],
            "lang": lang}
    charts = [{"id": "chart-target", "spec": actual_vs_target(wh, key["indicator"],
                                                              **args).to_dict()}]
    if revised:
        charts.append({"id": "chart-revisions",
                       "spec": revisions(wh, key["indicator"], **args).to_dict()})
    return charts
