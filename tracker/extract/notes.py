"""Notes and changes of method: what a release says about how its figures were counted.

A note (注:, 附注) under a table or at the end of a bulletin states no figure of its own; one
that names a change of method ("自2025年起汽车（含新能源汽车）产量按生产地口径统计，与上年
不可比") marks the table above it as a break in the series (status B) for the subjects it
names. A sentence announcing such a change for a year (国家统计局自2025年起…不再按…) marks
the story's figures of those subjects in that year.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tracker.extract.figures import Figure
from tracker.lexicon import lexicon
from tracker.trie import trie

_FOOTNOTE = re.compile(rf"\s*(?:{trie(lexicon().words('footnotes'))})")
_NOTE_ITEM = re.compile(r"\s*(?:\d{1,2}[.、]|\(\d{1,2}\))")
_FIRST_ITEM = re.compile(r"(?:^|[:：\s])(?:1[.、]|\(1\))")  # a note's first item: 注:1.…
# Notes go on over lines broken inside a sentence and over numbered items ("注:" then
# "1.本公报…", "2.…"): matched at the last character of the note so far.
_NOTE_GOES_ON = re.compile(r"[^。.!?\n]\n|.\n\s*(?:\d{1,2}[.、]|\(\d{1,2}\))", re.S)


class Notes:
    """Where the note being read starts and ends, paragraph by paragraph."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.start: int | None = None  # the note (or note item) being read, if any
        self.opened = 0  # where the note being read opened (注:), before its first item
        self.end = 0
        self.numbered = False  # the note numbers its items (注:1.…)

    def take(self, para: str, start: int, end: int) -> bool:
        """Whether the paragraph text[start:end] belongs to a note; if so, the note so far is
        text[self.start:self.end], from its own item ("2.固定资产投资统计起点…") if it has
        several."""
        if _FOOTNOTE.match(para):
            self.start = self.opened = start
            self.numbered = bool(_FIRST_ITEM.search(para))
        elif self.start is not None and (
                not _NOTE_GOES_ON.match(self.text, self.end - 1)
                or (_NOTE_ITEM.match(para) and not self.numbered
                    and not _FIRST_ITEM.match(para))):
            # A numbered line after a note that numbers no items ("注:…为初步核算数。" then
            # "2、规模以上工业生产") is the next section, not the note's item.
            self.start = None
        elif _FIRST_ITEM.match(para):
            self.numbered = True
        if self.start is None:
            return False
        if _NOTE_ITEM.match(para):
            self.start = start
        self.end = end
        return True


def first_year_of(named: set[str | None], since: int) -> Callable[[Figure], bool]:
    """Which figures a change of method counted from `since` breaks: those of its subjects
    in that year. The years after it are compared like with like again (与上年同口径相比)."""
    def broken(f: Figure) -> bool:
        return f.indicator in named and f.status == "A" and f.period_start.year == since
    return broken
