"""Guangdong statistics bureau 统计快讯: list pages -> new posts, and recent posts re-checked.

The bureau corrects posts in place (4.3% edited to 4.4%) and keeps the original 发布日期, so
posts held for less than `recheck_days` are fetched again, conditionally where the site allows.
An edited article text becomes a new release dated the day the edit was seen, naming the
release it corrects: its changed figures are new vintages and earlier as-of answers stand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import replace

from tracker import clock
from tracker.extract import extract_figures, figures_frame
from tracker.periods import title_period
from tracker.sources.config import Param
from tracker.sources.context import Context, Held, Release
from tracker.sources.http import Fetched, Missing, snippet
from tracker.sources.webpage import Link, Page, decode, post_links, read_post

log = logging.getLogger("tracker.sources.bulletins")

PARAMS = {
    "base_url": Param(str, doc="scheme and host, e.g. https://stats.gd.gov.cn"),
    "list_path": Param(str, "/tjkx185/", "the column's folder; pages index.html, index_2.html..."),
    "post_pattern": Param(str, r"/content/post_(?P<id>\d+)\.html$",
                          "regex on a post's absolute URL with a (?P<id>...) group"),
    "max_pages": Param(int, 3, "list pages to walk at most per run"),
    "content_ids": Param(list, ["zoom", "article-content", "zw", "TRS_Editor"],
                         "id or class of the element that holds the article text"),
    "recheck_days": Param(int, 90, "re-check posts for corrections until this many days after "
                          "their 发布日期 (0: never)"),
    "region": Param(str, "440000", "region the bulletins speak about"),
    "publisher": Param(str, "广东省统计局", "publisher recorded on each release"),
    "grade": Param(str, "A", "provenance grade of the releases"),
}


def run(ctx: Context) -> None:
    """Load the posts not yet held and the corrections of recent ones; save one release each."""
    held = ctx.held("post_id")
    fresh = [load_post(ctx, link) for link in reversed(new_posts(ctx, set(held)))]
    window = dt.timedelta(days=ctx.spec.params["recheck_days"])
    recent = [(key, h) for key, h in held.items() if clock.today() - page_date(h) < window]
    ctx.save(fresh + [c for key, h in recent if (c := recheck(ctx, key, h))])


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
        links = post_links(decode(page.content, page.headers.get("content-type", ""), url),
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
    page = ctx.client.get(link.url)
    post, published = read(ctx, link.url, page, link.date, link.text)
    return release(ctx, page, post, link.url, link.post_id, published, published)


def recheck(ctx: Context, post_id: str, held: Held) -> Release | None:
    """The held post fetched again: a correcting release if its article text changed."""
    try:
        page = ctx.client.get_if_changed(held.url, held.extra["fetch"].get("headers", {}))
    except Missing:  # taken down: what was held stays (`tracker withdraw` if it must go)
        log.warning("source %s: post %s is gone (%s); kept as held", ctx.spec.id, post_id,
                    held.url)
        return None
    if page is None:  # 304 Not Modified
        return None
    post, shown = read(ctx, held.url, page, page_date(held), held.title)
    if sha256(post.text) == held.extra.get("text_sha256"):
        return None  # the page changed around the article (a view counter), not the article
    return release(ctx, page, post, held.url, post_id, clock.today(), shown,
                   corrects=held.release_id)


def read(ctx: Context, url: str, page: Fetched, date: dt.date | None,
         title: str) -> tuple[Page, dt.date]:
    """The post's text, title (else `title`) and 发布日期 (else `date`); error pages fail.

    The text is the configured container's (params.content_ids) or, in a layout not seen
    before, the page's densest block of text; the release records which (`read_by`).
    """
    ids = tuple(ctx.spec.params["content_ids"])
    post = read_post(decode(page.content, page.headers.get("content-type", ""), url), ids)
    post = replace(post, title=post.title or title)
    published = post.published or date
    if published is None or not post.text:
        raise ctx.client.fail(url, f"a page without 发布日期 or a block of article text: "
                              f"{snippet(page.content)!r}", "The post is an error page or "
                              "changed shape (see params.content_ids); nothing was appended.")
    if post.read_by == "densest text block":
        log.warning("source %s: %s has no container %s; read its densest text block",
                    ctx.spec.id, url, list(ids))
    return post, published


def release(ctx: Context, page: Fetched, post: Page, url: str, post_id: str, published: dt.date,
            page_published: dt.date, corrects: str | None = None) -> Release:
    """A post's figures as a release; periods like 去年 are read against the page's own date."""
    p = ctx.spec.params
    text = post.text.encode("utf-8")
    figures = figures_frame(extract_figures(text, page_published, region=p["region"]))
    if figures.is_empty():  # not held, so the next run fetches it again
        raise ctx.client.fail(url, f"a post whose text yields no figures ({post.read_by}: "
                              f"{' '.join(post.text.split())[:120]!r})", "The page may be "
                              "mis-encoded or laid out anew (see params.content_ids), or the "
                              "lexicon lacks its wording; nothing was appended, and the next "
                              "run fetches the post again.")
    period = title_period(post.title)
    meta = ctx.meta(
        post.title, published, page, url_main=url, post_id=post_id,
        title_period=period.as_dict() if period else None,
        # Quote offsets index this text (the article body), not the raw HTML.
        text_sha256=sha256(post.text), read_by=post.read_by,
        **({"corrects": corrects, "page_published": page_published.isoformat()}
           if corrects else {}),
    )
    return Release(meta, figures, page.content)


def page_date(held: Held) -> dt.date:
    """The 发布日期 the page itself shows (a correction's release is dated later)."""
    shown = held.extra.get("page_published")
    return dt.date.fromisoformat(shown) if shown else held.date_published


def sha256(text: str) -> str:
    """The identity of an article's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
