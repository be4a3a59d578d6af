"""Subjects the English reader finds without a name of their own in the catalog's words: a
pronoun for the subject before ("In March alone, it rose…"), a count that names its subject by
its unit ("turned out 2.48 million vehicles"), and a measure said of a place's subject ("value
added of Shenzhen's industrial enterprises above designated size")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tracker.extract.aliases import Entry
from tracker.extract.english_state import Named, Walk
from tracker.extract.english_tokens import Token
from tracker.extract.english_words import alternation, english_words

if TYPE_CHECKING:
    from tracker.extract.english import EnglishReader

OF = re.compile(r"\s+of\s+(?:the\s+)?", re.I)
_WORDS = english_words()
_ANAPHOR = re.compile(rf"\s*(?:{alternation(_WORDS['words']['anaphors'])})\b", re.I)
# "In March alone, it rose 6.4 percent": a period opening the sentence before its pronoun.
_OPENING = re.compile(r"\s*(?:in|during|for)?\s*\Z", re.I)
_OPENED = re.compile(r"(?:\s+alone)?\s*,", re.I)
_COUNT_SUBJECTS: dict[str, str] = _WORDS["numbers"]["count_subjects"]
_MAKES = re.compile(rf"\b(?:{alternation(_WORDS['numbers']['count_verbs']['words'])})\b", re.I)
_OF_PLACE: dict[str, dict[str, str]] = _WORDS["attributes"]["of_place"]


def anaphor(text: str, walk: Walk) -> bool:
    """Whether a sentence's own words open with a pronoun for the subject before ("It…",
    "This…"), after a period that may open it ("In March alone, it rose…")."""
    start = walk.start
    first = walk.tokens[0]
    if first.kind == "period" and _OPENING.match(text, walk.start, first.start) \
            and (m := _OPENED.match(text, first.end)) is not None:
        start = m.end()
    return _ANAPHOR.match(text, start) is not None


def counted_subject(reader: EnglishReader, walk: Walk, t: Token,
                    pending: str | None) -> Named | None:
    """The subject a count names by its unit alone ("2.48 million vehicles"), after a verb of
    making."""
    assert t.value is not None
    code = _COUNT_SUBJECTS.get((t.value.value.unit.split() or [""])[-1].lower())
    if code is None or not _MAKES.search(reader.text, reader.clause_start(walk.start, t.start),
                                         t.start):
        return None
    cluster = reader.catalog.indicators[code].cluster or None
    region = reader.topic if pending is None else pending
    return Named(Entry(code, code, cluster, {}), region, t)


def of_place(text: str, toks: list[Token], i: int) -> Entry | None:
    """The subject meant by "value added of Shenzhen's industrial enterprises above designated
    size": what the words before "of" measure of the subject at toks[i]."""
    t = toks[i]
    if i < 2 or toks[i - 1].kind != "region" or t.meaning is None or t.meaning.entry is None:
        return None
    what = toks[i - 2]
    meant = _OF_PLACE.get(what.text.lower(), {}).get(t.meaning.entry.key)
    if meant is None or not OF.fullmatch(text, what.end, toks[i - 1].start):
        return None
    return Entry(meant, meant, None, dict(_WORDS["ratios"].get(meant, {})))
