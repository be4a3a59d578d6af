"""Guangdong statistics bureau 统计快讯: list pages -> unseen posts -> one release per post."""

from __future__ import annotations

import hashlib

from tracker.extract import extract_figures, figures_frame
from tracker.sources.config import Param
from tracker.sources.context import Context, Release
from tracker.sources.http import snippet
from tracker.sources.periods import title_period
from tracker.sources.webpage import Link, decode, post_links, read_post

PARAMS = {
    "base_url": Param(str, doc="scheme and host, e.g. https://stats.gd.gov.cn"),
    "list_path": Param(str, "/tjkx185/", "the column's folder; pages index.html, index_2.html..."),
    "post_pattern": Param(str, r"/content/post_(?P<id>\d+)\.html$",
                          "regex on a post's absolute URL with a (?P<id>...) group"),
    "max_pages": Param(int, 3, "list pages to walk at most per run"),
    "content_ids": Param(list, ["zoom", "article-content", "zw", "TRS_Editor"],
                         "id or class of the element that holds the article text"),
    "region": Param(str, "440000", "region the bulletins speak about"),
    "publisher": Param(str, "广东省统计局", "publisher recorded on each release"),
    "grade": Param(str, "A", "provenance grade of the releases"),
}


def run(ctx: Context) -> None:
    """Load the posts not yet held, read their figures, save one release per post."""
    links = new_posts(ctx, ctx.seen("post_id"))
    ctx.save([load_post(ctx, link) for link in reversed(links)])


def new_posts(ctx: Context, seen: set[str]) -> list[Link]:
    """Walk the list pages, newest first, until a page holds a post already seen."""
    p = ctx.spec.params
    fresh: list[Link] = []
    for number in range(1, p["max_pages"] + 1):
        name = "index.html" if number == 1 else f"index_{number}.html"
        url = f"{p['base_url']}/{p['list_path'].strip('/')}/{name}"
        page = ctx.client.get(url) if number == 1 else ctx.client.get_if_exists(url)
        if page is None:
            break
        links = post_links(decode(page.content, page.headers.get("content-type", "")),
                           page.final_url, p["post_pattern"])
        if not links:
            raise ctx.client.fail(url, f"a page with no links to posts: {snippet(page.content)!r}",
                                  "The list page changed shape or is an error page; check it "
                                  "in a browser and update params.post_pattern.")
        unseen = [link for link in links if link.post_id not in seen]
        fresh += unseen
        if len(unseen) < len(links):
            break
    return fresh


def load_post(ctx: Context, link: Link) -> Release:
    """Fetch one post and turn it into a release of the figures its text states."""
    p = ctx.spec.params
    page = ctx.client.get(link.url)
    post = read_post(decode(page.content, page.headers.get("content-type", "")),
                     tuple(p["content_ids"]))
    published = post.published or link.date
    if published is None or not post.text:
        raise ctx.client.fail(link.url, f"a page without 发布日期 or an article container "
                              f"{p['content_ids']}: {snippet(page.content)!r}",
                              "The post is an error page or changed shape (see "
                              "params.content_ids); nothing was appended.")
    title = post.title or link.text
    text = post.text.encode("utf-8")
    figures = figures_frame(extract_figures(text, published, region=p["region"]))
    period = title_period(title)
    meta = ctx.meta(
        title, published, page, url_main=link.url, post_id=link.post_id,
        title_period=period.as_dict() if period else None,
        # Quote offsets index this text (the article body), not the raw HTML.
        text_sha256=hashlib.sha256(text).hexdigest(),
    )
    return Release(meta, figures, page.content)
