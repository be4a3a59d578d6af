"""Decoded text -> the analysis text: markup stripped, OCR line breaks joined, widths unified.

The analysis text differs from the decoded text (tags and stray whitespace go, full-width
characters become half-width), so `Clean.span` maps an analysis span back to the exact span of
the decoded text it came from (see clean.py). Paragraph breaks are "\\n" in the analysis text:
HTML block tags, and in plain text the line breaks lines.py decides end a paragraph; the cells
of a table row are separated by "\\t" on one line.
"""

from __future__ import annotations

import html
import re

from tracker.extract.clean import CELL, HARD, SOFT, Builder, Clean
from tracker.extract.decode import Decoded
from tracker.extract.lines import Continues, HeaderCell, Joins, join_lines

_HTML_TOKEN = re.compile(
    r"<!--.*?-->|<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|<![^>]*>|<\?[^>]*>"
    r"|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\d*);|\s+",
    re.S,
)
_BLOCK_TAGS = frozenset([
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5",
    "h6", "title", "section", "article", "header", "footer", "nav", "hr", "dd", "dt", "dl",
    "blockquote", "pre", "aside", "main", "form", "option", "body", "head", "html", "tbody",
    "thead",
])
# The cells of a table row stay on one line, separated by "\t", so a row can be read as one.
_CELL_TAGS = frozenset(["td", "th"])
# Lines and paragraphs inside a cell break its text, not the row; a row or table tag ends it.
_IN_CELL = frozenset(["br", "p", "div", "span"])
_ROW_TAGS = frozenset(["tr", "table", "tbody", "thead"])

def normalize(decoded: Decoded, joins: Joins | None = None,
              header_cell: HeaderCell | None = None, continues: Continues | None = None
              ) -> Clean:
    """The analysis text of a decoded document (HTML stripped when it is a page).

    `joins(before, after)` says whether a known word runs across a line break between the
    two texts; a break that looks like a heading's end is kept unless it does.
    `header_cell(line)` says whether a line is a table header's cell, so that a table
    flattened one cell a line reads as rows (see celllines.py). `continues(line)` says whether a
    line goes on with the one before it, so a post's short lines read as one statement."""
    builder = Builder(decoded.text, decoded.is_html)
    if decoded.is_html:
        _strip_html(decoded.text, builder)
    else:
        join_lines(decoded.text, builder, joins, header_cell, continues)
    return builder.finish(decoded.text)


def _strip_html(text: str, out: Builder) -> None:
    pos = 0
    in_cell = False  # between <td> and </td>: "本月止<br>累计" is one header cell
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
                in_cell = not m.group(2)
            elif in_cell and name in _IN_CELL:
                out.space(m.start(), m.end(), SOFT)
            elif name in _BLOCK_TAGS or m.group(1):
                in_cell = in_cell and name not in _ROW_TAGS
                out.space(m.start(), m.end(), HARD)
        else:
            out.space(m.start(), m.end(), SOFT)
    if pos < len(text):
        out.text(text[pos:], pos)


