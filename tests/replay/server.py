"""A real HTTP server on 127.0.0.1 that replays payloads and misbehaves on request.

Routes map (method, path) to a queue of `Reply`s: each request takes the next one, the last one
repeats. A reply can also reset the connection, cut its body short, trickle it, or wait first.
A reply with an ETag or Last-Modified header answers a conditional GET that names it with 304
Not Modified, as real servers do. Every request is recorded (method, path, query, headers, body,
monotonic time) with the status it was answered with.
"""

from __future__ import annotations

import itertools
import socket
import ssl
import struct
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One canned answer. `action`: None, "reset", "truncate" (short body), "trickle" (the body
    in small pieces) or "drip" (response headers a byte at a time, never finished)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    action: str | None = None


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    at: float
    status: int  # what the server answered (0: the connection was reset)


class ReplayServer:
    """Start with `with ReplayServer() as server:`; `server.url` is http://127.0.0.1:<port>.

    With `tls=(certfile, keyfile)` it speaks HTTPS and `server.url` is https://127.0.0.1:<port>.
    """

    def __init__(self, tls: tuple[Path, Path] | None = None) -> None:
        self.routes: dict[tuple[str, str], list[Reply]] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._scheme = "http"
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
            self._scheme = "https"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The base URL clients use."""
        return f"{self._scheme}://127.0.0.1:{self._httpd.server_address[1]}"

    def set(self, path: str, *replies: Reply, method: str = "GET") -> None:
        """Answer `method path` with `replies` in turn (the last one repeats)."""
        with self._lock:
            self.routes[(method, path)] = list(replies)

    def hits(self, path: str, method: str = "GET") -> list[Seen]:
        """The requests received for `method path`."""
        with self._lock:
            return [r for r in self.requests if r.path == path and r.method == method]

    def take(self, method: str, path: str) -> Reply:
        """The reply for the next request to `method path` (404 with an HTML page if none)."""
        with self._lock:
            queue = self.routes.get((method, path))
            if not queue:
                return Reply(404, b"<html><head><title>404 Not Found</title></head>"
                             b"<body><h1>404 Not Found</h1></body></html>",
                             {"Content-Type": "text/html"})
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def __enter__(self) -> ReplayServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def _handler(server: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the tests read `server.requests` instead."""

        def do_GET(self) -> None:
            """Answer a GET from the route table."""
            self._answer("GET")

        def do_POST(self) -> None:
            """Answer a POST from the route table (the body is recorded)."""
            self._answer("POST")

        def _answer(self, method: str) -> None:
            try:
                self._reply(method)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up (a timeout test): fine

        def _reply(self, method: str) -> None:
            at = time.monotonic()
            parts = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            asked = {k.lower(): v for k, v in self.headers.items()}
            reply = server.take(method, parts.path)
            if method == "GET" and reply.status == 200 and _not_modified(reply, asked):
                reply = Reply(304, b"", {k: v for k, v in reply.headers.items()
                                         if k.lower() in ("etag", "last-modified")})
            with server._lock:
                server.requests.append(Seen(
                    method, parts.path, urllib.parse.parse_qs(parts.query, keep_blank_values=True),
                    asked, body, at, 0 if reply.action == "reset" else reply.status))
            if reply.delay:
                time.sleep(reply.delay)
            if reply.action == "reset":
                # SO_LINGER 0 makes close() send RST: the client sees "connection reset".
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
                self.connection.close()
                return
            if reply.action == "drip":  # until the client gives up (BrokenPipe ends it)
                for byte in itertools.chain(b"HTTP/1.1 200 OK\r\nX-Drip: ",
                                            itertools.repeat(ord("a"))):
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.05)
            self.send_response(reply.status)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            if reply.status != 304:  # a 304 has no body, so no length either
                self.send_header("Content-Length", str(len(reply.body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if reply.action == "truncate":
                self.wfile.write(reply.body[: len(reply.body) // 2])
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
            elif reply.action == "trickle":
                for i in range(0, len(reply.body), 16):
                    self.wfile.write(reply.body[i : i + 16])
                    self.wfile.flush()
                    time.sleep(0.05)
            else:
                self.wfile.write(reply.body)
            self.close_connection = True

    return Handler


def _not_modified(reply: Reply, asked: dict[str, str]) -> bool:
    """True when a conditional GET names the reply's own validators (If-None-Match first)."""
    mine = {k.lower(): v for k, v in reply.headers.items()}
    if "if-none-match" in asked:
        tags = [tag.strip() for tag in asked["if-none-match"].split(",")]
        return "etag" in mine and (mine["etag"] in tags or "*" in tags)
    if "if-modified-since" in asked and "last-modified" in mine:
        return (parsedate_to_datetime(asked["if-modified-since"])
                >= parsedate_to_datetime(mine["last-modified"]))
    return False
