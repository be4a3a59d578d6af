"""English lists mapped by position: "A, B and C grew 5%, 6% and 7%, respectively".

The values of a run joined by commas and "and" before "respectively" go, one each, to the items
of the list that opens the sentence's subject (an item the catalog does not know holds its
place), or to its places ("Foshan and Dongguan ... 962.08 billion yuan and 931.89 billion yuan
respectively"), or else to the last subjects the sentence named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.extract.english_tokens import Token
from tracker.extract.english_words import alternation, english_words

_JOIN = re.compile(r"\s*,?\s*(?:and\s+)?", re.I)
_ITEM_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", re.I)
# A verb that ends the list of subjects ("Foshan and Dongguan are in a close race").
_VERB = re.compile(rf"\b(?:{alternation(english_words()['words']['list_verbs'])})\b", re.I)
_GAP = 80  # characters between a run's last value and "respectively"


@dataclass(frozen=True)
class Item:
    """What one value of a run maps to."""

    subject: Token
    region: Token | None  # the place of a list of places
    position: int
    cues: tuple[int, int]  # the span whose cue words speak for the whole run
    last: int  # index of the run's last value (its trailing words speak for the run)


def lists(text: str, toks: list[Token]) -> dict[int, Item | None]:
    """Value token index -> its item, for every value of a run before "respectively" (None:
    the run maps to nothing the catalog knows)."""
    found: dict[int, Item | None] = {}
    for r, resp in enumerate(toks):
        if resp.kind != "resp":
            continue
        last = next((k for k in range(r - 1, -1, -1) if toks[k].kind == "value"), None)
        if last is None or resp.start - toks[last].end > _GAP \
                or ";" in text[toks[last].end:resp.start]:
            continue
        run = [last]
        k = last - 1
        while k >= 0 and toks[k].kind == "value" and \
                _JOIN.fullmatch(text, toks[k].end, toks[run[0]].start):
            run.insert(0, k)
            k -= 1
        if len(run) < 2:
            continue
        items = _items(text, toks, run[0], len(run))
        for n, index in enumerate(run):
            subject, place, cues = items[n] if items else (None, None, (0, 0))
            found[index] = Item(subject, place, n, cues, last) if subject is not None else None
    return found


def _items(text: str, toks: list[Token], first: int, n: int
           ) -> list[tuple[Token | None, Token | None, tuple[int, int]]] | None:
    before = toks[:first]
    # The list opens after the last number before the run, at its first name (one the catalog
    # does not know included: "output of lithium batteries, integrated circuits and…"); when
    # that name is not one of the list's ("Among major products, the output of A, B and C…"),
    # at its first subject or place.
    since = max((k + 1 for k, x in enumerate(before) if x.kind == "value"), default=0)
    openers = [next((k for k, x in enumerate(before) if k >= since and x.kind in kinds), None)
               for kinds in (("subject", "region", "other"), ("subject", "region"))]
    for opener in dict.fromkeys(o for o in openers if o is not None):
        items = _by_position(text, before, opener, toks[first].start, n)
        if items is not None:
            return items
    distinct: list[Token] = []
    for x in before:
        if x.kind == "subject" and x.meaning \
                and all(d.meaning and d.meaning.entry != x.meaning.entry for d in distinct):
            distinct.append(x)
    if len(distinct) >= n:
        return [(s, None, (s.end, toks[first].start)) for s in distinct[-n:]]
    return None


def _by_position(text: str, before: list[Token], opener: int, run_start: int, n: int
                 ) -> list[tuple[Token | None, Token | None, tuple[int, int]]] | None:
    """The list that opens at token `opener`, if it has one item for each of the n values."""
    list_end = next((x.start for x in before[opener + 1:] if x.kind in ("cue", "value", "rank")),
                    run_start)
    if (verb := _VERB.search(text, before[opener].start, list_end)) is not None:
        list_end = verb.start()
    cues = (list_end, run_start)
    spans, pos = [], before[opener].start
    for m in _ITEM_SEP.finditer(text, pos, list_end):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, list_end))
    spans = [(a, b) for a, b in spans if text[a:b].strip()]  # "A, ranking first": no item
    if len(spans) != n:
        return None
    inside = [[x for x in before if a <= x.start < b] for a, b in spans]
    places = [next((x for x in row if x.kind == "region"), None) for row in inside]
    named = [next((x for x in row if x.kind == "subject"), None) for row in inside]
    own = [x for x in named if x is not None]
    if all(places) and len({x.meaning.entry.key for x in own if x.meaning and x.meaning.entry}) < 2:
        # "Foshan and Dongguan …", "the GDP of Shenzhen and Guangzhou grew…": places, of the
        # one subject the list or the sentence names.
        subject = own[0] if own else next((x for x in reversed(before) if x.kind == "subject"),
                                          None)
        if subject is None:
            return None
        return [(subject, place, cues) for place in places]
    return [(s, None, cues) for s in named]
