"""`tracker serve` over plain HTTP: JSON and CSV of every page, escaping, errors, headers."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import tracker
from tests.serve.conftest import (
    FORMULA_TITLE,
    HOSTILE_PUBLISHER,
    HOSTILE_TITLE,
    Server,
    ingest_text,
    start,
    stop,
)
from tracker.extract.decode import decode


def get(server: Server, path: str, accept: str | None = None,
        host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a GET (an error status is an answer, not an exception)."""
    request = urllib.request.Request(server.url + path)
    if accept:
        request.add_header("Accept", accept)
    if host:
        request.add_header("Host", host)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def get_json(server: Server, path: str) -> dict[str, Any]:
    status, headers, body = get(server, path)
    assert status == 200, (path, body[:500])
    assert headers["content-type"].startswith("application/json")
    return dict(json.loads(body))


@pytest.fixture(scope="module")
def hostile(server: Server) -> dict[str, Any]:
    """The text release whose title, publisher and body hold HTML, and its figures."""
    with tracker.open(server.warehouse) as wh:
        release = wh.releases().filter(pl.col("title") == HOSTILE_TITLE).row(0, named=True)
        figures = wh.release_figures(release["release_id"])
    return {"release": release, "figures": figures}


PAGES = ["/progress", "/indicators", "/indicators?q=gdp", "/indicators/gdp",
         "/indicators/gdp/440000", "/indicators/gdp/440000?measure=yoy_pct", "/figures/1",
         "/targets/gd14fyp-gdp-level", "/releases", "/runs", "/conflicts"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_html_json_and_csv(server: Server, path: str) -> None:
    status, headers, body = get(server, path)
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"<!DOCTYPE html>" in body
    base, _, query = path.partition("?")
    suffixed = f"{base}.json" + (f"?{query}" if query else "")
    body_json = get_json(server, suffixed)
    assert body_json["tables"] and body_json["page"] == 1
    # The same answer through the Accept header.
    status, headers, accepted = get(server, path, accept="application/json")
    assert status == 200 and json.loads(accepted)["tables"].keys() == body_json["tables"].keys()
    for name, table in body_json["tables"].items():
        status, headers, data = get(server, f"{base}.csv?table={name}" + (
            f"&{query}" if query else ""))
        assert status == 200 and headers["content-type"].startswith("text/csv"), name
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        assert len(rows) - 1 == table["total"], name


@pytest.mark.parametrize(("query", "code"), [("gdp", "gdp"), ("经济总量", "gdp"),
                                             ("Gross regional", "gdp"),
                                             ("工业机器人", "industrial_robot_output"),
                                             ("ROBOT", "industrial_robot_output")])
def test_search_finds_an_indicator_by_any_name(server: Server, query: str, code: str) -> None:
    found = get_json(server, f"/indicators.json?q={urllib.parse.quote(query)}")
    rows = found["tables"]["indicators"]["rows"]
    assert code in [r["code"] for r in rows[:3]], [r["code"] for r in rows]
    assert next(r for r in rows if r["code"] == code)["has_data"] is True


def test_search_says_which_indicators_hold_data(server: Server) -> None:
    rows = get_json(server, "/indicators.json?per_page=1000")["tables"]["indicators"]["rows"]
    with tracker.open(server.warehouse) as wh:
        held = set(wh.holdings()["indicator"])
    assert {r["code"] for r in rows if r["has_data"]} == held
    assert any(not r["has_data"] for r in rows)


def test_json_has_the_python_api_fields_paginated(server: Server) -> None:
    with tracker.open(server.warehouse) as wh:
        releases = wh.releases().sort("date_published", descending=True)
        series = wh.series("gdp")
    first = get_json(server, "/releases.json?per_page=7")
    second = get_json(server, "/releases.json?per_page=7&page=2")
    table = first["tables"]["releases"]
    assert table["total"] == releases.height and table["pages"] == -(-releases.height // 7)
    assert list(table["rows"][0]) == releases.columns
    ids = [r["release_id"] for r in table["rows"] + second["tables"]["releases"]["rows"]]
    assert ids == releases["release_id"].head(14).to_list()
    rows = get_json(server, "/indicators/gdp/440000.json")["tables"]["series"]["rows"]
    assert [r["obs_id"] for r in rows] == [str(i) for i in series["obs_id"]]
    assert [r["value"] for r in rows] == series["value"].to_list()
    assert rows[0]["period_end"] == series["period_end"][0].isoformat()


def test_big_integers_travel_as_strings(server: Server) -> None:
    figure = get_json(server, "/figures/1.json")
    with tracker.open(server.warehouse) as wh:
        assert figure["series_id"] == str(wh.provenance(1)["series_id"])
    assert isinstance(figure["series_id"], str) and abs(int(figure["series_id"])) > 2**53
    assert figure["obs_id"] == "1"


def test_a_text_figure_points_at_its_quote_in_the_raw_bytes(server: Server,
                                                             hostile: dict[str, Any]) -> None:
    row = hostile["figures"].row(0, named=True)
    figure = get_json(server, f"/figures/{row['obs_id']}.json")
    status, headers, raw = get(server, f"/raw/{hostile['release']['release_id']}")
    assert status == 200 and headers["content-type"] == "application/octet-stream"
    assert "attachment" in headers["content-disposition"]
    assert hashlib.sha256(raw).hexdigest() == figure["sha256"]
    text = decode(raw).text
    assert figure["marked_text"] == text[row["quote_start"]:row["quote_end"]] == row["quote"]
    assert figure["document_kind"] == "text"


def test_a_table_figure_marks_its_row(server: Server) -> None:
    figure = get_json(server, "/figures/1.json")
    assert figure["locator"] == "figures.csv row 1" and figure["document_kind"] == "table"
    assert figure["marked_row"]["quote"] == figure["quote"]
    assert float(figure["marked_row"]["value_as_published"]) == figure["value_as_published"]


def test_source_text_is_escaped_everywhere(server: Server, hostile: dict[str, Any]) -> None:
    release_id = hostile["release"]["release_id"]
    obs = hostile["figures"]["obs_id"][0]
    for path in (f"/releases/{release_id}", f"/figures/{obs}", "/releases",
                 "/indicators/gdp/440000"):
        status, _, body = get(server, path)
        html = body.decode("utf-8")
        assert status == 200, path
        assert "<script>alert" not in html and "<b>广东省统计局</b>" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path
    status, _, body = get(server, "/progress?lang=%3Cscript%3Ealert(2)%3C/script%3E")
    assert status == 400 and b"<script>alert(2)" not in body and b"&lt;script&gt;" in body
    page = get_json(server, f"/releases/{release_id}.json")
    assert page["title"] == HOSTILE_TITLE and page["publisher"] == HOSTILE_PUBLISHER


def test_csv_cells_cannot_run_as_formulas(server: Server) -> None:
    _, _, data = get(server, "/releases.csv")
    titles = [r["title"] for r in csv.DictReader(io.StringIO(data.decode("utf-8")))]
    assert "'" + FORMULA_TITLE in titles
    assert not any(t.startswith(("=", "+", "@")) for t in titles)
    assert get_json(server, "/releases.json?per_page=1000")["tables"]["releases"]["rows"]


@pytest.mark.parametrize("path", ["/figures/999999", "/indicators/no_such_thing",
                                  "/indicators/gdp/999999", "/releases/Rnothing",
                                  "/targets/nothing", "/nothing/here"])
def test_what_is_not_there_is_a_404(server: Server, path: str) -> None:
    status, headers, body = get(server, path)
    assert status == 404 and headers["content-type"].startswith("text/html"), path
    assert b"Not found" in body
    status, _, body = get(server, path, accept="application/json")
    assert status == 404 and json.loads(body)["error"] == "Not found"


def test_bad_parameters_and_writes_are_refused(server: Server) -> None:
    for path in ("/releases?page=0", "/releases?per_page=x", "/progress?lang=fr",
                 "/releases.csv?table=nope"):
        assert get(server, path)[0] == 400, path
    head = urllib.request.Request(server.url + "/releases", method="HEAD")
    with urllib.request.urlopen(head, timeout=10) as answer:
        assert answer.status == 200
    request = urllib.request.Request(server.url + "/releases", data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 405


def test_security_headers_and_no_remote_source(server: Server) -> None:
    _, headers, _ = get(server, "/indicators/gdp/440000")
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "http" not in csp and "*" not in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    # A name rebound to 127.0.0.1 by another site's DNS is refused.
    assert get(server, "/", host="evil.example")[0] == 400


def test_a_refresh_is_not_blocked_by_the_server(server: Server, tmp_path: Path) -> None:
    """A write right after reads: the server has let go of the file, and shows the new
    release without a restart."""
    assert get(server, "/releases")[0] == 200
    started = time.monotonic()
    ingest_text(server.warehouse, tmp_path, "2024年广东地区生产总值为14.16万亿元。\n",
                "写入测试", "广东省统计局")
    assert time.monotonic() - started < 30
    assert any(r["title"] == "写入测试" for r in get_json(server, "/releases.json?per_page=1000")[
        "tables"]["releases"]["rows"])


def test_a_missing_warehouse_gets_a_clear_page(tmp_path: Path) -> None:
    server = start(tmp_path / "none" / "tracker.duckdb", tmp_path / "serve.log")
    try:
        status, _, body = get(server, "/")
        assert status == 503 and b"No warehouse here yet" in body and b"tracker build" in body
        status, _, body = get(server, "/indicators.json")
        assert status == 503 and "tracker build" in json.loads(body)["message"]
    finally:
        stop(server)
    assert not (tmp_path / "none" / "tracker.duckdb").exists()


def test_a_page_over_the_time_limit_is_answered_503(built: Path, tmp_path: Path) -> None:
    server = start(built, tmp_path / "serve.log", "--time-limit", "0.001")
    try:
        status, _, body = get(server, "/progress")
        assert status == 503 and b"Too slow" in body
        assert get(server, "/static/style.css")[0] == 200  # the server itself goes on
    finally:
        stop(server)
