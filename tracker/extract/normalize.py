"""Decoded text -> the analysis text: markup stripped, OCR line breaks joined, widths unified.

The analysis text differs from the decoded text (tags and stray whitespace go, full-width
characters become half-width), so `Clean.span` maps an analysis span back to the exact span of
the decoded text it came from. Paragraph breaks are "\\n" in the analysis text: HTML block tags,
and in plain text a line break after a sentence end, a numbered heading or the title line, or
one followed by a blank line and an indented line (a heading that ends without a stop, such as
"芯片：产量、产值“双提升”"); the cells of an HTML table row are separated by "\\t" on one line. Any
other whitespace is dropped (an OCR or layout break, even with blank lines, as in "规\\n\\n模以上")
unless it separates two Latin letters or a letter and a digit; between two digits it is OCR damage
inside one number ("4.4 1万亿元", "增长1\\n2.3%"), so the digits join.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from tracker.extract.celllines import CELL as FLAT_CELL
from tracker.extract.celllines import cell_breaks
from tracker.extract.decode import Decoded

_HTML_TOKEN = re.compile(
    r"<!--.*?-->|<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|<![^>]*>|<\?[^>]*>"
    r"|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\d*);|\s+",
    re.S,
)
_WS = re.compile(r"\s+")
# A scanned page's furniture on a line of its own, the page number ("— 3 —") or a running header
# ending in "第 2 页 共 3 页": part of the gap between two lines of the text it interrupts, so
# "增\n— 3 —\n长9.6%" is one word and a paragraph broken by a page is one paragraph.
_PAGE_GAP = re.compile(
    r"(?:(?<![^\n])[ \t\u3000]*(?:[-—–][ \t]*\d{1,3}[ \t]*[-—–]"
    r"|[^\n]*第[ \t]*\d{1,3}[ \t]*页[ \t]*(?:共[ \t]*\d{1,3}[ \t]*页)?)[ \t\u3000]*(?=\n|$)|\s)+")
_BLOCK_TAGS = frozenset([
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5",
    "h6", "title", "section", "article", "header", "footer", "nav", "hr", "dd", "dt", "dl",
    "blockquote", "pre", "aside", "main", "form", "option", "body", "head", "html", "tbody",
    "thead",
])
# The cells of a table row stay on one line, separated by "\t", so a row can be read as one.
_CELL_TAGS = frozenset(["td", "th"])
SOFT, CELL, HARD = 0, 1, 2
_LINE_ENDS = frozenset("。！？；：!?;:")
_SENTENCE_END = re.compile(r"[。！？!?]")
_INDENT = 2  # whitespace characters that open an indented paragraph
_SHORT_LINE = 30  # characters: a standalone line this short is a heading, not a broken line
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|附注|注[:：])")
# A list item's marker opening a line: the line before ended its own item.
_BULLET = re.compile(r"[ \t\u3000]*(?:[▶►▸·•●■◆▪]|\d{1,2}\.(?!\d))")
_ALNUM = re.compile(r"[A-Za-z0-9０-９Ａ-Ｚａ-ｚ]")
# Full-width digits too: the width translation happens after joining.
_DIGIT = re.compile(r"[0-9０-９]")

# A table drawn in plain text: a line of three or more cells split by bars, tabs or runs of
# spaces ("产品 | 产量 | 增长", "新能源汽车｜152.3万辆｜-2.6%"). It reads like an HTML row.
_CELL_SEP = re.compile(r"[ \t\u3000]*[|｜][ \t\u3000]*|(?<=\S)(?:[ \u3000]{2,}|\t)(?=\S)")
_BAR = re.compile(r"[|｜]")

# Whether a known word runs across a line break: (text before it, text after it) -> bool.
Joins = Callable[[str, str], bool]
_JOIN_REACH = 8  # characters either side of a break that a word across it is looked for in

WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
WIDTH.update({0x3000: 0x20, 0x2014: 0x2D, 0x2013: 0x2D, 0x2015: 0x2D, 0x2012: 0x2D,
               0x2212: 0x2D, 0x301C: 0x7E, 0x00A0: 0x20})


@dataclass(frozen=True)
class Clean:
    """Analysis text plus the piecewise map back to the decoded text."""

    text: str
    decoded: str
    _seg_norm: list[int]
    _seg_orig: list[int]
    _seg_orig_end: list[int]
    _seg_identity: list[bool]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the decoded text of the analysis span [start, end)."""
        return self._orig(start, first=True), self._orig(end - 1, first=False)

    def _orig(self, pos: int, first: bool) -> int:
        seg = bisect.bisect_right(self._seg_norm, pos) - 1
        if self._seg_identity[seg]:
            return self._seg_orig[seg] + pos - self._seg_norm[seg] + (0 if first else 1)
        return self._seg_orig[seg] if first else self._seg_orig_end[seg]


class _Builder:
    """Appends analysis text while recording where each piece came from."""

    def __init__(self, source: str, html_mode: bool) -> None:
        self.source = source
        self.html_mode = html_mode
        self.parts: list[str] = []
        self.size = 0
        self.last = ""
        self.seg_norm: list[int] = []
        self.seg_orig: list[int] = []
        self.seg_orig_end: list[int] = []
        self.seg_identity: list[bool] = []
        # (orig start, orig end, break): SOFT, CELL (a table cell boundary) or HARD
        self.pending: tuple[int, int, int] | None = None

    def _emit(self, text: str, orig: int, orig_end: int, identity: bool) -> None:
        self.seg_norm.append(self.size)
        self.seg_orig.append(orig)
        self.seg_orig_end.append(orig_end)
        self.seg_identity.append(identity)
        self.parts.append(text)
        self.size += len(text)
        self.last = text[-1]

    def text(self, text: str, orig: int) -> None:
        if self.pending is not None:
            self._resolve(text[0])
        self._emit(text, orig, orig + len(text), True)

    def char(self, char: str, orig: int, orig_end: int) -> None:
        if self.pending is not None:
            self._resolve(char)
        self._emit(char, orig, orig_end, False)

    def space(self, orig: int, orig_end: int, level: int) -> None:
        if self.pending is None:
            self.pending = (orig, orig_end, level)
        else:
            start, _, was = self.pending
            self.pending = (start, orig_end, max(was, level))

    def _resolve(self, following: str) -> None:
        assert self.pending is not None
        start, end, level = self.pending
        self.pending = None
        if not self.parts or self.last == "\n":
            return
        if level == HARD:
            self._emit("\n", start, end, False)
        elif level == CELL:
            self._emit("\t", start, end, False)
        elif _DIGIT.match(self.last) and _DIGIT.match(following):
            return
        elif _ALNUM.match(self.last) and _ALNUM.match(following):
            self._emit(" ", start, end, False)

    def finish(self, decoded: str) -> Clean:
        text = "".join(self.parts).translate(WIDTH)
        if not self.seg_norm:
            self._emit(" ", 0, 0, False)
            text = " "
        return Clean(text, decoded, self.seg_norm, self.seg_orig, self.seg_orig_end,
                     self.seg_identity)


def normalize(decoded: Decoded, joins: Joins | None = None,
              header_cell: Callable[[str], bool] | None = None) -> Clean:
    """The analysis text of a decoded document (HTML stripped when it is a page).

    `joins(before, after)` says whether a known word runs across a line break between the
    two texts; a break that looks like a heading's end is kept unless it does.
    `header_cell(line)` says whether a line is a table header's cell, so that a table
    flattened one cell a line reads as rows (see celllines.py)."""
    builder = _Builder(decoded.text, decoded.is_html)
    if decoded.is_html:
        _strip_html(decoded.text, builder)
    else:
        _join_lines(decoded.text, builder, joins, header_cell)
    return builder.finish(decoded.text)


def _strip_html(text: str, out: _Builder) -> None:
    pos = 0
    for m in _HTML_TOKEN.finditer(text):
        if m.start() > pos:
            out.text(text[pos:m.start()], pos)
        pos = m.end()
        token = m.group()
        if token[0] == "&":
            char = html.unescape(token)
            if char.isspace():
                out.space(m.start(), m.end(), SOFT)
            elif char != token:
                out.char(char, m.start(), m.end())
            else:
                out.text(token, m.start())
        elif token[0] == "<":
            name = (m.group(3) or m.group(1) or "").lower()
            if name in _CELL_TAGS:
                out.space(m.start(), m.end(), CELL)
            elif name in _BLOCK_TAGS or m.group(1):
                out.space(m.start(), m.end(), HARD)
        else:
            out.space(m.start(), m.end(), SOFT)
    if pos < len(text):
        out.text(text[pos:], pos)


def _table_lines(text: str) -> list[tuple[int, int]]:
    """The spans of the lines of `text` laid out as table rows."""
    spans = []
    start = 0
    for line in text.split("\n"):
        body = line.strip()
        # A line opening with a bar is a quote's margin ("| 广东…这三年"), unless it is a
        # row of a Markdown table, with bars between its cells ("| 汽车 | 万辆 | 42.17 |").
        if len(_CELL_SEP.findall(body)) >= 2 and (
                not _BAR.match(body) or len(_BAR.findall(body)) >= 3):
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _row_text(text: str, start: int, end: int, out: _Builder, row: bool) -> None:
    """Emit text[start:end]; in a table row, its bars are cell boundaries."""
    if not row:
        out.text(text[start:end], start)
        return
    pos = start
    for m in _BAR.finditer(text, start, end):
        if m.start() > pos:
            out.text(text[pos:m.start()], pos)
        out.space(m.start(), m.end(), CELL)
        pos = m.end()
    if end > pos:
        out.text(text[pos:end], pos)


def _join_lines(text: str, out: _Builder, joins: Joins | None,
                header_cell: Callable[[str], bool] | None) -> None:
    rows = _table_lines(text)
    flattened = cell_breaks(text, header_cell) if header_cell is not None else {}
    row_starts = [start for start, _ in rows]

    def row_at(i: int) -> bool:
        if not rows:
            return False
        k = bisect.bisect_right(row_starts, i) - 1
        return k >= 0 and rows[k][0] <= i <= rows[k][1]

    pos = 0
    line_start = 0
    first_line = True
    blank_before = True  # the line being read follows a blank line (or opens the text)
    for m in _PAGE_GAP.finditer(text):
        if m.start() > pos:
            _row_text(text, pos, m.start(), out, row_at(pos))
        pos = m.end()
        gap = m.group()
        hard = False
        if m.start() in flattened and "\n" in gap:
            # A table flattened one cell a line: the break is between cells or rows.
            line_start = m.start() + gap.rfind("\n") + 1
            out.space(m.start(), m.end(), CELL if flattened[m.start()] == FLAT_CELL else HARD)
            continue
        if rows and (row_at(m.start()) or row_at(m.end())):
            if "\n" in gap:
                line_start = m.start() + gap.rfind("\n") + 1
                out.space(m.start(), m.end(), HARD)
                continue
            if "\t" in gap or len(gap) > 1:
                out.space(m.start(), m.end(), CELL)
                continue
        if "\n" in gap:
            line = text[line_start:m.start()].strip()
            after = m.start() + gap.rfind("\n") + 1
            strong = bool(line) and (
                first_line
                or line.rstrip("”’\"'）)")[-1:] in _LINE_ENDS
                # A numbered heading stands on its own line; one that runs on into its
                # paragraph's sentences ("（一）…平稳。2025年，全省…工业增") is broken mid-word.
                or (bool(_HEADING.match(line)) and not _SENTENCE_END.search(line))
                or bool(_BULLET.match(text, after))
                # A bulleted line with no number and no stop is a section's title ("■ 机器人").
                or (bool(_BULLET.match(line)) and len(line) <= _SHORT_LINE
                    and not _SENTENCE_END.search(line) and not _DIGIT.search(line))
            )
            weak = bool(line) and (
                # A blank line, then a line indented as a paragraph: the line before was a
                # heading. OCR breaks a word with either, not with both.
                (gap.count("\n") > 1 and len(gap) - gap.rfind("\n") - 1 >= _INDENT)
                # A short line with blank lines on both sides ("集成电路：江苏领跑，广东第二"):
                # OCR breaks the long lines of a paragraph, not a line standing alone.
                or (gap.count("\n") > 1 and blank_before and len(line) <= _SHORT_LINE
                    and not _SENTENCE_END.search(line) and not _DIGIT.match(line[-1]))
            )
            # ...unless a word of the lexicon runs across the break ("全省研\n\n发经费支出"):
            # then it is a break inside that word, whatever the layout around it.
            hard = strong or (weak and not (joins is not None and joins(
                text[max(line_start, m.start() - _JOIN_REACH):m.start()],
                text[m.end():m.end() + _JOIN_REACH])))
            blank_before = gap.count("\n") > 1
            first_line = first_line and not line
            line_start = m.start() + gap.rfind("\n") + 1
        out.space(m.start(), m.end(), HARD if hard else SOFT)
    if pos < len(text):
        _row_text(text, pos, len(text), out, row_at(pos))
