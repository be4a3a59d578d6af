"""Every fault in the issue's list, against the real replay server.

Each faulty run must end recorded as failed, with a message naming the source, the URL and what
arrived, and must leave the warehouse exactly as it was (a clean run first puts data there, and
the fault is served together with new data that a successful run would have appended).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from replay import sites
from replay.server import ReplayServer, Reply

from tracker.schedule import refresh
from tracker.warehouse import Warehouse

API = sites.PORTAL_API
ES = API + "stream/esData"
HTML = {"Content-Type": "text/html; charset=utf-8"}
JSON = {"Content-Type": "application/json;charset=UTF-8"}
NEWER = {**sites.IVA, "202412MM": "4.2"}
WAF = (b"<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1>"
       b"<p>Sorry, your request has been blocked. reason:UrlACL</p><p>Client IP: 10.1.2.3</p>"
       b"</body></html>")
MAINTENANCE = ("<!DOCTYPE html><html><head><title>系统维护中</title></head><body>"
               "<div>系统维护中，请稍后访问。</div></body></html>").encode()


def state(wh: Warehouse) -> tuple[int, int, list[str]]:
    frame = wh.releases()
    return frame.height, int(frame["observations"].sum()), sorted(frame["sha256"].to_list())


def december(wh: Warehouse) -> list[float]:
    """The December growth figure known now (only the newer payload has one)."""
    growth = wh.series("industrial_value_added", measure="yoy_pct")
    return growth.filter(growth["period_end"] == dt.date(2024, 12, 31))["value"].to_list()


def failed_run(wh: Warehouse, sources_dir: Path, source_id: str) -> str:
    before = state(wh)
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert outcome.status == "failed", "the fault went unnoticed"
    assert state(wh) == before, "a failed run changed the warehouse"
    run = wh.runs(source_id=source_id, limit=1).row(0, named=True)
    assert run["status"] == "failed" and run["error"] == outcome.error
    assert run["ended_at"] is not None and run["rows_added"] == 0
    assert f"source {source_id!r}" in outcome.error
    return str(outcome.error)


@pytest.fixture
def portal(server: ReplayServer, wh: Warehouse, sources_dir: Path) -> ReplayServer:
    """The portal declared with a short timeout, one clean run held, newer data on offer."""
    sites.install_portal(server)
    sites.portal_toml(sources_dir, server.url, timeout=0.3)
    (clean,) = refresh(wh, sources_dir=sources_dir)
    assert clean.status == "succeeded"
    sites.install_portal(server, iva=NEWER)
    return server


FAULTS = [
    ("timeout", Reply(200, sites.es_data(NEWER, sites.NEV), JSON, delay=1.0),
     "no answer within 0.3s"),
    ("slow body", Reply(200, sites.es_data(NEWER, sites.NEV), JSON, action="trickle"),
     "still arriving after 0.3s"),
    ("headers dripped a byte at a time", Reply(action="drip"),
     "no answer within 0.3s (the response headers had not all arrived)"),
    ("reset", Reply(action="reset"), "broken connection"),
    ("cut connection", Reply(200, sites.es_data(NEWER, sites.NEV), JSON, action="truncate"),
     "cut short"),
    ("5xx", Reply(500, b"<html><body>Internal Server Error</body></html>", HTML),
     "HTTP 500"),
    ("503 with Retry-After", Reply(503, b"busy", {"Retry-After": "0"}), "HTTP 503"),
    ("WAF 403", Reply(403, WAF, HTML), "reason:UrlACL"),
    ("HTML error page with 200", Reply(200, MAINTENANCE, HTML), "HTML page instead of JSON"),
    ("success false", Reply(200, sites.envelope(None, success=False, message="查询参数错误"), JSON),
     "success=False, state=50000, message='查询参数错误'"),
    ("truncated JSON", Reply(200, sites.es_data(NEWER, sites.NEV)[:-40], JSON),
     "not valid JSON"),
    ("changed envelope", Reply(200, json.dumps({"code": 0, "result": []}).encode(), JSON),
     "without the success/data envelope"),
    ("changed data shape", Reply(200, sites.envelope({"list": []}), JSON),
     "another shape (data: expected a list of periods"),
    ("changed period code", Reply(200, sites.envelope(
        [{"code": "2024-12", "values": [{"_id": sites.IVA_ID, "value": "4.2"}]}]), JSON),
     "'2024-12' is not"),
]


@pytest.mark.parametrize(("name", "reply", "words"), FAULTS, ids=[f[0] for f in FAULTS])
def test_portal_faults(portal: ReplayServer, wh: Warehouse, sources_dir: Path, name: str,
                       reply: Reply, words: str) -> None:
    portal.set(ES, reply, method="POST")
    error = failed_run(wh, sources_dir, "nbs_portal")
    assert f"{portal.url}{ES}" in error and words in error


def test_a_renamed_endpoint_404s_until_the_path_is_updated(
        portal: ReplayServer, wh: Warehouse, sources_dir: Path) -> None:
    moved = "/dg/website/publicrelease/web/external/v2/"
    portal.routes.clear()
    sites.install_portal(portal, iva=NEWER, api=moved)
    error = failed_run(wh, sources_dir, "nbs_portal")
    assert f"{portal.url}{API}new/queryIndexTreeAsync" in error
    assert "HTTP 404" in error and "has moved" in error
    sites.portal_toml(sources_dir, portal.url, api_path=moved)
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert (outcome.status, outcome.releases_added) == ("succeeded", 1)
    assert december(wh) == [4.2]


def test_a_redirect_to_a_login_page_fails(portal: ReplayServer, wh: Warehouse,
                                          sources_dir: Path) -> None:
    portal.set(ES, Reply(302, b"", {"Location": "/dg/website/page.html"}), method="POST")
    portal.set("/dg/website/page.html", Reply(200, MAINTENANCE, HTML))
    error = failed_run(wh, sources_dir, "nbs_portal")
    assert f"{portal.url}/dg/website/page.html" in error and "系统维护中" in error


def test_a_503_with_retry_after_then_data_succeeds(portal: ReplayServer, wh: Warehouse,
                                                   sources_dir: Path) -> None:
    portal.set(ES, Reply(503, b"busy", {"Retry-After": "1"}),
               Reply(200, sites.es_data(NEWER, sites.NEV), JSON), method="POST")
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert (outcome.status, outcome.releases_added) == ("succeeded", 1)
    assert december(wh) == [4.2]
    first, second = portal.hits(ES, "POST")[-2:]
    assert second.at - first.at >= 0.95


@pytest.fixture
def bulletins(server: ReplayServer, wh: Warehouse, sources_dir: Path) -> ReplayServer:
    """The column with its first post held; two newer posts on offer."""
    sites.install_bulletins(server, posts=sites.POSTS[:1])
    sites.bulletins_toml(sources_dir, server.url, timeout=0.3)
    (clean,) = refresh(wh, sources_dir=sources_dir)
    assert clean.status == "succeeded"
    sites.install_bulletins(server)
    return server


def test_an_error_page_as_the_list_fails(bulletins: ReplayServer, wh: Warehouse,
                                         sources_dir: Path) -> None:
    bulletins.set("/tjkx185/index.html", Reply(200, MAINTENANCE, HTML))
    error = failed_run(wh, sources_dir, "gd_bulletins")
    assert f"{bulletins.url}/tjkx185/index.html" in error
    assert "no links to posts" in error and "系统维护中" in error


def test_an_error_page_as_a_post_fails_and_saves_none_of_the_others(
        bulletins: ReplayServer, wh: Warehouse, sources_dir: Path) -> None:
    url = "/tjkx185/content/post_4512003.html"
    bulletins.set(url, Reply(200, MAINTENANCE, HTML))
    error = failed_run(wh, sources_dir, "gd_bulletins")
    assert f"{bulletins.url}{url}" in error and "发布日期" in error
    assert bulletins.hits("/tjkx185/content/post_4512002.html")  # it was fetched, not saved


@pytest.mark.parametrize(("reply", "words"), [
    (Reply(403, WAF, HTML), "reason:UrlACL"),
    (Reply(502, b"<html>Bad Gateway</html>", HTML), "HTTP 502"),
    (Reply(200, b"x" * 4000, HTML, action="truncate"), "cut short"),
])
def test_a_post_that_will_not_come_fails_the_run(bulletins: ReplayServer, wh: Warehouse,
                                                 sources_dir: Path, reply: Reply,
                                                 words: str) -> None:
    url = "/tjkx185/content/post_4512002.html"
    bulletins.set(url, reply)
    error = failed_run(wh, sources_dir, "gd_bulletins")
    assert f"{bulletins.url}{url}" in error and words in error


def test_a_moved_list_page_is_followed(bulletins: ReplayServer, wh: Warehouse,
                                       sources_dir: Path) -> None:
    page = bulletins.take("GET", "/tjkx185/index.html")
    bulletins.set("/tjkx185/index.html", Reply(301, b"", {"Location": "/tjkx/index.html"}))
    bulletins.set("/tjkx/index.html", page)
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert (outcome.status, outcome.releases_added) == ("succeeded", 2), outcome.error
