"""Figures as they are found: decided, resolved to dates and base units, each kept once.

A figure's quote is trimmed of the separators around its clause and mapped back to the exact
span of the decoded text it came from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace

from tracker.catalog import Catalog
from tracker.extract.aliases import Entry
from tracker.extract.clean import Clean
from tracker.extract.confidence import Evidence, confidence
from tracker.extract.figures import Figure
from tracker.extract.measures import decide, signed
from tracker.extract.numbers import Value
from tracker.extract.regions import NATION
from tracker.extract.state import Clause
from tracker.lexicon import lexicon
from tracker.periods import PeriodSpec, resolve

_BREAK_YEARS = lexicon().counts("status_breaks")


class Recorder:
    """Collects one document's figures, in the order found, without repeats."""

    def __init__(self, clean: Clean, published: dt.date, catalog: Catalog) -> None:
        self.clean = clean
        self.published = published
        self.catalog = catalog
        self.figures: list[Figure] = []
        self.sentence = 0  # the first figure of the sentence being read (set by its reader)
        self.seen: dict[tuple[object, ...], int] = {}  # figure key -> its index in figures

    def record(self, entry: Entry, region: str, value: Value, post: str | None, clause: Clause,
               status: str, stated: PeriodSpec, quote: tuple[int, int],
               evidence: Evidence, cell: str = "") -> None:
        """Add the figure `value` states about `entry` in `region`, unless it is none or held.

        `cell` locates a table cell ("row 3, column 5"); empty for prose."""
        decided = decide(entry, value, clause.cues, self.catalog)
        period = resolve(stated, self.published, estimate=status == "E")
        if decided is None or period is None:
            return
        indicator, measure = decided
        if measure == "yoy_pct" and clause.cues.base_year not in (None, period[0].year - 1):
            return  # "比2020年增长52.3%": a change over several years, not year-on-year
        if self.catalog.indicators[indicator].kind == "stock":
            period = (period[1], period[1])
        elif stated.now or stated.stocks_only:
            return  # "目前…", a stock date said before: a flow has no figure on a day
        elif stated.kind == "point":
            # "年末规上工业企业达7.6万家，营业收入超过19.8万亿元": a flow said at the stock's
            # date is the flow of that year up to it.
            period = (dt.date(period[1].year, 1, 1), period[1])
        published_value = signed(value, clause.cues) if measure == "yoy_pct" else value.number
        unit = {"percent": "%", "times": "%", "rank": "位"}.get(value.kind, value.unit)
        if unit not in self.catalog.units:
            unit += "元"
        # 12 significant digits drop float noise (361.78 * 1e4) without touching real digits.
        base = float(f"{self.catalog.to_base(published_value, unit, indicator, measure):.12g}")
        qualifier = post or clause.qualifier or (
            "over" if value.approx else "about" if value.rounded else "exact")
        if status == "A" and _BREAK_YEARS.get(indicator) == period[0].year == period[1].year:
            status = "B"
        # Clusters are Guangdong's: the nation's figure of a cluster's product has none (as the
        # spec's reference figures file it).
        cluster = None if region == NATION else entry.cluster
        key = (indicator, region, cluster, measure, period, round(base, 6), qualifier)
        if key in self.seen:
            # The same figure said again where its status is said ("深圳首三季GDP按年增5.3%"
            # in the headline, "初步核算，…按年增长5.3%" in the story): the figure is that.
            found = self.seen[key]
            if status != "A" and self.figures[found].status == "A":
                self.figures[found] = replace(self.figures[found], status=status)
            return
        if qualifier == "over" and measure == "level" and any(
                f.indicator == indicator and f.region == region and f.cluster == cluster
                and f.measure == measure and (f.period_start, f.period_end) == period
                and f.qualifier == "exact" and base <= f.value < base * _MILESTONE
                for f in self.figures[self.sentence:]):
            # "完成工业投资1036亿元，首次突破千亿元大关": the round mark the figure passed,
            # said after the figure itself in its sentence, is no second figure.
            return
        self.seen[key] = len(self.figures)
        start, end = _trim(self.clean.text, *quote)
        o_start, o_end = self.clean.span(start, end)
        quote_text = self.clean.decoded[o_start:o_end]
        if _repaired(quote_text):
            evidence = replace(evidence, repaired=True)
        self.figures.append(Figure(
            indicator, region, cluster, measure, period[0], period[1], base,
            self.catalog.base_unit(indicator, measure), published_value, unit, qualifier,
            status, quote_text, o_start, o_end, evidence.rule, confidence(evidence), cell))

    def restate(self, since: int, status: str, which: Callable[[Figure], bool]) -> None:
        """Give the figures from index `since` on that `which` picks another status: a note
        said their method changed (B), a preliminary account spoke for them (P)."""
        self.figures[since:] = [replace(f, status=status) if which(f) else f
                                for f in self.figures[since:]]


_MILESTONE = 1.5  # a round mark a figure passed lies within this factor below it

# A line break or space inside a word or number ("研\n\n发", "2810亿 元"): the engine joined
# text that the layout or OCR broke apart, and may have joined it wrongly.
_BROKEN = re.compile(r"(?<=[\u4e00-\u9fff0-9.])[ \t\r\n\u3000]+(?=[\u4e00-\u9fff0-9.%])")


def _repaired(quote: str) -> bool:
    if quote.isprintable() and " " not in quote and "\u3000" not in quote:
        return False  # no whitespace at all: nothing was joined (the common case, quickly)
    return "<" not in quote and _BROKEN.search(quote) is not None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,:、":
        start += 1
    while end > start and text[end - 1] in " ,:":
        end -= 1
    return start, end
