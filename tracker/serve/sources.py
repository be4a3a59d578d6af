"""From a number to its source: a figure's provenance, a target's, a release and its bytes."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import anyio
import polars as pl
from starlette.requests import Request
from starlette.responses import Response

from tracker.errors import NotFoundError, TrackerError
from tracker.progress import progress
from tracker.serve.document import Document, raw_bytes, show
from tracker.serve.respond import Page
from tracker.warehouse import Warehouse

if TYPE_CHECKING:
    from tracker.serve.render import Site


def figure(wh: Warehouse, request: Request) -> Page:
    """One observation: its release, its hash, the raw document with the quote marked, and
    every vintage of the same figure from every publisher."""
    obs_id = int(request.path_params["obs_id"])
    prov = wh.provenance(obs_id)
    mark = str(obs_id)
    start, end = prov["quote_start"], prov["quote_end"]
    quotes = [(start, end, mark)] if start is not None and end is not None else []
    doc = show(raw_bytes(wh, prov["raw_path"]), prov["media_type"], prov["locator"], quotes,
               mark)
    same = wh.vintages(prov["indicator"], region=prov["region"], measure=prov["measure"],
                       cluster=prov["cluster"]).filter(
        pl.col("cluster").fill_null("") == (prov["cluster"] or ""),
        pl.col("period_start") == prov["period_start"],
        pl.col("period_end") == prov["period_end"])
    answer = wh.series(prov["indicator"], region=prov["region"], measure=prov["measure"],
                       cluster=prov["cluster"]).filter(
        pl.col("cluster").fill_null("") == (prov["cluster"] or ""),
        pl.col("period_start") == prov["period_start"],
        pl.col("period_end") == prov["period_end"])
    answers = answer["obs_id"][0] if answer.height else None
    fields = {**prov, "answers_now": answers, **_document_fields(doc, mark)}
    title = f"Figure {obs_id}: {prov['publisher']}, {prov['title']}"
    return Page("figure", title, fields, {"vintages": same}, {"doc": doc, "mark": mark})


def _document_fields(doc: Document, mark: str | None) -> dict[str, Any]:
    """What a program needs to find the figure in the raw bytes itself."""
    marked = next((s.text for s in doc.segments if s.mark == mark), None)
    fields: dict[str, Any] = {"document_kind": doc.kind, "document_encoding": doc.encoding,
                              "document_note": doc.note, "marked_text": marked}
    if doc.kind == "table" and doc.mark_row is not None:
        fields["marked_row"] = dict(zip(doc.header, doc.body[doc.mark_row], strict=False))
    return fields


def target(wh: Warehouse, request: Request) -> Page:
    """One target: its plan, its phrase, and the release's document with its row marked."""
    target_id = request.path_params["target_id"]
    found = wh.targets().filter(pl.col("target_id") == target_id)
    if found.is_empty():
        raise NotFoundError("target", target_id)
    row = found.row(0, named=True)
    rel = wh.release(row["release_id"])
    doc = show(raw_bytes(wh, rel["raw_path"]), rel["media_type"], row["locator"], [])
    assessed = progress(wh, region=row["region"]).filter(pl.col("target_id") == target_id)
    fields = {**row, "release": rel, **_document_fields(doc, "locator")}
    return Page("target", f"Target {target_id}: {row['plan_title']}", fields,
                {"target": found, "progress": assessed},
                {"doc": doc, "assessed": assessed.row(0, named=True) if assessed.height else None})


def release(wh: Warehouse, request: Request) -> Page:
    """One release: its description, events, the figures read from it and its document with
    every quote marked."""
    release_id = request.path_params["release_id"]
    rel = wh.release(release_id)
    figures = wh.release_figures(release_id)
    quotes = [(s, e, str(o)) for o, s, e in figures.select("obs_id", "quote_start", "quote_end")
              .iter_rows() if s is not None and e is not None]
    doc = show(raw_bytes(wh, rel["raw_path"]), rel["media_type"], None, quotes)
    return Page("release", f"Release {release_id}: {rel['title']}", rel,
                {"figures": figures, "events": wh.events(release_id)}, {"doc": doc})


def raw_endpoint(site: Site) -> Callable[[Request], Awaitable[Response]]:
    """GET /raw/RELEASE_ID: the stored bytes as a download, never rendered by the browser."""

    async def raw(request: Request) -> Response:
        release_id = request.path_params["release_id"]
        try:
            rel = await anyio.to_thread.run_sync(site.warehouse.release, release_id)
        except TrackerError as exc:
            return Response(str(exc), status_code=404, media_type="text/plain; charset=utf-8")
        data = raw_bytes(site.warehouse, rel["raw_path"])
        if data is None:
            return Response("the raw payload is not in this warehouse's raw folder",
                            status_code=404, media_type="text/plain; charset=utf-8")
        suffix = re.sub(r"[^a-z0-9]", "", (rel["media_type"] or "").lower()) or "bin"
        name = f"{rel['sha256']}.{suffix}"
        return Response(data, media_type="application/octet-stream",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    return raw
