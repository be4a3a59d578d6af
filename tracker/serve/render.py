"""A Page to an answer: the template with its helpers for HTML, or JSON, or CSV."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from tracker.catalog import catalog, display
from tracker.errors import TrackerError
from tracker.labels import LANGS, STATUS_LABELS, series_name
from tracker.serve.respond import Page, Paging, csv_answer, json_answer, rows, wanted_format
from tracker.views.style import as_published, period_label
from tracker.warehouse import Warehouse

_SUFFIX = re.compile(r"\.(json|csv)$")
NAV = (("/", "Progress"), ("/indicators", "Indicators"), ("/releases", "Releases"),
       ("/runs", "Runs"), ("/conflicts", "Conflicts"))


@dataclass
class Site:
    """What every request shares: the warehouse handle and the template environment."""

    warehouse: Warehouse
    env: Environment
    time_limit: float = 20.0


def error_page(status: int, title: str, message: str, template: str = "error") -> Page:
    """A page that says what went wrong and what to do."""
    return Page(template, title, {"error": title, "message": message}, status_code=status)


def lang_of(request: Request) -> str:
    """`?lang=zh` (the default, as in the report) or `?lang=en`, for data labels and charts."""
    lang = request.query_params.get("lang", "zh")
    if lang not in LANGS:
        raise TrackerError(f"?lang= must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang


def render(site: Site, request: Request, page: Page) -> Response:
    """The page in the format asked for; a bad ?page= or ?lang= is itself a page."""
    try:
        paging = Paging.of(request)
        lang = lang_of(request)
    except TrackerError as exc:
        page, paging, lang = error_page(400, "Bad request", str(exc)), Paging(1, 100), "zh"
    fmt = wanted_format(request)
    if fmt == "json":
        return json_answer(page, paging)
    if fmt == "csv" and page.tables:
        try:
            return csv_answer(page, request)
        except TrackerError as exc:
            page = error_page(400, "Bad request", str(exc))
    path = _SUFFIX.sub("", request.url.path)
    template = site.env.get_template(f"{page.template}.html")
    html = template.render(
        page=page, f=page.fields, ctx=page.context, lang=lang, nav=NAV, path=path,
        warehouse=site.warehouse.name,
        tables={name: rows(paging.slice(frame)) for name, frame in page.tables.items()},
        totals={name: frame.height for name, frame in page.tables.items()},
        paging=paging, pages=max((paging.pages(t) for t in page.tables.values()), default=1),
        link=lambda suffix, **params: _link(request, path, suffix, params),
        value=lambda v, unit: _value(v, unit, lang), period=lambda s, e: _period(s, e, lang),
        published=lambda v, u, q: as_published(v, u, q, lang),
        name=lambda ind, cluster=None, measure="level": _name(ind, cluster, measure, lang),
        region_name=lambda code: _region(code, lang), status_label=STATUS_LABELS[lang],
        cluster_name=lambda code: _cluster(code, lang),
        when=when,
    )
    return HTMLResponse(html, status_code=page.status_code)


def _link(request: Request, path: str, suffix: str, params: dict[str, Any]) -> str:
    """This page with a suffix (".json", ".csv") and the query changed by `params` (None
    drops a parameter)."""
    query = {k: v for k, v in request.query_params.items() if k not in params}
    query.update({k: str(v) for k, v in params.items() if v is not None})
    # The board lives at / and /progress; only the second takes a suffix.
    base = "/progress" if path == "/" and suffix else path
    encoded = urlencode(query)
    return f"{base}{suffix}" + (f"?{encoded}" if encoded else "")


def when(value: Any) -> str:
    """An instant to the minute, in the zone it carries (Beijing for the warehouse's own)."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M %z").replace("+0800", "Beijing")
    text = "" if value is None else str(value)
    found = _INSTANT.match(text)
    if found is None:
        return text
    zone = found["zone"].replace("+08:00", "Beijing").replace("Z", "UTC")
    return f"{found['day']} {found['minute']} {zone}".rstrip()


_INSTANT = re.compile(r"(?P<day>\d{4}-\d\d-\d\d)T(?P<minute>\d\d:\d\d)[\d:.]*(?P<zone>.*)$")


def _value(value: float | None, unit: str | None, lang: str) -> str:
    return "—" if value is None else display(value, unit or "", lang)


def _period(start: Any, end: Any, lang: str) -> str:
    return "" if start is None or end is None else period_label(start, end, lang)


def _name(indicator: str, cluster: str | None, measure: str, lang: str) -> str:
    try:
        return series_name(indicator, cluster, measure or "level", lang)
    except TrackerError:
        return indicator  # an indicator since dropped from the catalog keeps its code


def _cluster(code: str, lang: str) -> str:
    cluster = catalog().clusters.get(code)
    if cluster is None:
        return code
    return cluster.name_zh if lang == "zh" else cluster.name_en


def _region(code: str | None, lang: str) -> str:
    region = catalog().regions.get(code or "")
    if region is None:
        return code or ""
    return region.name_zh if lang == "zh" else region.name_en
