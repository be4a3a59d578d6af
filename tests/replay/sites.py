"""Payloads in the real sites' formats, installed on a ReplayServer.

* The Guangdong statistics bureau's 统计快讯 column: list pages /tjkx185/index.html,
  index_2.html... linking posts /tjkx185/content/post_<id>.html (UTF-8 or GBK pages, absolute
  or relative links), each post with <meta name="ArticleTitle">, 发布日期, a view counter and a
  #zoom body; optionally ETag and Last-Modified validators, and posts corrected in place.
* The national data portal's JSON API under /dg/website/publicrelease/web/external/.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, replace
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from replay.server import ReplayServer, Reply

PORTAL_API = "/dg/website/publicrelease/web/external/"
ROOT_ID = "b5f9a3c1f0a44b51b6d3c1e3a4f0d7e2"
PARENT_ID = "6d1f0c1b8e2a4e7c9b5a3d2f1e0c9b8a"
CID = "8a4c2e6f0b1d4c3e9f7a5b2d1c0e6f3a"
IVA_ID = "f3c2a1b0e9d84c7b6a5f4e3d2c1b0a99"  # 规模以上工业增加值 累计增长
NEV_ID = "0e1d2c3b4a5f46e7d8c9b0a1f2e3d4c5"  # 新能源汽车产量 当期值


@dataclass(frozen=True)
class Post:
    """One 统计快讯 post."""

    post_id: str
    title: str
    published: str  # YYYY-MM-DD
    paragraphs: tuple[str, ...]
    edited: str | None = None  # YYYY-MM-DD of an in-place correction; 发布日期 stays


def corrected(post: Post, old: str, new: str, on: str) -> Post:
    """The post as the bureau corrects it: `old` edited to `new` on `on`, the date kept."""
    return replace(post, paragraphs=tuple(p.replace(old, new) for p in post.paragraphs),
                   edited=on)


POSTS = (
    Post("4512001", "2024年1-9月广东工业生产情况", "2024-10-21",
         ("1—9月，全省规模以上工业增加值同比增长4.0%。",
          "9月份，全省规模以上工业增加值同比增长3.2%。")),
    Post("4512002", "2024年1-10月广东工业生产情况", "2024-11-20",
         ("1—10月，全省规模以上工业增加值同比增长4.3%。",
          "1—10月，全省新能源汽车产量223.51万辆，同比增长31.3%。")),
    Post("4512003", "2024年1-11月广东经济运行简况", "2024-12-20",
         ("1—11月，全省规模以上工业增加值同比增长4.3%。",
          "1—11月，全省固定资产投资同比下降4.5%。")),
)

HTML_HEAD = ('<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" '
             'content="text/html; charset={charset}">\n')


def list_page(posts: list[Post], site: str, charset: str, absolute: bool) -> bytes:
    """A list page of the column, newest post first, as the site renders it."""
    items = []
    for post in posts:
        href = (f"{site}/tjkx185/content/post_{post.post_id}.html" if absolute
                else f"./content/post_{post.post_id}.html")
        items.append(f'<li><a href="{href}" target="_blank" title="{post.title}">{post.title}'
                     f'</a><span class="time">{post.published}</span></li>')
    html = (HTML_HEAD.format(charset=charset) + "<title>统计快讯 - 广东省统计局</title>\n"
            '<script>var x = "<a href=/tjkx185/content/post_1.html>";</script></head>\n<body>\n'
            '<div class="nav"><a href="/">首页</a> &gt; <a href="/tjkx185/">统计快讯</a></div>\n'
            '<div class="list"><ul>\n' + "\n".join(items) + "\n</ul></div>\n"
            '<div class="page"><script>createPageHTML(2, 0, "index", "html");</script></div>\n'
            "</body>\n</html>\n")
    return html.encode(charset)


def post_page(post: Post, charset: str, views: int = 1024) -> bytes:
    """A post as the site renders it: meta fields, a header line with 发布日期, the body."""
    body = "\n".join(f"<p>　　{p}</p>" for p in post.paragraphs)
    html = (HTML_HEAD.format(charset=charset)
            + f'<meta name="ArticleTitle" content="{post.title}">\n'
            f'<meta name="PubDate" content="{post.published} 16:30">\n'
            f"<title>{post.title} - 广东省统计局</title>\n</head>\n<body>\n"
            '<div class="nav"><a href="/">首页</a> &gt; 统计快讯</div>\n'
            f'<div class="article"><h1 class="title">{post.title}</h1>\n'
            f'<div class="info"><span>发布日期：{post.published}</span>'
            f"<span>来源：广东省统计局</span><span>浏览次数：{views}</span></div>\n"
            f'<div class="zw" id="zoom">\n{body}\n</div></div>\n'
            '<div class="footer">主办：广东省统计局 粤ICP备05070829号 电话：020-83133300</div>\n'
            "</body>\n</html>\n")
    return html.encode(charset)


def install_bulletins(server: ReplayServer, posts: tuple[Post, ...] = POSTS, per_page: int = 2,
                      charset: str = "utf-8", absolute: bool = True, views: int = 1024,
                      validators: tuple[str, ...] = ()) -> None:
    """The column with `posts` (oldest first) paginated `per_page` a page, newest first.

    `views` is the counter each post shows; `validators` ("etag", "last-modified") are the
    headers the posts carry, so that the server answers conditional GETs with 304.
    """
    newest = list(reversed(posts))
    pages = [newest[i : i + per_page] for i in range(0, len(newest), per_page)]
    mime = {"Content-Type": f"text/html; charset={charset}"}
    for n, page in enumerate(pages, start=1):
        name = "index.html" if n == 1 else f"index_{n}.html"
        server.set(f"/tjkx185/{name}", Reply(200, list_page(page, server.url, charset, absolute),
                                             mime))
    for post in posts:
        # GBK pages of the old templates declare their charset only in <meta>.
        headers = mime if charset == "utf-8" else {"Content-Type": "text/html"}
        page = post_page(post, charset, views)
        server.set(f"/tjkx185/content/post_{post.post_id}.html",
                   Reply(200, page, {**headers, **post_validators(post, page, validators)}))


def post_validators(post: Post, page: bytes, wanted: tuple[str, ...]) -> dict[str, str]:
    """An ETag naming the page's bytes and a Last-Modified at the post's latest edit."""
    changed = dt.datetime.fromisoformat(f"{post.edited or post.published}T16:30:00+08:00")
    headers = {"ETag": f'"{hashlib.sha256(page).hexdigest()[:16]}"',
               "Last-Modified": format_datetime(changed.astimezone(dt.UTC), usegmt=True)}
    return {k: v for k, v in headers.items() if k.lower() in wanted}


def envelope(data: Any, success: bool = True, message: str = "成功") -> bytes:
    """The portal's response envelope."""
    return json.dumps({"success": success, "state": 20000 if success else 50000,
                       "message": message, "data": data}, ensure_ascii=False).encode("utf-8")


def es_data(iva: dict[str, str], nev: dict[str, str]) -> bytes:
    """An esData answer: one block per period code, a value object per indicator."""
    blocks = []
    for code in sorted(set(iva) | set(nev), reverse=True):
        values = [
            {"_id": IVA_ID, "i_showname": "规模以上工业增加值_累计增长(%)",
             "value": iva.get(code, ""), "du_name": "%", "da": "440000000000", "da_name": "广东省"},
            {"_id": NEV_ID, "i_showname": "新能源汽车产量_当期值(万辆)", "value": nev.get(code, ""),
             "du_name": "万辆", "da": "440000000000", "da_name": "广东省"},
        ]
        blocks.append({"code": code, "name": f"{code[:4]}年{int(code[4:6])}月", "values": values})
    return envelope(blocks)


IVA = {"202409MM": "4.0", "202410MM": "4.3", "202411MM": "4.3", "202412MM": ""}
NEV = {"202409MM": "25.10", "202410MM": "27.83", "202411MM": "30.02", "202412MM": ""}


def install_portal(server: ReplayServer, iva: dict[str, str] = IVA,
                   nev: dict[str, str] = NEV, api: str = PORTAL_API) -> None:
    """The catalogue endpoints and esData for Guangdong's monthly industry table."""
    json_type = {"Content-Type": "application/json;charset=UTF-8"}
    tree = [{"_id": CID, "name": "工业", "isLeaf": True, "pid": PARENT_ID, "type": "catalog"},
            {"_id": "9c0b1a2d3e4f45a6b7c8d9e0f1a2b3c4", "name": "能源", "isLeaf": True,
             "pid": PARENT_ID, "type": "catalog"}]
    indicators = {"list": [{"_id": IVA_ID, "i_showname": "规模以上工业增加值_累计增长",
                            "du_name": "%", "catalogid": CID},
                           {"_id": NEV_ID, "i_showname": "新能源汽车产量_当期值",
                            "du_name": "万辆", "catalogid": CID}], "total": 2}
    server.set(f"{api}new/queryIndexTreeAsync", Reply(200, envelope(tree), json_type))
    server.set(f"{api}new/queryIndicatorsByCid", Reply(200, envelope(indicators), json_type))
    server.set(f"{api}stream/esData", Reply(200, es_data(iva, nev), json_type), method="POST")


def bulletins_toml(directory: Path, base_url: str, source_id: str = "gd_bulletins",
                   timeout: float = 2.0) -> Path:
    """A declaration of the bulletins source pointed at the replay server, with tiny waits."""
    path = directory / f"{source_id}.toml"
    path.write_text(f'''id = "{source_id}"
kind = "bulletins"
schedule = "30 10 * * *"
enabled = true
[params]
base_url = "{base_url}"
max_pages = 5
[fetch]
timeout = {timeout}
retries = 2
backoff = 0.01
min_interval = 0.0
''', encoding="utf-8")
    return path


def portal_toml(directory: Path, base_url: str, source_id: str = "nbs_portal",
                api_path: str = PORTAL_API, timeout: float = 2.0) -> Path:
    """A declaration of the portal source pointed at the replay server, with tiny waits."""
    path = directory / f"{source_id}.toml"
    path.write_text(f'''id = "{source_id}"
kind = "portal"
schedule = "0 11 * * *"
enabled = true
title = "国家数据 分省月度 广东省 工业"
[params]
base_url = "{base_url}"
api_path = "{api_path}"
root_id = "{ROOT_ID}"
parent_id = "{PARENT_ID}"
cid = "{CID}"
first = "202401"
last = "202412"
[[params.series]]
id = "{IVA_ID}"
indicator = "industrial_value_added"
measure = "yoy_pct"
unit = "%"
cumulative = true
[[params.series]]
id = "{NEV_ID}"
indicator = "nev_output"
measure = "level"
unit = "万辆"
[fetch]
timeout = {timeout}
retries = 2
backoff = 0.01
min_interval = 0.0
''', encoding="utf-8")
    return path
