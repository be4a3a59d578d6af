"""The fetch machinery against a real local server: retries, Retry-After, spacing, identity."""

from __future__ import annotations

import itertools
import json
import time

import pytest
from replay.server import ReplayServer, Reply

from tracker.errors import FetchError
from tracker.sources.http import USER_AGENT, FetchPolicy, HttpClient

QUICK = FetchPolicy(timeout=1.0, retries=2, backoff=0.01, min_interval=0.0)


def test_a_snapshot_keeps_request_and_response(server: ReplayServer) -> None:
    server.set("/api", Reply(200, b'{"ok": 1}', {"Content-Type": "application/json"}),
               method="POST")
    fetched = HttpClient("s", QUICK).post_json(server.url + "/api", {"dts": ["202401MM"]})
    meta = fetched.metadata()
    assert (meta["method"], meta["status"], fetched.content) == ("POST", 200, b'{"ok": 1}')
    assert json.loads(meta["request_body"]) == {"dts": ["202401MM"]}
    assert meta["headers"]["content-type"] == "application/json"
    assert meta["fetched_at"].endswith("Z") and meta["attempts"] == 1
    (seen,) = server.hits("/api", "POST")
    assert json.loads(seen.body) == {"dts": ["202401MM"]}
    assert seen.headers["content-type"] == "application/json"


def test_an_honest_user_agent_is_sent(server: ReplayServer) -> None:
    server.set("/p", Reply(200, b"x"))
    HttpClient("s", QUICK).get(server.url + "/p")
    (seen,) = server.hits("/p")
    assert seen.headers["user-agent"] == USER_AGENT
    assert USER_AGENT.startswith("tracker/") and "Mozilla" not in USER_AGENT


def test_retry_after_is_honoured_then_the_answer_is_taken(server: ReplayServer) -> None:
    server.set("/p", Reply(503, b"busy", {"Retry-After": "1"}), Reply(200, b"fine"))
    fetched = HttpClient("s", QUICK).get(server.url + "/p")
    first, second = server.hits("/p")
    assert fetched.content == b"fine" and fetched.attempts == 2
    assert second.at - first.at >= 0.95  # backoff alone would be 0.01s


def test_backoff_doubles_and_retries_are_bounded(server: ReplayServer) -> None:
    server.set("/p", Reply(502, b"<html>Bad Gateway</html>"))
    policy = FetchPolicy(timeout=1.0, retries=3, backoff=0.1, min_interval=0.0)
    with pytest.raises(FetchError, match=r"HTTP 502.*after 4 attempts") as caught:
        HttpClient("s", policy).get(server.url + "/p")
    times = [hit.at for hit in server.hits("/p")]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(times) == 4
    assert gaps[0] >= 0.09 and gaps[1] >= 0.19 and gaps[2] >= 0.39
    assert caught.value.source_id == "s" and caught.value.url.endswith("/p")


def test_client_errors_are_not_retried(server: ReplayServer) -> None:
    server.set("/p", Reply(400, b"bad request"))
    with pytest.raises(FetchError, match="HTTP 400"):
        HttpClient("s", QUICK).get(server.url + "/p")
    assert len(server.hits("/p")) == 1


def test_a_polite_interval_spaces_requests_to_one_host(server: ReplayServer) -> None:
    server.set("/p", Reply(200, b"x"))
    polite = FetchPolicy(timeout=1.0, retries=0, backoff=0.01, min_interval=0.25)
    one, two = HttpClient("a", polite), HttpClient("b", polite)
    for client in (one, two, one):
        client.get(server.url + "/p")
    times = [hit.at for hit in server.hits("/p")]
    assert all(b - a >= 0.24 for a, b in itertools.pairwise(times))


def test_a_redirect_is_followed_and_the_final_url_recorded(server: ReplayServer) -> None:
    server.set("/old", Reply(301, b"", {"Location": "/new"}))
    server.set("/new", Reply(200, b"here"))
    fetched = HttpClient("s", QUICK).get(server.url + "/old")
    assert fetched.content == b"here"
    assert fetched.url.endswith("/old") and fetched.final_url.endswith("/new")


def test_a_missing_page_may_be_allowed(server: ReplayServer) -> None:
    client = HttpClient("s", QUICK)
    assert client.get_if_exists(server.url + "/index_9.html") is None
    with pytest.raises(FetchError, match=r"HTTP 404.*has moved"):
        client.get(server.url + "/index_9.html")


def test_a_slow_but_timely_server_is_waited_for(server: ReplayServer) -> None:
    server.set("/p", Reply(200, b"late but here", delay=0.3))
    started = time.monotonic()
    assert HttpClient("s", QUICK).get(server.url + "/p").content == b"late but here"
    assert time.monotonic() - started >= 0.3
