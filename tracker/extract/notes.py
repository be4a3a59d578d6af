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

from tracker.catalog import Catalog
from tracker.extract.figures import Figure
from tracker.lexicon import lexicon
from tracker.trie import trie

_NOTE_WHOLE = re.compile(trie(lexicon().words("note_whole")))
_NOTE_RELATED = re.compile(trie(lexicon().words("note_related")))
_NOTE_WITHHELD = re.compile(trie(lexicon().words("note_withheld")))
_NOTE_LOCAL = re.compile(trie(lexicon().words("note_local")))
_KIN = 4  # characters of a name two indicators share when one is the other's kin
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


def speaks_for_whole(text: str, start: int, end: int) -> bool:
    """Whether a note names the whole release ("本公报中…"): it speaks, for the subjects its
    items name, for every figure before it, not only the table above it."""
    return _NOTE_WHOLE.search(text, start, end) is not None


def note_statuses(parts: list[tuple[str, set[str | None]]], status_of: Callable[[str], str],
                  catalog: Catalog, own: str) -> dict[str, Callable[[Figure], bool]]:
    """Which figures a note gives another status, by status, from its parts (each with the
    indicators it names).

    A note under a table that names a change of method ("自2025年起汽车（含新能源汽车）产量按…
    口径统计，与上年不可比") marks the figures of the subjects it names as a break in the series
    (B); one that calls them preliminary ("地区生产总值…为初步核算数") or estimated ("R&D经费相关
    数据为预计数") marks them provisional (P) or estimated (E). Only the parts that say so count
    ("2.…自2025年起汽车产量按生产地统计,与以往年度数据不可比;新能源汽车产量增速按可比口径计算":
    cars, not NEVs); a part naming no subject ("本公报中数据均为初步统计数", under every
    bulletin) changes nothing, nor does one about a figure withheld ("…暂不公布"); one naming
    the cities ("各市…为初步核算数") speaks for theirs, not the release's own region's."""
    # status -> (indicator, whether only the figures of places other than the release's own)
    named: dict[str, set[tuple[str | None, bool]]] = {"B": set(), "P": set(), "E": set()}
    for text, subjects in parts:
        status = status_of(text)
        if status not in named or _NOTE_WITHHELD.search(text):
            continue
        if _NOTE_RELATED.search(text):
            subjects = _kin(subjects, catalog)
        local = _NOTE_LOCAL.search(text) is not None
        named[status] |= {(code, local) for code in subjects}

    def spoken_for(status: str) -> Callable[[Figure], bool]:
        return lambda f: (f.indicator, False) in named[status] \
            or ((f.indicator, True) in named[status] and f.region != own)

    return {"B": spoken_for("B"),
            "P": lambda f: spoken_for("P")(f) and f.status == "A",
            # An estimate is the more particular word: it holds over a preliminary note.
            "E": lambda f: spoken_for("E")(f) and f.status in ("A", "P")}


def _kin(named: set[str | None], catalog: Catalog) -> set[str | None]:
    """The indicators named and those whose names open with the same words (研究与试验发展
    经费支出 -> …经费投入强度; 规模以上工业增加值 -> 规模以上工业营业收入)."""
    stems = {catalog.indicators[c].name_zh[:_KIN] for c in named if c}
    return named | {c for c, ind in catalog.indicators.items() if ind.name_zh[:_KIN] in stems}
