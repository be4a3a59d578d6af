"""Numbers as English releases write them: 2.53 million, 1.3 trillion yuan, RMB56.7 billion,
5,191.9 thousand, 40 percent, 4.1%, a 10.1-percent rise, more than 40 percent, $2.04 trillion.

`VALUE` is a regex source without capturing groups (spliced into the English master pattern);
`parse_english_value` re-reads a matched value into the engine's `Value`, with the unit as the
catalog's units.csv spells it (billion yuan, million units, sets) and the qualifier said before
it. A figure in another currency ($, US dollars) is a conversion, of kind "foreign".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from tracker.catalog import catalog
from tracker.extract.english_words import alternation, english_words
from tracker.extract.numbers import Value

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


@dataclass(frozen=True)
class EnglishValue:
    """A value read from English text, and the qualifier written before it (None: exact)."""

    value: Value
    qualifier: str | None


@cache
def _parts() -> dict[str, Any]:
    words = english_words()
    numbers = words["numbers"]
    qualifiers = {w: q for q, ws in words["qualifiers"].items() for w in ws}
    return {
        "qualifiers": qualifiers,
        "qual": alternation(qualifiers),
        "scales": numbers["scales"],
        "scale": alternation(numbers["scales"]),
        "yuan": alternation(numbers["yuan"]),
        "foreign": alternation(numbers["foreign"]),
        "counts": numbers["counts"],
        "count": alternation(numbers["counts"]),
        "percent": alternation(numbers["percent"]),
    }


@cache
def value_source() -> str:
    """The regex source of one English value (compiled with re.I)."""
    p = _parts()
    currency = rf"(?:{p['yuan']}|{p['foreign']})\s?"
    unit = (rf"(?:percentage\s+points?|{p['percent']}|{p['yuan']}|{p['foreign']}"
            rf"|{p['count']})")
    return (rf"(?<![\w.,$¥€])(?:(?:{p['qual']})\s+)?(?:{currency})?(?:{_NUM})(?![\d])"
            rf"(?!st\b|nd\b|rd\b|th\b)"
            rf"(?:[\s-]?(?:{p['scale']})(?![a-z]))?(?:[\s-]?{unit}(?![a-z]))?")


@cache
def _reader() -> re.Pattern[str]:
    p = _parts()
    return re.compile(
        rf"(?:(?P<qual>{p['qual']})\s+)?(?:(?P<yuan1>{p['yuan']})|(?P<foreign1>{p['foreign']}))?"
        rf"\s?(?P<num>{_NUM})(?:[\s-]?(?P<scale>{p['scale']}))?"
        rf"(?:[\s-]?(?:(?P<pp>percentage\s+points?)|(?P<pct>{p['percent']})|(?P<yuan2>{p['yuan']})"
        rf"|(?P<foreign2>{p['foreign']})|(?P<count>{p['count']})))?", re.I)


def parse_english_value(text: str) -> EnglishValue:
    """Read a value matched by value_source()."""
    m = _reader().fullmatch(text)
    if m is None:
        raise ValueError(f"not an English value: {text!r}")
    p = _parts()
    qualifier = p["qualifiers"].get(" ".join(m.group("qual").lower().split())) \
        if m.group("qual") else None
    number = float(m.group("num").replace(",", ""))
    scale = p["scales"][m.group("scale").lower()] if m.group("scale") else ""
    if m.group("pp"):
        return EnglishValue(Value(number, "percentage points", "pp", False), qualifier)
    if m.group("pct"):
        return EnglishValue(Value(number, "%", "percent", False), qualifier)
    if m.group("foreign1") or m.group("foreign2"):
        return EnglishValue(Value(number, "", "foreign", False), qualifier)
    if m.group("yuan1") or m.group("yuan2"):
        unit = f"{scale} yuan".strip()
    else:
        count = p["counts"][m.group("count").lower()] if m.group("count") else ""
        unit = _count_unit(scale, count)
    return EnglishValue(Value(number, unit, "amount", False), qualifier)


def fraction_value(text: str) -> EnglishValue:
    """A share written as a fraction ("a third", "nearly half"), in percent."""
    p = _parts()
    low = " ".join(text.lower().split())
    qualifier = next((q for w, q in sorted(p["qualifiers"].items(), key=lambda kv: -len(kv[0]))
                      if low.startswith(w + " ")), None)
    fractions = english_words()["numbers"]["fractions"]
    word = next(w for w in sorted(fractions, key=len, reverse=True) if low.endswith(w))
    return EnglishValue(Value(float(fractions[word]), "%", "percent", False), qualifier)


def _count_unit(scale: str, count: str) -> str:
    """The catalog unit of a count: "million units", "sets", a bare scale ("million", which
    fits the indicator's own unit), or "units" (whatever the indicator counts)."""
    units = catalog().units
    joined = f"{scale} {count}".strip()
    if joined and joined in units:
        return joined
    return scale or count or "units"
