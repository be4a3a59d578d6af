"""Periods as English-language releases name them (see the [periods] of
tracker/extract/data/english.toml), each mapped to a PeriodSpec as the Chinese ones are."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from tracker.periods.grammar import PeriodSpec

# English-language releases: "in 2023", "last year", "in the first three quarters of 2023",
# "January-May", "from January to May", "in the first 11 months", "in October", "at the end of
# 2025", "the 14th Five-Year Plan period". The words are the [periods] of
# tracker/extract/data/english.toml; each period maps to a PeriodSpec as the Chinese ones do.
_EN_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
               "nine": 9, "ten": 10, "eleven": 11}


@cache
def _english() -> dict[str, Any]:
    raw = (Path(__file__).parent.parent / "extract" / "data" / "english.toml").read_text("utf-8")
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
    # "the year to end-September", "the nine months to September": the year to date.
    to_month = (rf"(?:the\s+)?(?:(?:\d{{1,2}}|{'|'.join(_EN_NUMBERS)})\s+months|year)\s+"
                rf"(?:to|through|ended|ending)\s+(?:the\s+end\s+of\s+|end-?\s*)?{month}")
    months = (rf"(?:from\s+)?{month}\s*(?:-|to|through|till|until)\s*{month}"
              rf"|between\s+{month}\s+and\s+{month}"
              rf"|(?<=in\s){month}(?!\s+\d{{1,2}}(?!\d))")
    at = (rf"(?:{_en_words(words['words']['at'])})\s*"
          rf"(?:the\s+year|{month}(?:\s*,?\s*{year})?|{year_ref})")
    plan = r"(?:the\s+)?1[0-9]th\s+five-year\s+plan(?:\s*\(\d{4}-\d{4}\))?(?:\s+period)?"
    span = rf"(?:from|between)\s+{year}\s+(?:to|and)\s+{year}|{year}\s*-\s*{year}"
    named = _en_words(list(words["named"]))
    return (rf"(?<![\w$])(?:{plan}|{span}|{at}"
            rf"|(?:{year_ref}(?:'s)?\s+)?(?:{named}|{to_month}|{first_n}|{months})(?:\s+period)?"
            rf"{of_year}"
            rf"|{year_ref})(?![\w])")


_EN_YEAR = re.compile(r"(?:19|20)\d{2}")
_EN_PLAN = re.compile(r"(1[0-9])th\s+five-year", re.I)
_EN_TO_MONTH = re.compile(r"(?:months|year)\s+(?:to|through|ended|ending)\s", re.I)
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
    elif months and _EN_TO_MONTH.search(low):
        last, kind, point = months[-1], "ytd", False
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
