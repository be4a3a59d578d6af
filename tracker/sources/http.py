"""A polite HTTP client for the ingesters: bounded retries, Retry-After, per-host spacing.

Every response that arrives is returned as a `Fetched` snapshot (the bytes plus the request and
response metadata the warehouse keeps as provenance). Anything unusable becomes a `FetchError`
that names the source, the URL and what arrived, so a failed run explains itself.

`timeout` bounds each attempt as a whole, connection, headers and body together: a socket
timeout alone restarts at every byte, so a server that drips its headers a byte a second would
hold the run (and a scheduler's only worker) for ever. A watchdog shuts the attempt's sockets
when its time is up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import functools
import http.client
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tracker import clock
from tracker.errors import FetchError

USER_AGENT = (
    "tracker/0.1 (Guangdong economic indicator tracker; scheduled fetcher of published "
    "statistics; one request at a time, seconds apart)"
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

# Spacing is per host across every client in the process, so two sources on one site share it.
_host_lock = threading.Lock()
_host_last: dict[str, float] = {}


@dataclass(frozen=True)
class FetchPolicy:
    """How hard and how politely to ask: all durations in seconds (tests use tiny values)."""

    timeout: float = 20.0
    retries: int = 3
    backoff: float = 2.0
    max_wait: float = 60.0
    min_interval: float = 2.0
    max_bytes: int = 50_000_000
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Fetched:
    """One HTTP exchange as it happened: what was asked, what came back, and when."""

    url: str
    final_url: str
    method: str
    request_body: bytes | None
    status: int
    headers: dict[str, str]
    content: bytes
    fetched_at: dt.datetime
    attempts: int = 1

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-cased ('' when the server sent none)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def metadata(self) -> dict[str, Any]:
        """The exchange as JSON-ready provenance (stored in the release's `extra`)."""
        body = self.request_body.decode("utf-8", "replace") if self.request_body else None
        return {
            "url": self.url, "final_url": self.final_url, "method": self.method,
            "request_body": body, "status": self.status, "headers": self.headers,
            "fetched_at": clock.from_stored(self.fetched_at).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "attempts": self.attempts, "bytes": len(self.content),
        }


def snippet(content: bytes, limit: int = 160) -> str:
    """The start of a body, decoded leniently and flattened, for error messages."""
    text = content[:4096].decode("utf-8", "replace")
    if "\ufffd" in text:
        text = content[:4096].decode("gb18030", "replace")
    return " ".join(text.split())[:limit]


@dataclass
class HttpClient:
    """Fetches for one source with the given policy; never retries a 4xx other than 429."""

    source_id: str
    policy: FetchPolicy = field(default_factory=FetchPolicy)

    def get(self, url: str) -> Fetched:
        """GET `url`; the returned snapshot has status 200 (anything else raises FetchError)."""
        return self._exchange("GET", url, None, {})

    def get_if_exists(self, url: str) -> Fetched | None:
        """GET `url`, or None when it answers 404 (the page after the last of a list)."""
        try:
            return self.get(url)
        except Missing:
            return None

    def get_if_changed(self, url: str, held: dict[str, str]) -> Fetched | None:
        """GET `url` again, None when it answers 304 Not Modified to the held copy's validators.

        `held` is the response headers of the copy already held: its ETag and Last-Modified
        are sent back as If-None-Match and If-Modified-Since. A site that sends neither gets a
        plain GET and the caller compares what arrives.
        """
        conditions = {name: held[key] for key, name in (("etag", "If-None-Match"),
                                                        ("last-modified", "If-Modified-Since"))
                      if held.get(key)}
        try:
            return self._exchange("GET", url, None, conditions)
        except _NotModified:
            return None

    def post_json(self, url: str, payload: Any) -> Fetched:
        """POST `payload` as a JSON body; same guarantees as `get`."""
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return self._exchange("POST", url, body, {"Content-Type": "application/json"})

    def fail(self, url: str, got: str, fix: str) -> FetchError:
        """A FetchError for this source (for ingesters that judge a 200 unusable)."""
        return FetchError(self.source_id, url, got, fix)

    def _exchange(
        self, method: str, url: str, body: bytes | None, extra: dict[str, str]
    ) -> Fetched:
        attempt = 0
        while True:
            attempt += 1
            self._space(url)
            try:
                return self._once(method, url, body, extra, attempt)
            except _Retryable as exc:
                if attempt > self.policy.retries:
                    raise self.fail(
                        url, f"{exc.got} (after {attempt} attempts)", exc.fix
                    ) from None
                time.sleep(self._delay(attempt, exc.retry_after))

    def _once(
        self, method: str, url: str, body: bytes | None, extra: dict[str, str], attempt: int
    ) -> Fetched:
        headers = {"User-Agent": self.policy.user_agent, "Accept": "*/*", **extra}
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        started = clock.now()
        watch = _Watch(self.policy.timeout)
        request.watch = watch  # type: ignore[attr-defined]  # for the handlers below
        try:
            with _OPENER.open(request, timeout=self.policy.timeout) as response:
                if watch.expired:  # headers cut off by the watchdog end at the cut, "complete"
                    raise watch.late()
                watch.phase = "body"
                content = self._read(response, url, watch)
                return Fetched(
                    url, response.geturl(), method, body, response.status,
                    {k.lower(): v for k, v in response.headers.items()}, content, started, attempt,
                )
        except urllib.error.HTTPError as exc:
            if watch.expired:
                raise watch.late() from None
            raise self._judge(url, exc) from None
        except TimeoutError as exc:
            raise _Retryable(f"no answer within {self.policy.timeout:g}s ({exc})",
                             "The server is slow or down; the next run retries.") from None
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError, OSError) as exc:
            if watch.expired:
                raise watch.late() from None
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                raise _Retryable(f"no connection within {self.policy.timeout:g}s",
                                 "The server is slow or down; the next run retries.") from None
            raise _Retryable(f"a broken connection ({type(exc).__name__}: {reason})",
                             "Check that the site is reachable; the next run retries.") from None
        finally:
            watch.close()

    def _read(self, response: http.client.HTTPResponse, url: str, watch: _Watch) -> bytes:
        """Read the whole body, bounded in size and by the attempt's deadline."""
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read1(65536):
            chunks.append(chunk)
            size += len(chunk)
            if size > self.policy.max_bytes:
                raise self.fail(url, f"more than {self.policy.max_bytes} bytes",
                                "Raise fetch.max_bytes in the source file if this is expected.")
        if watch.expired:  # the watchdog shut the socket: what arrived is not the whole body
            raise watch.late()
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and size != int(declared):
            raise _Retryable(f"a body cut short ({size} of {declared} bytes)",
                             "The connection dropped mid-answer; the next run retries.")
        return b"".join(chunks)

    def _judge(self, url: str, exc: urllib.error.HTTPError) -> Exception:
        if exc.code == 304:
            return _NotModified()
        content = exc.read() if exc.fp is not None else b""
        what = f"HTTP {exc.code} {exc.reason}: {snippet(content)!r}"
        if exc.code in RETRY_STATUSES:
            return _Retryable(what, "The server is failing or throttling; the next run retries.",
                              _retry_after(exc.headers.get("Retry-After")))
        if exc.code == 403 and b"UrlACL" in content:
            return self.fail(url, f"HTTP 403 from the site's firewall (WAF reason:UrlACL): "
                             f"{snippet(content)!r}",
                             "The endpoint is blocked for this client; check the URL against the "
                             "site (the API may have moved) and do not hammer it.")
        if exc.code in (404, 410):
            return Missing(self.source_id, url, what, "The endpoint or page has moved: update "
                            "the source file's base_url/path parameters.")
        return self.fail(url, what, "Check the request against the site; nothing was appended.")

    def _space(self, url: str) -> None:
        """Sleep until this host's polite minimum interval has passed, then claim the slot."""
        host = urllib.parse.urlsplit(url).netloc
        with _host_lock:
            wait = _host_last.get(host, -1e9) + self.policy.min_interval - time.monotonic()
            _host_last[host] = time.monotonic() + max(wait, 0.0)
        if wait > 0:
            time.sleep(wait)

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        backoff = self.policy.backoff * 2 ** (attempt - 1)
        return min(max(backoff, retry_after or 0.0), self.policy.max_wait)


class _Watch:
    """One attempt's deadline: when it passes, every socket the attempt opened is shut, which
    ends whatever read is waiting on it (headers or body)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.phase = "headers"
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def add(self, sock: socket.socket) -> None:
        """Watch a connection's socket (a duplicate, so TLS wrapping it changes nothing)."""
        with self._lock:
            self._sockets.append(sock.dup())
            if self.expired:
                self._shut()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            self._shut()

    def _shut(self) -> None:
        for sock in self._sockets:
            with contextlib.suppress(OSError):  # already closed by the other side
                sock.shutdown(socket.SHUT_RDWR)

    def late(self) -> _Retryable:
        """The failure to report once the deadline has cut the attempt short."""
        if self.phase == "body":
            return _Retryable(f"a body still arriving after {self.seconds:g}s",
                              "The server is trickling; the next scheduled run retries.")
        return _Retryable(f"no answer within {self.seconds:g}s (the response headers had not "
                          "all arrived)", "The server is slow, down or dripping its answer; "
                          "the next run retries.")

    def close(self) -> None:
        """Stop the watchdog and let go of the duplicates."""
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()


class _Watched(http.client.HTTPConnection):
    """A connection whose socket its attempt's watchdog can shut."""

    def __init__(self, watch: _Watch, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._watch = watch

    def connect(self) -> None:
        """Connect, and hand the socket to the watchdog before a byte is read."""
        super().connect()
        self._watch.add(self.sock)


class _WatchedTLS(http.client.HTTPSConnection):
    """The same over TLS: the watchdog holds the plain socket before the handshake."""

    def __init__(self, watch: _Watch, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._watch = watch
        plain: Callable[..., socket.socket] = self._create_connection  # type: ignore[has-type]

        def create(*a: Any, **kw: Any) -> socket.socket:
            sock = plain(*a, **kw)
            watch.add(sock)
            return sock

        self._create_connection = create


class _HTTPHandler(urllib.request.HTTPHandler):
    """Opens watched connections, for the watch the request carries (redirects copy it)."""

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_Watched, _watch_of(req)), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        # No context given: each connection makes the default one, which reads SSL_CERT_FILE.
        return self.do_open(functools.partial(_WatchedTLS, _watch_of(req)), req)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Redirects as urllib follows them, within the first request's deadline."""

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str,
                         headers: Any, newurl: str) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.watch = _watch_of(req)  # type: ignore[attr-defined]
        return new


def _watch_of(req: urllib.request.Request) -> _Watch:
    watch: _Watch = req.watch  # type: ignore[attr-defined]  # set by HttpClient._once
    return watch


_OPENER = urllib.request.build_opener(_HTTPHandler(), _HTTPSHandler(), _Redirects())


class Missing(FetchError):
    """A 404 or 410: a FetchError unless the caller asked for a page that may not exist."""


class _NotModified(Exception):
    """A 304 to a conditional request: the copy held is current."""


class _Retryable(Exception):
    """A transient failure: worth another attempt after a pause."""

    def __init__(self, got: str, fix: str, retry_after: float | None = None) -> None:
        super().__init__(got)
        self.got = got
        self.fix = fix
        self.retry_after = retry_after


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max((when - clock.now()).total_seconds(), 0.0)
