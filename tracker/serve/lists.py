"""The record pages: releases held, ingest runs, and figures that publishers disagree on."""

from __future__ import annotations

from starlette.requests import Request

from tracker.serve.pages import chart_config
from tracker.serve.render import lang_of
from tracker.serve.respond import Page
from tracker.warehouse import Warehouse

ALL_RUNS = 2**31 - 1


def releases(wh: Warehouse, request: Request) -> Page:
    """Every release with its publisher, date, grade, hash and how many figures it holds."""
    source = request.query_params.get("source_id") or None
    return Page("releases", "Releases", {"source_id": source},
                {"releases": wh.releases(source).sort("date_published", descending=True)})


def runs(wh: Warehouse, request: Request) -> Page:
    """Ingest runs, most recent first, whatever their outcome."""
    source = request.query_params.get("source_id") or None
    # Every run, so that the pages and their total are right: one row per ingest is few.
    return Page("runs", "Ingest runs", {"source_id": source},
                {"runs": wh.runs(source, limit=ALL_RUNS)})


def conflicts(wh: Warehouse, request: Request) -> Page:
    """The same figure published differently by two publishers; side a is the one answered."""
    from tracker.views import conflicts as chart  # altair loads with the first chart

    lang = lang_of(request)
    pairs = wh.conflicts()
    charts = [{"id": "chart-conflicts", "spec": chart(wh, lang=lang).to_dict()}]
    return Page("conflicts", "Conflicts between publishers", {"tolerance": 0.005},
                {"conflicts": pairs}, {"charts": charts, "chart_config": chart_config()})
