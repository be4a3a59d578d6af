"""Provincial statistics bulletins end to end: list pages -> posts -> one release per post."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from replay import sites
from replay.server import ReplayServer

from tracker.extract import extract_figures
from tracker.schedule import refresh
from tracker.sources.webpage import decode, read_post
from tracker.warehouse import Warehouse


def releases(wh: Warehouse) -> dict[str, dict]:
    frame = wh.releases(source_id="gd_bulletins")
    return {json.loads(r["extra"])["post_id"]: r for r in frame.iter_rows(named=True)}


@pytest.mark.parametrize(("charset", "absolute"), [("utf-8", True), ("gbk", False)])
def test_new_posts_become_releases_once(server: ReplayServer, wh: Warehouse, sources_dir: Path,
                                        charset: str, absolute: bool) -> None:
    sites.install_bulletins(server, charset=charset, absolute=absolute)
    sites.bulletins_toml(sources_dir, server.url)

    (first,) = refresh(wh, sources_dir=sources_dir)
    assert first.status == "succeeded", first.error
    held = releases(wh)
    assert set(held) == {p.post_id for p in sites.POSTS}
    assert first.releases_added == 3
    for post in sites.POSTS:
        release = held[post.post_id]
        url = f"{server.url}/tjkx185/content/post_{post.post_id}.html"
        extra = json.loads(release["extra"])
        assert release["url_main"] == url and extra["fetch"]["url"] == url
        assert release["title"] == post.title
        assert release["date_published"] == dt.date.fromisoformat(post.published)
        assert extra["fetch"]["method"] == "GET" and extra["fetch"]["status"] == 200
        assert extra["title_period"]["start"] == "2024-01-01"
        # What the extraction engine finds in the article text is what was appended.
        page = read_post(decode(sites.post_page(post, charset)), ("zoom",))
        found = extract_figures(page.text.encode("utf-8"), release["date_published"])
        assert release["observations"] == len(found) > 0

    (second,) = refresh(wh, sources_dir=sources_dir)
    assert (second.status, second.releases_added, second.added) == ("unchanged", 0, 0)
    assert len(releases(wh)) == 3
    # Only the first list page is read when nothing is new.
    assert len(server.hits("/tjkx185/index.html")) == 2
    assert len(server.hits("/tjkx185/index_2.html")) == 1


def test_figures_land_with_their_period_and_quote(server: ReplayServer, wh: Warehouse,
                                                  sources_dir: Path) -> None:
    sites.install_bulletins(server)
    sites.bulletins_toml(sources_dir, server.url)
    refresh(wh, sources_dir=sources_dir)
    growth = wh.vintages("industrial_value_added", measure="yoy_pct")
    october = growth.filter(growth["period_end"] == dt.date(2024, 10, 31))
    assert october["period_start"].to_list() == [dt.date(2024, 1, 1)]
    assert october["value"].to_list() == [4.3]
    assert "4.3%" in october["quote"][0]


def test_a_later_post_is_picked_up_alone(server: ReplayServer, wh: Warehouse,
                                         sources_dir: Path) -> None:
    sites.install_bulletins(server, posts=sites.POSTS[:2])
    sites.bulletins_toml(sources_dir, server.url)
    refresh(wh, sources_dir=sources_dir)
    assert set(releases(wh)) == {"4512001", "4512002"}
    sites.install_bulletins(server)
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert outcome.releases_added == 1 and set(releases(wh)) == {p.post_id for p in sites.POSTS}
    assert len(server.hits("/tjkx185/content/post_4512001.html")) == 1
