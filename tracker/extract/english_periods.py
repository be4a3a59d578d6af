"""Which period an English number is of: one said right after it, else one its own clause
names, else the sentence's, else the one in force; and which period a paragraph speaks of."""

from __future__ import annotations

import datetime as dt
import re

from tracker.extract.english_state import CLAUSE_MARK, Walk
from tracker.periods import PeriodSpec, resolve

# "…14.16 trillion yuan in 2024", "the 4.5 percent growth registered in the first two months":
# the words between a number and a period that is its own.
_OWN_PERIOD = re.compile(r"(?:\s+(?:growth|increase|rise|gain|expansion))?"
                         r"(?:\s+(?:registered|recorded|posted|seen|reported))?"
                         r"\s+(?:in|during|for|over)?\s*(?:the\s+)?", re.I)
_RESPECTIVELY = re.compile(r",\s*respectively\s*,", re.I)


def owns_period(text: str, walk: Walk, end: int) -> bool:
    """Whether a period follows the number ending at `end` right after it ("in 2020")."""
    after = next((at for at, _ in walk.periods if at >= end), None)
    return after is not None and _OWN_PERIOD.fullmatch(text, end, after) is not None


def number_period(text: str, walk: Walk, pos: int, end: int) -> tuple[PeriodSpec | None, bool]:
    """The period of the number at text[pos:end], and whether it is the one in force (carried):
    one said right after it ("from 11.1 trillion yuan in 2020 to 14.16 trillion yuan in
    2024"), else one its own clause names (before it, else after it: "…in 2024, while Foshan
    lifted its output by 41.6 percent in the January-October period of 2025"), else the
    sentence's last before it, else its first after, else the one in force."""
    before = [(at, p) for at, p in walk.periods if at < pos]
    after = [(at, p) for at, p in walk.periods if at >= pos]
    if after and owns_period(text, walk, end):
        return after[0][1], False
    if before and not CLAUSE_MARK.search(text, before[-1][0], pos):
        return before[-1][1], False
    if after and not CLAUSE_MARK.search(text, pos, after[0][0]):
        return after[0][1], False
    if before:
        return before[-1][1], False
    if after and (walk.context is None
                  or _RESPECTIVELY.search(text, pos, after[0][0]) is not None):
        # "…grew 33.8 percent and 41.0 percent, respectively, in the fourth quarter": a
        # period after "respectively" dates the numbers listed before it.
        return after[0][1], False
    # A period a later clause names is that clause's ("…grew 2.4 percent, and 3.7 percent in
    # June alone"): this number keeps the one in force.
    return walk.context, True


def latest(walk: Walk, published: dt.date) -> PeriodSpec:
    """The latest period a sentence names: "from 2020 to 2024" speaks of 2024 onwards."""
    def last_day(spec: PeriodSpec) -> dt.date:
        span = resolve(spec, published, estimate=walk.status == "E")
        return span[1] if span else dt.date.min
    return max((p for _, p in walk.periods), key=last_day)


def looks_back(opening: PeriodSpec, story: PeriodSpec | None, published: dt.date) -> bool:
    """A paragraph opening with a year before the story's ("Last year, Guangdong turned out…"
    in a story about this year's months) dates that paragraph only."""
    if story is None:
        return False
    then, now = resolve(opening, published), resolve(story, published)
    return then is not None and now is not None and then[1] < now[0]


def ends_with(pattern: re.Pattern[str], text: str, start: int, end: int) -> bool:
    """Whether text[start:end] ends with a match of `pattern`, anchored at its end (\\Z): the
    words right before a token, looked for in the 40 characters before it."""
    return pattern.search(text, max(start, end - 40), end) is not None
