"""Periods, for the whole project: how releases and sources name them, and their dates.

Text (the extraction engine, tables, bulletin titles, file-drop cells): 2024年, 全年, 1-11月 /
1至11月, 前8个月, 一季度, 上半年, 前三季度, 10月份, 截至11月底 (a point), 年末; 去年 / 今年 / 上年
against the publication date; a year-less period takes the year in force (stated earlier in the
sentence or document), else the latest year it can already have ended in. The statistics
portal's codes (202411MM, 20243SS, 2024YY). Every one maps to the warehouse's inclusive
`period_start`..`period_end` dates (see the spec README): a year-to-date span starts on
1 January, a month or quarter covers its own days, a stock has one day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import tomllib
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

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
        if _bounds(spec, year)[1] > latest:
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


_TITLE_PERIOD = re.compile(PERIOD)
_DASHES = str.maketrans({"—": "-", "–": "-", "～": "~", "－": "-"})


def title_period(title: str) -> Period | None:
    """The period a bulletin title announces ("2024年1—10月广东…"), or None when the title
    names no year of its own."""
    text = re.sub(r"\s+", "", title).translate(_DASHES)
    spec = next((s for m in _TITLE_PERIOD.finditer(text)
                 if (s := parse_period(m.group())).year is not None), None)
    if spec is None or spec.year is None:
        return None
    start, end = _bounds(spec, spec.year)
    if spec.kind == "point":
        start = end
    return Period(start, end, "stock" if spec.kind == "point" else spec.kind)


_CELL_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})")
_CELL_QUARTER = re.compile(r"(\d{4})\s*[Qq]([1-4])")
_CELL_DAY = re.compile(r"\d{4}-\d{2}-\d{2}( 00:00:00)?")


def cell_period(text: str) -> Period | None:
    """A table cell's period: 2024, 2024-11, 2024Q3, 2024-11-30 (a stock date) or 2024年1-11月;
    None for anything else."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    if m := _CELL_MONTH.fullmatch(text):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            return Period(dt.date(year, month, 1), month_end(year, month), "month")
    if m := _CELL_QUARTER.fullmatch(text):
        year, q = int(m.group(1)), int(m.group(2))
        return Period(dt.date(year, 3 * q - 2, 1), month_end(year, 3 * q), "quarter")
    if _CELL_DAY.fullmatch(text):
        day = dt.date.fromisoformat(text[:10])
        return Period(day, day, "stock")
    return title_period(text) if "年" in text else None


_CODE = re.compile(r"^(\d{4})(\d{1,2})?(MM|SS|YY)$")


def portal_period(code: str, cumulative: bool = False) -> Period:
    """The period of a portal code: 202411MM (month), 20243SS (quarter), 2024YY (year).

    With `cumulative` the span runs from 1 January (the portal's 累计 series are year-to-date).
    Raises ValueError for a code of another shape.
    """
    m = _CODE.match(code.strip())
    if not m:
        raise ValueError(f"period code {code!r} is not YYYYMMMM, YYYYQSS or YYYYYY")
    year, part, kind = int(m.group(1)), m.group(2), m.group(3)
    if kind == "YY" and part is None:
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    if kind == "MM" and part is not None and 1 <= int(part) <= 12 and len(part) == 2:
        month = int(part)
        start = dt.date(year, 1, 1) if cumulative else dt.date(year, month, 1)
        return Period(start, month_end(year, month), "ytd" if cumulative else "month")
    if kind == "SS" and part is not None and 1 <= int(part) <= 4:
        quarter = int(part)
        start = dt.date(year, 1, 1) if cumulative else dt.date(year, 3 * quarter - 2, 1)
        return Period(start, month_end(year, 3 * quarter), "ytd" if cumulative else "quarter")
    raise ValueError(f"period code {code!r} has an impossible month or quarter")


def portal_current(day: dt.date, frequency: str) -> str:
    """The portal's name for the period holding `day`: YYYYMM, YYYYQ or YYYY by frequency."""
    if frequency == "YY":
        return f"{day.year}"
    if frequency == "SS":
        return f"{day.year}{(day.month - 1) // 3 + 1}"
    return f"{day.year}{day.month:02d}"


def portal_span(first: str, last: str, frequency: str) -> str:
    """A `dts` entry such as "202401MM-202412MM" from two YYYYMM (or YYYYQ, YYYY) strings."""
    return f"{first}{frequency}-{last}{frequency}"


# English-language releases: "in 2023", "last year", "in the first three quarters of 2023",
# "January-May", "from January to May", "in the first 11 months", "in October", "at the end of
# 2025", "the 14th Five-Year Plan period". The words are the [periods] of
# tracker/extract/data/english.toml; each period maps to a PeriodSpec as the Chinese ones do.
_EN_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
               "nine": 9, "ten": 10, "eleven": 11}


@cache
def _english() -> dict[str, Any]:
    raw = (Path(__file__).parent / "extract" / "data" / "english.toml").read_text("utf-8")
    periods: dict[str, Any] = tomllib.loads(raw)["periods"]
    return periods


def _en_words(words: list[str]) -> str:
    """Phrases as one alternation, longest first; a space matches any run of whitespace."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace(" ", r"\s+")
                    for w in sorted(words, key=len, reverse=True))


def _en_month() -> str:
    names = [f"{m}|{m[:3]}\\.?" + ("|sept\\.?" if m == "september" else "")
             for m in _english()["words"]["months"]]
    return f"(?:{'|'.join(names)})(?![a-z])"


@cache
def english_period_source() -> str:
    """The regex source (no capturing groups, to be compiled with re.I) of an English period."""
    words = _english()
    month = _en_month()
    year = r"(?:19|20)\d{2}(?!\d|,\d{3}|\.\d)"
    year_ref = f"(?:{year}|{_en_words(list(words['years']))})"
    of_year = rf"(?:\s*,?\s*(?:of\s+|in\s+)?{year_ref})?"
    first_n = rf"(?:the\s+)?first\s+(?:\d{{1,2}}|{'|'.join(_EN_NUMBERS)})\s+months"
    months = (rf"(?:from\s+)?{month}\s*(?:-|to|through|till|until)\s*{month}"
              rf"|between\s+{month}\s+and\s+{month}"
              rf"|(?<=in\s){month}(?!\s+\d{{1,2}}(?!\d))")
    at = (rf"(?:{_en_words(words['words']['at'])})\s*"
          rf"(?:the\s+year|{month}(?:\s*,?\s*{year})?|{year_ref})")
    plan = r"(?:the\s+)?1[0-9]th\s+five-year\s+plan(?:\s*\(\d{4}-\d{4}\))?(?:\s+period)?"
    span = rf"(?:from|between)\s+{year}\s+(?:to|and)\s+{year}|{year}\s*-\s*{year}"
    named = _en_words(list(words["named"]))
    return (rf"(?<![\w$])(?:{plan}|{span}|{at}"
            rf"|(?:{year_ref}(?:'s)?\s+)?(?:{named}|{first_n}|{months})(?:\s+period)?{of_year}"
            rf"|{year_ref})(?![\w])")


_EN_YEAR = re.compile(r"(?:19|20)\d{2}")
_EN_PLAN = re.compile(r"(1[0-9])th\s+five-year", re.I)
_EN_FIRST_N = re.compile(rf"first\s+(\d{{1,2}}|{'|'.join(_EN_NUMBERS)})\s+months", re.I)


@cache
def _en_months() -> dict[str, int]:
    return {name[:3]: i + 1 for i, name in enumerate(_english()["words"]["months"])}


@cache
def _en_month_words() -> re.Pattern[str]:
    names = "|".join(f"{m}|{m[:3]}" for m in _english()["words"]["months"])
    return re.compile(rf"\b({names}|sept)(?![a-z])")


def english_period(text: str) -> PeriodSpec:
    """Read a period matched by english_period_source()."""
    low = " ".join(text.lower().split())
    words = _english()
    if m := _EN_PLAN.search(low):
        # The tenth plan covered 2001-2005; each plan is five years (as span() reads 十五).
        end = 2005 + 5 * (int(m.group(1)) - 10)
        return PeriodSpec(end, None, 1, 12, "other", True, years=5)
    years = [int(y) for y in _EN_YEAR.findall(low)]
    year = years[-1] if years else None
    offset = next((v for w, v in sorted(words["years"].items(), key=lambda kv: -len(kv[0]))
                   if w in low), None) if year is None else None
    months = list(dict.fromkeys(_en_months()[m.group(1)[:3]]
                                for m in _en_month_words().finditer(low)))
    point = any(low.startswith(w) or f" {w}" in low for w in words["words"]["at"]) \
        or "end" in low
    first, last, kind, explicit = 1, 12, "year", True
    named = next((w for w in sorted(words["named"], key=len, reverse=True) if w in low), None)
    if named is not None:
        first, last, kind = (int(words["named"][named][0]), int(words["named"][named][1]),
                             str(words["named"][named][2]))
    elif m := _EN_FIRST_N.search(low):
        n = m.group(1)
        last, kind = (int(n) if n.isdigit() else _EN_NUMBERS[n]), "ytd"
    elif len(months) >= 2:
        first, last = months[0], months[1]
        kind = "ytd" if first == 1 else "other"
    elif months:
        first = last = months[0]
        kind = "month"
    elif point and "year" not in low:
        first, last, kind = 12, 12, "point"
    else:
        explicit = False  # a bare year: its months come from the year alone
    if point:
        kind = "point"
    return PeriodSpec(year, offset, first, last, kind, explicit)

