"""The reading state: the subject in force, and what its clause and sentence have said so far.

The sentence reader fills these in token by token; a number's figure is decided from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tracker.extract.aliases import Entry
from tracker.extract.measures import Cues
from tracker.extract.tokens import Token
from tracker.lexicon import lexicon
from tracker.periods import PeriodSpec

SAME_PERIOD = lexicon().words("same_period")


@dataclass
class Subject:
    """The catalog subject (or list of subjects) the numbers that follow belong to."""

    entries: list[Entry | None]  # None: a name the catalog does not know, holding its place
    regions: list[str | None]
    sentence: int  # start of the sentence it was named in
    clause: int  # start of its clause
    poisoned: bool  # unknown words before it in its clause: not a regional figure
    label: bool = False  # named by a list line's label: its attribute (营收) may follow
    # Unnamed items that followed 和/及/与 after another unnamed one: perhaps one name
    # ("医疗仪器设备及器械"), dropped when that makes the list line up with its values.
    joinable: list[int] = field(default_factory=list)


@dataclass
class Clause:
    """What has been said in the current clause (between commas) since it began."""

    start: int
    dirty: bool = False  # unknown words since the subject (or clause start)
    left_dirty: bool = False  # unknown words or numbers since the clause start
    regions: list[str | None] = field(default_factory=list)
    cues: Cues = field(default_factory=Cues)
    qualifier: str | None = None
    ordinal: bool = False
    each: bool = False  # 均: one value for every subject
    total: bool = False  # 累计: over a multi-year span, a total of the span's years
    # The period and status to restore after 由…的 X, 比8月当月(X), X(2024年为Y).
    resume: tuple[PeriodSpec | None, str] | None = None
    versus: bool = False  # 比…: what follows is compared with, a figure in brackets its own
    # The subject in force before a subject named after 比: it is back after the clause.
    outer: Subject | None = None
    compared: bool = False  # a place named after 高于/低于: its figure is compared with


@dataclass
class Sentence:
    """What is in force in the current sentence part: its period, status and regions."""

    start: int
    end: int
    status: str
    period: PeriodSpec | None
    leading: bool = True
    # The status the part takes at its status word (预计, 初步核算), when that word comes after
    # the part's first figures ("去年…增长4.2%，工业总产值预计突破20万亿元").
    pending: str | None = None
    region: str | None = None  # a single region named for a subject: later subjects keep it
    # That region is another province or abroad ("江苏研发经费支出4212.3亿元、投入强度3.29%"):
    # later subjects of the part are its figures too, none of ours.
    away: bool = False
    named: list[str | None] = field(default_factory=list)  # every region named so far
    subjects: list[Entry] = field(default_factory=list)  # every subject named so far
    # The periods of a list (一季度、上半年…分别…): one for each value, none in force.
    periods: list[PeriodSpec | None] = field(default_factory=list)
    spanned: bool = False  # a multi-year span is named: only a change's end has a period
    dated: bool = False  # the part names a period of its own
    # What the sentence's last numbers measured: "A增长3.0%，全国为5.9%" measures the same.
    cues: Cues | None = None
    # The year a change "从2020年的…" started from: a growth said after it is over the years
    # since, not year-on-year ("…跃升至2025年的398万辆，增长近29倍").
    origin_year: int | None = None


@dataclass
class Walk:
    """The state of one walk over a sentence part's tokens."""

    tokens: list[Token]
    i: int
    s: Sentence
    clause: Clause
    subject: Subject | None
    opening: PeriodSpec | None  # the period the part opens with: what later parts inherit
    month_of: PeriodSpec | None = None  # the year in force before a month a clause names
    # Index of the last token of the list the subject opens ("集成电路、无人机…"): names the
    # catalog does not know after it keep their places, as unnamed items.
    list_end: int | None = None
    # The subject a number of something unnamed displaced ("GDP均跨过4000亿元门槛"): a colon
    # after it opens the list of what the subject's figures are ("：中山4150.62亿元，…").
    displaced: Subject | None = None

    @property
    def token(self) -> Token:
        return self.tokens[self.i]


def merge(context: PeriodSpec | None, stated: PeriodSpec) -> PeriodSpec:
    """A stated period completed with the year of the period in force (1-10月 after 2024年)."""
    if stated.has_year or context is None or not context.has_year:
        return stated
    return stated.with_year(context.year, context.offset)


def same_months(context: PeriodSpec | None, stated: PeriodSpec, text: str) -> PeriodSpec:
    """A period named with 同期 ("去年同期", "比上年同期") is the months in force in the year
    it names; any other is merged as usual."""
    if context is not None and any(word in text for word in SAME_PERIOD):
        return replace(context, year=stated.year, offset=stated.offset)
    return merge(context, stated)


def projected(spec: PeriodSpec | None) -> PeriodSpec | None:
    """The period of an estimate that names none, in a story about part of a year: the whole
    year ("1—11月，…增长4.3%。地区生产总值预计达到14万亿元": a year-end projection, not the
    eleven months)."""
    if spec is None or spec.kind not in ("ytd", "half", "quarter"):
        return spec
    return replace(spec, first=1, last=12, kind="year")


def in_year_of(stated: PeriodSpec, context: PeriodSpec) -> bool:
    """Whether a period names the year in force or none (1-9月 after 2025年1-10月)."""
    return (stated.year, stated.offset) in ((None, None), (context.year, context.offset))


def within_year(stated: PeriodSpec, context: PeriodSpec) -> bool:
    """A single month named inside a full year in force (2025年…12月): it dates its own
    sentence or clause, not the full-year figures around it."""
    return stated.kind == "month" and context.kind == "year" and in_year_of(stated, context)


# What a handler returns when it has read the tokens it took itself (and left the walk at the
# next unread one).
CONSUMED = object()
