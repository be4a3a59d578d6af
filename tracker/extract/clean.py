"""The analysis text and its map back to the decoded text, and the builder that writes both.

The analysis text differs from the decoded text (tags and stray whitespace go, full-width
characters become half-width), so `Clean.span` maps an analysis span back to the exact span of
the decoded text it came from. Whitespace reaches the builder as a pending break of a level
(SOFT, CELL, HARD) resolved against the character that follows it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

SOFT, CELL, HARD = 0, 1, 2
_ALNUM = re.compile(r"[A-Za-z0-9０-９Ａ-Ｚａ-ｚ]")
# Pinyin that mirror sites print after characters they convert ("規(guī)模以上工業(yè)",
# "增長(cháng)3.1%"): no part of the text, dropped. A tone mark tells it from a bracketed
# Latin letter or abbreviation ("(a)", "(GDP)").
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = re.compile(rf"(?<=[\u4e00-\u9fff])[(（](?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]")
# Full-width digits too: the width translation happens after joining.
DIGIT = re.compile(r"[0-9０-９]")

WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
WIDTH.update({0x3000: 0x20, 0x2014: 0x2D, 0x2013: 0x2D, 0x2015: 0x2D, 0x2012: 0x2D,
               0x2212: 0x2D, 0x301C: 0x7E, 0x00A0: 0x20,
               # Corner brackets, as Hong Kong and Macao papers quote: 「十四五」 is “十四五”.
               0x300C: 0x201C, 0x300D: 0x201D, 0x300E: 0x201C, 0x300F: 0x201D})
# Emoji, arrows, dingbats and box drawing, as posts decorate their lines ("🏭 规上工业总产值…",
# "━━━"), read as spaces: marks that say nothing of the words around them. (Mapped here, not
# matched by the tokenizer: a character class that wide makes its every step slower.)
WIDTH.update({code: 0x20 for first, last in (
    (0x2190, 0x21FF), (0x2300, 0x23FF), (0x2500, 0x257F), (0x2600, 0x27BF), (0x2B00, 0x2BFF),
    (0xFE0F, 0xFE0F), (0x200D, 0x200D), (0x1F000, 0x1FAFF)) for code in range(first, last + 1)})
# Traditional characters read as their simplified forms (see data/traditional.tsv).
WIDTH.update({ord(trad): ord(simp) for trad, simp in (
    line.split("\t") for line in (Path(__file__).parent / "data" / "traditional.tsv")
    .read_text("utf-8").splitlines() if line and not line.startswith("#"))})


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


class Builder:
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
        pos = 0
        if "(" in text or "（" in text:
            for m in _PINYIN.finditer(text):
                if m.start() > pos:
                    self._emit(text[pos:m.start()], orig + pos, orig + m.start(), True)
                pos = m.end()
        if pos < len(text):
            self._emit(text[pos:], orig + pos, orig + len(text), True)

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
        elif DIGIT.match(self.last) and DIGIT.match(following):
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
