"""Numbers as releases write them: 4800亿元, 1.3万亿元, 两千亿, 18.6万台(套), 1/4, 四分之一, 四成.

Patterns here are regex sources without capturing groups, so the tokenizer can splice them into
its master pattern; `parse_value` re-reads a matched value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.lexicon import lexicon
from tracker.numerals import CN_DIGITS, CN_NUM, CN_UNITS, cn_int
from tracker.trie import trie

_WORDS = lexicon().lists("numbers")
ARABIC = r"-?\d+(?:,\d{3})*(?:\.\d+)?"
MAGNITUDE = f"(?:{trie(_WORDS['scales'])})"
# Count words after a magnitude (台(套) before 台), and 元 for money.
BASE_UNITS = f"(?:{trie(_WORDS['units'])})"
_POINTS, _TIMES = _WORDS["points"][0], _WORDS["times"][0]
PERCENT = f"(?:%|{_POINTS}|{_TIMES})"
_APPROX = f"(?:{trie(_WORDS['approx'])})"
_HALF = _WORDS["half"][0]
# Chinese decimals: 十二点八 (12.8).
_CN_DECIMAL = f"{CN_NUM}(?:点[零〇一二三四五六七八九]+)?"
FRACTION = (rf"(?:\d+/\d+|{CN_NUM}分之{CN_NUM}|百分之(?:{ARABIC}|{_CN_DECIMAL})"
            rf"|(?:[一二两三四五六七八九十]|(?<![\d.])[1-9])成{_APPROX}?|{_HALF})")
# Ten-thousands and what follows them, all in words: 五万五千 (55,000), 三万二千八百. (A bare
# digit after 万, 五万五, is left alone: said aloud it may mean 5.5万 or 50,005.)
_CN_WAN = f"{CN_NUM}万[一二两三四五六七八九][千百][零〇一二两三四五六七八九十百千]*"
# A bare scale word as the number, before money ("突破千亿元" is 1000亿元); not 千亿级.
_BARE = rf"(?<![\d.零〇一二两三四五六七八九十百千万])[千百](?={MAGNITUDE}元)"
VALUE = (rf"(?:{FRACTION}|(?:(?<![\d.])(?:{ARABIC})|{_CN_WAN}|{_CN_DECIMAL}|{_BARE}){_APPROX}?"
         rf"(?:{PERCENT}|{MAGNITUDE}?{_APPROX}?{BASE_UNITS}|{MAGNITUDE}))")

_VALUE = re.compile(
    rf"(?P<frac>{FRACTION})|(?P<num>{ARABIC}|{_CN_WAN}|{_CN_DECIMAL}|{_BARE})"
    rf"(?P<approx1>{_APPROX})?"
    rf"(?P<unit>{PERCENT}|(?P<mag>{MAGNITUDE})?(?P<approx2>{_APPROX})?(?P<base>{BASE_UNITS})?)"
)
_FRAC_SLASH = re.compile(r"(\d+)/(\d+)")
_FRAC_CN = re.compile(rf"({CN_NUM})分之({CN_NUM})")


@dataclass(frozen=True)
class Value:
    """One stated number: `kind` is amount, percent, pp (percentage points), times or rank."""

    number: float
    unit: str  # as published, e.g. 万亿元, 万台(套), %; money without 元 keeps only the magnitude
    kind: str
    approx: bool  # 多/余 after the digits: "3000多亿元" means over 3000亿元
    # A share in tenths or a fraction (占全国四成, 占全国1/4): a rounded figure, about 40%
    # (as the spec's reference figures file it), unless a qualifier says more.
    rounded: bool = False


def number(text: str) -> float:
    """An Arabic (1,234.5) or Chinese (两千) number."""
    if text[0] in CN_DIGITS or text[0] in CN_UNITS:
        wan, _, rest = text.partition("万")
        if rest:
            return float(cn_int(wan) * 10000 + cn_int(rest))
        whole, _, tenths = text.partition("点")
        decimals = "".join(str(CN_DIGITS[ch]) for ch in tenths)
        return float(f"{cn_int(whole)}.{decimals}") if tenths else float(cn_int(whole))
    return float(text.replace(",", ""))


def parse_value(text: str) -> Value:
    """Read a value matched by VALUE."""
    m = _VALUE.fullmatch(text)
    if m is None:
        raise ValueError(f"not a value: {text!r}")
    if m.group("frac"):
        frac = m.group("frac")
        approx = frac[-1] in _WORDS["approx"]
        body = frac[:-1] if approx else frac
        # 四成, 1/4, 四分之一, 一半: a share rounded to a fraction is about it (百分之三十二 is
        # a percentage written out, exact).
        return Value(_fraction(body), "%", "percent", approx,
                     rounded=not body.startswith("百分之"))
    unit = m.group("unit")
    approx = bool(m.group("approx1") or m.group("approx2"))
    value = number(m.group("num"))
    if unit == "%":
        return Value(value, "%", "percent", approx)
    if unit == _POINTS:
        return Value(value, unit, "pp", approx)
    if unit == _TIMES:
        return Value(value, unit, "times", approx)
    return Value(value, (m.group("mag") or "") + (m.group("base") or ""), "amount", approx)


def _fraction(text: str) -> float:
    """A share written as a fraction, in percent: 1/4 -> 25, 四分之一 -> 25, 四成 -> 40."""
    if text == _HALF:
        return 50.0
    if text.startswith("百分之"):
        return number(text[3:])
    m = _FRAC_SLASH.fullmatch(text)
    if m:
        return 100.0 * int(m.group(1)) / int(m.group(2))
    m = _FRAC_CN.fullmatch(text)
    if m:
        return 100.0 * cn_int(m.group(2)) / cn_int(m.group(1))
    # 七成 or, as some releases write it, 3成.
    return 10.0 * (int(text[0]) if text[0].isdigit() else cn_int(text[0]))
