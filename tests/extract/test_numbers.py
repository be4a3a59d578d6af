"""Numbers, magnitudes, fractions and shares as releases write them."""

from __future__ import annotations

import pytest

from tracker.extract.numbers import cn_int, parse_value


@pytest.mark.parametrize(("text", "expected"), [
    ("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("两千", 2000), ("一百二十", 120),
    ("三千零五", 3005), ("二〇二四", 2024),
])
def test_chinese_integers(text: str, expected: int) -> None:
    assert cn_int(text) == expected


@pytest.mark.parametrize(("text", "number", "unit", "kind", "approx"), [
    ("4800亿元", 4800, "亿元", "amount", False),
    ("1.3万亿元", 1.3, "万亿元", "amount", False),
    ("18.6万台(套)", 18.6, "万台(套)", "amount", False),
    ("250.3万辆", 250.3, "万辆", "amount", False),
    ("6.9万家", 6.9, "万家", "amount", False),
    ("两千亿", 2000, "亿", "amount", False),
    ("一万亿元", 1, "万亿元", "amount", False),
    ("3000多亿元", 3000, "亿元", "amount", True),
    ("110,760.94亿元", 110760.94, "亿元", "amount", False),
    ("-2.1%", -2.1, "%", "percent", False),
    ("1/4", 25, "%", "percent", False),
    ("四分之一", 25, "%", "percent", False),
    ("四成", 40, "%", "percent", False),
    ("四成多", 40, "%", "percent", True),
    ("百分之三十", 30, "%", "percent", False),
    ("0.7个百分点", 0.7, "个百分点", "pp", False),
    ("1.2倍", 1.2, "倍", "times", False),
    ("十二点八万亿元", 12.8, "万亿元", "amount", False),
    ("十二点零八万亿元", 12.08, "万亿元", "amount", False),
    ("3成", 30, "%", "percent", False),
    ("七成多", 70, "%", "percent", True),
])
def test_values(text: str, number: float, unit: str, kind: str, approx: bool) -> None:
    value = parse_value(text)
    assert value.number == pytest.approx(number)
    assert (value.unit, value.kind, value.approx) == (unit, kind, approx)


def test_not_a_value() -> None:
    with pytest.raises(ValueError, match="not a value"):
        parse_value("增长")
