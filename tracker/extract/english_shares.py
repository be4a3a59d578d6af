"""What follows an English number: the share, denominator, growth or comparison it states.

"40 percent of the country's total" is a share of the national total, "32.7 percent of the
province's GDP" a ratio to GDP, "of the total" the subject's one ratio, "a 4.2 percent
year-on-year increase" a growth, "0.2 percent higher than the national average" a comparison
(no figure), "up 52 percent over 2020" a change since 2020.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.extract.aliases import Entry
from tracker.extract.english_tokens import Token
from tracker.extract.english_words import alternation, english_words
from tracker.extract.regions import NATION

_OF = re.compile(r"\s+of\s+", re.I)
_WORDS = english_words()["counted"]
_GROWTH = re.compile(rf"\s*(?:year[\s-]on[\s-]year\s+)?(?:(?P<grow>"
                     rf"{alternation(_WORDS['growth_nouns'])})|(?P<fall>"
                     rf"{alternation(_WORDS['falling_nouns'])}))\b", re.I)
_DELTA = re.compile(rf"\s*(?:{alternation(english_words()['words']['comparisons'])})\b", re.I)
_END = re.compile(r"[,;]|\s-{1,2}\s")
_WINDOW = 90  # characters after "of" in which the national scope or the denominator is said


@dataclass(frozen=True)
class After:
    """What the words after a number say about it."""

    end: int  # where the phrase read ends (the quote runs to it when it is a share)
    share: bool | None = None  # of the national total
    denominator: str | None = None  # of this indicator
    any_share: bool = False  # of "the total": the subject's one ratio
    subject: Entry | None = None  # named inside the phrase ("of China's industrial robot output")
    growth: str | None = None  # grow | fall, said after the number
    delta: bool = False
    base_year: int | None = None


def after(text: str, toks: list[Token], i: int, limit: int) -> After:
    """Read the words after token `i` (a value) up to the end of its clause."""
    t = toks[i]
    end = t.end
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    base = int(nxt.number) if nxt is not None and nxt.kind == "base" \
        and not text[t.end:nxt.start].strip() else None
    if m := _GROWTH.match(text, t.end):  # before comparisons: "more than a year earlier"
        return After(end, growth="grow" if m.group("grow") else "fall", base_year=base)
    if _DELTA.match(text, t.end):
        return After(end, delta=True)
    of = _OF.match(text, t.end)
    if of is None or t.value is None or t.value.value.kind != "percent":
        return After(end, base_year=base)
    stop = _END.search(text, of.end(), min(limit, of.end() + _WINDOW))
    window_end = stop.start() if stop else min(limit, of.end() + _WINDOW)
    inside = [x for x in toks[i + 1:] if of.end() <= x.start < window_end]
    if any(x.kind == "value" for x in inside):
        inside = inside[:next(k for k, x in enumerate(inside) if x.kind == "value")]
    nation = next((x for x in inside if x.kind == "region" and x.meaning is not None
                   and x.meaning.code == NATION), None)
    named = next((x for x in inside if x.kind == "subject" and x.meaning is not None), None)
    if nation is not None:
        last = max(x.end for x in inside)
        return After(last, share=True, subject=named.meaning.entry if named and named.meaning
                     else None)
    first = next((x for x in inside if x.kind != "region"), None)
    if first is None or first.meaning is None:
        return After(end)
    if first.kind == "denominator":
        code = first.meaning.code
        return After(first.end, denominator=None if code == "any" else code,
                     any_share=code == "any")
    if first.kind == "subject" and first.meaning.entry and first.meaning.entry.indicator:
        return After(first.end, denominator=first.meaning.entry.indicator)
    return After(end)
