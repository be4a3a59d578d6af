"""Reading government web pages: charset, links to posts, title, 发布日期 and the article text.

The Guangdong statistics bureau serves UTF-8 on its newer pages and GBK/GB2312 on older ones,
over http and https, with relative or absolute links; these helpers take all of them.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "euc-cn"}
_DATE = r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
_PUBLISHED = re.compile(r"(?:发布日期|发布时间|日期)\s*[：:]\s*" + _DATE)
_SKIP = {"script", "style", "noscript", "head", "title"}
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "section", "article", "table"}


def decode(content: bytes, content_type: str = "") -> str:
    """Decode a page by its declared charset (header, then <meta>), else UTF-8, else GB18030."""
    declared = re.search(r"charset=([A-Za-z0-9_-]+)", content_type or "", re.IGNORECASE)
    name = declared.group(1) if declared else None
    if name is None and (meta := _CHARSET.search(content[:4096])):
        name = meta.group(1).decode("ascii")
    candidates = ["gb18030" if name and name.lower() in _GB else name, "utf-8", "gb18030"]
    for encoding in candidates:
        if not encoding:
            continue
        try:
            return content.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return content.decode("gb18030", "replace")


@dataclass(frozen=True)
class Link:
    """A link to a post on a list page: its absolute URL, post id, text and nearby date."""

    url: str
    post_id: str
    text: str
    date: dt.date | None


@dataclass(frozen=True)
class Page:
    """A post page reduced to what the ingester needs."""

    title: str
    published: dt.date | None
    text: str


class _Reader(HTMLParser):
    """Collects anchors, the <title>, <meta> fields and the visible text in one pass."""

    def __init__(self, content_ids: tuple[str, ...]) -> None:
        super().__init__(convert_charrefs=True)
        self.content_ids = content_ids
        self.anchors: list[tuple[str, str, int]] = []  # href, text, offset in text
        self.meta: dict[str, str] = {}
        self.title = ""
        self.parts: list[str] = []
        self.content_parts: list[str] = []
        self._skip = 0
        self._in_title = False
        self._href: str | None = None
        self._anchor: list[str] = []
        self._content_depth = 0  # >0 while inside the article's container element
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("meta",) and a.get("name"):
            self.meta[a["name"].lower()] = a.get("content", "")
        if tag in ("meta", "br", "img", "input", "link", "hr"):
            self._newline(tag)
            return
        self._depth += 1
        if tag in _SKIP:
            self._skip += 1
            self._in_title = self._in_title or tag == "title"
        marks = (a.get("id", ""), *a.get("class", "").split())
        if not self._content_depth and any(m in self.content_ids for m in marks if m):
            self._content_depth = self._depth
        if tag == "a":
            self._href, self._anchor = a.get("href", ""), []
        self._newline(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("meta", "br", "img", "input", "link", "hr"):
            return
        if tag in _SKIP and self._skip:
            self._skip -= 1
            self._in_title = self._in_title and tag != "title"
        if tag == "a" and self._href is not None:
            text = " ".join("".join(self._anchor).split())
            self.anchors.append((self._href, text, len("".join(self.parts))))
            self._href = None
        if self._content_depth and self._depth <= self._content_depth:
            self._content_depth = 0
        self._depth -= 1
        self._newline(tag)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._skip:
            return
        self.parts.append(data)
        if self._content_depth:
            self.content_parts.append(data)
        if self._href is not None:
            self._anchor.append(data)

    def _newline(self, tag: str) -> None:
        if tag in _BLOCK and not self._skip:
            self.parts.append("\n")
            if self._content_depth:
                self.content_parts.append("\n")


def _tidy(parts: list[str]) -> str:
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)


def post_links(html: str, page_url: str, pattern: str) -> list[Link]:
    """Links whose absolute URL matches `pattern` (with a `(?P<id>...)` group), in page order."""
    reader = _Reader(())
    reader.feed(html)
    reader.close()
    text = "".join(reader.parts)
    wanted = re.compile(pattern)
    links: dict[str, Link] = {}
    for href, label, offset in reader.anchors:
        url = urllib.parse.urljoin(page_url, href.strip())
        match = wanted.search(url)
        if not match or match.group("id") in links:
            continue
        nearby = re.search(_DATE, text[offset : offset + 80])
        links[match.group("id")] = Link(url, match.group("id"), label, _date(nearby))
    return list(links.values())


def read_post(html: str, content_ids: tuple[str, ...]) -> Page:
    """The title, 发布日期 and the article's text ("" when no container in `content_ids`)."""
    reader = _Reader(content_ids)
    reader.feed(html)
    reader.close()
    body = _tidy(reader.parts)
    text = _tidy(reader.content_parts)
    title = reader.meta.get("articletitle") or " ".join(reader.title.split())
    published = _date(_PUBLISHED.search(body)) or _date(
        re.search(_DATE, reader.meta.get("pubdate", ""))
    )
    return Page(title, published, text)


def _date(match: re.Match[str] | None) -> dt.date | None:
    if match is None:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
