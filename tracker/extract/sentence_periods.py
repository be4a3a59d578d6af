"""The sentence reader's handlers of periods: a period named, a multi-year span, the start of a
change (由2020年的…, 比2020年的…).

They keep what a paragraph has said of spans and changes (`span`, `origin`) beside the walk's
state; `SentenceReader` (sentences.py) inherits them and lists them in its handler table.
"""

from __future__ import annotations

import datetime as dt

from tracker.extract.shapes import listed_after
from tracker.extract.state import Walk, merge, same_months, within_year
from tracker.lexicon import lexicon
from tracker.periods import PeriodSpec, parse_period, resolve, span

_STALE_DAYS = 365
# A document named after the year it is given in, reviewing the year before.
_REPORT_TITLES = tuple(lexicon().words("report_titles"))
_TITLE_REACH = 12  # characters after the year within which the title stands


class PeriodHandlers:
    """Handlers of the token kinds that name periods."""

    def __init__(self, published: dt.date) -> None:
        self.published = published
        # The years of the multi-year span last named in the paragraph (“十四五”: 2020, 2025):
        # a change with no dates runs from the first to the second.
        self.span: tuple[PeriodSpec, PeriodSpec] | None = None
        self.origin: PeriodSpec | None = None  # the dated start of the change being read

    def _on_multi(self, w: Walk) -> object:
        self.span = span(w.token.text, w.s.period) or self.span
        w.s.period = None
        w.s.spanned = True
        return None

    def _on_period(self, w: Walk) -> object:
        following = "".join(t.text for t in w.tokens[w.i + 1:w.i + 8])
        if any(title in following[:_TITLE_REACH] for title in _REPORT_TITLES):
            # "2025年东莞市政府工作报告": the report's year, not the year its figures are of.
            return None
        s, named = w.s, parse_period(w.token.text)
        s.dated = True
        if listed_after(w.tokens, w.i, "period") and s.periods:
            s.periods.append(merge(s.periods[0], named))
            s.period = None
        else:
            if s.period is not None and within_year(named, s.period):
                w.month_of = s.period  # "2025年…，其中12月…，": back to the year after
            after = w.tokens[w.i + 1].text if w.i + 1 < len(w.tokens) else ""
            s.period = (named if self._stale(named, s.period)
                        else same_months(s.period, named, w.token.text + after))  # 去年同期
            s.periods = [s.period]
        if self.origin is not None and s.period and "to" in w.clause.cues.seen:
            # "从2020年的a提高到2025年的b": later bare "从c提高到d" run the same years.
            self.span, self.origin = (self.origin, s.period), None
        w.opening = s.period if s.leading else w.opening
        return None

    def _stale(self, named: PeriodSpec, context: PeriodSpec | None) -> bool:
        """A stock date named without its year (截至6月底) would take the year in force; when
        that puts it more than a year before publication (a story about 2024 published in
        July 2025), it is the latest such date before publication, as if no year were in force."""
        if named.kind != "point" or named.has_year or context is None or not context.has_year:
            return False
        found = resolve(merge(context, named), self.published)
        return found is not None and (self.published - found[1]).days > _STALE_DAYS

    def _on_origin(self, w: Walk) -> object:
        # The number after 由/从 is the level a change started from: it belongs to the period
        # named there (none named: the span's start, else no period we know), and only it does.
        s = w.s
        w.clause.resume = (s.period, s.status)
        stated = w.token.text[1:].removesuffix("的")
        s.period = (merge(s.period, parse_period(stated)) if stated
                    else self.span[0] if self.span else None)
        if stated and s.period is not None:
            s.origin_year = s.period.year
            self.origin = s.period
            s.status = "A"  # "预计…较2020年的3.54%明显提高": the start is stated, not estimated
        return None
