"""The story's running period: which period a paragraph's opening speaks for, and how long.

A release tells a story of one period (a year, the months to date); a paragraph that opens
with a period states it for its own sentences, and for the paragraphs after it unless it only
glances aside: part of the story's year in an annual story (从月度数据看，1—11月，…), an
earlier year (经最终核实，2024年…修订为…), a plan (下一步…力争全年…), a stock's date, or the
month of an event long past said with no figure (2020年5月，省委…作出部署).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from tracker.extract.state import Sentence, in_year_of, within_year
from tracker.extract.tokens import Token
from tracker.periods import PeriodSpec, parse_period, resolve

_HISTORY_DAYS = 400  # a period ended this long before publication is history, not news


class Story:
    """What a release's narrative has dated so far, and the rules that move it on."""

    def __init__(self, published: dt.date) -> None:
        self.published = published
        self.period: PeriodSpec | None = None
        # The last stock date a paragraph opened with (截至2025年8月底): it dates the stocks of
        # later paragraphs that name no period ("从城市分布看，深圳…企业近900家").
        self.stock_date: PeriodSpec | None = None

    @property
    def in_force(self) -> PeriodSpec | None:
        """The period a paragraph that names none is read with."""
        if self.period is None and self.stock_date is not None:
            return replace(self.stock_date, stocks_only=True)
        return self.period

    def opened(self, opening: PeriodSpec | None, sentence: Sentence, stated: bool,
               annual: bool) -> None:
        """A paragraph's first part has been read with `opening` in force: move the story
        on to it unless it only glances aside. `stated`: the part recorded figures;
        `annual`: the story so far has stated whole years."""
        if opening is not None and opening.kind == "point":
            # A stock date (截至9月末) opens its paragraph only, but for stocks after it.
            self.stock_date = opening if not opening.stocks_only else self.stock_date
            return
        if ((annual and narrows(opening, self.period)) or month_of(opening, self.period)
                or lags(opening, self.period)):
            return
        if self.looks_back(opening) and not changes(sentence):
            return
        if not stated and self.history(opening):
            return
        self.period = opening

    def dated_late(self, period: PeriodSpec | None) -> None:
        """A paragraph that recorded figures ended with `period` in force: when nothing has
        dated the story yet (its opening part was a dateline: "中新网广州1月22日电 …表示，…稳中
        向好。据初步测算，2024年全省…"), that period dates the story."""
        if (self.period is None and period is not None and period.kind != "point"
                and not period.stocks_only and not self.history(period)):
            self.period = period

    def looks_back(self, opening: PeriodSpec | None) -> bool:
        """Whether a period named before the story's ends before the story's begins
        ("经最终核实，2024年…", "去年起汽车产量统计口径有变化"). A story dated by a year not
        over ("解读2026年政府工作报告") has no period to look back from."""
        story = self.period
        if opening is None or story is None or (opening.year is None and opening.offset is None):
            return False
        then = resolve(opening, self.published)
        now = resolve(story, self.published)
        return then is not None and now is not None and then[1] < now[0]

    def unfinished(self, period: PeriodSpec | None) -> bool:
        """Whether a period had not ended when the release was published (a plan's)."""
        return (period is not None and period.kind != "point"
                and resolve(period, self.published) is None)

    def history(self, period: PeriodSpec | None) -> bool:
        """Whether a period is the month of an event long past: it ended more than a year
        before the release was published ("2020年5月，省委…作出部署")."""
        if period is None or period.kind != "month":
            return False
        found = resolve(period, self.published)
        return found is not None and (self.published - found[1]).days > _HISTORY_DAYS

    def year_end(self, stated: PeriodSpec | None, tokens: list[Token]) -> PeriodSpec | None:
        """The period a part is read with: the story's own year when the part names a year's
        end without its year after a sentence about an earlier one ("2024年全社会R&D经费支
        出…。年末国家高新技术企业2.6万家": a bulletin's R&D a year behind)."""
        if (stated is not None and self.period is not None
                and stated.kind == self.period.kind == "year"
                and _names_year_end(tokens) and self.looks_back(stated)):
            return self.period
        return stated


def narrows(opening: PeriodSpec | None, story: PeriodSpec | None) -> bool:
    """A paragraph of a story about a year that opens with part of it ("从月度数据看，
    1—11月，…"): in an annual story it dates that paragraph only."""
    return (opening is not None and story is not None and story.kind == "year"
            and opening.kind in ("ytd", "half", "quarter", "month")
            and (opening.year, opening.offset) == (story.year, story.offset))


def month_of(opening: PeriodSpec | None, story: PeriodSpec | None) -> bool:
    """A single month that is the last of the months to date in force: a paragraph of a 1-8月
    story opening with it ("8月份，全市规模以上工业增加值增长6.4%…。1-8月，…") dates only that
    paragraph's figures, and a later sentence naming it ("11月份…增长2.7%") only its own."""
    return (opening is not None and story is not None and opening.kind == "month"
            and story.kind in ("ytd", "half", "quarter") and opening.last == story.last
            and in_year_of(opening, story))


def lags(opening: PeriodSpec | None, story: PeriodSpec | None) -> bool:
    """A paragraph of a story about the months to date that opens with fewer of them ("1-9月，
    全市规上工业企业实现营业收入…" in a 1-10月 story: the data that come a month later): it
    dates that paragraph only."""
    return (opening is not None and story is not None
            and opening.kind == story.kind == "ytd" and opening.first == story.first == 1
            and opening.last < story.last and in_year_of(opening, story))


def changes(sentence: Sentence) -> bool:
    """Whether a sentence part tells a change over years ("从2020年的a增加到b", 十四五期间):
    its start year is not a look back."""
    return sentence.origin_year is not None or sentence.spanned


def carries(stated: PeriodSpec | None, opening: PeriodSpec | None, later: bool) -> bool:
    """Whether a sentence's period speaks for the sentences after it in its paragraph.

    A date a `later` sentence gives a stock ("年末全省规模以上工业企业达7.6万家") is that
    sentence's own: the shares that follow are still of the year.

    In a paragraph that opens with 1—11月 (or 上半年), "11月份…增长2.7%" is the month alone:
    the figures that follow (全国同期…, 比重为56.8%) are back to the year to date; so is a
    single month a later sentence of a full-year paragraph names, and a quarter inside the
    half year ("上半年…。分季度看，一季度增长4.0%，二季度增长4.6%。去年同期…"). A paragraph
    that opens with the month itself ("9月当月，…；汽车产量…") is about it.
    """
    if not later or stated is None or opening is None:
        return True
    if stated.kind == "point":
        return opening.kind == "point"
    if within_year(stated, opening) or _part_of(stated, opening):
        return False
    return not month_of(stated, opening)


def _part_of(stated: PeriodSpec, opening: PeriodSpec) -> bool:
    """A quarter or month inside the half year or months to date in force."""
    return (opening.kind in ("ytd", "half") and stated.kind in ("quarter", "month")
            and opening.first <= stated.first and stated.last <= opening.last
            and in_year_of(stated, opening))


def _names_year_end(tokens: list[Token]) -> bool:
    """Whether a part names a year's end without its year (年末, 年底)."""
    return any(t.kind == "period" and (p := parse_period(t.text)).kind == "point"
               and p.year is None and p.offset is None for t in tokens)
