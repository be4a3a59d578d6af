"""One page, three answers: HTML for people, JSON for programs, CSV for spreadsheets.

A handler returns a `Page` (its template, its scalar fields, its tables as polars frames); the
answer's format comes from the path's suffix (`.json`, `.csv`) or the Accept header. JSON keeps
the Python API's field names; ids and integers beyond 2**53 travel as strings so that
JavaScript does not round them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tracker.errors import TrackerError

MAX_PER_PAGE = 1000
DEFAULT_PER_PAGE = 100
_SAFE_INT = 2**53 - 1


@dataclass
class Page:
    """What a handler found: the template to show it with, its fields and its tables."""

    template: str
    title: str
    fields: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    # Only for the HTML: chart specs, pre-rendered documents and the like.
    context: dict[str, Any] = field(default_factory=dict)
    status_code: int = 200


@dataclass(frozen=True)
class Paging:
    """`?page=` (from 1) and `?per_page=` (at most MAX_PER_PAGE)."""

    page: int
    per_page: int

    @classmethod
    def of(cls, request: Request) -> Paging:
        """The paging a request asks for; a TrackerError for what is not a positive number."""
        return cls(_positive(request, "page", 1),
                   min(_positive(request, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE))

    def slice(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The rows of this page."""
        return frame.slice((self.page - 1) * self.per_page, self.per_page)

    def pages(self, frame: pl.DataFrame) -> int:
        """How many pages the frame fills (at least one)."""
        return max(1, math.ceil(frame.height / self.per_page))


def _positive(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise TrackerError(f"?{name}= must be a whole number from 1, got {raw!r}")
    return int(raw)


def wanted_format(request: Request) -> str:
    """html, json or csv: the path's suffix first, then the Accept header."""
    suffix = request.path_params.get("fmt") or ""
    if suffix in ("json", "csv"):
        return str(suffix)
    accept = request.headers.get("accept", "")
    if "application/json" in accept and "text/html" not in accept:
        return "json"
    return "html"


def _is_id(column: str) -> bool:
    return column == "series_id" or "obs_id" in column


def plain(value: Any, column: str = "") -> Any:
    """A value JSON can carry: dates as ISO 8601, big integers and ids as strings, NaN as null."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return str(value) if _is_id(column) or abs(value) > _SAFE_INT else value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v, k) for k, v in value.items()}
    return value if isinstance(value, str) else str(value)


def rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as JSON-ready dicts."""
    return [{k: plain(v, k) for k, v in row.items()} for row in frame.iter_rows(named=True)]


def json_answer(page: Page, paging: Paging) -> JSONResponse:
    """The page's fields, and each table's rows for the page asked for, with its total."""
    body: dict[str, Any] = {"title": page.title, **plain(page.fields),
                            "page": paging.page, "per_page": paging.per_page}
    body["tables"] = {
        name: {"total": frame.height, "pages": paging.pages(frame),
               "rows": rows(paging.slice(frame))}
        for name, frame in page.tables.items()
    }
    return JSONResponse(body, status_code=page.status_code)


def csv_answer(page: Page, request: Request) -> Response:
    """One whole table as CSV (`?table=NAME`, default the page's first), lists joined by `|`."""
    if not page.tables:
        raise TrackerError("this page has no table to download as CSV")
    name = request.query_params.get("table") or next(iter(page.tables))
    if name not in page.tables:
        raise TrackerError(f"?table= must be one of {', '.join(page.tables)}, got {name!r}")
    frame = page.tables[name]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(frame.columns)
    for row in frame.iter_rows():
        writer.writerow(_cell(v) for v in row)
    filename = f"{page.template}-{name}.csv"
    return Response(out.getvalue(), status_code=page.status_code, media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        value = "|".join(map(str, value))
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in _FORMULA:
        # A source's text opened in a spreadsheet must not run as a formula (OWASP CSV
        # injection): a leading apostrophe makes it text.
        return "'" + value
    return "" if value is None else value


_FORMULA = ("=", "+", "-", "@", "\t", "\r")
