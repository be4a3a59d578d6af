"""The files pages load from this server: the stylesheet, the chart script and Vega itself.

Vega, Vega-Lite and vega-embed come from vl-convert's bundle (the one the offline report
inlines), so charts draw with no network and no CDN.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tracker.views.style import STATUS_COLORS

# Versioned by the package, so a browser may keep them for a day.
_CACHE = {"Cache-Control": "public, max-age=86400"}


@cache
def _static(name: str) -> str:
    return resources.files("tracker.serve").joinpath("static", name).read_text(encoding="utf-8")


@cache
def _status_css() -> str:
    # One class per status, so that no page needs a style attribute.
    return "".join(f".status-{status} {{ background: {color}; }}\n"
                   for status, color in STATUS_COLORS.items())


@cache
def _vega() -> str:
    from tracker.report import vega_bundle  # vl-convert loads only when a chart is first drawn

    return vega_bundle()


async def _style(request: Request) -> Response:
    return Response(_static("style.css") + _status_css(), media_type="text/css", headers=_CACHE)


async def _script(request: Request) -> Response:
    name = request.url.path.rsplit("/", 1)[1]
    return Response(_static(name), media_type="text/javascript", headers=_CACHE)


async def _vega_js(request: Request) -> Response:
    return Response(_vega(), media_type="text/javascript", headers=_CACHE)


def routes() -> list[Route]:
    """The static routes, under /static/."""
    return [Route("/static/style.css", _style, methods=["GET"]),
            Route("/static/charts.js", _script, methods=["GET"]),
            Route("/static/document.js", _script, methods=["GET"]),
            Route("/static/vega.js", _vega_js, methods=["GET"])]
