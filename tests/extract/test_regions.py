"""Regions: the place a figure is of (全省/全市, a city named, 全国), carried across parts, compared
places."""

from __future__ import annotations

import datetime as dt

from tests.extract.support import full, placed, read, valued


def test_national_figures_after_a_standalone_heading_and_a_place_with_the_same_measure() -> None:
    text = ("集成电路：江苏领跑，广东第二\n\n2025年全国集成电路产量5010.8亿块，增长11.0%。\n\n"
            "从整体看，2025年广东、江苏规模以上工业增加值分别增长3.0%、7.1%，全国为5.9%。")
    figures = read(text, dt.date(2026, 2, 10))
    assert [(f.indicator, f.region, f.measure, f.value) for f in figures] == [
        ("ic_output", "100000", "level", 5.0108e11), ("ic_output", "100000", "yoy_pct", 11.0),
        ("industrial_value_added", "440000", "yoy_pct", 3.0),
        ("industrial_value_added", "100000", "yoy_pct", 5.9),
    ]


def test_a_place_named_only_with_an_amount_does_not_take_the_growth_cue() -> None:
    figures = read("广州、深圳地区生产总值分别增长2.1%、5.8%，东莞迈上1.2万亿元新台阶。",
                   dt.date(2025, 1, 20))
    assert ("gdp", "441900", "yoy_pct") not in {(f.indicator, f.region, f.measure)
                                               for f in figures}


def test_society_wide_rd_in_a_city_report_is_the_city_s() -> None:
    figures = read("一、2025年工作回顾\n五年来，全社会研发投入强度从2.17%提高到2.8%左右，"
                   "研发投入总量比2020年增长52.3%。预计全社会研发投入增长9.5%。",
                   dt.date(2026, 1, 8), "441300")
    assert full(figures) == [
        ("rd_intensity", "441300", None, "level", "2020-01-01", "2020-12-31", 2.17, "exact"),
        ("rd_intensity", "441300", None, "level", "2025-01-01", "2025-12-31", 2.8, "about"),
        ("rd_expenditure", "441300", None, "yoy_pct", "2025-01-01", "2025-12-31", 9.5, "exact"),
    ]


def test_a_comparative_before_a_place_leaves_that_places_figure_exact() -> None:
    figures = read("2024年，广东研发投入强度为3.41%，高于全国2.55%的水平。", dt.date(2026, 1, 20))
    assert placed(figures) == [
        ("rd_intensity", "440000", "level", "2024-01-01", "2024-12-31", 3.41, "exact"),
        ("rd_intensity", "100000", "level", "2024-01-01", "2024-12-31", 2.55, "exact"),
    ]


def test_a_comparative_before_a_number_still_qualifies_it() -> None:
    figures = read("2024年，全省研发投入强度高于3.4%。", dt.date(2026, 1, 20))
    assert [r[-1] for r in placed(figures)] == ["over"]


def test_a_region_named_in_one_part_of_a_sentence_carries_past_semicolons() -> None:
    figures = read("1—10月，全国集成电路产量3944亿块，增长9.5%；工业机器人产量59.5万套。"
                   "广东工业机器人产量23.35万套。", dt.date(2025, 11, 20))
    assert valued(figures) == [
        ("ic_output", "100000", "level", 3944e8),
        ("ic_output", "100000", "yoy_pct", 9.5),
        ("industrial_robot_output", "100000", "level", 595000),
        ("industrial_robot_output", "440000", "level", 233500),
    ]


def test_a_city_subject_in_a_later_part_takes_its_own_region() -> None:
    figures = read("1—10月，全省工业机器人产量23.35万套；深圳工业机器人产量增长35.7%。",
                   dt.date(2025, 11, 20))
    assert [f.region for f in figures] == ["440000", "440300"]


def test_we_the_city_in_a_city_release_is_the_city() -> None:
    figures = read("去年我市新能源汽车产量达到36.8万辆。", dt.date(2025, 1, 13), "440600")
    assert valued(figures) == [("nev_output", "440600", "level", 368000)]
