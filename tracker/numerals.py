"""Chinese numerals (十二, 两千, 二〇二四), read wherever releases write them: in figures
(tracker/extract/numbers.py) and in periods (十一月, 三季度, 十四五: tracker/periods/)."""

from __future__ import annotations

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# A scale word opens no numeral: 千万 in "千万别混着用" is an adverb (by all means), not 10^7.
CN_NUM = "[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千]*"


def cn_int(text: str) -> int:
    """A Chinese numeral below 万: 十二 -> 12, 两千 -> 2000, 一百二十 -> 120, 二〇二四 -> 2024."""
    if all(ch in CN_DIGITS for ch in text):
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total, digit = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        else:
            total += (digit or 1) * CN_UNITS[ch]
            digit = 0
    return total + digit
