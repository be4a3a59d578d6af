"""Plain text -> analysis text: which line breaks end a paragraph and which break a word.

A line break after a sentence end, a numbered heading, a bullet or the title line ends a
paragraph; so does one followed by a blank line and an indented line, or a short line standing
between blank lines (a heading that ends without a stop), unless a word of the lexicon runs
across the break ("研\\n\\n发经费支出"). Any other whitespace is dropped (an OCR or layout
break) unless it separates two Latin letters or a letter and a digit; between two digits it is
OCR damage inside one number ("4.4 1万亿元"), so the digits join. Page furniture (page numbers,
"第 2 页 共 3 页", a running header repeated on every page) is part of the gap it interrupts.
Table rows drawn with bars or runs of spaces keep their cells apart, and tables flattened one
cell a line are rebuilt into rows (see celllines.py).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from tracker.extract.celllines import CELL as FLAT_CELL
from tracker.extract.celllines import cell_breaks, spaced_breaks, strip_breaks
from tracker.extract.clean import CELL, DIGIT, HARD, SOFT, Builder
from tracker.lexicon import lexicon
from tracker.periods import DATE
from tracker.trie import trie

# A scanned page's furniture on a line of its own, the page number ("— 3 —") or a running header
# ending in "第 2 页 共 3 页": part of the gap between two lines of the text it interrupts, so
# "增\n— 3 —\n长9.6%" is one word and a paragraph broken by a page is one paragraph.
_PAGE_GAP = re.compile(
    r"(?:(?<![^\n])[ \t\u3000]*(?:[-—–][ \t]*\d{1,3}[ \t]*[-—–]"
    r"|[^\n]*第[ \t]*\d{1,3}[ \t]*页[ \t]*(?:共[ \t]*\d{1,3}[ \t]*页)?)[ \t\u3000]*(?=\n|$)|\s)+")
_PAGE_NUMBER = re.compile(r"[-—–][ \t]*\d{1,3}[ \t]*[-—–]|[^\n]*第[ \t]*\d{1,3}[ \t]*页.*")
_LINE_ENDS = frozenset("。！？；：!?;:")
_SENTENCE_END = re.compile(r"[。！？!?]")
_INDENT = 2  # whitespace characters that open an indented paragraph
_SHORT_LINE = 30  # characters: a standalone line this short is a heading, not a broken line
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|附注|注[:：])")
# A list item's marker opening a line: the line before ended its own item.
_BULLET = re.compile(r"[ \t\u3000]*(?:[▶►▸·•●■◆▪◇○★☆✅✔☑➤➢👉🔹🔸📌]|\d{1,2}\.(?!\d))")
# A table's or chart's caption opening a line ("表3  规模以上工业增加值（分月）").
_CAPTION_LINE = re.compile(r"[ \t\u3000]*[表图]\s*\d{1,2}(?!\d)\s*[^\d\s,，。;；]")
# A table drawn in plain text: a line of three or more cells split by bars, tabs, runs of
# spaces or an ideographic space ("产品 | 产量 | 增长", "新能源汽车｜152.3万辆｜-2.6%", a
# bulletin's PDF table "汽车　万辆　570.74　11.6"). It reads like an HTML row.
_CELL_SEP = re.compile(r"[ \t\u3000]*[|｜][ \t\u3000]*"
                       r"|(?<=\S)(?:[ \u3000]{2,}|\t|\u3000)(?=\S)")
_BAR = re.compile(r"[|｜]")
# A table's unit on a line of its own ("计量单位：亿元") between its caption and its header.
_UNIT_LINE = re.compile(rf"[ \t\u3000]*(?:{trie(lexicon().words('unit_line', 'tables'))})"
                        r"[ \t]*[:：][ \t]*[^\s:：]{1,8}[ \t\u3000]*(?=\n|$)")
# A heading's marks: a colon after its lead, or a quoted or bracketed title.
_TITLED = re.compile(r"[:：]|^[“\"【\[]")

_HEAD_MIN = 6  # characters: a running header is at least this long (not "注:" or "表1")
_REPEATS = 3  # times a line stands alone before it is a running header

# Whether a known word runs across a line break: (text before it, text after it) -> bool.
Joins = Callable[[str, str], bool]
# Whether one line, alone, is a table header's cell (see tables.header_cell).
HeaderCell = Callable[[str], bool]
# Whether a line goes on with what the line before it said ("达12317.45亿元", "增长5.4%"):
# it opens with a verb, a qualifier or a value, not with what a statement is about.
Continues = Callable[[str], bool]
_DATELINE = re.compile(rf"[ \t\u3000]*(?:{trie(lexicon().words('dateline', 'page'))})[ \t]*[:：]")
_DATE_LINE = re.compile(rf"[ \t\u3000]*{DATE}[ \t\u3000]*(?=\n|$)")
_YEAR_OPENS = re.compile(r"[ \t\u3000]*(?:19|20)\d{2}年")
_PUNCTUATED = re.compile(r"[,，。;；:：!！?？、]")
_JOIN_REACH = 8  # characters either side of a break that a word across it is looked for in

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


def _row_text(text: str, start: int, end: int, out: Builder, row: bool) -> None:
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


def _running_heads(text: str) -> list[tuple[int, int]]:
    """Spans of a running header's repeats: a short line without a stop that stands on its own
    at least three times (the title, then the top of each page; the first stays: it is the
    title), or twice, each time right under a page number ("— 2 —" then the header)."""
    seen: dict[str, list[tuple[int, int]]] = {}
    paged: dict[str, list[tuple[int, int]]] = {}
    pos = 0
    after_page = False
    for line in text.split("\n"):
        body = line.strip()
        if _HEAD_MIN <= len(body) <= _SHORT_LINE and not _SENTENCE_END.search(body):
            lead = len(line) - len(line.lstrip())
            span = (pos + lead, pos + lead + len(body))
            seen.setdefault(body, []).append(span)
            if after_page:
                paged.setdefault(body, []).append(span)
        pos += len(line) + 1
        if body:
            after_page = _PAGE_NUMBER.fullmatch(body) is not None
    return sorted({span for spans in seen.values() if len(spans) >= _REPEATS
                   for span in spans[1:]}
                  | {span for spans in paged.values() if len(spans) >= 2 for span in spans})


def _within(spans: list[tuple[int, int]], i: int) -> bool:
    k = bisect.bisect_right([start for start, _ in spans], i) - 1
    return k >= 0 and spans[k][0] <= i < spans[k][1]


def join_lines(text: str, out: Builder, joins: Joins | None,
               header_cell: HeaderCell | None, continues: Continues | None = None) -> None:
    rows = _table_lines(text)
    flattened = ({**strip_breaks(text), **spaced_breaks(text, header_cell),
                  **cell_breaks(text, header_cell)} if header_cell is not None else {})
    row_starts = [start for start, _ in rows]

    def row_at(i: int) -> bool:
        if not rows:
            return False
        k = bisect.bisect_right(row_starts, i) - 1
        return k >= 0 and rows[k][0] <= i <= rows[k][1]

    furniture = _running_heads(text)
    pos = 0
    line_start = 0
    first_line = True
    blank_before = True  # the line being read follows a blank line (or opens the text)
    line_end = 0  # where the last line of text (not furniture) ended
    stanza = False  # the line before was a short one, then a single line break
    for m in _PAGE_GAP.finditer(text):
        if m.start() > pos and _within(furniture, pos):
            out.space(pos, m.start(), SOFT)
        elif m.start() > pos:
            _row_text(text, pos, m.start(), out, row_at(pos))
            line_end = m.start()
        pos = m.end()
        gap = m.group()
        if _within(furniture, m.end()):
            # A running header next: the break is decided by the text after it.
            out.space(m.start(), m.end(), SOFT)
            continue
        hard = False
        if m.start() in flattened:
            # A table flattened one cell a line, or its cells split by spaces: the break is
            # between cells or rows.
            if "\n" in gap:
                line_start = m.start() + gap.rfind("\n") + 1
            # Blank lines inside the gap marked as cells are empty cells: a separator each.
            marks = [flattened[m.start()]] + [flattened[o] for o in range(m.start() + 1, m.end())
                                              if o in flattened]
            for o, mark in zip(range(m.start(), m.end()), marks[:-1], strict=False):
                out.char("\t" if mark == FLAT_CELL else "\n", o, o + 1)
            out.space(m.start() + len(marks) - 1, m.end(), CELL if marks[-1] == FLAT_CELL
                      else HARD)
            continue
        if rows and (row_at(m.start()) or row_at(m.end())):
            if "\n" in gap:
                line_start = m.start() + gap.rfind("\n") + 1
                out.space(m.start(), m.end(), HARD)
                continue
            if ("\t" in gap or "\u3000" in gap or len(gap) > 1) \
                    and not _letter_spaced(text, m.start(), m.end()):
                out.space(m.start(), m.end(), CELL)
                continue
        if "\n" in gap:
            line = text[line_start:line_end].strip()
            after = m.start() + gap.rfind("\n") + 1
            in_stanza, stanza = stanza, gap.count("\n") == 1 and _bare(line)
            strong = bool(line) and (
                line.rstrip("”’\"'）)")[-1:] in _LINE_ENDS
                # A numbered heading stands on its own line; one that runs on into its
                # paragraph's sentences ("（一）…平稳。2025年，全省…工业增") is broken mid-word.
                or (bool(_HEADING.match(line)) and not _SENTENCE_END.search(line))
                or bool(_BULLET.match(text, after)) or bool(_CAPTION_LINE.match(text, after))
                or bool(_UNIT_LINE.match(text, after)) or bool(_UNIT_LINE.fullmatch(line))
                or bool(_DATELINE.match(text, after)) or bool(_DATELINE.match(line))
                or bool(_DATE_LINE.match(text, after)) or bool(_DATE_LINE.fullmatch(line))
                # A bulleted line with no number and no stop is a section's title ("■ 机器人").
                or (bool(_BULLET.match(line)) and len(line) <= _SHORT_LINE
                    and not _SENTENCE_END.search(line) and not DIGIT.search(line))
            )
            weak = bool(line) and (
                first_line  # the title
                # A blank line, then a line indented as a paragraph: the line before was a
                # heading. OCR breaks a word with either, not with both.
                or (gap.count("\n") > 1 and len(gap) - gap.rfind("\n") - 1 >= _INDENT)
                # A short line with blank lines on both sides ("集成电路：江苏领跑，广东第二"):
                # OCR breaks the long lines of a paragraph, not a line standing alone.
                or (gap.count("\n") > 1 and blank_before and len(line) <= _SHORT_LINE
                    and not _SENTENCE_END.search(line) and not DIGIT.match(line[-1]))
                # ...or a short line ending in a rate, then a blank line: a headline's deck
                # ("今年目标增长4.5%至5%"); OCR breaks a rate before its %, not after it.
                or (gap.count("\n") > 1 and len(line) <= _SHORT_LINE and line.endswith("%"))
                # ...or a post's short line after another, then a blank line: the end of a
                # stanza ("达1.4万家" / "总数保持全省前列" / "" / "先进制造业…"). OCR breaks a
                # paragraph's long lines, not a run of short ones.
                or (gap.count("\n") > 1 and in_stanza and _bare(line))
                # ...or a titled line after a blank line, with an indented paragraph right
                # under it ("“成绩单”：总量连续37年居全国首位" then "　　报告显示，…").
                or (blank_before and len(line) <= _SHORT_LINE and not _SENTENCE_END.search(line)
                    and bool(_TITLED.search(line)) and len(gap) - gap.rfind("\n") - 1 >= _INDENT)
                # ...or a short line after a blank line, then a short line opening with a
                # year: a page's title over its table's caption ("工业增加值" / "2025年1-8月
                # 规模以上工业增加值"); a sentence broken there would not lack all punctuation.
                or (blank_before and _short_title(line) and bool(_YEAR_OPENS.match(text, after))
                    and _short_title(_line_at(text, after)))
            )
            # ...unless a word of the lexicon runs across the break ("全省研\n\n发经费支出"):
            # then it is a break inside that word, whatever the layout around it.
            # The lexicon is asked only where its answer decides the break, at most once a
            # line: it is the costly test.
            ends = (text[max(line_start, line_end - _JOIN_REACH):line_end],
                    text[m.end():m.end() + _JOIN_REACH])
            across = not strong and weak and joins is not None and joins(*ends)
            hard = strong or (weak and not across)
            if not hard and continues is not None and gap.count("\n") == 1 \
                    and _VALUE_END.search(line) and _stanza(line, text, m.end(), None) \
                    and not (across or (joins is not None and joins(*ends))):
                # "增长5.4%" / "规上工业增加值": a phrase ending in a figure, then the next.
                line_start = m.end()
                out.char(",", m.start(), m.end())
                continue
            if hard and continues is not None and gap.count("\n") == 1 \
                    and _stanza(line, text, m.end(), continues):
                # A post's short lines, one phrase each ("地区生产总值" / "达12317.45亿元" /
                # "增长5.4%"): one statement, its figures clauses of it.
                line_start = m.end()
                if DIGIT.search(line):
                    out.char(",", m.start(), m.end())
                else:
                    out.space(m.start(), m.end(), SOFT)
                continue
            blank_before = gap.count("\n") > 1
            stanza = stanza and not hard  # a heading's line opens no stanza
            first_line = first_line and not line
            line_start = m.start() + gap.rfind("\n") + 1
        out.space(m.start(), m.end(), HARD if hard else SOFT)
    if pos < len(text):
        _row_text(text, pos, len(text), out, row_at(pos))


_CJK = re.compile(r"[\u4e00-\u9fff]")
def _short_title(line: str) -> bool:
    """A line short enough and bare enough of punctuation to be a title or a caption."""
    return 0 < len(line) <= _SHORT_LINE and not _PUNCTUATED.search(line)


def _bare(line: str) -> bool:
    """A short line that ends with no punctuation, as a post's phrases do ("总数保持全省前列")."""
    return 0 < len(line) <= _SHORT_LINE and not _PUNCTUATED.match(line[-1]) \
        and not _SENTENCE_END.match(line[-1])


def _line_at(text: str, start: int) -> str:
    """The line of text that starts at `start`, stripped."""
    end = text.find("\n", start)
    return text[start:end if end >= 0 else len(text)].strip()


# A line ending in a figure: digits, then perhaps a percent sign or a unit of a few characters.
_VALUE_END = re.compile(r"\d(?:%|[\u4e00-\u9fff()（）]{1,5})?$")


def _stanza(line: str, text: str, after: int, continues: Continues | None) -> bool:
    """Whether the short line `line` and the short line at text[after:] are two phrases of
    one statement: neither ends a sentence and the second goes on with the first (when
    `continues` is given)."""
    following = _line_at(text, after)
    return (0 < len(line) <= _SHORT_LINE and 0 < len(following) <= _SHORT_LINE
            and line[-1] not in _LINE_ENDS and not _SENTENCE_END.search(line)
            and (continues is None or continues(following)))


def _letter_spaced(text: str, start: int, end: int) -> bool:
    """Whether the gap text[start:end] spaces out the letters of one header word ("产  量"):
    two spaces between two characters that each stand alone."""
    if end - start != 2 or text[start:end] != "  " or start < 2 or end + 1 > len(text):
        return False
    alone = (text[start - 2].isspace() and (end + 1 == len(text) or text[end + 1].isspace()))
    return alone and bool(_CJK.match(text[start - 1])) and bool(_CJK.match(text[end]))
