"""The national data portal's JSON: the response envelope, the catalogue, and values -> figures.

The portal answers `{"success": bool, "state": int, "message": str, "data": ...}`. Data points
come as `data[i] = {"code": "202411MM", "values": [{"_id": indicatorId, "value": "4.3",
"du_name": "%", "da": "440000000000"}, ...]}`; a value is a string and "" means the period is
not published yet.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from tracker.periods import portal_period
from tracker.sources.http import Fetched, HttpClient, snippet
from tracker.store.release import FIGURE_SCHEMA

_MISSING = {"", "-", "—", "…", "--"}


class ShapeError(ValueError):
    """A payload that parses but no longer has the shape this reader knows."""


def envelope(client: HttpClient, fetched: Fetched) -> Any:
    """The `data` of a successful envelope; anything else is a FetchError saying what came."""
    url, body = fetched.final_url, fetched.content
    if body.lstrip()[:1] == b"<" or "html" in fetched.content_type:
        raise client.fail(url, f"HTTP {fetched.status} with an HTML page instead of JSON: "
                          f"{snippet(body)!r}", "The portal served an error or login page; "
                          "retry later or check the endpoint path (params.api_path).")
    try:
        parsed = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise client.fail(url, f"{len(body)} bytes that are not valid JSON ({exc}); the body "
                          f"ends with {snippet(body[-80:], 80)!r}",
                          "The answer was cut short or corrupted; the next run retries.") from None
    if not isinstance(parsed, dict) or not {"success", "data"} <= set(parsed):
        keys = sorted(parsed) if isinstance(parsed, dict) else type(parsed).__name__
        raise client.fail(url, f"JSON without the success/data envelope (keys: {keys})",
                          "The API changed shape; update tracker/sources/portal_json.py.")
    if parsed["success"] is not True:
        raise client.fail(url, f"success={parsed['success']!r}, state={parsed.get('state')!r}, "
                          f"message={parsed.get('message')!r}",
                          "The portal refused the query; check the pinned ids in the source file.")
    return parsed["data"]


def nodes(data: Any, what: str) -> dict[str, str]:
    """`_id` -> name of a catalogue answer: a list of tree nodes, or {"list": [indicators]}."""
    items = data.get("list") if isinstance(data, dict) else data
    if not isinstance(items, list) or not all(isinstance(i, dict) and "_id" in i for i in items):
        raise ShapeError(f"{what}: expected a list of objects with '_id', got {str(data)[:120]!r}")
    return {str(i["_id"]): str(i.get("i_showname") or i.get("name") or "") for i in items}


def figures(data: Any, series: list[dict[str, Any]], area: str, region: str) -> pl.DataFrame:
    """One figure per published value of a pinned series for `area`, located by JSON path."""
    if not isinstance(data, list):
        raise ShapeError(f"data: expected a list of periods, got {type(data).__name__}")
    by_id = {str(s["id"]): s for s in series}
    rows: list[dict[str, Any]] = []
    for i, point in enumerate(data):
        if not isinstance(point, dict) or not isinstance(point.get("values"), list):
            raise ShapeError(f"data[{i}]: expected {{'code', 'values': [...]}}, got "
                             f"{str(point)[:120]!r}")
        for j, item in enumerate(point["values"]):
            # Plain strings are positional: one per requested indicator id, in request order.
            positional = series[j]["id"] if j < len(series) else None
            entry = item if isinstance(item, dict) else {"value": item, "_id": positional}
            pinned = by_id.get(str(entry.get("_id")))
            if pinned is None or entry.get("da", area) != area:
                continue
            raw = str(entry.get("value", "")).strip()
            if raw in _MISSING:
                continue
            try:
                value = float(raw.replace(",", ""))
                period = portal_period(str(point.get("code")), bool(pinned.get("cumulative")))
            except ValueError as exc:
                raise ShapeError(f"data[{i}].values[{j}]: {exc}") from None
            rows.append({
                "indicator": pinned["indicator"], "region": region,
                "cluster": pinned.get("cluster"), "measure": pinned.get("measure", "level"),
                "period_start": period.start, "period_end": period.end,
                "value_as_published": value,
                "unit_as_published": pinned.get("unit") or entry.get("du_name"),
                "qualifier": "exact", "status": "A", "locator_kind": "json",
                "locator": f"$.data[{i}].values[{j}]", "quote": None,
                "quote_start": None, "quote_end": None,
            })
    if not rows:  # a renamed field reads as "no value": an empty release would hide it
        raise ShapeError(f"no value of the pinned ids {sorted(by_id)} for area {area} in "
                         f"{len(data)} period(s){_first_keys(data)}")
    return pl.DataFrame(rows, schema=FIGURE_SCHEMA)


def _first_keys(data: list[Any]) -> str:
    """What the first value looks like, so that a renamed field shows in the message."""
    for point in data:
        for item in point.get("values") or []:
            if isinstance(item, dict):
                return f"; a value has the keys {sorted(item)}"
    return ""
