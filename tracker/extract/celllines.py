"""Tables flattened one cell a line, as PDF and OCR text gives them, found so they read as rows.

    产品名称 / 单位 / 产量 / 比上年增长(%) / 汽车 / 万辆 / 413.52 / 22.4 / ...

A block opens with the row column's header (指标, 产品名称, 地区), then header cells that say
what a column holds (`header_cell`: 单位, a period, a growth, a level); their count is the
table's width. Each following group of that many lines is a row while it looks like one: a
short name, then short cells with no sentence punctuation. `cell_breaks` returns, for the end
of each cell line, whether the break after it separates cells or ends a row.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from tracker.lexicon import lexicon
from tracker.periods import PERIOD

CELL, ROW = 1, 2
_ROW_HEADS = frozenset(lexicon().words("indicator", "tables") + lexicon().words("regions",
                                                                               "tables"))
_NAME = 20  # characters: the longest row name
_CELL = 14  # characters: the longest value or unit cell
_PROSE = re.compile(r"[,，。;；:：!！?？]")
_NUMERIC = re.compile(r"[-+]?[\d\s,.]+%?")
_SPACES = re.compile(r"[\s\u3000]+")
_LEADING = re.compile(r"^(?:其中[:：]|#)")  # a sub-item's mark before its name
_PERIOD = re.compile(PERIOD)
_UNIT_ONLY = re.compile(r"[(（][^()（）\s]{1,6}[)）]")  # a header's unit alone: "（%）"
_BROKEN_NUMBER = re.compile(r"[-+]?\d+\.")  # a number broken after its point: "502."
_STRIP = 3  # periods: the fewest a line of them needs to head a strip of values


def cell_breaks(text: str, header_cell: Callable[[str], bool]) -> dict[int, int]:
    """Offset of the end of each cell line of a flattened table -> CELL or ROW. A blank line
    may be an empty cell ("312.46" / "" / "6.1": no figure for last year): its offset, inside
    the gap between two cell lines, is marked too when reading blanks as cells reads more
    rows."""
    lines = _lines(text)
    blanks = _lines(text, keep_blank=True)
    at = {end: n for n, (_, end) in enumerate(blanks) if blanks[n][0]}  # line end -> index
    breaks: dict[int, int] = {}
    i = 0
    while i < len(lines):
        if _SPACES.sub("", lines[i][0]) not in _ROW_HEADS:  # "地　区" spaced out
            i += 1
            continue
        head, j = _header(lines, i, header_cell)
        width = len(head)
        k = _rows_end(lines, j, width)
        after = at[lines[j - 1][1]] + 1
        if k == j and width > 3 and head[-1] == lines[j - 1] \
                and _rows_end(blanks, after, width) == after:
            # The first row's name read as a header's ("营业收入(亿元)" heads a column of
            # revenue; "规模以上工业增加值(亿元)" opens the row under "指标 | 11月 | …").
            head, j = head[:-1], j - 1
            width -= 1
            k = _rows_end(lines, j, width)
        start = at[lines[j - 1][1]] + 1  # the header's end among the lines with blanks
        k_blank = _rows_end(blanks, start, width)
        if width < 3 or (k == j and k_blank == start):
            i += 1
            continue
        if i > 0:
            breaks[lines[i - 1][1]] = ROW  # the header opens a line: a caption above stays apart
        if k_blank - start > k - j:
            _mark_rows(breaks, head + blanks[start:k_blank], width)
            i = next((n for n, (_, end) in enumerate(lines) if end > blanks[k_blank - 1][1]),
                     len(lines))
            continue
        _mark_rows(breaks, head + lines[j:k], width)
        i = k
    return breaks


def _header(lines: list[tuple[str, int]], i: int, header_cell: Callable[[str], bool]
            ) -> tuple[list[tuple[str, int]], int]:
    """The cells of the header opening at lines[i] and the index of the line after it. A
    cell's unit may stand on the next line ("比上年增长" / "（%）"): one cell, ending there."""
    head, j = [lines[i]], i + 1
    while j < len(lines) and header_cell(lines[j][0]):
        if j + 1 < len(lines) and _UNIT_ONLY.fullmatch(lines[j + 1][0]):
            head.append((lines[j][0] + lines[j + 1][0], lines[j + 1][1]))
            j += 2
        else:
            head.append(lines[j])
            j += 1
    return head, j


def _rows_end(lines: list[tuple[str, int]], k: int, width: int) -> int:
    """Where the rows of a flattened table that start at lines[k] end."""
    while k + width <= len(lines) and _is_row([cell for cell, _ in lines[k:k + width]]):
        k += width
    return k


def spaced_breaks(text: str, header_cell: Callable[[str], bool]) -> dict[int, int]:
    """The same for a table whose cells a PDF's text separates by single spaces, a row
    perhaps wrapped onto two lines ("产品名称 单位 产量 比上年增长(%)" / "汽车 万辆 570.74 8.9" /
    "其中：新能源汽车" / "万辆 361.78 43.0"): offset of the end of each cell -> CELL or ROW."""
    lines = _lines(text)
    breaks: dict[int, int] = {}
    i = 0
    while i < len(lines):
        if (lines[i][0].split(maxsplit=1) or [""])[0] not in _ROW_HEADS:
            i += 1  # the common case, decided without splitting the line
            continue
        head = _cells(*lines[i])
        if (len(head) < 2 or head[0][0] not in _ROW_HEADS
                or not all(header_cell(cell) for cell, _ in head[1:])):
            i += 1
            continue
        width, k = len(head), i + 1
        stream: list[tuple[str, int]] = []
        if k < len(lines) and all(_UNIT_ONLY.fullmatch(c) for c in lines[k][0].split()):
            # The units of the header's last cells wrapped onto a line of their own ("（%）
            # （%）"): a row of its own, no data.
            _mark_rows(breaks, head, width)
            breaks[lines[k][1]] = ROW
            k += 1
            head = []
        while k < len(lines) and not _PROSE.search(_LEADING.sub("", lines[k][0])) \
                and len(lines[k][0]) <= _NAME + width * _CELL:
            cells = _mended(_cells(*lines[k]))
            if len(stream) % width == 0 and len(cells) == 1 and k + 1 < len(lines) \
                    and not _NUMERIC.fullmatch(cells[0][0]) \
                    and len(_mended(_cells(*lines[k + 1]))) == width:
                cells = []  # a row's name wrapped ("房间空气调节" / "器 万台 9512.7 8.3")
            stream += cells
            k += 1
        rows = 0
        while (rows + 1) * width <= len(stream) and _is_row(
                [cell for cell, _ in stream[rows * width:(rows + 1) * width]]):
            rows += 1
        _mark_rows(breaks, head + stream[:rows * width], width)
        i = k if rows else i + 1
    return breaks


def strip_breaks(text: str) -> dict[int, int]:
    """The same for a chart's series written out as a line of periods over a line of values
    ("1-2月　1-3月　…　1-9月" / "2.1　2.8　…　5.1"), the caption above naming what they
    measure: each line one row."""
    lines = _lines(text)
    breaks: dict[int, int] = {}
    for (line, end), (values, values_end) in itertools.pairwise(lines):
        if not _PERIOD.match(line):
            continue  # the common case, decided without splitting the line
        periods, cells = _cells(line, end), _cells(values, values_end)
        if len(periods) >= _STRIP and len(cells) == len(periods) \
                and all(_PERIOD.fullmatch(c) for c, _ in periods) \
                and all(_NUMERIC.fullmatch(c) for c, _ in cells):
            _mark_rows(breaks, periods + cells, len(periods))
    return breaks


def _mark_rows(breaks: dict[int, int], cells: list[tuple[str, int]], width: int) -> None:
    """Mark the end of each cell: the last of every `width` ends a row."""
    for n, (_, end) in enumerate(cells):
        breaks[end] = ROW if (n + 1) % width == 0 else CELL


def _mended(cells: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """A line's cells with a number a stray space broke ("502. 18") as one cell."""
    out: list[tuple[str, int]] = []
    for cell in cells:
        if out and _BROKEN_NUMBER.fullmatch(out[-1][0]) and cell[0].isdigit():
            out[-1] = (out[-1][0] + cell[0], cell[1])
        else:
            out.append(cell)
    return out


def _cells(line: str, end: int) -> list[tuple[str, int]]:
    """A line's cells split at spaces, each with the offset where it ends."""
    start = end - len(line)
    return [(m.group(), start + m.end()) for m in re.finditer(r"\S+", line)]


def _lines(text: str, keep_blank: bool = False) -> list[tuple[str, int]]:
    """The non-blank lines of text (all, with `keep_blank`), stripped, each with the offset
    where its text ends (a blank line's: where it starts)."""
    out = []
    pos = 0
    for line in text.split("\n"):
        body = line.strip()
        bar = body[-1:] in ("|", "｜")
        if bar:
            body = body[:-1].rstrip()  # "41.06 |": a cell line's border, not its text
        if body or bar or keep_blank:  # a bar alone ("|"): an empty cell
            out.append((body, pos + len(line.rstrip())))
        pos += len(line) + 1
    return out


def _is_row(group: list[str]) -> bool:
    name, rest = _LEADING.sub("", group[0]), group[1:]
    if rest and not any(rest) and 0 < len(name) <= _NAME and not _NUMERIC.fullmatch(name):
        # "在总计中: |" over empty cells ("|"): a heading of the rows below it, a row of none.
        return not _PROSE.search(name.rstrip(":："))
    if not name or len(name) > _NAME or _NUMERIC.fullmatch(name) or _PROSE.search(name):
        return False
    # "104,183.62": a thousands separator is no clause's comma.
    return all(len(c) <= _CELL and (_NUMERIC.fullmatch(c) or not _PROSE.search(c))
               for c in rest) and any(
        _NUMERIC.fullmatch(c) for c in rest)
