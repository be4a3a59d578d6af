"""Ranks and shares said in words in English: "ranking first in the country", "topping the
nation for the 37th consecutive year", "one out of every four NEVs in the country"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tracker.extract.confidence import Evidence
from tracker.extract.english_periods import number_period
from tracker.extract.english_state import Named, Walk
from tracker.extract.english_tokens import Token
from tracker.extract.english_words import alternation, english_words
from tracker.extract.measures import Cues
from tracker.extract.numbers import Value
from tracker.extract.regions import NATION
from tracker.extract.state import Clause

_SEVERAL = re.compile(
    rf"\b(?:{alternation(english_words()['ranks']['several']['both'])})\b[^,;]*$", re.I)

if TYPE_CHECKING:
    from tracker.extract.english import EnglishReader


def rank(reader: EnglishReader, walk: Walk, t: Token, subject: Named | None) -> None:
    """A rank among provinces ("ranking first nationwide") of the subject in force, or of the
    last two named ("with both metrics ranking tops nationwide")."""
    both = _SEVERAL.search(reader.text, walk.start, t.start)
    distinct: list[Named] = []
    for named in reversed(walk.named):  # a subject named twice (as itself, then after a count)
        if all(d.entry != named.entry for d in distinct):
            distinct.insert(0, named)
    targets = distinct[-2:] if both and len(distinct) >= 2 else [subject] if subject else []
    for named in targets:
        if named is None or not named.region or \
                reader.catalog.regions[named.region].level != "province":
            continue
        period, carried = number_period(reader.text, walk, t.start, t.end)
        if period is None:
            continue
        start = reader.clause_start(walk.start, named.token.start)
        reader.recorder.record(named.entry, named.region, Value(t.number, "位", "rank", False),
                             None, Clause(start), walk.status, period, (start, t.end),
                             Evidence("rank", 0, carried, named.carried))

def every(reader: EnglishReader, walk: Walk, i: int, subject: Named | None) -> None:
    """ "One out of every four NEVs in the country is made in Guangdong": a 25% share, "nearly
    four in every five service robots made in China" nearly 80%."""
    t = walk.tokens[i]
    rest = walk.tokens[i + 1:]
    if not any(x.kind == "region" and x.meaning and x.meaning.code == NATION for x in rest):
        return
    named = next((Named(x.meaning.entry, reader.own, x) for x in rest
                  if x.kind == "subject" and x.meaning and x.meaning.entry), subject)
    if named is None or t.value is None:
        return
    places = [reader.region(x.meaning.code) for x in rest
              if x.kind == "region" and x.meaning and x.meaning.code != NATION]
    region = next((p for p in places if p), reader.own)
    if reader.catalog.regions[region].level != "province":
        return
    cues = Cues(seen={"share"})
    period, carried = number_period(reader.text, walk, t.start, t.end)
    if period is None:
        return
    start = reader.clause_start(walk.start, t.start)
    nation = next(x for x in rest if x.kind == "region" and x.meaning
                  and x.meaning.code == NATION)
    end = max(nation.end, named.token.end if named.token.start > t.start else t.end)
    # "one in every four": a rounded share, about 25% (as the Chinese 每4台就有1台 is), unless
    # the text qualifies it ("nearly four in every five").
    reader.recorder.record(named.entry, region, t.value.value, t.value.qualifier or "about",
                           Clause(start, cues=cues), walk.status, period, (start, end),
                         Evidence("every", 0, carried, named.carried))
