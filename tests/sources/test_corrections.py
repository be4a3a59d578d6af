"""Bulletins corrected in place: posts held are re-checked, an edit becomes a new vintage.

The replay server serves the bureau's column; a post is then edited (4.3% to 4.4%) keeping its
发布日期, as the bureau does. The clock is pinned (TRACKER_NOW) so that the first run, the
re-check and the as-of questions fall on days of our choosing, in 2024.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from replay import sites
from replay.procs import tracker_cli
from replay.server import ReplayServer

import tracker
from tracker import clock
from tracker.schedule import refresh
from tracker.warehouse import Warehouse

BOTH = ("etag", "last-modified")
EDITED = sites.corrected(sites.POSTS[1], "增长4.3%", "增长4.4%", on="2024-12-27")


def post_path(post: sites.Post) -> str:
    return f"/tjkx185/content/post_{post.post_id}.html"


def growth(warehouse: str, as_of: str) -> list[dict]:
    """`tracker series industrial_value_added --measure yoy_pct --as-of D --nl` for 1-10月."""
    done = tracker_cli("series", "industrial_value_added", "--measure", "yoy_pct", "--as-of",
                       as_of, "--warehouse", warehouse, "--nl")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    return [r for r in rows if r["period_end"] == "2024-10-31"]


def test_a_corrected_post_is_a_new_vintage_and_earlier_answers_stand(
        server: ReplayServer, tmp_path: Path, sources_dir: Path) -> None:
    sites.install_bulletins(server, validators=BOTH)
    sites.bulletins_toml(sources_dir, server.url)
    warehouse = str(tmp_path / "w.duckdb")
    args = ("refresh", "--sources-dir", str(sources_dir), "--warehouse", warehouse, "--json")

    first = tracker_cli(*args, TRACKER_NOW="2024-12-21T10:00:00+08:00")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["releases_added"] == 3
    (original,) = growth(warehouse, "2024-12-21")
    assert original["value_as_published"] == 4.3

    sites.install_bulletins(server, posts=(sites.POSTS[0], EDITED, sites.POSTS[2]),
                            validators=BOTH)
    recheck = tracker_cli(*args, TRACKER_NOW="2024-12-28T10:00:00+08:00")
    assert recheck.returncode == 0, recheck.stderr
    outcome = json.loads(recheck.stdout)
    # One new release, the edited post; whether its unedited figures count as restatements is
    # the store's business, the answers below are what matter.
    assert (outcome["status"], outcome["releases_added"]) == ("succeeded", 1)
    for post in sites.POSTS:  # every post held was asked about with its validators
        asked = server.hits(post_path(post))[-1]
        assert asked.headers["if-none-match"].startswith('"')
        assert asked.headers["if-modified-since"].endswith("GMT")
        assert asked.status == (200 if post is sites.POSTS[1] else 304)

    assert [r["value_as_published"] for r in growth(warehouse, "2024-12-28")] == [4.4]
    # As-of answers before the correction are what they were.
    assert [r["value_as_published"] for r in growth(warehouse, "2024-12-21")] == [4.3]
    assert [r["value_as_published"] for r in growth(warehouse, "2024-11-20")] == [4.3]

    wh = tracker.open(warehouse)
    fixes = wh.sql("SELECT * FROM releases WHERE extra->>'corrects' IS NOT NULL")
    (fix,) = fixes.iter_rows(named=True)
    extra = json.loads(fix["extra"])
    assert extra["corrects"] == original["release_id"]
    assert extra["page_published"] == "2024-11-20" and extra["post_id"] == EDITED.post_id
    assert fix["date_published"] == dt.date(2024, 12, 28)
    assert fix["url_main"] == server.url + post_path(EDITED)
    vintages = wh.vintages("industrial_value_added", measure="yoy_pct")
    october = vintages.filter(vintages["period_end"] == dt.date(2024, 10, 31))
    assert october["value"].to_list() == [4.3, 4.4]

    again = tracker_cli(*args, TRACKER_NOW="2024-12-28T11:00:00+08:00")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["status"] == "unchanged"
    assert json.loads(again.stdout)["added"] == 0
    # The corrected copy's own validators are asked about now: nothing comes back.
    assert server.hits(post_path(EDITED))[-1].status == 304
    assert tracker.open(warehouse).releases().height == 4


@pytest.mark.parametrize("validators", [(), ("last-modified",)], ids=["none", "last-modified"])
def test_a_changed_view_counter_is_not_a_correction(server: ReplayServer, wh: Warehouse,
                                                    sources_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    validators: tuple[str, ...]) -> None:
    sites.install_bulletins(server, validators=validators)
    sites.bulletins_toml(sources_dir, server.url)
    monkeypatch.setenv("TRACKER_NOW", "2024-12-21T10:00:00+08:00")
    refresh(wh, sources_dir=sources_dir)
    sites.install_bulletins(server, views=2048, validators=validators)
    monkeypatch.setenv("TRACKER_NOW", "2024-12-22T10:00:00+08:00")
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert (outcome.status, outcome.releases_added, outcome.added) == ("unchanged", 0, 0)
    for post in sites.POSTS:
        asked = server.hits(post_path(post))[-1]
        assert "if-none-match" not in asked.headers
        # The page is unchanged since its Last-Modified: 304; without validators the whole
        # page comes again, and only its view counter differs.
        assert asked.status == (304 if validators else 200)
        assert ("if-modified-since" in asked.headers) == bool(validators)


def test_posts_are_rechecked_only_within_the_window(server: ReplayServer, wh: Warehouse,
                                                    sources_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    sites.install_bulletins(server)
    sites.bulletins_toml(sources_dir, server.url)
    monkeypatch.setenv("TRACKER_NOW", "2024-12-21T10:00:00+08:00")
    refresh(wh, sources_dir=sources_dir)
    fetched = {p.post_id: len(server.hits(post_path(p))) for p in sites.POSTS}
    assert fetched == {p.post_id: 1 for p in sites.POSTS}
    # 2025-02-18: 4512001 (2024-10-21) is 120 days old, 4512002 (2024-11-20) 90, 4512003 60.
    sites.install_bulletins(server, posts=(sites.POSTS[0], EDITED, sites.POSTS[2]))
    monkeypatch.setenv("TRACKER_NOW", "2025-02-18T10:00:00+08:00")
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert (outcome.status, outcome.releases_added) == ("unchanged", 0)  # the edit came too late
    fetched = {p.post_id: len(server.hits(post_path(p))) for p in sites.POSTS}
    assert fetched == {"4512001": 1, "4512002": 1, "4512003": 2}


def test_a_correction_seen_days_later_is_dated_that_day_in_shanghai(
        server: ReplayServer, wh: Warehouse, sources_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    sites.install_bulletins(server, posts=sites.POSTS[:2])
    sites.bulletins_toml(sources_dir, server.url)
    monkeypatch.setenv("TRACKER_NOW", "2024-11-20T12:00:00+08:00")
    refresh(wh, sources_dir=sources_dir)
    sites.install_bulletins(server, posts=(sites.POSTS[0], EDITED))
    # 17:30 UTC on the 24th is 01:30 on the 25th in Guangdong: the correction is of the 25th.
    monkeypatch.setenv("TRACKER_NOW", "2024-11-24T17:30:00+00:00")
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert outcome.releases_added == 1, outcome.error
    latest = wh.series("industrial_value_added", measure="yoy_pct")
    october = latest.filter(latest["period_end"] == dt.date(2024, 10, 31)).row(0, named=True)
    assert (october["value"], october["date_published"]) == (4.4, dt.date(2024, 11, 25))
    before = wh.series("industrial_value_added", measure="yoy_pct", as_of="2024-11-24")
    assert before.filter(before["period_end"] == dt.date(2024, 10, 31))["value"].to_list() == [4.3]
    accessed = wh.releases(source_id="gd_bulletins")["date_accessed"].to_list()
    assert clock.shown(max(accessed)).date() == dt.date(2024, 11, 25)


def test_a_correction_the_same_day_wins_over_the_page_it_corrects(
        server: ReplayServer, wh: Warehouse, sources_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    sites.install_bulletins(server, posts=sites.POSTS[:2])
    sites.bulletins_toml(sources_dir, server.url)
    monkeypatch.setenv("TRACKER_NOW", "2024-11-20T12:00:00+08:00")
    refresh(wh, sources_dir=sources_dir)
    sites.install_bulletins(server, posts=(sites.POSTS[0], EDITED))
    monkeypatch.setenv("TRACKER_NOW", "2024-11-20T18:00:00+08:00")
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert outcome.releases_added == 1, outcome.error
    # Two releases of one source and one day: the corrected one is withdrawn from that day.
    (event,) = wh.events().iter_rows(named=True)
    assert event["kind"] == "withdrawn" and event["effective_from"] == dt.date(2024, 11, 20)
    latest = wh.series("industrial_value_added", measure="yoy_pct", as_of="2024-11-20")
    assert latest.filter(latest["period_end"] == dt.date(2024, 10, 31))["value"].to_list() == [4.4]
    nev = wh.series("nev_output", as_of="2024-11-20")  # unedited figures stand, restated
    assert nev["value"].to_list() == [223.51e4]


def test_a_post_taken_down_is_kept_and_the_others_still_come(
        server: ReplayServer, wh: Warehouse, sources_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    sites.install_bulletins(server, posts=sites.POSTS[:2])
    sites.bulletins_toml(sources_dir, server.url)
    monkeypatch.setenv("TRACKER_NOW", "2024-12-21T10:00:00+08:00")
    refresh(wh, sources_dir=sources_dir)
    server.routes.clear()
    sites.install_bulletins(server, posts=(sites.POSTS[0], sites.POSTS[2]))  # 4512002 is gone
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert (outcome.status, outcome.releases_added) == ("succeeded", 1), outcome.error
    assert server.hits(post_path(sites.POSTS[1]))[-1].status == 404
    assert wh.releases(source_id="gd_bulletins").height == 3 and wh.events().is_empty()
