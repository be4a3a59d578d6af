"""Reading government web pages: charset, links to posts, title, 发布日期 and the article text.

The Guangdong statistics bureau serves UTF-8 on its newer pages and GBK/GB2312 on older ones,
over http and https, with relative or absolute links; these helpers take all of them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser

from tracker.extract.decode import decode as decode_text

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "euc-cn"}
# Single-byte charsets that decode any bytes at all, so a label naming one proves nothing.
_LATIN = {"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "us-ascii", "ascii"}
_DATE = r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
_PUBLISHED = re.compile(r"(?:发布日期|发布时间|日期)\s*[：:]\s*" + _DATE)
_SKIP = {"script", "style", "noscript", "head", "title"}
# Elements that hold blocks of text; the text inside each is credited to the nearest one, and
# the one credited most (links aside) is the article when no configured container is found.
_CONTAINERS = {"div", "td", "section", "article", "main", "body", "center"}
_VOID = {"meta", "br", "img", "input", "link", "hr"}
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "section", "article", "table"}


def decode(content: bytes, content_type: str = "", source: str = "page") -> str:
    """A page's text, whatever its label claims.

    Labels lie (a UTF-8 page served as charset=iso-8859-1 or with a GBK <meta>), bytes do not:
    text that decodes as strict UTF-8 is UTF-8, since Chinese in any other encoding almost
    never does. Otherwise a charset the label names other than the GB and Latin families is
    tried strictly; then GB18030 by tracker/extract/decode.py, which refuses mojibake (Big5
    read as GB), binary data and empty bodies with an InputError naming `source`.
    """
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = re.search(r"charset=([A-Za-z0-9_-]+)", content_type or "", re.IGNORECASE)
    name = declared.group(1) if declared else None
    if name is None and (meta := _CHARSET.search(content[:4096])):
        name = meta.group(1).decode("ascii")
    if name and name.lower() not in _GB | _LATIN:
        with contextlib.suppress(UnicodeDecodeError, LookupError):
            return content.decode(name)
    return decode_text(content, source).text


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
    read_by: str = ""  # how the text was found: "container #zoom", or "densest text block"


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
        self.found = ""  # the configured container met first
        # Open elements as (tag, index in `blocks`); blocks: [start, end) in parts, credit.
        self._open: list[tuple[str, int]] = []
        self.blocks: list[list[int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("meta",) and a.get("name"):
            self.meta[a["name"].lower()] = a.get("content", "")
        if tag in _VOID:
            self._newline(tag)
            return
        self._depth += 1
        self._open.append((tag, len(self.blocks)))
        self.blocks.append([len(self.parts), -1, 0])
        if tag in _SKIP:
            self._skip += 1
            self._in_title = self._in_title or tag == "title"
        marks = (a.get("id", ""), *a.get("class", "").split())
        if not self._content_depth and any(m in self.content_ids for m in marks if m):
            self._content_depth = self._depth
            self.found = self.found or next(m for m in marks if m in self.content_ids)
        if tag == "a":
            self._href, self._anchor = a.get("href", ""), []
        self._newline(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        # Unclosed elements (<p>, <li>) inside the one closing end with it.
        if any(t == tag for t, _ in self._open):
            while self._open:
                closed, index = self._open.pop()
                self.blocks[index][1] = len(self.parts)
                if closed == tag:
                    break
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
        if self._href is None:  # link text is navigation, not article
            holder = next((i for t, i in reversed(self._open) if t in _CONTAINERS), None)
            if holder is not None:
                self.blocks[holder][2] += len(data.strip())
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
    """The title, 发布日期 and the article's text: from the first element in `content_ids`,
    else from the densest block of text on the page (a layout not configured); "" if neither."""
    reader = _Reader(content_ids)
    reader.feed(html)
    reader.close()
    body = _tidy(reader.parts)
    text, read_by = _tidy(reader.content_parts), f"container {reader.found}"
    if not text:
        text, read_by = _densest(reader), "densest text block"
    title = reader.meta.get("articletitle") or " ".join(reader.title.split())
    published = _date(_PUBLISHED.search(body)) or _date(
        re.search(_DATE, reader.meta.get("pubdate", ""))
    )
    return Page(title, published, text, read_by if text else "")


def _densest(reader: _Reader, least: int = 40) -> str:
    """The text of the element credited with the most text of its own ("" below `least`)."""
    best = max(reader.blocks, key=lambda block: block[2], default=None)
    if best is None or best[2] < least:
        return ""
    start, end, _ = best
    return _tidy(reader.parts[start: end if end >= 0 else len(reader.parts)])


def _date(match: re.Match[str] | None) -> dt.date | None:
    if match is None:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
