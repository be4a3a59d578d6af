"""The period grammar: how releases name periods in Chinese text, and the dates they cover.

2024年, 全年, 1-11月 / 1至11月, 前8个月, 一季度, 上半年, 前三季度, 10月份, 截至11月底 (a point),
年末; 去年 / 今年 / 上年 against the publication date; a year-less period takes the year in force,
else the latest year it can already have ended in; multi-year spans (十四五, 2021-2025年).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from tracker.lexicon import lexicon
from tracker.numerals import cn_int
from tracker.trie import trie

_M = "(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
# What joins the months of a range; OCR reads the dash of "1—10月" as 一 between the digits.
_TO = r"(?:-|~|至|到|(?<=\d)一(?=\d))"
# Years named by their distance from the publication year (今年 0, 去年 -1, 前年 -2).
_OFFSETS = lexicon().counts("periods.years")
# A year in digits, in Chinese digits (二〇二四年, as work reports write it), or by a word.
_CN_YEAR = "[一二][〇零一二三四五六七八九]{3}"
YEAR = rf"(?:(?:19|20)\d{{2}}年|{_CN_YEAR}年|{trie(_OFFSETS)})"
# Parts of a year named by a word (全年, 上半年, 前三季度, 年末): first and last month, kind.
_NAMED = {word: (int(v[0]), int(v[1]), str(v[2]))
          for word, v in lexicon().lists("periods.named").items()}
_SUB = (rf"(?:{trie(_NAMED)}|(?:第)?[一二三四1-4]季度|前{_M}个?月"
        rf"|{_M}{_TO}{_M}月(?:份)?|{_M}月(?:份)?(?!\d{{1,2}}日))")
_AT = lexicon().words("at", "periods")  # 截至…: a stock counted at a date
_ENDS = lexicon().words("ends", "periods")  # …底, …末: the end of the period
_NOW = lexicon().words("now", "periods")  # 目前: a stock counted on the day of publication
PERIOD = (rf"(?:{trie(_AT)})?(?:{YEAR}{_SUB}?|{_SUB})(?:{trie(_ENDS)})?"
          rf"|(?:{trie(_NOW)})(?![\u4e00-\u9fff]{{0,2}}(?:年|月))")
# A calendar date written out ("2025年4月", "2025 年 4 月 8 日", "二〇二五年四月"): on a line of
# its own, the day a document was signed or published, not a period its figures are of.
DATE = (rf"(?:(?:19|20)\d{{2}}|{_CN_YEAR})[ \t]*年[ \t]*{_M}[ \t]*月(?:[ \t]*"
        r"(?:[12]\d|3[01]|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[ \t]*日)?")
# A plan's years: “十四五”期间, 十四五以来, or the plan's name alone in quotes (回顾“十四五”).
MULTI = (r"(?:“?十[一二三四五]五”?(?:期间|时期|以来)|“十[一二三四五]五”"
         r"|过去[两三四五十]年|近[两三四五十]年|[两三四五十]年来|[两三四五十]年(?=累计)"
         r"|\d{4}(?:-|~|至|到)\d{4}年)")

_YEAR = re.compile(rf"((?:19|20)\d{{2}}|{_CN_YEAR})年|(?P<word>{trie(_OFFSETS)})")
_NAMED_LONGEST = sorted(_NAMED, key=len, reverse=True)
_RANGE = re.compile(rf"({_M}){_TO}({_M})月")
_FIRST_N = re.compile(rf"前({_M})个?月")
_MONTH = re.compile(rf"({_M})月")
_QUARTER = re.compile(r"[一二三四1-4](?=季度)")


@dataclass(frozen=True)
class PeriodSpec:
    """A period as stated: year (absolute), or offset from the publication year, plus months."""

    year: int | None
    offset: int | None  # 0 今年, -1 去年/上年
    first: int  # first month
    last: int  # last month
    kind: str  # year | ytd | quarter | half | month | point | other
    explicit_months: bool  # False for a bare year: months come from the year alone
    years: int = 1  # a total over several years ends in `year` and runs this many years
    # The first year of a span written with its years (2021-2025年) is a year of activity; a
    # plan's (十四五: 2020 to 2025) is the level the change starts from.
    opens: bool = False
    now: bool = False  # 目前: the day of publication (a point)
    # A stock date carried from an earlier paragraph: it dates stocks only, not flows.
    stocks_only: bool = False

    def with_year(self, year: int | None, offset: int | None) -> PeriodSpec:
        """This spec with the year another period in force supplies."""
        return replace(self, year=year, offset=offset)

    def year_earlier(self) -> PeriodSpec:
        """The same months a year earlier (a table's 去年同期 column)."""
        if self.year is not None:
            return replace(self, year=self.year - 1)
        return replace(self, offset=(self.offset or 0) - 1)

    @property
    def has_year(self) -> bool:
        """True when the text named the year (2024年, 去年...)."""
        return self.year is not None or self.offset is not None


def _month(text: str) -> int:
    return int(text) if text.isdigit() else cn_int(text)


@lru_cache(maxsize=4096)  # releases name the same few periods again and again
def parse_period(text: str) -> PeriodSpec:
    """Read a period matched by PERIOD."""
    if text in _NOW:
        return PeriodSpec(None, 0, 1, 12, "point", False, now=True)
    year: int | None = None
    offset: int | None = None
    ym = _YEAR.search(text)
    rest = text
    if ym:
        rest = text[:ym.start()] + text[ym.end():]
        if ym.group(1):
            year = int(ym.group(1)) if ym.group(1).isdigit() else cn_int(ym.group(1))
        else:
            offset = _OFFSETS[ym.group("word")]
    point = text.startswith(_AT) or text.endswith(_ENDS)
    first, last, kind, explicit = 1, 12, "year", True
    named = next((word for word in _NAMED_LONGEST if word in rest), None)
    if m := _RANGE.search(rest):
        first, last = _month(m.group(1)), _month(m.group(2))
        kind = "ytd" if first == 1 else "other"
    elif m := _FIRST_N.search(rest):
        last, kind = _month(m.group(1)), "ytd"
    elif named is not None:
        first, last, kind = _NAMED[named]
    elif m := _QUARTER.search(rest):
        q = _month(m.group())
        first, last, kind = 3 * q - 2, 3 * q, "quarter"
    elif m := _MONTH.search(rest):
        first = last = _month(m.group(1))
        kind = "month"
    else:
        explicit = False  # a bare year: its months come from the year alone
    if point:
        kind = "point"
    return PeriodSpec(year, offset, first, last, kind, explicit)


def resolve(spec: PeriodSpec, published: dt.date, estimate: bool = False
            ) -> tuple[dt.date, dt.date] | None:
    """Inclusive dates of a stated period; None when it cannot have ended by publication.

    An `estimate` (预计全年…, published in November) may be of a period of the publication's
    own year that is not over yet."""
    if spec.now:
        return published, published
    latest = (dt.date(published.year, 12, 31) if estimate
              else published + dt.timedelta(days=31))
    if spec.year is not None:
        year = spec.year
    elif spec.offset is not None:
        year = published.year + spec.offset
    else:
        year = published.year
        first, last = _bounds(spec, year)
        # An estimate of a period that has barely begun ("预计…" in a January work report) is
        # of the one just ended: what has not half passed cannot be estimated, only planned.
        if last > latest or (estimate and published < first + (last - first) / 2):
            year -= 1
    start, end = _bounds(spec, year)
    start = start.replace(year=start.year - spec.years + 1)
    if end > max(latest, published + dt.timedelta(days=31)):
        return None
    return (end, end) if spec.kind == "point" else (start, end)


def _bounds(spec: PeriodSpec, year: int) -> tuple[dt.date, dt.date]:
    last_day = calendar.monthrange(year, spec.last)[1]
    return dt.date(year, spec.first, 1), dt.date(year, spec.last, last_day)


_PLAN = re.compile(r"十([一二三四五])五")
_YEARS = re.compile(r"((?:19|20)\d{2})(?:-|~|至|到)((?:19|20)\d{2})年")
_YEARS_BACK = re.compile(r"([两三四五十])年")


def span(text: str, context: PeriodSpec | None) -> tuple[PeriodSpec, PeriodSpec] | None:
    """The bare years a multi-year span (matched by MULTI) runs from and to.

    A change over “十四五” (2021-2025) runs from the level of 2020 to that of 2025; over 五年来 /
    过去五年 it runs from five years before the year in force (`context`) to that year. None for
    a span without such years (近年来).
    """
    if m := _YEARS.search(text):
        first, last = int(m.group(1)), int(m.group(2))
        return replace(_bare(first, None), opens=True), _bare(last, None)
    if m := _PLAN.search(text):
        # The tenth plan covered 2001-2005; each plan is five years.
        base = 2000 + 5 * cn_int(m.group(1))
        return _bare(base, None), _bare(base + 5, None)
    m = _YEARS_BACK.search(text)
    if m is None or context is None or not context.has_year:
        return None
    back = cn_int(m.group(1))
    return (_bare(None if context.year is None else context.year - back,
                  None if context.offset is None else context.offset - back),
            _bare(context.year, context.offset))


def across(years: tuple[PeriodSpec, PeriodSpec]) -> PeriodSpec | None:
    """The whole of a multi-year span, for a total over it ("十四五期间累计完成…", 2021-2025).

    A span runs from the level of its first year to that of its last, so the total covers the
    years after the first: 2020 to 2025 is five years of activity.
    """
    first, last = years
    if first.year is not None and last.year is not None:
        count = last.year - first.year + first.opens
    elif first.offset is not None and last.offset is not None:
        count = last.offset - first.offset
    else:
        return None
    return replace(last, kind="other", explicit_months=True, years=count)


def _bare(year: int | None, offset: int | None) -> PeriodSpec:
    return PeriodSpec(year, offset, 1, 12, "year", False)



@dataclass(frozen=True)
class Period:
    """An inclusive span of days and its type (year, quarter, month, ytd, half, stock)."""

    start: dt.date
    end: dt.date
    type: str

    def as_dict(self) -> dict[str, str]:
        """JSON-ready form, for provenance."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "type": self.type}


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])
