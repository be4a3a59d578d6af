"""The ASGI application of `tracker serve`: routes, time limits, security headers, errors.

Read-only by construction: every route answers GET (and HEAD) only, no route takes SQL, and
the pages read through one `Warehouse`, whose reads let go of the DuckDB file after a second
idle or at once when a writer announces itself, so a refresh never waits on the server.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
from jinja2 import Environment, PackageLoader
from starlette.applications import Starlette
from starlette.convertors import Convertor, register_url_convertor
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from tracker.errors import CatalogError, NotFoundError, TrackerError, WarehouseMissingError
from tracker.serve import assets, lists, pages, sources
from tracker.serve.render import Site, error_page, render
from tracker.serve.respond import Page
from tracker.warehouse import Warehouse

REQUEST_SECONDS = 20.0
# No remote source anywhere: scripts, styles and images come from this server only. Vega
# compiles its expressions with Function(), hence 'unsafe-eval'; the SVG it draws carries
# style attributes, hence 'unsafe-inline' for styles (never for scripts).
CSP = ("default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
           "Cross-Origin-Opener-Policy": "same-origin",
           "Cross-Origin-Resource-Policy": "same-origin"}
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


class _Fmt(Convertor[str]):
    """An optional `.json` or `.csv` at the end of a path."""

    regex = r"(?:\.json|\.csv)?"

    def convert(self, value: str) -> str:
        return value.lstrip(".")

    def to_string(self, value: str) -> str:
        return f".{value}" if value else ""


class _Key(Convertor[str]):
    """A code or id: letters, digits, `_` and `-` (no dot, so `.json` is left to _Fmt)."""

    regex = r"[A-Za-z0-9_\-]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("fmt", _Fmt())
register_url_convertor("key", _Key())


class _Guard(BaseHTTPMiddleware):
    """Security headers on every answer."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers.update(HEADERS)
        return response


Handler = Callable[[Warehouse, Request], Page]
_log = logging.getLogger("tracker.serve")


def _endpoint(site: Site, handler: Handler) -> Callable[[Request], Any]:
    """An async endpoint running `handler` in a worker thread under the request time limit."""

    async def endpoint(request: Request) -> Response:
        try:
            with anyio.fail_after(site.time_limit):
                # Abandoned on timeout: the answer goes out now, the read finishes alone.
                page = await anyio.to_thread.run_sync(
                    functools.partial(handler, site.warehouse, request),
                    abandon_on_cancel=True)
        except TimeoutError:
            page = error_page(503, "Too slow", f"The page took longer than "
                              f"{site.time_limit:g} s to read; try a narrower one.")
        except WarehouseMissingError as exc:
            page = error_page(503, "No warehouse yet", str(exc), template="missing")
        except (NotFoundError, CatalogError) as exc:
            page = error_page(404, "Not found", str(exc))
        except TrackerError as exc:
            page = error_page(400, "Bad request", str(exc))
        except Exception:  # a bug: the traceback goes to the server's log, not to the page
            _log.exception("%s failed", request.url.path)
            page = error_page(500, "Something broke", "This page could not be read; the "
                              "server's log has the details.")
        return render(site, request, page)

    return endpoint


ROUTES: list[tuple[str, Handler]] = [
    ("/", pages.board),
    ("/progress{fmt:fmt}", pages.board),
    ("/indicators{fmt:fmt}", pages.indicators),
    ("/indicators/{code:key}{fmt:fmt}", pages.indicator),
    ("/indicators/{code:key}/{region:key}{fmt:fmt}", pages.series),
    ("/figures/{obs_id:int}{fmt:fmt}", sources.figure),
    ("/targets/{target_id:key}{fmt:fmt}", sources.target),
    ("/releases{fmt:fmt}", lists.releases),
    ("/releases/{release_id:key}{fmt:fmt}", sources.release),
    ("/runs{fmt:fmt}", lists.runs),
    ("/conflicts{fmt:fmt}", lists.conflicts),
]


def create_app(warehouse: Path | str | None = None, host: str = "127.0.0.1",
               time_limit: float = REQUEST_SECONDS) -> Starlette:
    """The application over the warehouse at `warehouse` (default: the usual one); a page
    that takes longer than `time_limit` seconds is answered 503.

    Only `host` and the loopback names are accepted in the Host header, so a page elsewhere
    cannot read the warehouse through a DNS name rebound to 127.0.0.1.
    """
    env = Environment(loader=PackageLoader("tracker.serve", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    site = Site(Warehouse(warehouse), env, time_limit)
    routes: list[BaseRoute] = [Route(path, _endpoint(site, handler), methods=["GET"])
                               for path, handler in ROUTES]
    routes += [Route("/raw/{release_id:key}", sources.raw_endpoint(site), methods=["GET"]),
               *assets.routes()]
    hosts = ["*"] if host in ("0.0.0.0", "::", "") else [*LOOPBACK, host]

    async def not_found(request: Request, exc: Exception) -> Response:
        return render(site, request, error_page(404, "Not found",
                                                f"Nothing at {request.url.path}."))

    return Starlette(
        routes=routes,
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts),
                    Middleware(_Guard)],
        exception_handlers={404: not_found, 405: _not_allowed},
    )


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return HTMLResponse("<!DOCTYPE html><title>Read-only</title><p>This server only reads: "
                        "GET and HEAD.</p>", status_code=405, headers={"Allow": "GET, HEAD"})
