"""How the English reader records a number: its subject named right after it, its cue words,
what follows it (a share, a denominator), its period and its quote."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from tracker.extract.confidence import Evidence
from tracker.extract.english_periods import number_period, owns_period
from tracker.extract.english_shares import after
from tracker.extract.english_state import CLAUSE_MARK, Named, Walk
from tracker.extract.english_words import alternation, english_words
from tracker.extract.measures import Cues
from tracker.extract.state import Clause

if TYPE_CHECKING:
    from tracker.extract.english import EnglishReader

_COUNTED = re.compile(
    rf"(?:\s+(?:{alternation(english_words()['counted']['modifiers'])}))*\s*[\"“]?", re.I)
_COUNT_VERB = re.compile(
    rf"\b(?:{alternation(english_words()['counted']['verbs'])})\s*$", re.I)
_FROM = re.compile(r"\bfrom\s+(?:the\s+|a\s+)?\Z", re.I)
_SPENT_ON = re.compile(r"\s+(?:on|in|into|for)\s+(?:the\s+)?$", re.I)
_WORDS = english_words()["counted"]
_GROWTH_IN = re.compile(
    rf"\s+(?:year[\s-]on[\s-]year\s+)?(?:{alternation(_WORDS['growth_nouns'])}"
    rf"|(?P<fall>{alternation(_WORDS['falling_nouns'])}))"
    r"(?:\s+(?:was|were)\s+(?:seen|recorded|posted|registered|reported))?\s+(?:in|of)\s+"
    rf"(?:the\s+)?(?:(?:{alternation(_WORDS['attributes'])})\s+of\s+(?:the\s+)?)?$", re.I)


def post_subject(reader: EnglishReader, walk: Walk, i: int, pending: str | None) -> Named | None:
    """The subject named right after a value, if the words between allow it."""
    t = walk.tokens[i]
    nxt = next((x for x in walk.tokens[i + 1:i + 4] if x.kind == "subject"), None)
    if nxt is None or nxt.meaning is None or nxt.meaning.entry is None or t.value is None:
        return None
    if any(x.kind in ("value", "other") and x.start < nxt.start
           for x in walk.tokens[i + 1:i + 4]):
        return None
    gap = reader.text[t.end:nxt.start]
    kind = t.value.value.kind
    ok = (kind == "percent" and _GROWTH_IN.fullmatch(gap) is not None) or \
         (kind == "amount" and (_COUNTED.fullmatch(gap) is not None
                                or _SPENT_ON.fullmatch(gap) is not None))
    if not ok:
        return None
    region = reader.own if pending is None else pending
    for x in walk.tokens[i + 1:]:
        if x.kind in ("value", "subject") and x is not nxt:
            break
        if x.kind == "region" and x.start > nxt.end and \
                not CLAUSE_MARK.search(reader.text, nxt.end, x.start):
            region = reader.region(x.meaning.code if x.meaning else None) or ""
    return Named(nxt.meaning.entry, region or None, nxt, opens=t.start)


# The words after a rate that name its own subject ("a 19.6 percent slump in …"): a growth
# noun, then "in"/"of".
_NAMES_ITS_OWN = re.compile(
    rf"\s+(?:year[\s-]on[\s-]year\s+)?(?:{alternation(_WORDS['growth_nouns'])}"
    rf"|{alternation(_WORDS['falling_nouns'] + ['slump', 'plunge', 'surge'])})\s+(?:in|of)\s", re.I)


def names_other(reader: EnglishReader, walk: Walk, i: int) -> bool:
    """Whether a rate names, right after it, a subject the catalog does not know ("dragged
    down by a 19.6 percent slump in real estate development"): none of the subject before."""
    t = walk.tokens[i]
    return _NAMES_ITS_OWN.match(reader.text, t.end) is not None


def record_value(reader: EnglishReader, walk: Walk, i: int, named: Named,
                 window: tuple[int, int], rule: str, position: int = 0,
                 last: int | None = None) -> None:
    """Record what value token `i` states about `named`; the cue words said in `window`
    (after the subject or the number before) decide its measure."""
    t = walk.tokens[i]
    assert t.value is not None
    value = t.value.value
    if value.kind == "foreign" or not named.region:
        return
    cues = Cues()
    for k, x in enumerate(walk.tokens):
        if window[0] <= x.start < window[1] and x.kind == "cue" and x.meaning \
                and x.meaning.code and not reader.trails(walk.tokens, k):
            cues.add(x.meaning.code, x.text)
    if named.token.start > t.end and named.token.meaning:
        gap = reader.text[t.end:named.token.start]
        m = _GROWTH_IN.fullmatch(gap)
        if m:
            cues.add("fall" if m.group("fall") else "grow", gap)
    if _FROM.search(reader.text, max(window[0], t.start - 12), t.start) \
            and owns_period(reader.text, walk, t.end):
        # "…rose 6.4 percent, up from 4.5 percent in the first two months", "from 11.1
        # trillion yuan in 2020 to…": where a change started, a figure of its own period, of
        # the same kind as the rate before it; the verb of the change is not its own.
        cues = Cues()
        earlier = reader.recorder.figures[-1] if reader.recorder.figures else None
        if value.kind == "percent" and earlier is not None and earlier.start >= walk.start \
                and earlier.indicator == named.entry.indicator and earlier.measure == "yoy_pct":
            cues.add("grow", "")
    if value.unit == "units" and named.token.start < t.start and t.value.qualifier is None \
            and not _COUNT_VERB.search(reader.text, window[0], t.start):
        return  # a bare count with no verb of its own: "…, and 1,200 of them are listed"
    sign = reader.text[t.start - 1:t.start] if t.start else ""
    if sign == "+" and value.kind == "percent":
        cues.add("grow", sign)  # "industrial robots +32.3%"
    info = after(reader.text, walk.tokens, i if last is None else last, walk.end)
    if info.base_year is not None:
        cues.base_year = info.base_year
    if value.kind == "percent" and info.share is None and info.denominator is None \
            and not info.any_share and walk.last_after is not None \
            and named.entry.indicator is None:
        # "…, and high-tech manufacturing for 31.9 percent", "while the share of advanced
        # manufacturing stood at 57.1 percent": measured as the sentence's last share.
        info = walk.last_after
    if info.growth:
        cues.add(info.growth, "")
    if info.delta:
        return
    entry = named.entry
    if info.subject is not None and info.share and (named.carried or entry.indicator is None):
        entry = info.subject
    if info.share:
        cues.seen.add("share")
    cues.denominator = info.denominator
    cues.any_share = info.any_share
    if value.kind == "percent" and (info.share or info.denominator or info.any_share):
        walk.last_after = info
    period, carried = number_period(reader.text, walk, t.start, t.end)
    if period is None:
        return
    if carried and period.kind == "point" and (entry.indicator is None or reader.catalog
                                               .indicators[entry.indicator].kind != "stock"):
        # "By the end of 2025, … . Revenue of the … clusters came to nearly 3.5 trillion yuan":
        # a flow said after a stock's date is of the year to that date.
        period = replace(period, first=1, kind="year" if period.last == 12 else "ytd")
    mention = named.token.start if named.opens is None else min(named.opens, named.token.start)
    first = min(mention, t.start) if not named.carried else t.start
    start = reader.clause_start(walk.start, first)
    if any(start <= x.start < first and x.kind == "value" for x in walk.tokens):
        start = first  # "…robots +32.3% and integrated circuits +30.8%": not the one before
    end = max(t.end, info.end, named.token.end if not named.carried else t.end)
    reader.recorder.record(entry, named.region, value, t.value.qualifier,
                         Clause(start, cues=cues), walk.status, period, (start, end),
                         Evidence(rule, position, carried, named.carried))
