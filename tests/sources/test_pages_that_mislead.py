"""Pages that mislead (issue 14): a charset label that lies, a post that yields no figures, a
portal answer with a renamed field or no data, and real bulletins in a layout no source was
configured for, all against the replay server on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from replay import sites
from replay.server import ReplayServer, Reply

from tracker.schedule import refresh
from tracker.warehouse import Warehouse

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
# Three real provincial bulletins whose article sits in a container (div.article,
# div.content) outside the default params.content_ids, their date in 发布时间.
LAYOUTS = {
    "4600001": ("bulletin_2025_h1_gb18030.html", "2025年上半年广东规模以上工业生产情况",
                "2025-07-18"),
    "4600002": ("blind8_gdstats_q3_2025_gdp_industry.html", "2025年前三季度广东经济运行情况",
                "2025-10-24"),
    "4600003": ("blind9_gdstats_2025_05_industry.html",
                "2025年1—5月广东规模以上工业生产情况", "2025-06-18"),
}


def _post_path(post: sites.Post) -> str:
    return f"/tjkx185/content/post_{post.post_id}.html"


def _figures(wh: Warehouse) -> set[tuple[str, str, str, object, float]]:
    frame = wh.sql("SELECT indicator, region, measure, period_end, value FROM observations")
    return set(frame.iter_rows())


@pytest.mark.parametrize(("header", "meta"), [("iso-8859-1", "utf-8"), ("iso-8859-1", "gbk"),
                                              (None, "gbk"), ("gbk", "gb2312")])
def test_a_utf8_post_under_a_lying_charset_label_reads_right(
        server: ReplayServer, wh: Warehouse, sources_dir: Path, header: str | None,
        meta: str) -> None:
    sites.install_bulletins(server)
    for post in sites.POSTS:
        page = sites.post_page(post, "utf-8").replace(b"charset=utf-8",
                                                      f"charset={meta}".encode())
        server.set(_post_path(post), Reply(200, page, {"Content-Type": "text/html" + (
            f"; charset={header}" if header else "")}))
    sites.bulletins_toml(sources_dir, server.url)
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert outcome.status == "succeeded", outcome.error
    assert outcome.releases_added == len(sites.POSTS)
    titles = set(wh.releases()["title"])
    assert titles == {p.title for p in sites.POSTS}  # no mojibake in what was kept
    assert outcome.added >= len(sites.POSTS) * 2


def test_a_post_with_no_figures_fails_the_run_and_is_fetched_again(
        server: ReplayServer, wh: Warehouse, sources_dir: Path) -> None:
    empty = sites.Post("4512009", "2024年12月统计快讯预告", "2024-12-25",
                       ("本月主要经济指标将于下月中旬发布，敬请关注。",))
    sites.install_bulletins(server, posts=(*sites.POSTS, empty))
    sites.bulletins_toml(sources_dir, server.url)
    (failed,) = refresh(wh, sources_dir=sources_dir)
    assert failed.status == "failed"
    assert "yields no figures" in (failed.error or "") and empty.post_id in failed.error
    assert wh.releases().is_empty()  # nothing marked seen
    # The site fixes the post: the next run fetches it again and takes it with the rest.
    fixed = sites.Post(empty.post_id, empty.title, empty.published,
                       ("1—11月，全省规模以上工业增加值同比增长4.4%。",))
    sites.install_bulletins(server, posts=(*sites.POSTS, fixed))
    (done,) = refresh(wh, sources_dir=sources_dir)
    assert done.status == "succeeded", done.error
    assert done.releases_added == len(sites.POSTS) + 1
    assert len(server.hits(_post_path(empty))) == 2


@pytest.mark.parametrize(("name", "data", "words"), [
    ("data empty", [], "no value of the pinned ids"),
    ("value renamed", [{"code": "202410MM", "values": [
        {"_id": sites.IVA_ID, "val": "4.3", "da": "440000000000"}]}], "'val'"),
    ("_id renamed", [{"code": "202410MM", "values": [
        {"indicatorId": sites.IVA_ID, "value": "4.3", "da": "440000000000"}]}],
     "'indicatorId'"),
])
def test_a_portal_answer_with_nothing_to_read_records_no_release(
        server: ReplayServer, wh: Warehouse, sources_dir: Path, name: str, data: object,
        words: str) -> None:
    sites.install_portal(server)
    server.set(sites.PORTAL_API + "stream/esData",
               Reply(200, sites.envelope(data), {"Content-Type": "application/json"}),
               method="POST")
    sites.portal_toml(sources_dir, server.url)
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert outcome.status == "failed"
    assert words in (outcome.error or "") and "no value of the pinned ids" in outcome.error
    assert wh.releases().is_empty()


def _serve_layouts(server: ReplayServer) -> None:
    posts = tuple(sites.Post(pid, title, day, ()) for pid, (_, title, day) in LAYOUTS.items())
    sites.install_bulletins(server, posts=posts, per_page=5)
    for post in posts:
        page = (CORPUS / LAYOUTS[post.post_id][0]).read_bytes()
        server.set(_post_path(post), Reply(200, page, {"Content-Type": "text/html"}))


def test_real_bulletins_in_a_layout_not_configured_are_read_by_their_densest_text(
        server: ReplayServer, wh: Warehouse, sources_dir: Path, tmp_path: Path) -> None:
    _serve_layouts(server)
    sites.bulletins_toml(sources_dir, server.url)
    (outcome,) = refresh(wh, sources_dir=sources_dir)
    assert outcome.status == "succeeded", outcome.error
    assert outcome.releases_added == 3
    releases = wh.releases()
    assert sorted(str(d) for d in releases["date_published"]) == sorted(
        day for _, _, day in LAYOUTS.values())
    assert {json.loads(e)["read_by"] for e in releases["extra"]} == {"densest text block"}
    # The same posts with their containers configured by hand give the same figures.
    configured = tmp_path / "configured"
    configured.mkdir()
    declaration = sites.bulletins_toml(configured, server.url)
    declaration.write_text(declaration.read_text(encoding="utf-8").replace(
        "max_pages = 5", 'max_pages = 5\ncontent_ids = ["article", "content"]'),
        encoding="utf-8")
    by_hand = Warehouse(tmp_path / "hand" / "tracker.duckdb", read_only=False)
    by_hand.init()
    (manual,) = refresh(by_hand, sources_dir=configured)
    assert manual.status == "succeeded", manual.error
    assert {json.loads(e)["read_by"] for e in by_hand.releases()["extra"]} == {
        "container article", "container content"}
    assert _figures(wh) == _figures(by_hand)
    assert len(_figures(wh)) >= 10
    assert pl.Series(releases["observations"]).min() > 0
