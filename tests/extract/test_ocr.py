"""Layout and OCR damage: line breaks and spaces inside words and numbers, page furniture,
headings, full-width text."""

from __future__ import annotations

import datetime as dt

from tests.extract.support import ends, read, valued
from tracker.extract import decode


def test_a_line_before_a_blank_line_and_an_indent_is_a_heading() -> None:
    text = ("产业观察\n机器人：整机、零部件“齐发力”\n\n"
            "　　2025年全国工业机器人产量70万套，增长25%。全省规模以上工业增\n\n加值增长3.1%。")
    figures = read(text, dt.date(2026, 1, 20))
    assert ends(figures) == [
        ("industrial_robot_output", "100000", "level", "2025-12-31", 700000, "exact"),
        ("industrial_robot_output", "100000", "yoy_pct", "2025-12-31", 25.0, "exact"),
        ("industrial_value_added", "440000", "yoy_pct", "2025-12-31", 3.1, "exact"),
    ]
    decoded = decode(text.encode()).text
    assert all(decoded[f.start:f.end] == f.quote for f in figures)
    assert figures[0].quote == "2025年全国工业机器人产量70万套"


def test_page_furniture_between_a_subject_and_its_value_is_dropped() -> None:
    text = ("2025年1—9月简况\n\n  1—9月，全省工业生产稳中有进，新兴产品增势较好，"
            "工业机器人产量20.5万套，增\n\n"
            "                — 2 —\n\n统计信息网 · 分析              第 2 页 共 4 页\n\n"
            "长12.4%。\n")
    figures = read(text, dt.date(2025, 12, 20))
    assert [(f.measure, f.value) for f in figures] == [("level", 205000.0), ("yoy_pct", 12.4)]
    assert figures[1].quote.startswith("工业机器人产量20.5万套")


def test_an_ocr_dash_read_as_yi_still_joins_a_month_range() -> None:
    figures = read("1一8月，全省规模以上工业企业实现营业收入11.2万亿元，同比增长2.1%。\n",
                   dt.date(2025, 12, 20))
    assert [(f.period_start.isoformat(), f.period_end.isoformat()) for f in figures] == [
        ("2025-01-01", "2025-08-31"), ("2025-01-01", "2025-08-31")]


def test_ocr_breaks_and_spaces_inside_a_number_join_and_quotes_stay_exact() -> None:
    # The heading "（一）" runs on into its sentences, so its line break is OCR damage too.
    text = ("工作报告\n（一）工业经济总体平稳。2025年，全省规模以上工业增\n"
            "加值4.4 1万亿元、增长3.0%，工业技改投资增长1\n2.3%。全年新能源汽车产量超过4\n00万辆。"
            "截至2025年底，全省规模以上工业企业达7. 6万家。")
    data = text.encode()
    figures = read(text, dt.date(2026, 1, 28))
    assert valued(figures) == [
        ("industrial_value_added", "440000", "level", 4.41e12),
        ("industrial_value_added", "440000", "yoy_pct", 3.0),
        ("tech_renovation_investment", "440000", "yoy_pct", 12.3),
        ("nev_output", "440000", "level", 4e6),
        ("industrial_enterprises", "440000", "level", 76000),
    ]
    decoded = decode(data).text
    assert all(decoded[f.start:f.end] == f.quote for f in figures)
    assert figures[0].quote == "全省规模以上工业增\n加值4.4 1万亿元、增长3.0%"


def test_full_width_digits_and_percent_read_as_half_width() -> None:
    text = "2025年，高技术制造业增加值占规上工业比重达３１.９％，软件业务收入２．２１万亿元。"
    figures = read(text, dt.date(2026, 1, 28))
    assert [round(f.value, 6) for f in figures] == [31.9, 2.21e12]
    assert figures[0].quote.endswith("３１.９％")
