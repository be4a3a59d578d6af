"""English sentence tokens: what the master pattern found, with values and periods parsed.

Asides in brackets or between spaced dashes ("($2.04 trillion)", "- those with annual revenue
of at least 20 million yuan -") say nothing of the figure around them and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tracker.extract.english_grammar import EnglishGrammar, Meaning
from tracker.extract.english_numbers import EnglishValue, fraction_value, parse_english_value
from tracker.extract.english_words import alternation, english_words
from tracker.extract.numbers import Value
from tracker.periods import PeriodSpec, english_period

_PAREN = re.compile(r"\([^()]*\)")
_OPENERS = alternation(english_words()["asides"]["openers"])
# ", those with annual revenue of at least 20 million yuan each, rose…": up to the next comma.
_APPOSITIVE = re.compile(rf",\s+(?:{_OPENERS})\b(?!\s*[\d$¥])(?:[^,;.]|(?<=\d)\.(?=\d))*(?=,)",
                         re.I)  # a decimal point ("($2.8 million)") does not end it
_DASH = re.compile(r"(?<=\s)-{1,2}(?=\s)")
_YEAR = re.compile(r"(?:19|20)\d{2}")
# A hyphenated amount is an adjective ("a 100-billion-yuan cluster", "trillion-yuan economies").
_ATTRIBUTIVE = re.compile(r"\d-(?:thousand|million|billion|trillion|yuan)", re.I)


@dataclass
class Token:
    """One token of a sentence."""

    kind: str  # a master group kind, or a phrase meaning's kind (subject, region, cue...)
    start: int
    end: int
    text: str
    meaning: Meaning | None = None
    value: EnglishValue | None = None
    period: PeriodSpec | None = None
    number: float = 0.0  # a rank's place, or the N of "one in every N"


def asides(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of brackets and of text between two spaced dashes in a sentence."""
    spans = [(m.start(), m.end()) for m in _PAREN.finditer(text, start, end)]
    spans += [(m.start() + 1, m.end()) for m in _APPOSITIVE.finditer(text, start, end)]
    dashes = [m.start() for m in _DASH.finditer(text, start, end)]
    spans += [(dashes[i], dashes[i + 1] + 1) for i in range(0, len(dashes) - 1, 2)]
    return spans


def tokens(grammar: EnglishGrammar, text: str, start: int, end: int) -> list[Token]:
    """The tokens of text[start:end], outside its asides."""
    skip = asides(text, start, end)
    words = english_words()
    found: list[Token] = []
    pos = start
    for w in grammar.candidates.finditer(text, start, end):
        if w.start() < pos:
            continue
        word = w.group().lower()
        if not word[0].isalpha() or word in grammar.starts:
            m = grammar.master.match(text, w.start(), end)
            if m is not None:
                _kind(m, found, words, grammar)
                pos = m.end()
                continue
        row = grammar.phrases.get(word)
        if row is not None and (p := row[0].match(text, w.start(), end)) is not None:
            meaning = row[1][int((p.lastgroup or "r0")[1:])]
            found.append(Token(meaning.kind, p.start(), p.end(), p.group(), meaning))
            pos = p.end()
    return [t for t in found if not any(a <= t.start < b for a, b in skip)]


def _kind(m: re.Match[str], found: list[Token], words: dict[str, Any],
          grammar: EnglishGrammar) -> None:
    """The token of a master-pattern match (a date, period, value, rank…)."""
    # An inner group (ord, lead, every, base) names its enclosing kind's group instead.
    kind = next(k for k in ("date", "compare", "base", "origin", "rank", "runs", "every",
                            "period", "fraction", "value", "resp") if m.group(k) is not None)
    token = Token(kind, m.start(), m.end(), m.group())
    if kind == "value":
        token.value = parse_english_value(m.group())
        if _is_year(token):
            token.kind, token.value = "year", None
        elif _ATTRIBUTIVE.search(m.group()):
            token.kind, token.value = "attributive", None  # "a 100-billion-yuan cluster"
    elif kind == "fraction":
        token.kind, token.value = "value", fraction_value(m.group())
    elif kind == "period":
        token.period = english_period(m.group())
    elif kind == "rank":
        place = m.group("ord") or m.group("only")
        token.number = (float(words["ranks"]["ordinals"][" ".join(place.lower().split())])
                        if place else 1.0)
        if m.group("largest"):
            entry = grammar.largest[" ".join(m.group("largest").lower().split())]
            token.meaning = Meaning("subject", entry)
    elif kind == "every":
        def count(n: str) -> float:
            return float(n) if n.isdigit() else float(words["numbers"]["words"][n.lower()])
        share = 100.0 * count(m.group("nfirst")) / max(count(m.group("nevery")), 1.0)
        qualifier = words["qualifiers_by_word"].get(" ".join((m.group("qevery") or "").lower()
                                                             .split()))
        token.value = EnglishValue(Value(share, "%", "percent", False), qualifier)
    elif kind == "base":
        token.number = float(m.group("baseyear"))
    found.append(token)


def _is_year(token: Token) -> bool:
    """A bare four-digit number from 1900 to 2099 is a year ("over 2020"), not a count."""
    value = token.value
    return (value is not None and value.value.kind == "amount" and value.value.unit == "units"
            and _YEAR.fullmatch(token.text.split()[-1]) is not None)
