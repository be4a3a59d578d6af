"""The English reader's state: the subjects a sentence names and what it has read so far."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.extract.aliases import Entry
from tracker.extract.english_shares import After
from tracker.extract.english_tokens import Token
from tracker.periods import PeriodSpec

# A clause ends at a comma that is no thousands separator ("2,061"), a semicolon or a dash.
CLAUSE_MARK = re.compile(r"(?<!\d),|,(?!\d)|[;:]|\s-{1,2}\s")


@dataclass
class Named:
    """A subject named in a sentence, and the region it is of."""

    entry: Entry
    region: str | None
    token: Token
    carried: bool = False
    # Where its mention starts when a count came first ("2.53 million NEVs were made").
    opens: int | None = None


@dataclass
class Walk:
    """The state of one sentence's reading."""

    start: int
    end: int
    status: str
    tokens: list[Token]
    periods: list[tuple[int, PeriodSpec]]
    context: PeriodSpec | None
    named: list[Named] = field(default_factory=list)
    last_after: After | None = None
