"""English documents: telling them apart, their analysis text, and their sentences.

The Chinese analysis text drops the spaces between words that are not letters or digits, which
English needs ("4.0 percent, up", "intensity - spending as a share of GDP - at"): an English
document gets its own analysis text that keeps every space (tags still go in HTML).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tracker.extract.clean import CELL, HARD, WIDTH, Builder, Clean
from tracker.extract.decode import Decoded
from tracker.extract.english_words import english_words
from tracker.extract.normalize import _strip_html

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>|&\w+;", re.S | re.I)
_SAMPLE = 5_000  # characters: enough to tell the language, cheap on a large file
# Abbreviations whose full stop ends no sentence ("No. 1", "Jan. 23", "U.S. dollars").
_ABBREVIATIONS = frozenset(english_words()["words"]["abbreviations"])
_STOP = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(A-Z0-9]|\s*$)")
_LINE = re.compile(r"[^\n]+")


def is_english(text: str, html: bool = False) -> bool:
    """Whether a decoded text (a page's without its markup) is mostly Latin letters: an
    English-language release. It is judged on its start, middle and end, so that an English
    menu atop a Chinese page does not decide it."""
    windows = [text[:_SAMPLE]]
    if len(text) > 2 * _SAMPLE:
        middle = len(text) // 2
        windows += [text[middle:middle + _SAMPLE], text[-_SAMPLE:]]
    sample = " ".join(windows)
    if html:
        # A page's head may be all markup and script: read on until there is text enough.
        sample, end = _MARKUP.sub(" ", sample), _SAMPLE
        while len(sample) < _SAMPLE // 4 and end < len(text):
            sample, end = _MARKUP.sub(" ", text[:end * 4]), end * 4
    latin = len(_LATIN.findall(sample))
    return latin >= 20 and latin > 10 * len(_CJK.findall(sample))


class _SpacedBuilder(Builder):
    """A builder that keeps a space wherever the page had whitespace (a tab between the
    cells of a table row, so that the row is one line)."""

    def _resolve(self, following: str) -> None:
        assert self.pending is not None
        start, end, level = self.pending
        self.pending = None
        if not self.parts or self.last == "\n":
            return
        self._emit({HARD: "\n", CELL: "\t"}.get(level, " "), start, end, False)


def english_clean(decoded: Decoded) -> Clean:
    """The analysis text of an English document: plain text as it is (widths unified, which
    keeps every offset), a page with its tags stripped but its spaces kept."""
    if not decoded.is_html:
        text = decoded.text.translate(WIDTH)
        return Clean(text, decoded.text, [0], [0], [len(text)], [True])
    builder = _SpacedBuilder(decoded.text, True)
    _strip_html(decoded.text, builder)
    return builder.finish(decoded.text)


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Paragraph spans: lines, a line that breaks off mid-sentence joined to the next."""
    start: int | None = None
    for m in _LINE.finditer(text):
        if not m.group().strip():
            continue
        if start is None:
            start = m.start()
        following = text[m.end() + 1:m.end() + 2]
        if m.group().rstrip()[-1:] in ".!?:\"”" or not following.islower():
            yield start, m.end()
            start = None
    if start is not None:
        yield start, len(text)


def sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans of a paragraph, at a full stop that is no abbreviation's."""
    pos = start
    for m in _STOP.finditer(text, start, end):
        word = re.search(r"([A-Za-z.]+)$", text[max(pos, m.start() - 8):m.start()])
        if word and word.group(1).lower().strip(".") in _ABBREVIATIONS:
            continue
        yield pos, m.end()
        pos = m.end()
        while pos < end and text[pos].isspace():
            pos += 1
    if pos < end and text[pos:end].strip():
        yield pos, end
